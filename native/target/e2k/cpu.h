// The contract between the E2K CPU (native/target/e2k, native/tcg: decoder, translator, IR,
// interpreter, later the JIT) and the user-mode runtime (native/linux-user: loader, syscalls,
// signals, options). The CPU work owns this file and may extend it; keep the calls below
// (or update their callers in native/linux-user in the same change).
#pragma once
#include <cstdint>

#include "util/guest-memory.h"

namespace e2k {

// CPU models (-cpu) and their iset: e2c+ (v2), e2s (v3), e8c (v4), e8c2 (v5), e16c (v6), with the
// MCST names as aliases. Implemented in native/target/e2k/cpu-models.cpp.
struct CpuModel {
  const char *name;     // OpenE2K fork's name, e.g. "e8c2"
  const char *aliases;  // space-separated MCST names, e.g. "elbrus-8c2 elbrus-v5"
  int iset;             // 2..6
  const char *description;
};
const CpuModel *find_cpu_model(const char *name);  // nullptr when unknown
const CpuModel *cpu_model_for_iset(int iset);      // default model for an ELF's iset
const CpuModel *const *all_cpu_models();           // nullptr-terminated, for `-cpu help`

struct CPUState;  // defined by the CPU work (registers, windows, predicates, ctprs, loop state…)

// Why cpu_run returned.
enum class ExitReason {
  Syscall,    // the guest made a system call: read cpu_syscall_args, then cpu_syscall_return
  Exception,  // a guest exception: see CpuException
  Interrupted,  // cpu_exit() was called (or the block budget ran out): just call cpu_run again
  SigReturn,    // a signal handler returned (to kSigreturnPc): call cpu_signal_return
};

// Makes cpu_run return ExitReason::Interrupted at the next block boundary. Async-signal-safe
// (it only sets a flag), so a host signal handler can use it to get control back.
void cpu_exit(CPUState *cpu);

// A guest exception turned into what Linux would deliver (signal number and si_code/si_addr).
struct CpuException {
  int signo;           // SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP
  int si_code;         // e.g. ILL_ILLOPC, ILL_PRVOPC, SEGV_MAPERR, SEGV_ACCERR, FPE_INTDIV
  uint64_t addr;       // si_addr: fault address for memory faults, the bundle address otherwise
  uint64_t pc;         // address of the faulting bundle
  const char *reason;  // short text for -d int / guest_errors, e.g. "illegal ALS opcode"
};

struct CpuOptions {
  const CpuModel *model;
  bool interpreter;      // -accel tcg,interp=on
  bool one_insn_per_tb;  // -one-insn-per-tb
  uint32_t log_mask;     // -d flags (see linux-user/log.h); the CPU writes its logs via qemu_log
};

// Creates a CPU for user mode. `mem` is the guest window (stays owned by the caller).
CPUState *cpu_create(GuestMemory *mem, const CpuOptions &opts);
void cpu_destroy(CPUState *cpu);

// Initial user-mode register state as the E2K Linux kernel sets it for a new process: entry
// point, user data stack (%usd/%sbr) whose current pointer `sp` points at argc, procedure
// stack and chain stack areas (reserved by the caller in the guest window, see LINUX-ABI.md).
struct UserStartState {
  uint64_t entry;
  uint64_t sp;            // what `getsp 0` returns at _start
  uint64_t stack_base;    // lowest address of the user data stack area
  uint64_t stack_size;
  uint64_t ps_base, ps_size;    // procedure stack (register spill)
  uint64_t pcs_base, pcs_size;  // procedure chain stack
};
void cpu_init_user(CPUState *cpu, const UserStartState &start);

// Runs guest code until a syscall or an exception.
ExitReason cpu_run(CPUState *cpu);
const CpuException &cpu_last_exception(const CPUState *cpu);

// System-call interface (LINUX-ABI.md): number and up to 6 arguments, and the result
// (negative errno on error), delivered where the guest expects it; cpu_run then continues
// after the call.
struct SyscallArgs {
  uint64_t nr;
  uint64_t arg[6];
};
SyscallArgs cpu_syscall_args(const CPUState *cpu);
void cpu_syscall_return(CPUState *cpu, int64_t result);

// Guest signal handlers (the runtime writes the siginfo/ucontext frame, LINUX-ABI.md §5).
// A handler is entered as a procedure called from the interrupted bundle: its chain frame
// returns to kSigreturnPc, an address outside every guest window (never code), which makes
// cpu_run return ExitReason::SigReturn.
constexpr uint64_t kSigreturnPc = 0xfffffffff000;
// What the frame shows of the interrupted context and a handler may change (the resume
// address cr0.hi, the ctprs and FP control/status of uc_extra).
struct CpuSignalContext {
  uint64_t pc;
  uint64_t ctpr[3];  // %ctpr1..3
  uint64_t fpcr, fpsr, pfpfr;
  uint64_t usd_lo, usd_hi, sbr, upsr;
  uint64_t cr1_lo, cr1_hi;
};
CpuSignalContext cpu_signal_context(const CPUState *cpu);
// Saves the whole CPU state host-side (with `cookie`, the runtime's handle of its frame), then
// enters `handler` with a window of 4 quads holding args[0..2] in %dr0..%dr2 and %usd.lo = sp;
// stack_limit, when not 0, is the lowest address the handler's stack may grow to (an alternate
// signal stack). False, with nothing changed, when the hardware stacks have no room.
bool cpu_signal_enter(CPUState *cpu, uint64_t handler, uint64_t sp, uint64_t stack_limit, const uint64_t args[3],
                      uint64_t cookie);
// At ExitReason::SigReturn: restores the state of the matching cpu_signal_enter (saves left
// behind by a longjmp out of a handler are dropped) and gives its cookie. False when no save
// matches the chain stack (a jump to kSigreturnPc that is not a handler's return).
bool cpu_signal_return(CPUState *cpu, uint64_t *cookie);
// After cpu_signal_return: the parts of the context a handler may have changed in its frame.
void cpu_set_signal_context(CPUState *cpu, const CpuSignalContext &c);

// e2k_longjmp2 (syscall 230, LINUX-ABI.md §4.1), from inside the syscall: the jmp_buf fields
// setjmp read with rrd. Drops the chain frames above the one that was on top at setjmp
// (%pcsp.hi.ind) and rewrites that frame as setjmp's: return address cr0.hi, wbs/psize/fx from
// cr1.lo, rotation from br, data stack pointer usd.lo. The calling wrapper's own `return` then
// lands in setjmp's caller. False, with nothing changed, when the fields do not describe a frame
// of the current chain stack.
struct CpuJmpBuf {
  uint64_t cr0_hi, cr1_lo, pcsp_hi;
  uint32_t br;
  uint64_t usd_lo;
};
bool cpu_longjmp(CPUState *cpu, const CpuJmpBuf &j);

// Invalidates translated code that overlaps [start, start+len) (guest writes to code pages,
// munmap, mprotect). The runtime calls this from its mmap/mprotect/munmap handlers.
void cpu_invalidate_range(CPUState *cpu, uint64_t start, uint64_t len);

// For -d cpu: prints the register state to the log.
void cpu_dump_state(const CPUState *cpu, int fd);
// One line of run statistics (blocks entered from the dispatcher, bundles, JIT counters) to
// fd: what QEMU_E2K_JIT_STATS=1 prints when the program ends.
void cpu_dump_stats(const CPUState *cpu, int fd);

}  // namespace e2k
