// Differential fuzz of the x86-64 JIT against the IR interpreter (the reference) on random,
// valid IR blocks built directly: every op of ir-ops.def at both widths, every Cond, shift
// counts beyond the width, division edge cases, env fields of every size, the indexed register
// file, guest loads/stores/probes on mapped, unmapped, read-only, write-only, code, page-crossing
// and out-of-window addresses, IEEE fadd/fsub/fmul/fdiv of both formats under random rounding
// modes and flags (two status words), forward branches, helper calls (pure, env-writing, stopping,
// memory-writing, RunContext-reading), raise and exit. Each block runs on both backends from
// identical state; the whole RunContext result, the env bytes, the guest memory window and the
// code-write notifications must agree.
//   jit-diff-ir [--seed N] [--blocks N] [--dump] [--inject N]
// --dump prints the first mismatching block; --inject N corrupts the JIT's env after block N
// (checks that the comparison can fail).
#include <cinttypes>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "tcg/interp.h"
#include "tcg/jit-x86_64.h"
#include "tcg/tb-cache.h"
#include "test-util.h"

using namespace tcg;

namespace {

constexpr unsigned kWindowBits = 16;  // 16 guest pages
constexpr unsigned kPages = 1u << (kWindowBits - 12);
constexpr size_t kEnvSize = 1024;
constexpr int64_t kEnvFields = 0;      // [0, 512): scalar fields read/written at random
constexpr int64_t kEnvRegs = 512;      // [512, 768): 32 u64 registers for ld_envx/st_envx
constexpr int64_t kEnvDump = 768;      // [768, 1024): temps stored before leaving
constexpr unsigned kLiveTemps = 32;    // temps 1..32 always defined; dumped at each exit
// FP status words (MXCSR layout) for fadd/fsub/fmul/fdiv: inside the scalar field area, so
// random ld_env/st_env also read and overwrite them (random initial rounding mode and flags).
constexpr int64_t kFpStatus[] = {kEnvFields + 128, kEnvFields + 260};

struct CodeWrite {
  uint64_t addr, len;
  bool operator==(const CodeWrite &o) const { return addr == o.addr && len == o.len; }
};

void note_code_write(RunContext *ctx, uint64_t addr, uint64_t len) {
  static_cast<std::vector<CodeWrite> *>(ctx->user)->push_back({addr, len});
}

// Helpers. They must be deterministic functions of (args, env, memory, ctx) so both backends
// see the same effects.
uint64_t h_mix(RunContext *, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
  return (a * 0x9e3779b97f4a7c15ULL) ^ (b >> 7) ^ (c << 3) ^ ~d;
}
uint64_t h_env_poke(RunContext *ctx, uint64_t a, uint64_t b, uint64_t c, uint64_t) {
  ctx->env[kEnvFields + (a & 0x1f8)] ^= static_cast<uint8_t>(b);  // a field the block may have cached
  return c + 1;
}
uint64_t h_stop_if(RunContext *ctx, uint64_t a, uint64_t b, uint64_t, uint64_t) {
  if ((a & 3) == 0) ctx->stop = true;
  return b;
}
uint64_t h_mem_store(RunContext *ctx, uint64_t a, uint64_t b, uint64_t, uint64_t) {
  bool code = false;
  bool ok = guest_store(*ctx->mem, a, 8, b, &code);
  if (ok && code && ctx->code_written != nullptr) ctx->code_written(ctx, a, 8);
  return ok ? 1 : 0;
}
uint64_t h_ctx_read(RunContext *ctx, uint64_t a, uint64_t, uint64_t, uint64_t) {
  return ctx->insn_pc ^ (ctx->insns << 40) ^ a;  // the current guest pc is visible to helpers
}
const HelperInfo kHelpers[] = {
    {"mix", &h_mix}, {"env_poke", &h_env_poke}, {"stop_if", &h_stop_if},
    {"mem_store", &h_mem_store}, {"ctx_read", &h_ctx_read},
};
constexpr unsigned kNumHelpers = sizeof kHelpers / sizeof kHelpers[0];

const Opc kBinOps[] = {Opc::add,  Opc::sub,  Opc::mul,  Opc::and_, Opc::or_,  Opc::xor_, Opc::andc,
                       Opc::orc,  Opc::xorc, Opc::shl,  Opc::shr,  Opc::sar,  Opc::rotl, Opc::rotr,
                       Opc::divu, Opc::divs, Opc::remu, Opc::rems, Opc::mulhu, Opc::mulhs};
const Opc kUnOps[] = {Opc::neg,   Opc::not_,   Opc::ext8s, Opc::ext16s, Opc::ext32s,
                      Opc::ext8u, Opc::ext16u, Opc::ext32u, Opc::clz,   Opc::ctpop, Opc::mov};

class Gen {
 public:
  Gen(std::mt19937_64 &rng, Block &blk, uint64_t window_size, const std::vector<uint8_t> &flags)
      : r_(rng), blk_(blk), b_(blk), wsize_(window_size), flags_(flags) {}

