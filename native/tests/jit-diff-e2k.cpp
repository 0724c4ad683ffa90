// Differential fuzz of the x86-64 JIT against the IR interpreter through the real E2K
// translator: random bundles (golden-corpus bundles with bit flips, plus random words) run on
// two CPUs, one per backend, each in its own guest window with the same contents and the same
// random register state. After every run (a few blocks, no chaining so both stop at the same
// block) the exit reason, the exception or syscall, the pc, the whole E2kState, the spilled
// register and chain stacks and every mapped byte of guest memory must agree.
//   jit-diff-e2k [--seed N] [--runs N] [--golden DIR] [--dump]
// --dump prints the code bytes and the IR of the first block of the first few mismatching runs.
#include <cinttypes>
#include <cstddef>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "target/e2k/cpu-state.h"
#include "target/e2k/helpers.h"
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
      auto hv = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
      while (p[0] && p[0] != '"' && p[1]) {
        b.push_back(static_cast<uint8_t>(hv(p[0]) * 16 + hv(p[1])));
        p += 2;
      }
      if (!b.empty() && b.size() % 8 == 0) out.push_back(b);
    }
    pclose(f);
  }
  return out;
}

struct Region {
  uint64_t start, size;
  uint8_t flags;
};
const Region kRegions[] = {
    {0x10000, 0x10000, PAGE_READ | PAGE_WRITE | PAGE_EXEC},  // code, writable: invalidation
    {0x100000, 0x40000, PAGE_READ | PAGE_WRITE},             // data
    {0x300000, 0x4000, PAGE_READ},                           // read-only data
    {0x400000, 0x80000, PAGE_READ | PAGE_WRITE},             // data stack
};
constexpr uint64_t kCode = 0x10000, kCodeSize = 0x10000, kData = 0x100000, kDataSize = 0x40000;

bool same_frames(const std::vector<ChainFrame> &a, const std::vector<ChainFrame> &b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    const ChainFrame &x = a[i], &y = b[i];
    if (x.ret_pc != y.ret_pc || x.pred != y.pred || x.pred_tag != y.pred_tag || x.wsize != y.wsize ||
        x.psize != y.psize || x.dbl != y.dbl || x.fx != y.fx || x.rbs != y.rbs || x.rsz != y.rsz || x.rcur != y.rcur || x.psz != y.psz ||
        x.pcur != y.pcur || x.wbs != y.wbs || x.usd_lo != y.usd_lo || x.usd_hi != y.usd_hi ||
        x.syscall != y.syscall || x.tags_saved != y.tags_saved)
      return false;
  }
  return true;
}

// Names the E2kState field at byte offset `off` (for mismatch reports).
std::string state_field(size_t off) {
  char buf[64];
  const size_t word = off / 8;
  auto in = [&](size_t o, size_t n, const char *name) -> bool {
    if (off < o || off >= o + n) return false;
    std::snprintf(buf, sizeof buf, "%s[%zu]", name, (off - o) / 8);
    return true;
  };
  if (in(offsetof(E2kState, win), sizeof(E2kState::win), "win") ||
      in(offsetof(E2kState, win_hi), sizeof(E2kState::win_hi), "win_hi") ||
      in(offsetof(E2kState, g), sizeof(E2kState::g), "g") ||
      in(offsetof(E2kState, g_hi), sizeof(E2kState::g_hi), "g_hi") ||
      in(offsetof(E2kState, win_tag), sizeof(E2kState::win_tag), "win_tag") ||
      in(offsetof(E2kState, g_tag), sizeof(E2kState::g_tag), "g_tag") ||
      in(offsetof(E2kState, ctpr), sizeof(E2kState::ctpr), "ctpr"))
    return buf;
  std::snprintf(buf, sizeof buf, "state word %zu (offset %zu past g_hi)", word, off - offsetof(E2kState, pred));
  return buf;
}

