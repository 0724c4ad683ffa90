// Helper functions called from translated code (contracts in helpers.def). A helper that
// raises a guest exception records it with cpu_raise and sets ctx->stop.
#include "target/e2k/helpers.h"

#include <ctime>

#include "tcg/interp.h"
#include "target/e2k/aau.h"
#include "target/e2k/cpu-state.h"
#include "target/e2k/fpu.h"
#include "target/e2k/packed.h"
#include "target/e2k/tags.h"
#include "target/e2k/tb-flags.h"

namespace e2k {

using tcg::RunContext;

namespace {

E2kState &st(RunContext *ctx) { return *reinterpret_cast<E2kState *>(ctx->env); }
CPUState *cpu_of(RunContext *ctx) { return st(ctx).cpu; }

uint64_t raise_in(RunContext *ctx, int code, uint64_t addr, const char *reason) {
  cpu_raise(cpu_of(ctx), code, ctx->insn_pc, addr, reason);
  ctx->stop = true;
  return 0;
}

}  // namespace

static uint64_t helper_setwd(RunContext *ctx, uint64_t lts0, uint64_t, uint64_t, uint64_t) {
  E2kState &s = st(ctx);
  uint64_t wsz = (lts0 >> 5) & 0x7f;
  if (wsz > 112) return raise_in(ctx, EXCP_ILLEGAL_OPCODE, ctx->insn_pc, "setwd: window larger than 112 quads");
  if (2 * wsz < s.psize) return raise_in(ctx, EXCP_ILLEGAL_OPCODE, ctx->insn_pc, "setwd: window smaller than psize");
  uint64_t old = s.wsize;
  s.wsize = 2 * wsz;
  // Registers above the window are kept zero (cpu.cpp), so newly visible ones read as zero
  // (undefined on hardware); those that leave the window are cleared.
  for (uint64_t i = s.wsize; i < old; i++) s.win[i] = s.win_hi[i] = s.win_tag[i] = 0;
  s.fx = ((lts0 >> 4) & 1) ? 0 : 1;
  s.dbl = s.iset >= 3 ? (lts0 >> 3) & 1 : 0;
  s.keep_hi = s.dbl ? 0 : 0xffffffff00000000ULL;
  return 0;
}

void cpu_set_br(E2kState &s, uint64_t rbs, uint64_t rsz, uint64_t rcur) {
  cpu_set_br_valid(s, rbs, rsz, rcur % (rsz + 1));
}

static uint64_t helper_gettsd(RunContext *ctx, uint64_t n, uint64_t, uint64_t, uint64_t) {
  st(ctx).ctpr[n & 3] = 0;  // no TSD in user mode: an empty ctpr
  return 0;
}

static uint64_t helper_ct(RunContext *ctx, uint64_t n, uint64_t pc, uint64_t, uint64_t) {
  CPUState *cpu = cpu_of(ctx);
  uint64_t c = cpu->s.ctpr[n & 3];
  uint64_t tag = (c >> kCtprTagShift) & 7;
  if (tag == CTPR_DISP) return c & kCtprBaseMask;
  if (tag == CTPR_RETURN) {
    uint64_t next;
    if (!cpu_do_return(cpu, &next)) {
      ctx->stop = true;
      cpu->exc.pc = pc;
      return 0;
    }
    if (cpu->s.tags_live) ctx->stop_chaining();  // restored tags: back to the CPU loop
    return next;
  }
  return raise_in(ctx, EXCP_ILLEGAL_OPCODE, pc, tag == CTPR_SDISP ? "ct through an sdisp ctpr" : "ct through an empty ctpr");
}

static uint64_t helper_call(RunContext *ctx, uint64_t n, uint64_t wbs, uint64_t ret_pc, uint64_t) {
  CPUState *cpu = cpu_of(ctx);
  uint64_t c = cpu->s.ctpr[n & 3];
  uint64_t tag = (c >> kCtprTagShift) & 7;
  if (tag != CTPR_DISP && tag != CTPR_SDISP)
    return raise_in(ctx, EXCP_ILLEGAL_OPCODE, ctx->insn_pc, "call through a ctpr that is not disp/sdisp");
  bool sys = tag == CTPR_SDISP;
  if (!cpu_do_call(cpu, static_cast<unsigned>(2 * wbs), c & kCtprBaseMask, ret_pc, sys)) {
    cpu->exc.pc = ctx->insn_pc;
    ctx->stop = true;
    return 0;
  }
  if (sys) {
    cpu->in_syscall = true;
    cpu->syscall_nr_override = c & 0x1f;  // trap number
    ctx->stop = true;
    return ret_pc;
  }
  return c & kCtprBaseMask;
}

// State registers (ISA.md §12).
static bool user_writable(uint64_t r) {
  switch (r) {
    case 0x80: case 0x83: case 0x84: case 0x85: case 0x86: case 0x87: case 0x92: case 0x9c: case 0x9d:
    case 0xa0: case 0xa1: case 0xa2: case 0xc0: case 0xc3: case 0xc7:
      return true;
    default:
      return false;
  }
}

// %br and %cr1.hi.br pack the rotation as the translation-block flags do (tb-flags.h).
static uint64_t br_value(uint64_t rbs, uint64_t rsz, uint64_t rcur, uint64_t psz, uint64_t pcur) {
  return tb_flags_br(rbs, rsz, rcur, psz, pcur);
}

static uint64_t helper_rrd(RunContext *ctx, uint64_t r, uint64_t pc, uint64_t, uint64_t) {
  CPUState *cpu = cpu_of(ctx);
  E2kState &s = cpu->s;
  const ChainFrame *top = cpu->pcs.empty() ? nullptr : &cpu->pcs.back();
  switch (r) {
    case 0x00: return s.psr;
    case 0x01: return (s.wsize / 2 * 0) | ((s.wsize * 8) << 16) | ((s.psize * 8) << 32) | (s.fx << 48) | (s.dbl << 49);
    case 0x06: case 0x0b: case 0x13: return 0;  // %cwd, %pshtp, %pcshtp: everything is "spilled"
    case 0x07: return (cpu->ps_limit * 16) << 32 | (cpu->ps.size() * 8);
    case 0x09: return cpu->ps_base;
    case 0x0d: return (cpu->pcs_limit * 32) << 32 | (cpu->pcs.size() * 32);
    case 0x0f: return cpu->pcs_base;
    case 0x15: case 0x16: case 0x17: return s.ctpr[r - 0x14];
    case 0x1e: return s.sbr;
    case 0x2c: return ((s.usd_lo - s.stack_limit) << 32);
    case 0x2d: return s.usd_lo | (uint64_t(3) << 59);
    case 0x51: return top ? top->ret_pc : 0;
    case 0x53: return top ? top->pred : 0;
    case 0x55: return top ? br_value(top->rbs, top->rsz, top->rcur, top->psz, top->pcur) | (top->dbl << 35) : 0;
    case 0x57: return top ? cpu_cr1_lo(top->wbs, top->psize, top->fx) : 0;
    case 0x80: return s.upsr;
    case 0x81: return pc;
    case 0x83: return s.lsr;
    case 0x84: return s.pfpfr;
    case 0x85: return s.fpcr;
    case 0x86: return s.fpsr;
    case 0x87: return s.ilcr;
    case 0x88: return br_value(s.rbs, s.rsz, s.rcur, s.psz, s.pcur);
    case 0x8a: {
      static const uint64_t mdl[7] = {0, 0, 2, 3, 7, 9, 0xb};
      return s.iset <= 6 ? mdl[s.iset] : 0;
    }
    case 0x90: case 0x92: {
      timespec ts;
      clock_gettime(CLOCK_MONOTONIC, &ts);
      return static_cast<uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<uint64_t>(ts.tv_nsec);
    }
    case 0xc3: return s.lsr1;
    case 0xc7: return s.ilcr1;
    default:
      return raise_in(ctx, EXCP_ILLEGAL_OPCODE, pc, "rrd of an unknown state register");
  }
}

static uint64_t helper_rwd(RunContext *ctx, uint64_t r, uint64_t v, uint64_t is32, uint64_t) {
  E2kState &s = st(ctx);
  if (is32) v &= 0xffffffff;
  if (!user_writable(r)) {
    bool known = r <= 0x7f || r == 0x88 || r == 0x89 || r == 0x90 || r == 0x91;
    if (known) return raise_in(ctx, EXCP_PRIV_ACTION, ctx->insn_pc, "write of a privileged state register");
    return raise_in(ctx, EXCP_ILLEGAL_OPCODE, ctx->insn_pc, "write of an unknown or read-only state register");
  }
  switch (r) {
    case 0x80:
      // a new %upsr.ac changes how blocks are translated (TB_FLAG_ALIGN_CHECK): the next one
      // comes from the CPU loop
      if ((s.upsr ^ v) & kUpsrAc) ctx->stop_chaining();
      s.upsr = v;
      cpu_sync_tb_flags(s);
      break;
    case 0x83: s.lsr = v; break;
    case 0x84: s.pfpfr = v; break;
    case 0x85: s.fpcr = v; break;
    case 0x86: s.fpsr = v; break;
    case 0x87: s.ilcr = v; break;
    case 0xc3: s.lsr1 = v; break;
    case 0xc7: s.ilcr1 = v; break;
    default: break;  // tir/rpr/sbbp/upsrm/sclkr: accepted, no effect in user mode
  }
  return 0;
}

static uint64_t helper_getsp(RunContext *ctx, uint64_t src2, uint64_t, uint64_t, uint64_t) {
  E2kState &s = st(ctx);
  int64_t delta = static_cast<int64_t>(static_cast<int32_t>(src2)) & ~int64_t(0xf);
  uint64_t nb = s.usd_lo + static_cast<uint64_t>(delta);
  if (delta < 0 && (nb < s.stack_limit || nb > s.usd_lo))
    return raise_in(ctx, EXCP_ARRAY_BOUNDS, nb, "getsp beyond the user data stack");
  s.usd_lo = nb;
  return nb;
}

static uint64_t helper_raise(RunContext *ctx, uint64_t code, uint64_t addr, uint64_t, uint64_t) {
  return raise_in(ctx, static_cast<int>(code), addr,
                  code == EXCP_INSTR_PAGE          ? "instruction fetch from an unmapped or non-executable page"
                  : code == EXCP_ADDR_NOT_ALIGNED ? "misaligned access with %upsr.ac set"
                                                  : "exception");
}

static uint64_t helper_fpop(RunContext *ctx, uint64_t op, uint64_t a, uint64_t b, uint64_t) {
  return fp_op(st(ctx), static_cast<FpOp>(op), a, b);
}

static uint64_t helper_fxop(RunContext *ctx, uint64_t a, uint64_t l1, uint64_t l2, uint64_t h2) {
  E2kState &s = st(ctx);
  return fx_op(s, static_cast<FxOp>(a & 0xff), l1, (a >> 16) & 0xffff, l2, h2 & 0xffff, &s.scratch_hi);
}

static uint64_t helper_fxcmp(RunContext *ctx, uint64_t a, uint64_t l1, uint64_t l2, uint64_t h2) {
  return fx_cmp(st(ctx), static_cast<unsigned>(a & 15), l1, (a >> 16) & 0xffff, l2, h2 & 0xffff);
}

static uint64_t helper_fcmpf(RunContext *ctx, uint64_t k, uint64_t a, uint64_t b, uint64_t) {
  return fp_cmp_flags(st(ctx), k & 1, (k & 2) != 0, a, b);
}

static uint64_t helper_fxcvt(RunContext *ctx, uint64_t k, uint64_t lo, uint64_t hi, uint64_t) {
  E2kState &s = st(ctx);
  switch (static_cast<FxCvt>(k)) {
    case FxCvt::from_d: return fx_from_double(s, lo, &s.scratch_hi);
    case FxCvt::from_s: return fx_from_single(s, lo, &s.scratch_hi);
    case FxCvt::to_d: return fx_to_double(s, lo, hi);
    case FxCvt::to_s: return fx_to_single(s, lo, hi);
    case FxCvt::to_i32: return fx_to_int(s, lo, hi, false, false);
    case FxCvt::to_i32tr: return fx_to_int(s, lo, hi, false, true);
    case FxCvt::to_i64: return fx_to_int(s, lo, hi, true, false);
    case FxCvt::to_i64tr: return fx_to_int(s, lo, hi, true, true);
    case FxCvt::from_i32: return fx_from_int(s, lo, false, &s.scratch_hi);
    case FxCvt::from_i64: return fx_from_int(s, lo, true, &s.scratch_hi);
  }
  return 0;
}

static uint64_t helper_bitrev(RunContext *, uint64_t v, uint64_t width, uint64_t, uint64_t) {
  uint64_t r = 0;
  for (unsigned i = 0; i < width; i++) r |= ((v >> i) & 1) << (width - 1 - i);
  return r;
}

static uint64_t helper_pfop(RunContext *ctx, uint64_t op, uint64_t a, uint64_t b, uint64_t) {
  E2kState &s = st(ctx);
  uint64_t lo = fp_op(s, static_cast<FpOp>(op), a & 0xffffffff, b & 0xffffffff) & 0xffffffff;
  uint64_t hi = fp_op(s, static_cast<FpOp>(op), a >> 32, b >> 32) & 0xffffffff;
  return lo | (hi << 32);
}

static uint64_t helper_packed(RunContext *ctx, uint64_t mn, uint64_t a, uint64_t b, uint64_t) {
  return packed_op(st(ctx), static_cast<Mn>(mn), a, b);
}

static uint64_t helper_packed3(RunContext *, uint64_t k, uint64_t a, uint64_t b, uint64_t c) {
  return packed3_op(static_cast<Mn>(k & 0xffff), static_cast<unsigned>(k >> 16), a, b, c);
}

static uint64_t helper_plog(RunContext *, uint64_t table, uint64_t a, uint64_t b, uint64_t c) {
  return plog_op(static_cast<unsigned>(table), a, b, c);
}

static uint64_t helper_fma(RunContext *ctx, uint64_t k, uint64_t a, uint64_t b, uint64_t c) {
  E2kState &s = st(ctx);
  bool dbl = k & 1, negp = k & 2, negc = k & 4;
  if (!(k & 8)) return fp_fma(s, dbl, negp, negc, a, b, c);
  uint64_t lo = fp_fma(s, false, negp, negc, a, b, c) & 0xffffffffu;
  bool negc1 = (k & 16) ? !negc : negc;
  uint64_t hi = fp_fma(s, false, negp, negc1, a >> 32, b >> 32, c >> 32) & 0xffffffffu;
  return lo | (hi << 32);
}

static uint64_t helper_lock_load(RunContext *ctx, uint64_t addr, uint64_t size, uint64_t, uint64_t) {
  E2kState &s = st(ctx);
  uint64_t v;
  if (!tcg::guest_load(*ctx->mem, addr, static_cast<unsigned>(size), &v))
    return raise_in(ctx, EXCP_DATA_PAGE, addr, "lock load from an unmapped page");
  s.lock_addr = addr;
  s.lock_value = v;
  s.lock_valid = 1;
  return v;
}

static uint64_t helper_lock_store(RunContext *ctx, uint64_t addr, uint64_t v, uint64_t size, uint64_t) {
  E2kState &s = st(ctx);
  uint64_t cur;
  bool ok = s.lock_valid && s.lock_addr == addr && tcg::guest_load(*ctx->mem, addr, static_cast<unsigned>(size), &cur) &&
            cur == s.lock_value;
  s.lock_valid = 0;
  if (!ok) {
    s.mlock = 1;
    return 0;
  }
  bool code = false;
  if (!tcg::guest_store(*ctx->mem, addr, static_cast<unsigned>(size), v, &code))
    return raise_in(ctx, EXCP_DATA_PAGE, addr, "conditional store to a read-only page");
  if (code && ctx->code_written) ctx->code_written(ctx, addr, size);
  s.mlock = 0;
  return 0;
}

static uint64_t helper_sxt(RunContext *, uint64_t mode, uint64_t v, uint64_t, uint64_t) {
  bool zero = (mode >> 2) & 1;
  switch (mode & 3) {
    case 0: return zero ? (v & 0xff) : static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(v)));
    case 1: return zero ? (v & 0xffff) : static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(v)));
    default: return zero ? (v & 0xffffffff) : static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v)));
  }
}

