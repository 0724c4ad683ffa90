// Guest signals, round 1: dispositions and mask are kept for the guest; faults and signals the
// guest sends itself take the default action (the emulator dies of the same host signal, as QEMU
// does); guest handlers need E2K signal frames, which are a later round (logged under -d unimp).
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

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

// Mirrors the guest's SIG_IGN/SIG_DFL on host signals that arrive asynchronously (SIGINT, SIGPIPE...),
// so the host delivers them with the guest's meaning. Handlers cannot run yet: the host keeps SIG_DFL.
void mirror_to_host(int sig, uint64_t handler) {
  if (sig >= 32 || host_reserved(sig)) return;
  signal(sig, handler == kSigIgn ? SIG_IGN : SIG_DFL);
}

// si_code of a signal a process sends (kill(2)); tgkill/tkill would be SI_TKILL.
constexpr int kSiUser = 0;

void take_signal(Process *p, int sig, const StraceSiginfo &si, bool from_fault) {
  // As QEMU's handle_pending_signal: the line comes before the disposition is looked at.
  if (qemu_loglevel_mask(LOG_STRACE)) qemu_log("%s\n", strace_format_signal(si).c_str());
  const GuestSigaction &a = p->sigactions[sig];
  if (a.handler != kSigDfl && a.handler != kSigIgn) {
    qemu_log_mask(LOG_UNIMP,
                  "qemu-e2k: guest handler 0x%llx for signal %d not run: E2K signal frames are not "
                  "implemented yet; taking the default action\n",
                  (unsigned long long)a.handler, sig);
  } else if (a.handler == kSigIgn && !from_fault) {
    return;
  }
  if (default_ignores(sig)) return;
  if (default_stops(sig)) {
    kill(getpid(), SIGSTOP);
    return;
  }
  die_with_signal(sig, dumps_core(sig));
}

StraceSiginfo self_siginfo(int sig) {
  return StraceSiginfo{sig, kSiUser, false, 0, static_cast<uint32_t>(getpid()), static_cast<uint32_t>(getuid())};
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
  // A synchronous fault that is ignored or blocked kills the process (Linux force_sig), so only a
  // guest handler could change the outcome.
  StraceSiginfo si{sig, e.si_code, true, e.addr, 0, 0};
  take_signal(p, sig, si, true);
  die_with_signal(sig, dumps_core(sig));
}

int64_t send_self_signal(Process *p, int sig) {
  if (sig == 0) return 0;
  if (sig < 0 || sig > kTargetNsig) return -EINVAL;
  if ((p->sigmask & bit(sig)) && !(kUnblockable & bit(sig))) {
    p->sig_pending |= bit(sig);
    return 0;
  }
  qemu_log_mask(LOG_INT, "qemu-e2k: signal %s sent to itself\n", target_signal_name(sig));
  take_signal(p, sig, self_siginfo(sig), false);
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
    mirror_to_host(sig, newa.handler);
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
    // Signals sent while blocked arrive now.
    uint64_t ready = p->sig_pending & ~p->sigmask;
    p->sig_pending &= ~ready;
    for (int sig = 1; sig <= kTargetNsig; sig++)
      if (ready & bit(sig)) take_signal(p, sig, self_siginfo(sig), false);
  }
  return 0;
}

}  // namespace e2k