std::string compare(const CPUState *a, const CPUState *b, ExitReason ra, ExitReason rb) {
  char buf[256];
  if (ra != rb) {
    std::snprintf(buf, sizeof buf, "exit reason %d vs %d", static_cast<int>(ra), static_cast<int>(rb));
    return buf;
  }
  if (ra == ExitReason::Exception) {
    const CpuException &x = cpu_last_exception(a), &y = cpu_last_exception(b);
    if (x.signo != y.signo || x.si_code != y.si_code || x.addr != y.addr || x.pc != y.pc) {
      std::snprintf(buf, sizeof buf,
                    "exception sig %d code %d addr 0x%" PRIx64 " pc 0x%" PRIx64 " (%s) vs sig %d code %d addr 0x%" PRIx64
                    " pc 0x%" PRIx64 " (%s)",
                    x.signo, x.si_code, x.addr, x.pc, x.reason ? x.reason : "", y.signo, y.si_code, y.addr, y.pc,
                    y.reason ? y.reason : "");
      return buf;
    }
  }
  if (ra == ExitReason::Syscall) {
    SyscallArgs x = cpu_syscall_args(a), y = cpu_syscall_args(b);
    if (std::memcmp(&x, &y, sizeof x) != 0) return "syscall number or arguments differ";
  }
  if (a->pc != b->pc) {
    std::snprintf(buf, sizeof buf, "pc 0x%" PRIx64 " vs 0x%" PRIx64, a->pc, b->pc);
    return buf;
  }
  if (a->stat_bundles != b->stat_bundles) {
    std::snprintf(buf, sizeof buf, "bundles run %" PRIu64 " vs %" PRIu64, a->stat_bundles, b->stat_bundles);
    return buf;
  }
  const uint8_t *sa = reinterpret_cast<const uint8_t *>(&a->s), *sb = reinterpret_cast<const uint8_t *>(&b->s);
  for (size_t i = 0; i < offsetof(E2kState, cpu); i += 8) {
    uint64_t u, v;
    std::memcpy(&u, sa + i, 8);
    std::memcpy(&v, sb + i, 8);
    if (u != v) {
      std::snprintf(buf, sizeof buf, "%s: 0x%" PRIx64 " vs 0x%" PRIx64, state_field(i).c_str(), u, v);
      return buf;
    }
  }
  if (a->ps != b->ps) return "spilled registers (procedure stack) differ";
  if (a->ps_tags != b->ps_tags) return "tags of the spilled registers differ";
  if (!same_frames(a->pcs, b->pcs)) return "chain stack differs";
  for (const Region &r : kRegions) {
    const uint8_t *ma = a->mem->base + r.start, *mb = b->mem->base + r.start;
    if (std::memcmp(ma, mb, r.size) == 0) continue;
    for (uint64_t i = 0; i < r.size; i++)
      if (ma[i] != mb[i]) {
        std::snprintf(buf, sizeof buf, "guest memory at 0x%" PRIx64 ": 0x%02x vs 0x%02x", r.start + i, ma[i], mb[i]);
        return buf;
      }
  }
  return "";
}

// True when the block reads the clock (rrd of %clkr 0x90 / 0x92): its results differ from run to
// run on any backend, so a mismatch there says nothing about the JIT.
bool reads_clock(const tcg::Block &b) {
  const tcg::HelperInfo *helpers = e2k_helpers();
  for (size_t i = 0; i < b.ops.size(); i++) {
    const tcg::Op &op = b.ops[i];
    if (op.opc != tcg::Opc::call || std::strcmp(helpers[op.imm].name, "rrd") != 0) continue;
    for (size_t j = 0; j < i; j++)
      if (b.ops[j].opc == tcg::Opc::movi && b.ops[j].args[0] == op.args[1] && (b.ops[j].imm == 0x90 || b.ops[j].imm == 0x92))
        return true;
  }
  return false;
}

}  // namespace

