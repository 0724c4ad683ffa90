// qemu-e2k-static: the native user-mode runtime (no Node). Parses the options, loads the program
// into the guest window, builds its initial stacks and runs the CPU, serving its system calls.
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "elfload.h"
#include "layout.h"
#include "log.h"
#include "options.h"
#include "process.h"
#include "target/e2k/cpu.h"
#include "tcg/jit-x86_64.h"

extern char **environ;

namespace e2k {
namespace {

const CpuModel *choose_model(const UserOptions &o, int elf_iset) {
  if (!o.cpu.empty()) return find_cpu_model(o.cpu.c_str());
  return cpu_model_for_iset(elf_iset ? elf_iset : 4);  // generic code: e8c, as the OpenE2K fork does
}

int run(int argc, char **argv) {
  UserOptions o;
  ParseResult pr = parse_options(argc, argv, environ, &o);
  if (pr == ParseResult::Exit0) return 0;
  if (pr == ParseResult::Error) return 1;

  if (!o.log_file.empty() && !log_open_file(o.log_file.c_str())) {
    fprintf(stderr, "qemu-e2k: -D %s: cannot open log file: %s\n", o.log_file.c_str(), strerror(errno));
    return 1;
  }
  qemu_loglevel = o.log_mask | (o.strace ? uint32_t(LOG_STRACE) : 0u);

  std::string err;
  uint32_t e_flags = 0;
  int iset = 0;
  if (!elf_probe(o.program, &e_flags, &iset, &err)) {
    fprintf(stderr, "qemu-e2k: %s\n", err.c_str());
    return 1;
  }
  const CpuModel *model = choose_model(o, iset);
  if (!model) {
    fprintf(stderr, "qemu-e2k: no CPU model for instruction set v%d of %s\n", iset, o.program.c_str());
    return 1;
  }
  if (iset > model->iset) {
    // The kernel refuses such binaries too (elf_check_e2k_mtype).
    fprintf(stderr, "qemu-e2k: %s: needs instruction set v%d, but CPU model %s has v%d\n", o.program.c_str(), iset,
            model->name, model->iset);
    return 1;
  }

  static Process proc;
  Process *p = &proc;
  if (!guest_memory_init(&p->mem, layout::kWindowBits, &err)) {
    fprintf(stderr, "qemu-e2k: %s\n", err.c_str());
    return 1;
  }
  guest_fault_install(&p->mem);

  ElfImage img;
  if (!elf_load(&p->mem, o.program, o.ld_prefix, &img, &err)) {
    fprintf(stderr, "qemu-e2k: %s\n", err.c_str());
    return 1;
  }
  char real[PATH_MAX];
  p->exe_path = realpath(o.program.c_str(), real) ? real : o.program;

  uint64_t stack_size = o.stack_size ? o.stack_size : layout::kDefaultStackSize;
  uint64_t stack_base = layout::kStackTop - stack_size;
  if (guest_memory_map_anon(&p->mem, stack_base, stack_size, 3) < 0 ||
      guest_memory_map_anon(&p->mem, layout::kPsBase, layout::kPsSize, 3) < 0 ||
      guest_memory_map_anon(&p->mem, layout::kPcsBase, layout::kPcsSize, 3) < 0) {
    fprintf(stderr, "qemu-e2k: cannot map the guest stacks: %s\n", strerror(errno));
    return 1;
  }
  std::vector<std::string> gargv;
  gargv.push_back(o.argv0.empty() ? o.program : o.argv0);
  for (const std::string &a : o.args) gargv.push_back(a);
  uint64_t sp = 0;
  if (!build_initial_stack(&p->mem, layout::kStackTop, stack_size, img, gargv, build_guest_env(o, environ), o.program, &sp,
                           &err)) {
    fprintf(stderr, "qemu-e2k: %s\n", err.c_str());
    return 1;
  }
  p->brk_start = p->brk_cur = img.start_brk;
  p->mmap_hint = layout::kMmapBase;
  signals_init(p);

  if (qemu_loglevel_mask(LOG_PAGE)) {
    qemu_log("guest window: host %p, %llu GiB; cpu %s (iset v%d)\n", static_cast<void *>(p->mem.base),
             (unsigned long long)(p->mem.size >> 30), model->name, model->iset);
    qemu_log("start_brk   0x%016llx\nentry       0x%016llx\nstack       0x%016llx\n",
             (unsigned long long)img.start_brk, (unsigned long long)img.entry, (unsigned long long)sp);
    log_page_map(p);
  }

  CpuOptions copts{model, o.interpreter, o.one_insn_per_tb, qemu_loglevel};
  tcg::jit_set_perfmap(o.perfmap);
  p->cpu = cpu_create(&p->mem, copts);
  if (!p->cpu) {
    fprintf(stderr, "qemu-e2k: cannot create the %s CPU\n", model->name);
    return 1;
  }
  UserStartState start{img.entry, sp, stack_base, stack_size, layout::kPsBase, layout::kPsSize, layout::kPcsBase,
                       layout::kPcsSize};
  cpu_init_user(p->cpu, start);

  process_pending_signals(p);  // also lets caught host signals stop the CPU from now on
  for (;;) {
    ExitReason why = cpu_run(p->cpu);
    if (why == ExitReason::Syscall) {
      SyscallArgs a = cpu_syscall_args(p->cpu);
      int64_t r = do_syscall(p, a);
      if (p->exited) break;
      cpu_syscall_return(p->cpu, r);
    } else if (why == ExitReason::SigReturn) {
      do_sigreturn(p);
    } else if (why == ExitReason::Exception) {
      deliver_exception(p, cpu_last_exception(p->cpu));  // returns only when a handler was entered
    }
    // Interrupted: cpu_exit() from a caught host signal (or nothing pending at all)
    process_pending_signals(p);
  }
  int status = p->exit_status;
  if (const char *st = getenv("QEMU_E2K_JIT_STATS"); st != nullptr && *st != '\0' && *st != '0')
    cpu_dump_stats(p->cpu, 2);
  cpu_destroy(p->cpu);
  p->cpu = nullptr;
  fflush(stdout);
  return status;
}

}  // namespace
}  // namespace e2k

int main(int argc, char **argv) { return e2k::run(argc, argv); }