static uint64_t rotr(uint64_t v, unsigned n, unsigned w) {
  uint64_t mask = w == 64 ? ~uint64_t(0) : (uint64_t(1) << w) - 1;
  v &= mask;
  n &= w - 1;
  if (n == 0) return v;
  return ((v >> n) | (v << (w - n))) & mask;
}

// getf: offset [5:0] ([4:0] for 32-bit), length [11:6] ([10:6]), sign [12], byte [15:13]
static uint64_t helper_getf(RunContext *, uint64_t s1, uint64_t s2, uint64_t width, uint64_t) {
  unsigned w = static_cast<unsigned>(width);
  unsigned offm = w == 32 ? 0x1f : 0x3f;
  unsigned off = s2 & offm;
  unsigned len = (s2 >> 6) & (w == 32 ? 0x1f : 0x3f);
  bool sign = (s2 >> 12) & 1;
  unsigned byte = (s2 >> 13) & (w == 32 ? 3 : 7);
  uint64_t r = rotr(s1, off, w);
  uint64_t mask = len >= 64 ? ~uint64_t(0) : (uint64_t(1) << len) - 1;
  r &= mask;
  if (sign && len > 0 && len < w) {
    unsigned bit = byte * 8 + ((off + len - 1) & 7);
    if ((s1 >> (bit & (w - 1))) & 1) r |= ~mask;
  }
  if (w == 32) r &= 0xffffffff;
  return r;
}

