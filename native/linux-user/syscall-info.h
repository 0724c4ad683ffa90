// Per-syscall facts for the dispatcher and -strace: generated from syscalls.tsv (this folder) into
// build/native/syscall-table.{h,cpp} by gen-syscall-table.py.
#pragma once
#include <cstdint>

#include "syscall-table.h"

namespace e2k {

// How -strace prints an argument (see syscalls.tsv for the meaning of each kind).
enum class ArgKind : uint8_t { dec, udec, hex, oct, ptr, str, fd, dirfd, oflags, prot, mflags, sig, clk, whence };

struct SyscallInfo {
  const char *name;  // nullptr: no such number
  uint8_t nargs;
  bool enosys;  // the 64-bit kernel table has no handler
  ArgKind kinds[6];
};

extern const SyscallInfo kSyscalls[kSyscallCount];

inline const SyscallInfo *syscall_info(uint64_t nr) {
  return nr < uint64_t(kSyscallCount) && kSyscalls[nr].name ? &kSyscalls[nr] : nullptr;
}

}  // namespace e2k
