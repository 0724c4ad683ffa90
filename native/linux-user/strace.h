// -strace formatting (QEMU's style): "PID name(args) = result" on the log.
#pragma once
#include <cstdint>
#include <string>

#include "process.h"

namespace e2k {

// Text of a call before it runs, e.g. `write(1,0x10100,13)`; args formatted by their kind.
std::string strace_format_call(const Process *p, const SyscallArgs &a);
// Text of the result, e.g. ` = 13` or ` = -1 errno=2 (No such file or directory)`.
std::string strace_format_result(uint64_t nr, int64_t result);

// QEMU's print_taken_signal line without the newline:
// `--- SIGFPE {si_signo=SIGFPE, si_code=1, si_addr=0x10234} ---`.
std::string strace_format_signal(const GuestSiginfo &si);

}  // namespace e2k
