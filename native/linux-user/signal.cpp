// Guest signals: dispositions, mask and pending set are kept for the guest. A default action is
// taken by the emulator itself (it dies of the same host signal, as QEMU does); a guest handler
// runs on an E2K signal frame (LINUX-ABI.md §5): siginfo and ucontext on the guest's data stack,
// the interrupted state saved by the CPU (cpu_signal_enter), restored when the handler returns
// with the resume address, ctprs, FP registers and mask the handler may have changed in its
// ucontext. Faults come from the CPU, signals the guest sends itself are queued by kill/tgkill,
// and host signals the guest has handlers for are caught and queued (asynchronous delivery).
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "log.h"
#include "process.h"
#include "strace.h"

namespace e2k {

namespace {

constexpr uint64_t kSigDfl = 0, kSigIgn = 1;
constexpr int kSigBlock = 0, kSigUnblock = 1, kSigSetmask = 2;

struct SigName {
  const char *name;
  const char *text;
};
// Signal numbers 1..31 of E2K equal the host's (i386/x86-64 numbering).
const SigName kSigNames[32] = {
    {"SIG0", "Signal 0"},          {"SIGHUP", "Hangup"},
    {"SIGINT", "Interrupt"},       {"SIGQUIT", "Quit"},
    {"SIGILL", "Illegal instruction"}, {"SIGTRAP", "Trace/breakpoint trap"},
    {"SIGABRT", "Aborted"},        {"SIGBUS", "Bus error"},
    {"SIGFPE", "Floating point exception"}, {"SIGKILL", "Killed"},
    {"SIGUSR1", "User defined signal 1"}, {"SIGSEGV", "Segmentation fault"},
    {"SIGUSR2", "User defined signal 2"}, {"SIGPIPE", "Broken pipe"},
    {"SIGALRM", "Alarm clock"},    {"SIGTERM", "Terminated"},
    {"SIGSTKFLT", "Stack fault"},  {"SIGCHLD", "Child exited"},
    {"SIGCONT", "Continued"},      {"SIGSTOP", "Stopped (signal)"},
    {"SIGTSTP", "Stopped"},        {"SIGTTIN", "Stopped (tty input)"},
    {"SIGTTOU", "Stopped (tty output)"}, {"SIGURG", "Urgent I/O condition"},
    {"SIGXCPU", "CPU time limit exceeded"}, {"SIGXFSZ", "File size limit exceeded"},
    {"SIGVTALRM", "Virtual timer expired"}, {"SIGPROF", "Profiling timer expired"},
    {"SIGWINCH", "Window changed"}, {"SIGIO", "I/O possible"},
    {"SIGPWR", "Power failure"},   {"SIGSYS", "Bad system call"},
};

bool default_ignores(int sig) { return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH; }
bool default_stops(int sig) { return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU; }
bool dumps_core(int sig) {
  return sig == SIGQUIT || sig == SIGILL || sig == SIGTRAP || sig == SIGABRT || sig == SIGBUS || sig == SIGFPE ||
         sig == SIGSEGV || sig == SIGSYS || sig == SIGXCPU || sig == SIGXFSZ;
}
uint64_t bit(int sig) { return uint64_t(1) << (sig - 1); }
const uint64_t kUnblockable = bit(SIGKILL) | bit(SIGSTOP);

// Signals the runtime keeps for itself on the host (the guest-memory fault bridge).
bool host_reserved(int sig) { return sig == SIGSEGV || sig == SIGBUS || sig == SIGKILL || sig == SIGSTOP; }
// Signals a fault raises synchronously: a host handler for them would also catch the emulator's
// own faults, so the host keeps the default for these whatever the guest installs (the guest's
// own faults and the signals it sends itself never go through the host).
bool synchronous(int sig) { return sig == SIGILL || sig == SIGFPE || sig == SIGTRAP || sig == SIGSYS; }

constexpr uint64_t kSaSiginfo = 4, kSaOnstack = 0x08000000, kSaRestart = 0x10000000, kSaNodefer = 0x40000000, kSaResethand = 0x80000000;
bool is_handler(uint64_t h) { return h != kSigDfl && h != kSigIgn; }

// Host signals caught for guest handlers, until the CPU loop takes them.
CPUState *g_cpu = nullptr;
std::atomic<uint64_t> g_host_pending{0};
GuestSiginfo g_host_info[32];

void host_catcher(int sig, siginfo_t *info, void *) {
  if (sig <= 0 || sig >= 32) return;
  g_host_info[sig] = GuestSiginfo{sig, info->si_code, false, 0, static_cast<uint32_t>(info->si_pid),
                                  static_cast<uint32_t>(info->si_uid)};
  g_host_pending.fetch_or(uint64_t(1) << (sig - 1));
  if (g_cpu != nullptr) cpu_exit(g_cpu);  // leave translated code at the next block boundary
}

// Gives the host signal the guest's disposition: ignored, default, or caught for the guest's
// handler (SA_RESTART kept, so an interrupted host syscall restarts as the guest asked).
void mirror_to_host(int sig, const GuestSigaction &a) {
  if (sig >= 32 || host_reserved(sig)) return;
  struct sigaction sa {};
  sigemptyset(&sa.sa_mask);
  if (a.handler == kSigIgn) {
    sa.sa_handler = SIG_IGN;
  } else if (a.handler == kSigDfl || synchronous(sig)) {
    sa.sa_handler = SIG_DFL;
  } else {
    sa.sa_sigaction = host_catcher;
    sa.sa_flags = SA_SIGINFO | ((a.flags & kSaRestart) ? SA_RESTART : 0);
  }
  sigaction(sig, &sa, nullptr);
}

// Linux drops such a signal when it is generated (unless blocked): SIG_IGN, or SIG_DFL with an
// ignore default.
bool ignored(const Process *p, int sig) {
  uint64_t h = p->sigactions[sig].handler;
  return h == kSigIgn || (h == kSigDfl && default_ignores(sig));
}

// The alternate signal stack (sigaltstack): whether sp is on it, and ss_flags as reported.
constexpr int kSsOnstack = 1, kSsDisable = 2;
constexpr uint32_t kSsAutodisarm = 0x80000000u;
constexpr uint64_t kMinSigStkSz = 4096;  // MINSIGSTKSZ on E2K (LINUX-ABI.md §5.1)
bool on_altstack(const Process *p, uint64_t sp) {
  return p->altstack_size != 0 && sp > p->altstack_sp && sp - p->altstack_sp <= p->altstack_size;
}
int altstack_flags(const Process *p, uint64_t sp) {
  if (p->altstack_size == 0) return kSsDisable;
  return on_altstack(p, sp) ? kSsOnstack : 0;
}

void queue_signal(Process *p, const GuestSiginfo &si) {
  p->sig_pending |= bit(si.signo);
  p->sig_info[si.signo] = si;
}

// Moves the host signals caught for guest handlers to the guest's pending set.
void take_host_signals(Process *p) {
  uint64_t host = g_host_pending.exchange(0);
  for (int sig = 1; host != 0 && sig < 32; sig++) {
    if (!(host & bit(sig))) continue;
    host &= ~bit(sig);
    queue_signal(p, g_host_info[sig]);
  }
}
uint64_t deliverable(const Process *p) { return p->sig_pending & (~p->sigmask | kUnblockable); }

// The signal frame (LINUX-ABI.md §5.2/5.3): 64 bytes of argument area, siginfo (128 bytes),
// ucontext (1800 bytes), 32-byte aligned below the interrupted stack pointer.
constexpr uint64_t kFrameArgs = 64, kSiginfoSize = 128, kUcSize = 1800;
constexpr uint64_t kFrameSize = kFrameArgs + kSiginfoSize + kUcSize;
constexpr uint64_t kUcStack = 16, kUcMcontext = 40, kUcSigmask = 1616, kUcExtra = 1744;
// struct sigcontext (uc_mcontext) and struct extra_ucontext (uc_extra) fields used here
constexpr uint64_t kScCr0Hi = 8, kScCr1Lo = 16, kScCr1Hi = 24, kScSbr = 32, kScUsdLo = 40, kScUsdHi = 48,
                   kScUpsr = 1568;
constexpr uint64_t kExSize = 0, kExFpcr = 12, kExFpsr = 16, kExPfpfr = 20, kExCtpr1 = 24, kExtraSize = 56;

void put32(uint8_t *b, uint64_t off, uint64_t v) {
  uint32_t w = static_cast<uint32_t>(v);
  memcpy(b + off, &w, 4);
}
void put64(uint8_t *b, uint64_t off, uint64_t v) { memcpy(b + off, &v, 8); }
uint32_t get32(const uint8_t *b, uint64_t off) {
  uint32_t w;
  memcpy(&w, b + off, 4);
  return w;
}
uint64_t get64(const uint8_t *b, uint64_t off) {
  uint64_t v;
  memcpy(&v, b + off, 8);
  return v;
}

// Writes the frame for `si` and enters the guest's handler. False when the frame does not fit
// on writable stack memory or the hardware stacks are full (the kernel then forces SIGSEGV).
bool enter_handler(Process *p, const GuestSiginfo &si, const GuestSigaction &a) {
  CpuSignalContext c = cpu_signal_context(p->cpu);
  // SA_ONSTACK with an alternate stack set up and not in use yet: the frame goes at its top
  bool alt = (a.flags & kSaOnstack) && p->altstack_size != 0 && !on_altstack(p, c.usd_lo);
  uint64_t top = alt ? p->altstack_sp + p->altstack_size : c.usd_lo;
  uint64_t frame = (top - kFrameSize) & ~uint64_t(31);
  if (frame > top || (alt && frame < p->altstack_sp) ||
      !guest_range_ok(p->mem, frame, kFrameSize, PAGE_READ | PAGE_WRITE)) {
    qemu_log_mask(LOG_GUEST_ERROR, "qemu-e2k: no room for the %s frame below 0x%llx%s\n", target_signal_name(si.signo),
                  (unsigned long long)top, alt ? " (top of the alternate signal stack)" : "");
    return false;
  }
  guest_memory_prepare_write(&p->mem, frame, kFrameSize);
  uint8_t *f = p->mem.g2h(frame);
  memset(f, 0, kFrameSize);
  uint64_t info = frame + kFrameArgs, uc = info + kSiginfoSize;
  uint8_t *i = p->mem.g2h(info), *u = p->mem.g2h(uc);
  put32(i, 0, static_cast<uint64_t>(si.signo));
  put32(i, 8, static_cast<uint64_t>(static_cast<int64_t>(si.code)));
  if (si.fault) {
    put64(i, 16, si.addr);
  } else {
    put32(i, 16, si.pid);
    put32(i, 20, si.uid);
  }
  put64(u, kUcStack, p->altstack_sp);
  put32(u, kUcStack + 8, altstack_flags(p, c.usd_lo));
  put64(u, kUcStack + 16, p->altstack_size);
  uint8_t *m = u + kUcMcontext;
  put64(m, kScCr0Hi, c.pc);
  put64(m, kScCr1Lo, c.cr1_lo);
  put64(m, kScCr1Hi, c.cr1_hi);
  put64(m, kScSbr, c.sbr);
  put64(m, kScUsdLo, c.usd_lo);
  put64(m, kScUsdHi, c.usd_hi);
  put64(m, kScUpsr, c.upsr);
  put64(u, kUcSigmask, p->restore_mask ? p->saved_sigmask : p->sigmask);  // rt_sigsuspend: the old mask
  p->restore_mask = false;
  uint8_t *x = u + kUcExtra;
  put32(x, kExSize, kExtraSize);
  put32(x, kExFpcr, c.fpcr);
  put32(x, kExFpsr, c.fpsr);
  put32(x, kExPfpfr, c.pfpfr);
  for (int k = 0; k < 3; k++) put64(x, kExCtpr1 + 8 * k, c.ctpr[k]);
  // %dr1: &siginfo with SA_SIGINFO, else the old-style sigcontext pointer (LINUX-ABI.md §5.3)
  const uint64_t args[3] = {static_cast<uint64_t>(si.signo), (a.flags & kSaSiginfo) ? info : uc + kUcMcontext, uc};
  if (!cpu_signal_enter(p->cpu, a.handler, frame, alt ? p->altstack_sp : 0, args, uc)) {
    qemu_log_mask(LOG_GUEST_ERROR, "qemu-e2k: hardware stacks full: cannot enter the %s handler\n",
                  target_signal_name(si.signo));
    return false;
  }
  qemu_log_mask(LOG_INT, "qemu-e2k: %s: handler 0x%llx, frame 0x%llx, interrupted at 0x%llx\n",
                target_signal_name(si.signo), (unsigned long long)a.handler, (unsigned long long)frame,
                (unsigned long long)c.pc);
  p->sigmask = (p->sigmask | a.mask | ((a.flags & kSaNodefer) ? 0 : bit(si.signo))) & ~kUnblockable;
  if (a.flags & kSaResethand) {
    p->sigactions[si.signo] = GuestSigaction{};
    mirror_to_host(si.signo, p->sigactions[si.signo]);
  }
  return true;
}

// A signal frame that cannot be built or read back: Linux's force_sigsegv.
[[noreturn]] void force_sigsegv() {
  GuestSiginfo si{SIGSEGV, 0x80 /* SI_KERNEL */, true, 0, 0, 0};
  if (qemu_loglevel_mask(LOG_STRACE)) qemu_log("%s\n", strace_format_signal(si).c_str());
  die_with_signal(SIGSEGV, true);
}

void take_signal(Process *p, const GuestSiginfo &si) {
  // As QEMU's handle_pending_signal: the line comes before the disposition is looked at.
  if (qemu_loglevel_mask(LOG_STRACE)) qemu_log("%s\n", strace_format_signal(si).c_str());
  const int sig = si.signo;
  const GuestSigaction a = p->sigactions[sig];
  if (is_handler(a.handler)) {
    if (!enter_handler(p, si, a)) force_sigsegv();
    return;
  }
  if (a.handler == kSigIgn) return;
  if (default_ignores(sig)) return;
  if (default_stops(sig)) {
    kill(getpid(), SIGSTOP);
    return;
  }
  die_with_signal(sig, dumps_core(sig));
}

}  // namespace

const char *target_signal_name(int sig) {
  static thread_local char buf[16];
  if (sig >= 1 && sig < 32) return kSigNames[sig].name;
  if (sig >= 32 && sig <= kTargetNsig) {
    snprintf(buf, sizeof buf, "SIGRT%d", sig - 32);
    return buf;
  }
  snprintf(buf, sizeof buf, "%d", sig);
  return buf;
}

void die_with_signal(int sig, bool core) {
  const char *text = sig >= 1 && sig < 32 ? kSigNames[sig].text : "Real-time signal";
  // QEMU's wording, on stderr (not the -D log): shells and harnesses look there.
  fprintf(stderr, "qemu: uncaught target signal %d (%s) - %s\n", sig, text, core ? "core dumped" : "exiting");
  fflush(stderr);
  // No host core file for a guest's crash (the dump would be of the emulator, not the guest).
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  int host_sig = sig < 32 ? sig : SIGRTMIN + (sig - 32);
  if (host_sig > SIGRTMAX) host_sig = SIGKILL;
  struct sigaction sa {};
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  sigaction(host_sig, &sa, nullptr);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, host_sig);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
  kill(getpid(), host_sig);
  // Only reached when the signal does not terminate (cannot happen for the ones sent here).
  _exit(128 + sig);
}