  void build() {
    for (unsigned i = 0; i < kLiveTemps; i++) {
      Temp t = b_.temp();  // temps 1..kLiveTemps
      if (pick(4) == 0) {
        Op &op = b_.emit(Opc::ld_env);
        op.args[0] = t;
        op.imm = kEnvFields + 8 * pick(64);
        op.size = 8;
      } else {
        Op &op = b_.emit(Opc::movi);
        op.args[0] = t;
        op.imm = static_cast<int64_t>(value());
      }
    }
    b_.insn_start(0x10000 + 8 * pick(512));
    unsigned n = 4 + pick(60);
    for (unsigned i = 0; i < n; i++) {
      step();
      while (!pending_.empty() && pending_.back().second <= i) {
        b_.label(pending_.back().first);
        pending_.pop_back();
      }
    }
    while (!pending_.empty()) {
      b_.label(pending_.back().first);
      pending_.pop_back();
    }
    leave();
    blk_.finalize();
  }

 private:
  std::mt19937_64 &r_;
  Block &blk_;
  Builder b_;
  uint64_t wsize_;
  const std::vector<uint8_t> &flags_;
  std::vector<std::pair<uint32_t, unsigned>> pending_;  // (label, step index to place it after), last = soonest
  unsigned step_ = 0;

  uint64_t pick(uint64_t n) { return r_() % n; }
  Temp live() { return static_cast<Temp>(1 + pick(kLiveTemps)); }
  bool coin() { return (r_() & 1) != 0; }

  uint64_t value() {
    static const uint64_t kSpecial[] = {0,
                                        1,
                                        2,
                                        ~0ULL,
                                        0x7fffffffULL,
                                        0x80000000ULL,
                                        0xffffffffULL,
                                        0xffffffff80000000ULL,
                                        0x7fffffffffffffffULL,
                                        0x8000000000000000ULL,
                                        31,
                                        32,
                                        33,
                                        63,
                                        64,
                                        65,
                                        127,
                                        0x100000000ULL,
                                        0xffffffff7fffffffULL};
    switch (pick(4)) {
      case 0: return kSpecial[pick(sizeof kSpecial / sizeof kSpecial[0])];
      case 1: return pick(256) - 128;
      case 2: return r_() >> pick(64);
      default: return r_();
    }
  }

  // A guest address: any page of the window (whatever its flags), near a page end (crossing),
  // just past the window, far outside it, or a random temp.
  uint64_t address(unsigned size, uint8_t need) {
    uint64_t page = pick(kPages) << 12;
    if (pick(4) != 0) {  // mostly a page that allows the access, so blocks run on past it
      for (unsigned tries = 0; tries < kPages; tries++, page = pick(kPages) << 12)
        if ((flags_[page >> 12] & (need | e2k::PAGE_VALID)) == (need | e2k::PAGE_VALID)) break;
      return page + pick(4096 / size) * size;
    }
    switch (pick(8)) {
      case 0:
      case 1: return page + pick(4096 / size) * size;                  // aligned
      case 2: return page + pick(4096);                               // any
      case 3: return page + 4096 - size + pick(size + 2) - 1;         // around the page end
      case 4: return wsize_ - pick(16);                               // window end
      case 5: return wsize_ + page + pick(4096);                      // just outside
      case 6: return (r_() | 0x8000000000000000ULL) + pick(2);        // far outside
      default: return ~0ULL - pick(8);                                // wraps around
    }
  }
  Temp addr_temp(unsigned size, uint8_t need) {
    uint64_t a = address(size, need);
    if (coin()) return b_.movi(static_cast<int64_t>(a));
    // base + offset through a register, so the address arithmetic is part of the block
    int64_t off = static_cast<int64_t>(pick(64)) - 32;
    Temp base = b_.movi(static_cast<int64_t>(a - static_cast<uint64_t>(off)));
    return b_.bin(Opc::add, base, b_.movi(off));
  }
  uint8_t size() { return static_cast<uint8_t>(1u << pick(4)); }
  Cond cond() { return static_cast<Cond>(pick(10)); }
  Temp dest() { return coin() ? live() : b_.temp(); }
  void set(Temp d, Temp v) {
    if (d != v) b_.mov_to(d, v);
  }