// getfz (v5): offset [5:0] ([4:0]), length [11:6] ([10:6]), sign [12] extends from the field's
// own top bit (len 0: from bit width-1 of the rotated value), then the low [15:13] bits are
// cleared [Q].
static uint64_t helper_getfz(RunContext *, uint64_t s1, uint64_t s2, uint64_t width, uint64_t) {
  unsigned w = static_cast<unsigned>(width);
  uint64_t wmask = w == 32 ? 0xffffffffu : ~uint64_t(0);
  unsigned off = s2 & (w - 1);
  unsigned len = (s2 >> 6) & (w - 1);
  bool sign = (s2 >> 12) & 1;
  unsigned zlen = (s2 >> 13) & 7;
  uint64_t t = rotr(s1, off, w);
  uint64_t r = t & ((uint64_t(1) << len) - 1);
  unsigned top = (len + w - 1) % w;
  if (sign && ((t >> top) & 1)) r |= (wmask << len) & wmask;
  return ((r >> zlen) << zlen) & wmask;
}

// clmul (v6): the low or high 64 bits of the 128-bit carry-less product.
static uint64_t helper_clmul(RunContext *, uint64_t a, uint64_t b, uint64_t high, uint64_t) {
  uint64_t lo = 0, hi = 0;
  for (unsigned i = 0; i < 64; i++) {
    if (!((a >> i) & 1)) continue;
    lo ^= b << i;
    if (i) hi ^= b >> (64 - i);
  }
  return high ? hi : lo;
}

static uint64_t helper_insf(RunContext *, uint64_t s1, uint64_t s2, uint64_t s3, uint64_t width) {
  unsigned w = static_cast<unsigned>(width);
  unsigned off = s2 & (w == 32 ? 0x1f : 0x3f);
  unsigned len = (s2 >> 6) & (w == 32 ? 0x1f : 0x3f);
  uint64_t mask = len >= 64 ? ~uint64_t(0) : (uint64_t(1) << len) - 1;
  uint64_t r = (rotr(s1, off, w) & ~mask) | (s3 & mask);
  if (w == 32) r &= 0xffffffff;
  return r;
}

const tcg::HelperInfo *e2k_helpers() {
  static const tcg::HelperInfo table[] = {
#define E2K_HELPER(name) {#name, &helper_##name},
#include "target/e2k/helpers.def"
#undef E2K_HELPER
      {nullptr, nullptr}};
  return table;
}

}  // namespace e2k