void signals_init(Process *p) {
  for (auto &a : p->sigactions) a = GuestSigaction{};
  p->sigmask = 0;
  p->sig_pending = 0;
  // The guest starts with default dispositions, whatever this process inherited (QEMU does the same
  // except for SIG_IGN, which exec preserves: keep inherited SIG_IGN for the guest too).
  for (int sig = 1; sig < 32; sig++) {
    if (host_reserved(sig)) continue;
    struct sigaction old {};
    if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) p->sigactions[sig].handler = kSigIgn;
  }
}

void deliver_exception(Process *p, const CpuException &e) {
  qemu_log_mask(LOG_INT | LOG_GUEST_ERROR,
                "qemu-e2k: guest exception at pc 0x%llx: %s -> %s (si_code %d, addr 0x%llx)\n",
                (unsigned long long)e.pc, e.reason ? e.reason : "?", target_signal_name(e.signo), e.si_code,
                (unsigned long long)e.addr);
  int sig = e.signo >= 1 && e.signo <= kTargetNsig ? e.signo : SIGSEGV;
  GuestSiginfo si{sig, e.si_code, true, e.addr, 0, 0};
  // A synchronous fault that is blocked or ignored kills the process (Linux force_sig): only an
  // unblocked guest handler changes the outcome. The handler returns to the faulting bundle
  // unless it changes the resume address in its ucontext.
  if (is_handler(p->sigactions[sig].handler) && !(p->sigmask & bit(sig))) {
    take_signal(p, si);
    return;
  }
  if (qemu_loglevel_mask(LOG_STRACE)) qemu_log("%s\n", strace_format_signal(si).c_str());
  die_with_signal(sig, dumps_core(sig));
}

