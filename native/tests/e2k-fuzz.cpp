// Fuzz: random bundles through decode -> translate -> interpret in a guest window surrounded
// by PROT_NONE guard areas. Bundles come from the golden corpus (real assembler output, so
// most decode) with random bit flips, plus fully random words; registers and state are
// random. Passing means: no host crash, no host access outside the window (the guards would
// fault), and every stop is a syscall, an exception or the block budget.
//   e2k-fuzz [--seed N] [--bundles N] [--golden DIR]
#include <cinttypes>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "target/e2k/cpu-state.h"
#include "target/e2k/decode.h"
#include "tcg/tb-cache.h"
#include "test-util.h"

using namespace e2k;

namespace {

std::vector<std::vector<uint8_t>> load_corpus(const std::string &dir) {
  std::vector<std::vector<uint8_t>> out;
  for (int iset = 2; iset <= 6; iset++) {
    std::string cmd = "gzip -dc '" + dir + "/v" + std::to_string(iset) + ".jsonl.gz' 2>/dev/null";
    FILE *f = popen(cmd.c_str(), "r");
    if (!f) continue;
    char buf[1 << 16];
    while (fgets(buf, sizeof buf, f)) {
      const char *p = std::strstr(buf, "\"hex\": \"");
      if (!p) continue;
      p += 8;
      std::vector<uint8_t> b;
      while (p[0] && p[0] != '"' && p[1]) {
        auto hv = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
        b.push_back(static_cast<uint8_t>(hv(p[0]) * 16 + hv(p[1])));
        p += 2;
      }
      if (!b.empty() && b.size() % 8 == 0) out.push_back(b);
    }
    pclose(f);
  }
  return out;
}

}  // namespace

