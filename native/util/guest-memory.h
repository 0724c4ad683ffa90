// The guest address space of user mode: one reserved host window. A guest address maps to
// base + (addr & mask), so no guest access can leave the window. Host page protections in
// the window mirror the guest's (mmap/mprotect/munmap/brk), so an ordinary host load or
// store faults exactly where the guest's would; the runtime's SIGSEGV handler turns a fault
// inside the window into a guest exception (see guest_fault_*). Owned by the linux-user work;
// the CPU work reads it. Keep the inline accessors below stable.
#pragma once
#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <string>

namespace e2k {

enum PageFlags : uint8_t {
  PAGE_VALID = 1,  // mapped
  PAGE_READ = 2,
  PAGE_WRITE = 4,
  PAGE_EXEC = 8,
  PAGE_CODE = 16,  // translated code exists on this page (writes must invalidate it)
};

struct GuestMemory {
  uint8_t *base = nullptr;      // host address of guest address 0
  uint64_t size = 0;            // window size, a power of two
  uint64_t mask = 0;            // size - 1
  uint8_t *page_flags = nullptr;  // one byte per 4 KiB guest page (PageFlags)

  static constexpr unsigned kPageBits = 12;
  static constexpr uint64_t kPageSize = uint64_t(1) << kPageBits;

  uint8_t *g2h(uint64_t addr) const { return base + (addr & mask); }
  uint8_t flags(uint64_t addr) const { return page_flags[(addr & mask) >> kPageBits]; }
  bool readable(uint64_t addr) const { return (flags(addr) & (PAGE_VALID | PAGE_READ)) == (PAGE_VALID | PAGE_READ); }
  bool writable(uint64_t addr) const {
    return (flags(addr) & (PAGE_VALID | PAGE_WRITE)) == (PAGE_VALID | PAGE_WRITE);
  }
};

// Host-fault bridge. The CPU arms a recovery point around guest code (sigsetjmp); the runtime's
// SIGSEGV/SIGBUS handler, for a fault address inside the window, does not return: it siglongjmps
// to the armed point with the guest address and access kind (guest_fault_last).
// Implemented in native/util/guest-memory.cpp (linux-user work).
struct GuestFault {
  uint64_t addr;
  bool write;
  int host_signo;  // SIGSEGV (unmapped / protection) or SIGBUS (e.g. file mapping beyond its end)
};
bool guest_fault_in_window(const GuestMemory &mem, const void *host_addr, uint64_t *guest_addr);

// The recovery point: the CPU sets guest_fault_jmp to its sigjmp_buf (armed with sigsetjmp(buf, 1))
// while host loads/stores of guest memory may fault, and back to nullptr afterwards. On a fault
// inside the window the handler stores the fault in guest_fault_last and siglongjmps there with 1.
// A fault outside the window, or with no recovery point armed, is an emulator bug: the handler
// prints the host address and the process dies with the host signal.
extern thread_local sigjmp_buf *guest_fault_jmp;
extern thread_local GuestFault guest_fault_last;

// Window set-up (linux-user work). Reserves 2^window_bits bytes PROT_NONE (MAP_NORESERVE) and the
// page-flag array. Returns false with a message in *err.
bool guest_memory_init(GuestMemory *mem, unsigned window_bits, std::string *err);
// Installs the SIGSEGV/SIGBUS bridge for `mem` (one window per process).
void guest_fault_install(GuestMemory *mem);

// Guest PROT_* bits (same values as Linux: 1 read, 2 write, 4 exec) <-> PageFlags.
uint8_t guest_prot_to_flags(int prot);

// Page-granular operations on [addr, addr+len) (both page aligned, inside the window). They set the
// page flags and mirror the protection on the host pages. Return 0 or a negative errno.
int guest_memory_map_anon(GuestMemory *mem, uint64_t addr, uint64_t len, int prot);
int guest_memory_map_file(GuestMemory *mem, uint64_t addr, uint64_t len, int prot, bool shared, int host_fd,
                          uint64_t offset);
int guest_memory_protect(GuestMemory *mem, uint64_t addr, uint64_t len, int prot);
int guest_memory_unmap(GuestMemory *mem, uint64_t addr, uint64_t len);

// True when every page of [addr, addr+len) is inside the window (no wrap-around) and has `need`
// (PAGE_READ and/or PAGE_WRITE) besides PAGE_VALID. len 0 is always fine.
bool guest_range_ok(const GuestMemory &mem, uint64_t addr, uint64_t len, uint8_t need);

// Translated code on a writable page (PAGE_CODE): the CPU calls guest_memory_mark_code for each
// page it translates from; the page becomes read-only on the host, and the first write to it (by the
// guest or by a syscall such as read()) clears PAGE_CODE, restores write access and calls the hook
// (the CPU invalidates its TBs of that page there) before the write proceeds.
using CodeWriteHook = void (*)(void *opaque, uint64_t page_addr);
void guest_memory_set_code_write_hook(CodeWriteHook hook, void *opaque);
void guest_memory_mark_code(GuestMemory *mem, uint64_t page_addr);
// Clears PAGE_CODE (calling the hook) on [addr, addr+len) before a host syscall writes there.
void guest_memory_prepare_write(GuestMemory *mem, uint64_t addr, uint64_t len);

}  // namespace e2k