int64_t send_self_signal(Process *p, int sig, int si_code) {
  if (sig < 0 || sig > kTargetNsig) return -EINVAL;
  if (sig == 0) return 0;
  qemu_log_mask(LOG_INT, "qemu-e2k: signal %s sent to itself\n", target_signal_name(sig));
  if (ignored(p, sig) && !(p->sigmask & bit(sig))) return 0;  // discarded when sent, as Linux does
  queue_signal(p, GuestSiginfo{sig, si_code, false, 0, static_cast<uint32_t>(getpid()),
                               static_cast<uint32_t>(getuid())});
  return 0;
}

void process_pending_signals(Process *p) {
  g_cpu = p->cpu;
  take_host_signals(p);
  for (;;) {
    uint64_t ready = deliverable(p);
    if (ready == 0) break;
    int sig = __builtin_ctzll(ready) + 1;  // lowest number first, as Linux
    p->sig_pending &= ~bit(sig);
    take_signal(p, p->sig_info[sig]);
  }
  if (p->restore_mask) {  // rt_sigsuspend woken by a signal that entered no handler
    p->sigmask = p->saved_sigmask;
    p->restore_mask = false;
  }
}

int64_t do_sigsuspend(Process *p, const uint64_t *mask) {
  uint64_t old = p->sigmask;
  if (mask != nullptr) p->sigmask = *mask & ~kUnblockable;
  // Host signals stay blocked except inside sigsuspend, so none is caught between the test and
  // the wait (no lost wake-up). Faults are left alone.
  sigset_t all, prev;
  sigfillset(&all);
  sigdelset(&all, SIGSEGV);
  sigdelset(&all, SIGBUS);
  sigprocmask(SIG_BLOCK, &all, &prev);
  for (;;) {
    take_host_signals(p);
    if (deliverable(p) != 0) break;
    sigsuspend(&prev);
  }
  sigprocmask(SIG_SETMASK, &prev, nullptr);
  if (mask != nullptr) {
    p->saved_sigmask = old;
    p->restore_mask = true;
  }
  return -EINTR;
}

