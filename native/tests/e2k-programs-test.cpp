// Runs reference E2K programs (tests/fixtures/programs) on the CPU alone: the ELF's PT_LOAD
// segments go into a test window, a minimal system-call layer handles write/exit/mprotect,
// and stdout and the exit status must match the .expected/.exit files on every CPU model.
//   e2k-programs-test <programs dir>
#include <csignal>
#include <cstring>
#include <string>
#include <vector>

#include "target/e2k/cpu-state.h"
#include "test-util.h"

using namespace e2k;

namespace {

struct Result {
  std::string out;
  int status = -1;
};

Result run(const std::string &path, const CpuModel *model) {
  Result r;
  std::vector<uint8_t> elf;
  if (!test::read_file(path, &elf)) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    test::g_failures++;
    return r;
  }
  test::Window w(28);
  uint64_t entry = test::load_elf(w, elf);
  CHECK(entry != 0);
  // data stack at 0x7f00000 (1 MiB); argc = 1, argv = {name, NULL}, envp = {NULL}, auxv = {AT_NULL}
  const uint64_t stack_base = 0x7e00000, stack_size = 0x100000;
  w.map(stack_base, stack_size, PAGE_READ | PAGE_WRITE);
  uint64_t sp = stack_base + stack_size - 0x1000;
  uint64_t name = sp + 0x100;
  std::memcpy(w.mem.base + name, "prog", 5);
  uint64_t words[] = {1, name, 0, 0, 0, 0};
  std::memcpy(w.mem.base + sp, words, sizeof words);
  CpuOptions opts{model, true, false, 0};
  CPUState *cpu = cpu_create(&w.mem, opts);
  UserStartState st{entry, sp, stack_base, stack_size, 0, 0, 0, 0};
  cpu_init_user(cpu, st);
  uint64_t mmap_next = 0x8000000;
  for (int steps = 0; steps < 1000000; steps++) {
    ExitReason why = cpu_run(cpu);
    if (why == ExitReason::Interrupted) continue;
    if (why == ExitReason::Exception) {
      r.status = 128 + cpu_last_exception(cpu).signo;
      break;
    }
    SyscallArgs a = cpu_syscall_args(cpu);
    int64_t ret = -38;  // ENOSYS
    if (a.nr == 4 && a.arg[0] == 1) {  // write(1, buf, len)
      uint64_t len = a.arg[2];
      if (len < (1 << 20) && a.arg[1] + len <= w.mem.size) {
        r.out.append(reinterpret_cast<const char *>(w.mem.base + a.arg[1]), len);
        ret = static_cast<int64_t>(len);
      } else {
        ret = -14;
      }
    } else if (a.nr == 1 || a.nr == 300) {  // exit, exit_group
      r.status = static_cast<int>(a.arg[0] & 0xff);
      break;
    } else if (a.nr == 90 && (a.arg[3] & 0x10)) {  // anonymous mmap: a bump allocator
      uint64_t len = (a.arg[1] + 0xfff) & ~uint64_t(0xfff);
      if (len == 0 || mmap_next + len > w.mem.size) {
        ret = -12;
      } else {
        uint8_t f = PAGE_READ;
        if (a.arg[2] & 2) f |= PAGE_WRITE;
        w.map(mmap_next, len, f);
        ret = static_cast<int64_t>(mmap_next);
        mmap_next += len;
      }
    } else if (a.nr == 125) {  // mprotect
      uint8_t f = 0;
      if (a.arg[2] & 1) f |= PAGE_READ;
      if (a.arg[2] & 2) f |= PAGE_WRITE;
      if (a.arg[2] & 4) f |= PAGE_EXEC;
      w.map(a.arg[0], a.arg[1], f);
      cpu_invalidate_range(cpu, a.arg[0], a.arg[1]);
      ret = 0;
    }
    cpu_syscall_return(cpu, ret);
  }
  cpu_destroy(cpu);
  return r;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: e2k-programs-test <programs dir>\n");
    return 2;
  }
  std::string dir = argv[1];
  // Programs that need no system calls beyond write/exit/mprotect (the others are run by the
  // linux-user tests).
  const char *programs[] = {"hello", "exit_code", "exit_trunc", "alu_arith", "alu_logic", "alu_bits",
                            "alu_cmp", "bundle_semantics", "regfile", "branches", "calls", "predication",
                            "loop_counted", "loop_pipelined", "mem_access", "mem_quad", "fp_single",
                            "fp_double", "fp_x80", "sieve", "crc32", "sigill_opcode", "sigill_priv",
                            "sigsegv_load", "sigsegv_store", "sigfpe_div"};
  const char *cpus[] = {"e2s", "e8c", "e8c2", "e16c"};
  int runs = 0;
  for (const char *p : programs) {
    std::vector<uint8_t> expected, exitv, isets;
    test::read_file(dir + "/" + p + ".expected", &expected);
    int want = 0;
    if (test::read_file(dir + "/" + p + ".exit", &exitv)) want = std::atoi(std::string(exitv.begin(), exitv.end()).c_str());
    std::string iset_list;
    if (test::read_file(dir + "/" + p + ".isets", &isets)) iset_list.assign(isets.begin(), isets.end());
    for (const char *c : cpus) {
      const CpuModel *m = find_cpu_model(c);
      CHECK(m != nullptr);
      if (!iset_list.empty() && iset_list.find(static_cast<char>('0' + m->iset)) == std::string::npos) continue;
      Result r = run(dir + "/" + p + ".elf", m);
      runs++;
      bool ok = r.out == std::string(expected.begin(), expected.end()) && r.status == want;
      if (!ok) {
        std::fprintf(stderr, "FAIL %s -cpu %s: status %d (want %d)\n--- got\n%s--- want\n%s", p, c, r.status, want,
                     r.out.c_str(), std::string(expected.begin(), expected.end()).c_str());
        test::g_failures++;
      }
    }
  }
  std::printf("%d program runs\n", runs);
  return test::finish("e2k-programs-test");
}