  // Stores every live temp to the dump area, so the final temp values are compared too.
  void dump() {
    for (unsigned i = 0; i < kLiveTemps; i++) b_.st_env(kEnvDump + 8 * i, 1 + i);
  }
  void leave() {
    dump();
    if (pick(8) == 0) {
      b_.raise(static_cast<int64_t>(pick(64)));
    } else {
      b_.exit(live());
    }
  }

  void step() {
    step_++;
    Temp d;
    switch (pick(25)) {
      case 0:
      case 1:
      case 2:
      case 3: {
        Op &op = b_.emit(kBinOps[pick(sizeof kBinOps / sizeof kBinOps[0])]);
        if (op_info(op.opc).flags & IRF_TYPED) op.i32 = coin();
        op.args[0] = dest();
        op.args[1] = live();
        op.args[2] = live();
        break;
      }
      case 4: {
        Opc opc = kUnOps[pick(sizeof kUnOps / sizeof kUnOps[0])];
        Op &op = b_.emit(opc);
        if (op_info(opc).flags & IRF_TYPED) op.i32 = coin();
        op.args[0] = dest();
        op.args[1] = live();
        break;
      }
      case 5: {  // an immediate operand (the backend may fold it into the instruction)
        Opc opc = kBinOps[pick(sizeof kBinOps / sizeof kBinOps[0])];
        Temp k = b_.movi(static_cast<int64_t>(value()));
        Temp x = live();
        bool i32 = coin();
        d = dest();
        set(d, coin() ? b_.bin(opc, x, k, i32) : b_.bin(opc, k, x, i32));
        break;
      }
      case 6: {
        Temp y = coin() ? live() : b_.movi(static_cast<int64_t>(value()));  // before the setcond
        Op &op = b_.emit(Opc::setcond);
        op.i32 = coin();
        op.cc = cond();
        op.args[0] = dest();
        op.args[1] = live();
        op.args[2] = y;
        break;
      }
      case 7: {
        Op &op = b_.emit(Opc::movcond);
        op.args[0] = dest();
        op.args[1] = live();
        op.args[2] = live();
        op.args[3] = live();
        break;
      }
      case 8: {  // env fields of every size, also unaligned
        uint8_t sz = size();
        int64_t off = kEnvFields + static_cast<int64_t>(pick(512 - sz + 1));
        if (coin()) {
          d = dest();
          set(d, b_.ld_env(off, sz));
        } else {
          b_.st_env(off, live(), sz);
        }
        break;
      }
      case 9: {  // indexed register file: index = (x & 31) or a constant
        Temp idx = coin() ? b_.bin(Opc::and_, live(), b_.movi(31)) : b_.movi(static_cast<int64_t>(pick(32)));
        if (coin()) {
          d = dest();
          set(d, b_.ld_envx(kEnvRegs, idx));
        } else {
          b_.st_envx(kEnvRegs, idx, live());
        }
        break;
      }
      case 10:
      case 11: {
        uint8_t sz = size();
        Temp a = addr_temp(sz, e2k::PAGE_READ);
        d = dest();
        set(d, b_.qld(a, sz, coin()));
        break;
      }
      case 12: {
        uint8_t sz = size();
        Temp a = addr_temp(sz, e2k::PAGE_READ);
        d = dest();
        set(d, b_.qld_nf(a, sz, static_cast<int64_t>(value())));
        break;
      }
      case 13:
      case 14: {
        uint8_t sz = size();
        b_.qst(addr_temp(sz, e2k::PAGE_WRITE), live(), sz);
        break;
      }
      case 15: {
        uint8_t sz = size();
        b_.qprobe_w(addr_temp(sz, e2k::PAGE_WRITE), sz);
        break;
      }
      case 16: {
        unsigned h = static_cast<unsigned>(pick(kNumHelpers));
        Temp a0 = live();
        if (h == 3) a0 = addr_temp(8, e2k::PAGE_WRITE);  // mem_store: mostly meaningful addresses
        d = dest();
        set(d, b_.call(static_cast<int>(h), a0, live(), live(), live()));
        break;
      }
      case 17: {  // forward branch over the next few steps
        uint32_t l = b_.new_label();
        if (pick(4) == 0) {
          b_.br(l);
        } else {
          Temp y = coin() ? live() : b_.movi(static_cast<int64_t>(value()));
          b_.brcond(cond(), live(), y, l, coin());
        }
        unsigned at = step_ + static_cast<unsigned>(pick(6));
        // keep labels properly ordered: a new label never lands after an older pending one
        if (!pending_.empty() && pending_.back().second < at) at = pending_.back().second;
        pending_.push_back({l, at > 0 ? at - 1 : 0});
        break;
      }
      case 18: {  // a conditional early exit or raise
        uint32_t l = b_.new_label();
        b_.brcond(cond(), live(), live(), l, coin());
        leave();
        b_.label(l);
        break;
      }
      case 19:
      case 20:
      case 21: {  // a run of IEEE ops, mostly on one status word, results feeding later ops
        const Opc kFpOps[] = {Opc::fadd, Opc::fsub, Opc::fmul, Opc::fdiv};
        int64_t status = kFpStatus[pick(8) == 0 ? 1 : 0];
        int64_t other = status == kFpStatus[0] ? kFpStatus[1] : kFpStatus[0];  // switches status words
        unsigned n = 1 + static_cast<unsigned>(pick(4));
        Temp prev = fp_value();
        for (unsigned i = 0; i < n; i++) {
          Temp x = coin() ? prev : fp_value(), y = fp_value();
          if (coin()) std::swap(x, y);
          prev = b_.fbin(kFpOps[pick(4)], x, y, coin(), pick(16) == 0 ? other : status);
          if (pick(4) == 0) b_.bin(Opc::add, live(), live());  // integer work inside the run
        }
        d = dest();
        set(d, prev);
        break;
      }
      case 22:
      case 23: {  // a bundle's stores: probes first, then the stores to the same addresses (the
                  // backend may skip rechecks), sometimes with a label, a call or a redefinition between
        uint8_t sz = size();
        Temp a1 = addr_temp(sz, e2k::PAGE_WRITE), a2 = addr_temp(sz, e2k::PAGE_WRITE);
        uint32_t skip = b_.new_label();
        bool conditional = pick(4) == 0;
        if (conditional) b_.brcond(cond(), live(), live(), skip, coin());
        b_.qprobe_w(a1, sz);
        if (coin()) b_.qprobe_w(a2, sz);
        if (conditional) b_.label(skip);
        switch (pick(6)) {
          case 0: b_.call(0, live(), live(), live(), live()); break;
          case 1: b_.mov_to(a2, b_.bin(Opc::add, a2, b_.movi(static_cast<int64_t>(pick(16)) - 8))); break;
          case 2: b_.bin(Opc::xor_, live(), live()); break;
          default: break;
        }
        b_.qst(a1, live(), sz);
        if (coin()) b_.qst(a2, live(), sz);
        if (coin()) b_.qst(a1, live(), sz);
        break;
      }
      default:
        b_.insn_start(0x10000 + 8 * pick(512));
        break;
    }
  }