void do_sigreturn(Process *p) {
  uint64_t uc = 0;
  if (!cpu_signal_return(p->cpu, &uc)) {
    qemu_log_mask(LOG_GUEST_ERROR, "qemu-e2k: a return to the signal trampoline without a handler frame\n");
    force_sigsegv();
  }
  if (!guest_range_ok(p->mem, uc, kUcSize, PAGE_READ)) {
    qemu_log_mask(LOG_GUEST_ERROR, "qemu-e2k: signal frame ucontext 0x%llx is not readable\n",
                  (unsigned long long)uc);
    force_sigsegv();
  }
  const uint8_t *u = p->mem.g2h(uc);
  CpuSignalContext c = cpu_signal_context(p->cpu);
  c.pc = get64(u + kUcMcontext, kScCr0Hi);
  const uint8_t *x = u + kUcExtra;
  c.fpcr = get32(x, kExFpcr);
  c.fpsr = get32(x, kExFpsr);
  c.pfpfr = get32(x, kExPfpfr);
  for (int k = 0; k < 3; k++) c.ctpr[k] = get64(x, kExCtpr1 + 8 * k);
  cpu_set_signal_context(p->cpu, c);
  p->sigmask = get64(u, kUcSigmask) & ~kUnblockable;
}

int64_t do_rt_sigpending(Process *p, uint64_t set, uint64_t sigsetsize) {
  if (sigsetsize != 8) return -EINVAL;
  if (!guest_range_ok(p->mem, set, 8, PAGE_WRITE)) return -EFAULT;
  take_host_signals(p);
  uint64_t pending = p->sig_pending & p->sigmask;
  guest_memory_prepare_write(&p->mem, set, 8);
  memcpy(p->mem.g2h(set), &pending, 8);
  return 0;
}

