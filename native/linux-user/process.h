// State of the one emulated guest process (round 1: a single thread).
#pragma once
#include <cstdint>
#include <string>

#include "target/e2k/cpu.h"
#include "util/guest-memory.h"

namespace e2k {

constexpr int kTargetNsig = 64;  // _NSIG on E2K; sigset_t is 8 bytes

struct GuestSigaction {
  uint64_t handler = 0;  // 0 SIG_DFL, 1 SIG_IGN, else a guest address
  uint64_t flags = 0;
  uint64_t restorer = 0;
  uint64_t mask = 0;
};

// The siginfo of a signal (LINUX-ABI.md §5): what the handler's frame and -strace show.
struct GuestSiginfo {
  int signo;
  int code;           // si_code: > 0 kernel-generated (fault), SI_USER 0, SI_TKILL -6, ...
  bool fault;         // carries si_addr (SIGILL/SIGFPE/SIGSEGV/SIGBUS/SIGTRAP from the CPU)
  uint64_t addr;      // si_addr when fault
  uint32_t pid, uid;  // si_pid/si_uid when sent by a process
};

struct Process {
  GuestMemory mem;
  CPUState *cpu = nullptr;
  uint64_t brk_start = 0, brk_cur = 0;
  uint64_t mmap_hint = 0;  // next address tried by mmap(NULL)
  GuestSigaction sigactions[kTargetNsig + 1];
  uint64_t sigmask = 0;
  uint64_t sig_pending = 0;  // raised but not yet taken (blocked, or waiting for the CPU loop)
  GuestSiginfo sig_info[kTargetNsig + 1] = {};  // of each pending signal
  uint64_t altstack_sp = 0, altstack_size = 0;  // sigaltstack; size 0: none (SS_DISABLE)
  uint64_t saved_sigmask = 0;  // rt_sigsuspend: the mask to restore once a handler was entered
  bool restore_mask = false;
  std::string exe_path;      // for /proc/self/exe
  bool exited = false;
  int exit_status = 0;
};

// Memory management syscalls (mmap.cpp). Results are guest addresses or negative errno.
int64_t do_brk(Process *p, uint64_t addr);
int64_t do_mmap(Process *p, uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t offset);
int64_t do_munmap(Process *p, uint64_t addr, uint64_t len);
int64_t do_mprotect(Process *p, uint64_t addr, uint64_t len, int prot);
int64_t do_mremap(Process *p, uint64_t old_addr, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr);
void log_page_map(const Process *p);  // -d page

// The system-call dispatcher (syscall.cpp): runs guest syscall `a`, with -strace logging.
int64_t do_syscall(Process *p, const SyscallArgs &a);

// Signals (signal.cpp).
void signals_init(Process *p);
// A fault/exception of the guest (from the CPU): enters its handler or ends the process by the signal.
void deliver_exception(Process *p, const CpuException &e);
// A signal the guest sends to itself (kill/tkill/tgkill; si_code SI_USER or SI_TKILL): queued for
// process_pending_signals. Returns 0 or negative errno.
int64_t send_self_signal(Process *p, int sig, int si_code);
// Between guest runs (the CPU loop, after a syscall returned): takes every pending signal the
// guest does not block, including host signals caught for guest handlers: a handler is
// entered (its frame pushed), otherwise the default action or nothing (SIG_IGN).
void process_pending_signals(Process *p);
// pause (mask null) and rt_sigsuspend: waits, with the guest mask replaced by *mask, until a
// signal the guest does not block is pending; returns -EINTR (the handler runs when the syscall
// returns, and its frame carries the mask from before the call).
int64_t do_sigsuspend(Process *p, const uint64_t *mask);
// e2k_longjmp2: the jmp_buf's mask word, restored when it carries the SIGKILL bit (a mask that
// sigsetjmp saved); signals it unblocks are taken when the syscall returns.
void longjmp_sigmask(Process *p, uint64_t jmp_sigmask);
// rt_sigpending(set, sigsetsize): the signals pending because the guest blocks them.
int64_t do_rt_sigpending(Process *p, uint64_t set, uint64_t sigsetsize);
// sigaltstack(ss, old_ss): returns 0 or negative errno.
int64_t do_sigaltstack(Process *p, uint64_t ss, uint64_t old_ss);
// ExitReason::SigReturn: a handler returned; restores the interrupted context from its frame.
void do_sigreturn(Process *p);
int64_t do_rt_sigaction(Process *p, int sig, uint64_t act, uint64_t oact, uint64_t sigsetsize);
int64_t do_rt_sigprocmask(Process *p, int how, uint64_t set, uint64_t oset, uint64_t sigsetsize);
// Prints QEMU's "uncaught target signal" line and kills this process with the host signal.
[[noreturn]] void die_with_signal(int sig, bool core);
const char *target_signal_name(int sig);  // "SIGSEGV"

}  // namespace e2k