  // An FP operand: a live temp (random bits) or an interesting binary32/binary64 constant.
  Temp fp_value() {
    static const uint64_t kFp[] = {
        0,                      0x8000000000000000ULL,  0x3ff0000000000000ULL,  0xbff8000000000000ULL,
        0x7ff0000000000000ULL,  0xfff0000000000000ULL,  0x7ff8000000000000ULL,  0x7ff4000000000001ULL,
        0xfff8000000000123ULL,  0x0000000000000001ULL,  0x000fffffffffffffULL,  0x0010000000000000ULL,
        0x7fefffffffffffffULL,  0x3fb999999999999aULL,  0x4330000000000001ULL,  0x3f800000,
        0xbf800000,             0x7f800000,             0xff800000,             0x7fc00000,
        0x7fa00001,             0xffc00123,             0x00000001,             0x007fffff,
        0x00800000,             0x7f7fffff,             0x3dcccccd,             0x4b000001,
        0x3ea8f5c3ffffffffULL,  0xffffffff80000000ULL};
    if (pick(3) == 0) return live();
    return b_.movi(static_cast<int64_t>(kFp[pick(sizeof kFp / sizeof kFp[0])]));
  }
};

struct Machine {
  test::Window w{kWindowBits};
  std::vector<uint8_t> env = std::vector<uint8_t>(kEnvSize);
  std::vector<CodeWrite> writes;
  RunContext ctx;