void longjmp_sigmask(Process *p, uint64_t jmp_sigmask) {
  // The kernel's do_longjmp: the SIGKILL bit marks a saved mask (sigsetjmp with savemask)
  if (jmp_sigmask & bit(SIGKILL)) p->sigmask = jmp_sigmask & ~kUnblockable;
}

int64_t do_sigaltstack(Process *p, uint64_t ss, uint64_t old_ss) {
  uint64_t sp = cpu_signal_context(p->cpu).usd_lo;
  if (old_ss != 0) {
    if (!guest_range_ok(p->mem, old_ss, 24, PAGE_WRITE)) return -EFAULT;
    guest_memory_prepare_write(&p->mem, old_ss, 24);
    uint8_t *o = p->mem.g2h(old_ss);
    memset(o, 0, 24);
    put64(o, 0, p->altstack_sp);
    put32(o, 8, static_cast<uint64_t>(altstack_flags(p, sp)));
    put64(o, 16, p->altstack_size);
  }
  if (ss == 0) return 0;
  if (!guest_range_ok(p->mem, ss, 24, PAGE_READ)) return -EFAULT;
  const uint8_t *n = p->mem.g2h(ss);
  uint64_t nsp = get64(n, 0), nsize = get64(n, 16);
  uint32_t flags = get32(n, 8) & ~kSsAutodisarm;  // auto-disarm: accepted, not modelled
  if (on_altstack(p, sp)) return -EPERM;  // cannot change the stack a handler runs on
  if (flags == kSsDisable) {
    p->altstack_sp = p->altstack_size = 0;
    return 0;
  }
  if (flags != 0 && flags != kSsOnstack) return -EINVAL;
  if (nsize < kMinSigStkSz) return -ENOMEM;
  p->altstack_sp = nsp;
  p->altstack_size = nsize;
  return 0;
}