int main(int argc, char **argv) {
  uint64_t seed = 1, target_runs = 20000;
  std::string golden = "tests/fixtures/golden";
  bool dump = false;
  for (int i = 1; i < argc; i++) {
    if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 0);
    else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) target_runs = std::strtoull(argv[++i], nullptr, 0);
    else if (!std::strcmp(argv[i], "--golden") && i + 1 < argc) golden = argv[++i];
    else if (!std::strcmp(argv[i], "--dump")) dump = true;
    else {
      std::fprintf(stderr, "jit-diff-e2k: unknown option %s (use --seed N, --runs N, --golden DIR, --dump)\n", argv[i]);
      return 2;
    }
  }
  std::vector<std::vector<uint8_t>> corpus = load_corpus(golden);
  if (corpus.size() < 1000) {
    std::fprintf(stderr, "jit-diff-e2k: golden corpus in %s not found or too small (%zu bundles)\n", golden.c_str(),
                 corpus.size());
    return 2;
  }
  std::mt19937_64 rng(seed);
  auto rnd = [&](uint64_t n) { return n ? rng() % n : 0; };

  test::Window wa(24), wb(24);
  for (const Region &r : kRegions) {
    wa.map(r.start, r.size, r.flags);
    wb.map(r.start, r.size, r.flags);
  }

  std::vector<uint64_t> starts;
  auto fill_code = [&]() {
    starts.clear();
    uint64_t pos = kCode;
    while (pos + 64 <= kCode + kCodeSize) {
      std::vector<uint8_t> b;
      if (rnd(8) != 0) {
        b = corpus[rnd(corpus.size())];
        if (b.size() > 64) b.resize(64);
        unsigned flips = rnd(3) == 0 ? static_cast<unsigned>(1 + rnd(3)) : 0;
        for (unsigned k = 0; k < flips; k++) b[rnd(b.size())] ^= static_cast<uint8_t>(1u << rnd(8));
      } else {
        b.resize(8 * (1 + rnd(8)));
        for (auto &x : b) x = static_cast<uint8_t>(rng());
      }
      std::memcpy(wa.mem.base + pos, b.data(), b.size());
      starts.push_back(pos);
      pos += b.size();
    }
  };
  auto sync_memory = [&]() {
    for (const Region &r : kRegions) std::memcpy(wb.mem.base + r.start, wa.mem.base + r.start, r.size);
  };
  for (const Region &r : kRegions)
    for (uint64_t i = 0; i < r.size; i += 8) {
      uint64_t v = rng();
      std::memcpy(wa.mem.base + r.start + i, &v, 8);
    }
  fill_code();
  sync_memory();

  static const char *const models[] = {"e2c+", "e2s", "e8c", "e8c2", "e16c"};
  uint64_t runs = 0, bundles = 0, failures = 0, clock_runs = 0, syscalls = 0, exceptions = 0, stops = 0;
  while (runs < target_runs) {
    const CpuModel *model = find_cpu_model(models[rnd(5)]);
    const bool one_insn = rnd(4) == 0;
    CPUState *ca = cpu_create(&wa.mem, CpuOptions{model, true, one_insn, 0});
    CPUState *cb = cpu_create(&wb.mem, CpuOptions{model, false, one_insn, 0});
    UserStartState st{starts[rnd(starts.size())], 0x480000, 0x400000, 0x80000, 0, 4096, 0, 4096};
    cpu_init_user(ca, st);
    cpu_init_user(cb, st);
    for (CPUState *c : {ca, cb}) {
      c->ps_limit = 512;  // small hardware stacks: overflow paths get exercised too
      c->pcs_limit = 64;
    }
    for (int round = 0; round < 50 && runs < target_runs; round++) {
      E2kState &s = ca->s;
      s.wsize = rnd(2) ? 2 * 112 : 2 * (1 + rnd(112));  // often the largest window: fewer bound faults
      s.psize = rnd(2) ? 0 : rnd(s.wsize + 1);
      for (unsigned i = 0; i < kMaxWindowRegs; i++) {
        switch (rnd(4)) {
          case 0: s.win[i] = kData + rnd(kDataSize); break;
          case 1: s.win[i] = rnd(64); break;
          default: s.win[i] = rng(); break;
        }
        s.win_hi[i] = rng();
      }
      // as the CPU keeps them: registers above the window are zero (cpu.cpp, setwd)
      for (unsigned i = static_cast<unsigned>(s.wsize); i < kMaxWindowRegs; i++) s.win[i] = s.win_hi[i] = 0;
      for (unsigned i = 0; i < kGlobalRegs; i++) s.g[i] = rnd(2) ? kData + rnd(kDataSize) : rng();
      s.pred = rng();
      cpu_set_br(s, rnd(64), rnd(64), rnd(64));
      s.psz = rnd(32);
      s.pcur = rnd(s.psz + 1);
      cpu_sync_tb_flags(s);
      s.lsr = rng() & 0x1f3fffffffffULL;
      s.dbl = rnd(2);
      s.keep_hi = s.dbl ? 0 : 0xffffffff00000000ULL;
      for (int c = 1; c <= 3; c++) s.ctpr[c] = rnd(2) ? (kCode + rnd(kCodeSize)) | (uint64_t(rnd(8)) << 54) : rng();
      // Tag-aware and alignment-checking blocks too: a few tagged registers and predicates,
      // %upsr.ac sometimes set.
      std::memset(s.win_tag, 0, sizeof s.win_tag);
      std::memset(s.g_tag, 0, sizeof s.g_tag);
      s.pred_tag = 0;
      s.tags_live = 0;
      if (rnd(4) == 0) {
        for (int k = 0; k < 4; k++) s.win_tag[rnd(s.wsize)] = rnd(2) ? 0x5 : 0x1;
        s.g_tag[rnd(kGlobalRegs)] = 0x5;
        s.pred_tag = uint64_t(1) << rnd(32);
        s.tags_live = 1;
      }
      s.upsr = rnd(8) == 0 ? 0x5 : 0x1;
      std::memcpy(&cb->s, &ca->s, offsetof(E2kState, cpu));
      ca->pc = cb->pc = rnd(16) ? starts[rnd(starts.size())] : rng();
      ca->stat_bundles = cb->stat_bundles = 0;
      // Block by block (a budget of 2 runs exactly one block and turns JIT chaining off), so a
      // mismatch names the block that made it.
      const uint64_t blocks_max = 1 + rnd(64);
      ExitReason ra = ExitReason::Interrupted, rb = ExitReason::Interrupted;
      std::string diff;
      uint64_t block_pc = ca->pc;
      for (uint64_t k = 0; k < blocks_max && diff.empty() && ra == ExitReason::Interrupted; k++) {
        block_pc = ca->pc;
        ca->tb_budget = cb->tb_budget = 2;
        ra = cpu_run(ca);
        rb = cpu_run(cb);
        diff = compare(ca, cb, ra, rb);
      }
      const uint64_t start_pc = block_pc;
      runs++;
      bundles += ca->stat_bundles;
      const tcg::TranslationBlock *first_tb = ca->tbs->lookup_any(start_pc);
      if (!diff.empty() && first_tb != nullptr && reads_clock(first_tb->ir)) {
        clock_runs++;
        sync_memory();
        break;
      }
      if (!diff.empty()) {
        if (failures < 10)
          std::fprintf(stderr,
                       "jit-diff-e2k: seed %" PRIu64 " run %" PRIu64 " (%s, block pc 0x%" PRIx64
                       "%s): interpreter vs JIT: %s\n",
                       seed, runs - 1, model->name, start_pc, one_insn ? ", one insn per tb" : "", diff.c_str());
        const tcg::TranslationBlock *tb = first_tb;
        if (dump && failures < 3 && tb != nullptr) {
          std::fprintf(stderr, "code at 0x%" PRIx64 ":", start_pc);
          for (uint64_t k = start_pc; k < tb->end && k < start_pc + 256; k++)
            std::fprintf(stderr, " %02x", wa.mem.base[k & wa.mem.mask]);
          std::fprintf(stderr, "\nIR:\n%s\n", tcg::format_block(tb->ir, e2k_helpers()).c_str());
        }
        failures++;
        sync_memory();
        break;  // the two CPUs no longer agree: start a fresh pair
      }
      if (ra == ExitReason::Syscall) {
        syscalls++;
        int64_t ret = static_cast<int64_t>(rnd(2) ? rng() : rnd(10));
        cpu_syscall_return(ca, ret);
        cpu_syscall_return(cb, ret);
      } else if (ra == ExitReason::Exception) {
        exceptions++;
      } else {
        stops++;
      }
      if (rnd(200) == 0) {
        fill_code();
        sync_memory();
        cpu_invalidate_range(ca, kCode, kCodeSize);
        cpu_invalidate_range(cb, kCode, kCodeSize);
      }
    }
    cpu_destroy(ca);
    cpu_destroy(cb);
  }
  std::printf("jit-diff-e2k: seed %" PRIu64 ", %" PRIu64 " runs, %" PRIu64 " bundles (%" PRIu64 " syscalls, %" PRIu64
              " exceptions, %" PRIu64 " budget stops), corpus %zu bundles, %" PRIu64
              " clock-read differences skipped, %" PRIu64 " mismatches\n",
              seed, runs, bundles, syscalls, exceptions, stops, corpus.size(), clock_runs, failures);
  return failures == 0 ? 0 : 1;
}