  void reset(const std::vector<uint8_t> &env0, const std::vector<uint8_t> &mem0, const std::vector<uint8_t> &flags0) {
    env = env0;
    std::memcpy(w.mem.base, mem0.data(), mem0.size());
    w.flags = flags0;
    w.mem.page_flags = w.flags.data();
    writes.clear();
    ctx = RunContext();
    ctx.env = env.data();
    ctx.mem = &w.mem;
    ctx.helpers = kHelpers;
    ctx.code_written = &note_code_write;
    ctx.user = &writes;
    ctx.insns = 7;  // never reset by a run: both must add to it
    ctx.insn_pc = 0x1234;
  }
};

const char *status_name(RunStatus s) {
  switch (s) {
    case RunStatus::Exit: return "exit";
    case RunStatus::Stop: return "stop";
    case RunStatus::Raise: return "raise";
    case RunStatus::Fault: return "fault";
  }
  return "?";
}

// Returns an empty string when both agree, else a description of the first difference.
std::string compare(const Machine &a, const Machine &b) {
  char buf[256];
  const RunContext &x = a.ctx, &y = b.ctx;
  if (x.status != y.status) {
    std::snprintf(buf, sizeof buf, "status %s vs %s", status_name(x.status), status_name(y.status));
    return buf;
  }
  auto field = [&](const char *name, uint64_t u, uint64_t v) -> std::string {
    if (u == v) return "";
    std::snprintf(buf, sizeof buf, "%s 0x%" PRIx64 " vs 0x%" PRIx64, name, u, v);
    return buf;
  };
  std::string s;
  if (x.status == RunStatus::Exit && !(s = field("next_pc", x.next_pc, y.next_pc)).empty()) return s;
  if (x.status == RunStatus::Raise && !(s = field("raise_code", static_cast<uint64_t>(x.raise_code),
                                                  static_cast<uint64_t>(y.raise_code))).empty())
    return s;
  if (x.status == RunStatus::Fault) {
    if (!(s = field("fault_addr", x.fault_addr, y.fault_addr)).empty()) return s;
    if (!(s = field("fault_write", x.fault_write, y.fault_write)).empty()) return s;
  }
  if (!(s = field("insn_pc", x.insn_pc, y.insn_pc)).empty()) return s;
  if (!(s = field("insns", x.insns, y.insns)).empty()) return s;
  for (size_t i = 0; i < kEnvSize; i++) {
    if (a.env[i] != b.env[i]) {
      size_t f = i & ~size_t(7);
      uint64_t u, v;
      std::memcpy(&u, &a.env[f], 8);
      std::memcpy(&v, &b.env[f], 8);
      std::snprintf(buf, sizeof buf, "env+%zu (u64 at %zu%s): 0x%" PRIx64 " vs 0x%" PRIx64, i, f,
                    f >= static_cast<size_t>(kEnvDump) ? ", a dumped temp" : "", u, v);
      return buf;
    }
  }
  if (std::memcmp(a.w.mem.base, b.w.mem.base, a.w.mem.size) != 0) {
    for (uint64_t i = 0; i < a.w.mem.size; i++)
      if (a.w.mem.base[i] != b.w.mem.base[i]) {
        std::snprintf(buf, sizeof buf, "guest memory at 0x%" PRIx64 ": 0x%02x vs 0x%02x", i, a.w.mem.base[i],
                      b.w.mem.base[i]);
        return buf;
      }
  }
  if (!(a.writes == b.writes)) {
    std::snprintf(buf, sizeof buf, "code_written calls: %zu vs %zu", a.writes.size(), b.writes.size());
    return buf;
  }
  return "";
}

}  // namespace