int64_t do_rt_sigaction(Process *p, int sig, uint64_t act, uint64_t oact, uint64_t sigsetsize) {
  if (sigsetsize != 8) return -EINVAL;
  if (sig < 1 || sig > kTargetNsig) return -EINVAL;
  if (act && (sig == SIGKILL || sig == SIGSTOP)) return -EINVAL;
  GuestSigaction newa{};
  if (act) {
    if (!guest_range_ok(p->mem, act, 32, PAGE_READ)) return -EFAULT;
    memcpy(&newa, p->mem.g2h(act), 32);
  }
  if (oact) {
    if (!guest_range_ok(p->mem, oact, 32, PAGE_WRITE)) return -EFAULT;
    guest_memory_prepare_write(&p->mem, oact, 32);
    memcpy(p->mem.g2h(oact), &p->sigactions[sig], 32);
  }
  if (act) {
    newa.mask &= ~kUnblockable;
    p->sigactions[sig] = newa;
    mirror_to_host(sig, newa);
    if (ignored(p, sig)) p->sig_pending &= ~bit(sig);  // pending instances are dropped too
  }
  return 0;
}

int64_t do_rt_sigprocmask(Process *p, int how, uint64_t set, uint64_t oset, uint64_t sigsetsize) {
  if (sigsetsize != 8) return -EINVAL;
  uint64_t newset = 0;
  if (set) {
    if (how != kSigBlock && how != kSigUnblock && how != kSigSetmask) return -EINVAL;
    if (!guest_range_ok(p->mem, set, 8, PAGE_READ)) return -EFAULT;
    memcpy(&newset, p->mem.g2h(set), 8);
  }
  if (oset) {
    if (!guest_range_ok(p->mem, oset, 8, PAGE_WRITE)) return -EFAULT;
    guest_memory_prepare_write(&p->mem, oset, 8);
    memcpy(p->mem.g2h(oset), &p->sigmask, 8);
  }
  if (set) {
    if (how == kSigBlock) p->sigmask |= newset;
    else if (how == kSigUnblock) p->sigmask &= ~newset;
    else p->sigmask = newset;
    p->sigmask &= ~kUnblockable;
    // Signals pending and now unblocked are taken when the syscall returns (process_pending_signals).
  }
  return 0;
}

}  // namespace e2k