int main(int argc, char **argv) {
  uint64_t seed = 1, target = 100000;
  std::string golden = "tests/fixtures/golden";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 0);
    else if (!std::strcmp(argv[i], "--bundles")) target = std::strtoull(argv[i + 1], nullptr, 0);
    else if (!std::strcmp(argv[i], "--golden")) golden = argv[i + 1];
    else {
      std::fprintf(stderr, "e2k-fuzz: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  std::vector<std::vector<uint8_t>> corpus = load_corpus(golden);
  std::printf("e2k-fuzz: seed %" PRIu64 ", target %" PRIu64 " bundles, corpus %zu bundles\n", seed, target,
              corpus.size());
  std::mt19937_64 rng(seed);
  auto rnd = [&](uint64_t n) { return n ? rng() % n : 0; };

  test::Window w(24);
  const uint64_t code = 0x10000, code_size = 0x10000;
  const uint64_t data = 0x100000, data_size = 0x100000;
  w.map(code, code_size, PAGE_READ | PAGE_WRITE | PAGE_EXEC);  // writable: exercises invalidation
  w.map(data, data_size, PAGE_READ | PAGE_WRITE);
  w.map(0x300000, 0x10000, PAGE_READ);                  // read-only data
  w.map(0x400000, 0x100000, PAGE_READ | PAGE_WRITE);    // data stack

  std::vector<uint64_t> starts;
  auto fill_code = [&]() {
    starts.clear();
    uint64_t pos = code;
    while (pos + 64 <= code + code_size) {
      std::vector<uint8_t> b;
      if (!corpus.empty() && rnd(8) != 0) {
        b = corpus[rnd(corpus.size())];
        if (b.size() > 64) b.resize(64);
        unsigned flips = static_cast<unsigned>(rnd(4));
        for (unsigned k = 0; k < flips; k++) b[rnd(b.size())] ^= static_cast<uint8_t>(1u << rnd(8));
      } else {
        b.resize(8 * (1 + rnd(8)));
        for (auto &x : b) x = static_cast<uint8_t>(rng());
      }
      std::memcpy(w.mem.base + pos, b.data(), b.size());
      starts.push_back(pos);
      pos += b.size();
    }
  };
  fill_code();

  static const char *const models[] = {"e2c+", "e2s", "e8c", "e8c2", "e16c"};
  uint64_t executed = 0, runs = 0, syscalls = 0, exceptions = 0, budget_stops = 0, blocks = 0;
  uint64_t signals[32] = {};
  while (executed < target) {
    CpuOptions opts{find_cpu_model(models[rnd(5)]), true, rnd(4) == 0, 0};
    CPUState *cpu = cpu_create(&w.mem, opts);
    UserStartState st{starts[rnd(starts.size())], 0x480000, 0x400000, 0x100000, 0, 4096, 0, 4096};
    cpu_init_user(cpu, st);
    cpu->ps_limit = 512;  // small hardware stacks: overflow paths get exercised too
    cpu->pcs_limit = 64;
    for (int round = 0; round < 50 && executed < target; round++) {
      E2kState &s = cpu->s;
      s.wsize = 2 * (1 + rnd(112));
      s.psize = rnd(2) ? 0 : rnd(s.wsize + 1);
      for (unsigned i = 0; i < kMaxWindowRegs; i++) {
        uint64_t r = rng();
        switch (rnd(4)) {
          case 0: s.win[i] = data + rnd(data_size); break;
          case 1: s.win[i] = rnd(64); break;
          default: s.win[i] = r; break;
        }
        s.win_hi[i] = rng();
      }
      // as the CPU keeps them: registers above the window are zero (cpu.cpp, setwd)
      for (unsigned i = static_cast<unsigned>(s.wsize); i < kMaxWindowRegs; i++) s.win[i] = s.win_hi[i] = 0;
      for (unsigned i = 0; i < kGlobalRegs; i++) s.g[i] = rnd(2) ? data + rnd(data_size) : rng();
      s.pred = rng();
      cpu_set_br(s, rnd(64), rnd(64), rnd(64));
      s.psz = rnd(32);
      s.pcur = rnd(s.psz + 1);
      cpu_sync_tb_flags(s);
      s.lsr = rng() & 0x1f3fffffffffULL;
      s.dbl = rnd(2);
      s.keep_hi = s.dbl ? 0 : 0xffffffff00000000ULL;
      for (int c = 1; c <= 3; c++) s.ctpr[c] = rnd(2) ? (code + rnd(code_size)) | (uint64_t(rnd(8)) << 54) : rng();
      cpu->pc = rnd(16) ? starts[rnd(starts.size())] : rng();
      cpu->tb_budget = 1 + rnd(64);
      ExitReason why = cpu_run(cpu);
      runs++;
      if (why == ExitReason::Syscall) {
        syscalls++;
        cpu_syscall_return(cpu, static_cast<int64_t>(rnd(2) ? rng() : rnd(10)));
      } else if (why == ExitReason::Exception) {
        exceptions++;
        const CpuException &e = cpu_last_exception(cpu);
        CHECK(e.signo == SIGILL || e.signo == SIGSEGV || e.signo == SIGFPE || e.signo == SIGBUS);
        signals[e.signo & 31]++;
      } else {
        budget_stops++;
      }
      executed += cpu->stat_bundles;
      blocks += cpu->stat_blocks;
      cpu->stat_bundles = cpu->stat_blocks = 0;
      if (rnd(200) == 0) {
        fill_code();
        cpu_invalidate_range(cpu, code, code_size);
      }
    }
    cpu_destroy(cpu);
  }
  std::printf("e2k-fuzz: %" PRIu64 " bundles in %" PRIu64 " blocks over %" PRIu64 " runs: %" PRIu64
              " syscalls, %" PRIu64 " exceptions (SIGILL %" PRIu64 ", SIGSEGV %" PRIu64 ", SIGFPE %" PRIu64
              "), %" PRIu64 " budget stops\n",
              executed, blocks, runs, syscalls, exceptions, signals[SIGILL], signals[SIGSEGV], signals[SIGFPE],
              budget_stops);
  CHECK(corpus.size() > 100000);
  CHECK(executed >= target);
  return test::finish("e2k-fuzz");
}