int main(int argc, char **argv) {
  uint64_t seed = 1, blocks = 20000;
  bool dump = false;
  uint64_t inject = ~0ULL;
  for (int i = 1; i < argc; i++) {
    if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 0);
    else if (!std::strcmp(argv[i], "--blocks") && i + 1 < argc) blocks = std::strtoull(argv[++i], nullptr, 0);
    else if (!std::strcmp(argv[i], "--dump")) dump = true;
    else if (!std::strcmp(argv[i], "--inject") && i + 1 < argc) inject = std::strtoull(argv[++i], nullptr, 0);
    else {
      std::fprintf(stderr, "jit-diff-ir: unknown option %s (use --seed N, --blocks N, --dump, --inject N)\n", argv[i]);
      return 2;
    }
  }
  std::mt19937_64 rng(seed);
  Machine ref, jit;
  const uint64_t wsize = ref.w.mem.size;
  std::vector<uint8_t> env0(kEnvSize), mem0(wsize), flags0(kPages);
  static const uint8_t kFlagChoices[] = {
      0,
      e2k::PAGE_VALID,
      e2k::PAGE_VALID | e2k::PAGE_READ,
      e2k::PAGE_VALID | e2k::PAGE_WRITE,
      e2k::PAGE_VALID | e2k::PAGE_READ | e2k::PAGE_WRITE,
      e2k::PAGE_VALID | e2k::PAGE_READ | e2k::PAGE_WRITE,
      e2k::PAGE_VALID | e2k::PAGE_READ | e2k::PAGE_WRITE,
      e2k::PAGE_VALID | e2k::PAGE_READ | e2k::PAGE_EXEC,
      e2k::PAGE_VALID | e2k::PAGE_READ | e2k::PAGE_WRITE | e2k::PAGE_CODE,
      e2k::PAGE_READ | e2k::PAGE_WRITE,  // flags without VALID: unmapped
  };
  uint64_t failures = 0, refused = 0;
  uint64_t by_status[4] = {};
  for (uint64_t n = 0; n < blocks; n++) {
    for (auto &f : flags0) f = kFlagChoices[rng() % (sizeof kFlagChoices)];
    auto tb = std::make_unique<TranslationBlock>();
    tb->pc = 0x10000;
    Gen(rng, tb->ir, wsize, flags0).build();
    for (auto &b : env0) b = static_cast<uint8_t>(rng());
    for (size_t i = 0; i < wsize; i += 8) {
      uint64_t v = rng();
      std::memcpy(&mem0[i], &v, 8);
    }
    ref.reset(env0, mem0, flags0);
    jit.reset(env0, mem0, flags0);
    interpret(tb->ir, ref.ctx);
    if (!jit_compile(*tb, jit.ctx)) refused++;
    jit_run(*tb, jit.ctx);
    if (n == inject) jit.env[n % kEnvSize] ^= 0x40;
    by_status[static_cast<unsigned>(ref.ctx.status)]++;
    std::string diff = compare(ref, jit);
    if (!diff.empty()) {
      if (failures < 10) {
        std::fprintf(stderr, "jit-diff-ir: seed %" PRIu64 " block %" PRIu64 ": interpreter vs JIT: %s\n", seed, n,
                     diff.c_str());
        if (dump && failures == 0) std::fprintf(stderr, "%s\n", format_block(tb->ir, kHelpers).c_str());
      }
      failures++;
    }
  }
  std::printf("jit-diff-ir: seed %" PRIu64 ", %" PRIu64 " blocks (exit %" PRIu64 ", stop %" PRIu64 ", raise %" PRIu64
              ", fault %" PRIu64 "), %" PRIu64 " refused by the JIT, %" PRIu64 " mismatches\n",
              seed, blocks, by_status[0], by_status[1], by_status[2], by_status[3], refused, failures);
  if (refused != 0) std::fprintf(stderr, "jit-diff-ir: the JIT refused %" PRIu64 " valid blocks\n", refused);
  return failures == 0 && refused == 0 ? 0 : 1;
}
