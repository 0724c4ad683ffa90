// Array Access Unit: lowering of staa/ldaa/aaurr/aaurw/mova and the AAU helpers (see aau.h).
#include "target/e2k/aau.h"

#include <cstddef>

#include "target/e2k/cpu-state.h"
#include "target/e2k/helpers.h"

namespace e2k {

using tcg::Cond;
using tcg::Opc;
using tcg::Temp;

namespace {

constexpr int64_t kAau = static_cast<int64_t>(offsetof(E2kState, aau));
#define AAU(field) (kAau + static_cast<int64_t>(offsetof(AauState, field)))
constexpr uint64_t kBaseMask = (uint64_t(1) << 48) - 1;
constexpr uint64_t kAadMbEd = uint64_t(3) << 57;  // mb, ed: kept from the written value
constexpr uint64_t kAadRw = uint64_t(3) << 59;    // rw: a user-written descriptor reads and writes

// %aasr.lds values (ISA.md §13): what bap and eap leave there.
constexpr unsigned kLdsActive = 3, kLdsStopped = 5;
constexpr unsigned kLdsShift = 7;

// AAU register classes (aaurr/aaurw opce1[6:2], ISA.md §13).
enum AauClass : unsigned {
  CLS_AAD = 0x0, CLS_STI = 0x1, CLS_IND = 0x2, CLS_INCR = 0x3, CLS_LDI = 0x4, CLS_LDA = 0x5,
  CLS_FSTR = 0x8, CLS_LDV = 0x9, CLS_LDM = 0xa, CLS_BF = 0xc, CLS_AADR = 0x10, CLS_STI_TAG = 0x11,
  CLS_IND_TAG = 0x12, CLS_INCR_TAG = 0x13, CLS_SR = 0x1b,
};

unsigned opce1(const AluSlot &s) { return (s.als >> 8) & 0xffff; }
unsigned f_lit(unsigned o) { return o & 3; }
unsigned f_cls(unsigned o) { return (o >> 2) & 0x1f; }
unsigned f_incr(unsigned o) { return (o >> 4) & 7; }
unsigned f_ind(unsigned o) { return (o >> 7) & 0xf; }
unsigned f_aad(unsigned o) { return o >> 11; }

// Which number field an AAU register class uses; nullptr if the access is legal.
const char *reg_check(unsigned o, unsigned size) {
  unsigned cls = f_cls(o), ind = f_ind(o), d = f_aad(o);
  if (f_lit(o) != 0) return "aaurr/aaurw: opce1[1:0] must be 0";
  bool uses_d = false, uses_ind = false;
  switch (cls) {
    case CLS_AAD: case CLS_AADR: case CLS_LDI: case CLS_LDA: uses_d = true; break;
    case CLS_STI: case CLS_IND: case CLS_BF: uses_ind = true; break;
    case CLS_INCR:
      if (ind >= kAauIncrs) return "aaurr/aaurw: %aaincr8..15 do not exist";
      uses_ind = true;
      break;
    case CLS_FSTR: case CLS_LDV: case CLS_LDM: case CLS_STI_TAG: case CLS_IND_TAG: case CLS_INCR_TAG:
    case CLS_SR: break;
    default: return "aaurr/aaurw: unknown AAU register class";
  }
  if (!uses_d && d != 0) return "aaurr/aaurw: descriptor number given for a register that has none";
  if (!uses_ind && ind != 0) return "aaurr/aaurw: index number given for a register that has none";
  if (size == 16 && cls != CLS_AAD && cls != CLS_AADR) return "aaurrq/aaurwq: only %aad is 128 bits wide";
  return nullptr;
}

unsigned access_size(Mn mn) {
  switch (mn) {
    case Mn::staab: case Mn::ldaab: return 1;
    case Mn::staah: case Mn::ldaah: return 2;
    case Mn::staaw: case Mn::ldaaw: case Mn::aaurw: case Mn::aaurws: case Mn::aaurr: return 4;
    case Mn::staad: case Mn::ldaad: case Mn::aaurwd: case Mn::aaurrd: return 8;
    default: return 16;  // staaq/ldaaq (two ALCs), staaqp/ldaaqp, aaurwq/aaurrq
  }
}

unsigned log2_size(unsigned size) {
  unsigned n = 0;
  while ((1u << n) < size) n++;
  return n;
}

bool is_store(const AluSlot &s) { return s.t->fmt == Fmt::ALOPF10; }
bool is_reg_op(const AluSlot &s) { return s.t->fmt == Fmt::AAURW || s.t->fmt == Fmt::AAURR; }
bool is_literal_byte(uint8_t b) { return b >= 0xc0 && b < 0xe0; }

}  // namespace

bool AauBundle::handles(const AluSlot &s) {
  Fmt f = s.t->fmt;
  return f == Fmt::ALOPF10 || f == Fmt::ALOPF19 || f == Fmt::AAURW || f == Fmt::AAURR;
}

void AauBundle::alu(unsigned ch, Temp en) {
  const AluSlot &s = bd_.alu[ch];
  if (is_reg_op(s)) reg_access(s, en);
  else access(s, ch, en);
}

// %aadD.base + %aastiI (+ the 32-bit literal, sign-extended).
Temp AauBundle::address(const AluSlot &s) {
  unsigned o = opce1(s);
  Temp base = b_.bin(Opc::and_, b_.ld_env(AAU(aad_lo) + 8 * f_aad(o)), imm(static_cast<int64_t>(kBaseMask)));
  Temp a = b_.bin(Opc::add, base, b_.ld_env(AAU(sti) + 8 * f_ind(o)));
  if (unsigned lt = f_lit(o)) {
    if (lt - 1 >= bd_.n_lts) {
      host_.aau_illegal("staa/ldaa: literal syllable not present");
      return a;
    }
    a = b_.bin(Opc::add, a, imm(static_cast<int32_t>(bd_.lts[lt - 1])));
  }
  return a;
}

void AauBundle::access(const AluSlot &s, unsigned ch, Temp en) {
  unsigned o = opce1(s);
  if (o & 8) {
    host_.aau_illegal("staa/ldaa: reserved aaopc bit set");
    return;
  }
  if (s.mas != 0) {
    host_.aau_illegal("staa/ldaa: only MAS 0 is supported");
    return;
  }
  unsigned size = access_size(s.t->mn);
  const AluSlot *pair = s.pair >= 0 ? &bd_.alu[s.pair] : nullptr;
  Temp a = address(s);
  if (is_store(s)) {
    if (is_literal_byte(s.dst) || (pair && is_literal_byte(pair->dst))) {
      host_.aau_illegal("staa: the stored value must be a register");
      return;
    }
    if (pair) {
      host_.aau_store(en, a, host_.aau_read_reg(s.dst, nullptr), 0, 8);
      host_.aau_store(en, b_.bin(Opc::add, a, imm(8)), host_.aau_read_reg(pair->dst, nullptr), 0, 8);
    } else {
      Temp hi = 0;
      Temp lo = host_.aau_read_reg(s.dst, size == 16 ? &hi : nullptr);
      host_.aau_store(en, a, lo, hi, size);
    }
  } else if (size == 16) {
    Temp a8 = b_.bin(Opc::add, a, imm(8));
    Temp lo = s.sm ? b_.qld_nf(a, 8, static_cast<int64_t>(kMovaInvalid)) : b_.qld(a, 8);
    Temp hi = s.sm ? b_.qld_nf(a8, 8, static_cast<int64_t>(kMovaInvalid)) : b_.qld(a8, 8);
    if (pair) {
      host_.aau_write_reg(s.dst, en, lo, 0, 'D');
      host_.aau_write_reg(pair->dst, en, hi, 0, 'D');
    } else {
      host_.aau_write_reg(s.dst, en, lo, hi, 'X');
    }
  } else {
    auto sz = static_cast<uint8_t>(size);
    Temp v = s.sm ? b_.qld_nf(a, sz, static_cast<int64_t>(kMovaInvalid)) : b_.qld(a, sz);
    host_.aau_write_reg(s.dst, en, v, 0, 'D');
  }
  if ((o & 4) && n_adv_ < 2) adv_[n_adv_++] = Advance{ch, f_ind(o), f_incr(o), log2_size(size), is_store(s), 0};
}

void AauBundle::reg_access(const AluSlot &s, Temp en) {
  unsigned o = opce1(s);
  unsigned size = access_size(s.t->mn);
  if (const char *why = reg_check(o, size)) {
    host_.aau_illegal(why);
    return;
  }
  const AluSlot *pair = s.pair >= 0 ? &bd_.alu[s.pair] : nullptr;
  uint32_t sel = o | (size << 16);
  if (s.t->fmt == Fmt::AAURR) {
    Temp lo = b_.call(HELPER_aaurr, imm(sel));
    if (size == 16) {
      Temp hi = b_.ld_env(static_cast<int64_t>(offsetof(E2kState, scratch_hi)));
      host_.aau_write_reg(s.dst, en, lo, 0, 'D');
      if (pair) host_.aau_write_reg(pair->dst, en, hi, 0, 'D');
    } else {
      host_.aau_write_reg(s.dst, en, lo, 0, size == 4 ? 'S' : 'D');
    }
    return;
  }
  if (is_literal_byte(s.dst) || (pair && is_literal_byte(pair->dst))) {
    host_.aau_illegal("aaurw: the written value must be a register");
    return;
  }
  Temp lo = host_.aau_read_reg(s.dst, nullptr);
  Temp hi = pair ? host_.aau_read_reg(pair->dst, nullptr) : imm(0);
  if (n_rw_ < 2) rw_[n_rw_++] = RegWrite{en, lo, hi, sel};
}

// The am = 1 CDS entry of ALC ch (2 or 5): a condition on the index advance (ISA.md §2.12).
Temp AauBundle::am_condition(unsigned ch, bool *found) {
  *found = false;
  Temp acc = 0;
  for (unsigned i = 0; i < bd_.n_cds; i++) {
    for (unsigned h = 0; h < 2; h++) {
      unsigned e = h == 0 ? bd_.cds[i] >> 16 : bd_.cds[i] & 0xffff;
      if ((e >> 13) != (ch < 3 ? 1u : 3u)) continue;  // RLP of this cluster with am = 1
      Temp c = host_.aau_cond_source(e & 0x7f);
      if ((e >> (7 + ch % 3)) & 1) c = b_.bin(Opc::xor_, c, imm(1));
      acc = *found ? b_.bin(Opc::and_, acc, c) : c;
      *found = true;
    }
  }
  return acc;
}

unsigned aau_mova_dsts(const Bundle &bd, uint8_t out[4]) {
  unsigned n = 0;
  for (unsigned ch = 0; ch < 4; ch++) {
    if (!bd.aas_present[2 + ch]) continue;
    uint16_t d = bd.aas[ch >> 1];
    out[n++] = static_cast<uint8_t>((ch & 1) ? d & 0xff : d >> 8);
  }
  return n;
}

void AauBundle::mova() {
  // Index-advance conditions read the predicates from before the bundle, like every operand.
  for (unsigned i = 0; i < n_adv_; i++) {
    Advance &a = adv_[i];
    bool found;
    Temp c = am_condition(a.ch, &found);
    const AluSlot &s = bd_.alu[a.ch];
    if (s.pair >= 0) {
      bool f2;
      Temp c2 = am_condition(static_cast<unsigned>(s.pair), &f2);
      if (f2) c = found ? b_.bin(Opc::and_, c, c2) : c2;
      found = found || f2;
    }
    a.cond = found ? c : 0;
  }
  for (unsigned ch = 0; ch < 4; ch++) {
    if (!bd_.aas_present[2 + ch]) continue;
    uint16_t aas = bd_.aas[2 + ch];
    uint16_t d = bd_.aas[ch >> 1];
    auto dst = static_cast<uint8_t>((ch & 1) ? d & 0xff : d >> 8);
    unsigned opc = (aas >> 12) & 7;
    if (opc == 0 || opc == 6 || (aas & 0x800)) {
      host_.aau_illegal("mova: reserved opcode or area bit");
      return;
    }
    if (!(dst < 0xc0 || dst >= 0xe0 || dst == 0xde || dst == 0xdf)) {
      host_.aau_illegal("mova: the destination must be a register");
      return;
    }
    Temp lo = b_.call(HELPER_mova, imm(aas), imm(ch));
    if (opc == 7) {
      Temp hi = b_.ld_env(static_cast<int64_t>(offsetof(E2kState, scratch_hi)));
      host_.aau_write_reg(dst, 0, lo, hi, 'X');
    } else {
      host_.aau_write_reg(dst, 0, lo, 0, 'D');
    }
  }
}

void AauBundle::commit(Temp store_ok) {
  for (unsigned i = 0; i < n_adv_; i++) {
    const Advance &a = adv_[i];
    uint32_t skip = b_.new_label();
    // a store that loop mode suppressed does not advance its index either (as the fork does)
    if (a.store && store_ok) b_.brcond(Cond::eq, store_ok, imm(0), skip);
    if (a.cond) b_.brcond(Cond::eq, a.cond, imm(0), skip);
    int64_t sti = AAU(sti) + 8 * a.ind;
    Temp step = b_.bin(Opc::shl, b_.ld_env(AAU(incr) + 8 * a.incr), imm(a.shift));
    Temp v = b_.bin(Opc::add, b_.ld_env(sti), step);
    b_.st_env(sti, b_.bin(Opc::and_, v, imm(0xffffffff)));
    b_.label(skip);
  }
  for (unsigned i = 0; i < n_rw_; i++) {
    const RegWrite &w = rw_[i];
    uint32_t skip = b_.new_label();
    if (w.en) b_.brcond(Cond::eq, w.en, imm(0), skip);
    b_.call(HELPER_aaurw, imm(w.sel), w.lo, w.hi);
    b_.label(skip);
  }
  // mova am: each area advances once per bundle even if both channels of its side name it
  int area[4] = {-1, -1, -1, -1};
  for (unsigned ch = 0; ch < 4; ch++) {
    if (!bd_.aas_present[2 + ch] || !(bd_.aas[2 + ch] & 1)) continue;
    area[ch] = (bd_.aas[2 + ch] >> 6) & 0x1f;
    if ((ch & 1) && area[ch - 1] == area[ch]) continue;
    b_.call(HELPER_aau_advance, imm(ch >> 1), imm(area[ch]));
  }
  if (bd_.has_ss && ((bd_.ss >> 28) & 1)) b_.call(HELPER_aau_bap);
  if (bd_.has_ss && ((bd_.ss >> 29) & 1)) b_.call(HELPER_aau_eap);
}

// ---- helpers ------------------------------------------------------------------------------

namespace {

E2kState &state(tcg::RunContext *ctx) { return *reinterpret_cast<E2kState *>(ctx->env); }

uint64_t raise(tcg::RunContext *ctx, int code, uint64_t addr, const char *reason) {
  cpu_raise(state(ctx).cpu, code, ctx->insn_pc, addr, reason);
  ctx->stop = true;
  return 0;
}

uint64_t bswap(uint64_t v, unsigned size) {
  uint64_t r = 0;
  for (unsigned i = 0; i < size; i++) r |= ((v >> (8 * i)) & 0xff) << (8 * (size - 1 - i));
  return r;
}

uint64_t mask_of(unsigned size) { return size >= 8 ? ~uint64_t(0) : (uint64_t(1) << (8 * size)) - 1; }

// The fapb entry fields used here (the APS word, ISA.md §13; disasm/apb.ts names them).
unsigned aps_fmt(uint64_t pi) { return (pi >> 25) & 7; }
unsigned aps_aad(uint64_t pi) { return (pi >> 15) & 0x1f; }
unsigned aps_incr(uint64_t pi) { return (pi >> 12) & 7; }
unsigned aps_ind(uint64_t pi) { return (pi >> 8) & 0xf; }
unsigned aps_elem(uint64_t pi) { return 1u << (aps_fmt(pi) - 1); }  // element bytes, fmt 1..5

}  // namespace

uint64_t helper_aaurr(tcg::RunContext *ctx, uint64_t sel, uint64_t, uint64_t, uint64_t) {
  E2kState &s = state(ctx);
  AauState &a = s.aau;
  auto o = static_cast<unsigned>(sel & 0xffff);
  unsigned ind = f_ind(o), d = f_aad(o);
  s.scratch_hi = 0;
  switch (f_cls(o)) {
    case CLS_AAD: case CLS_AADR: s.scratch_hi = a.aad_hi[d]; return a.aad_lo[d];
    case CLS_STI: return a.sti[ind];
    case CLS_IND: return a.ind[ind];
    case CLS_INCR: return a.incr[ind];
    case CLS_LDI: return a.ldi[d];
    case CLS_LDA: return a.lda[d];
    case CLS_BF: return a.bf[ind];
    case CLS_FSTR: return a.fstr;
    case CLS_LDV: return a.ldv;
    case CLS_LDM: return a.ldm;
    case CLS_STI_TAG: return a.sti_tag;
    case CLS_IND_TAG: return a.ind_tag;
    case CLS_INCR_TAG: return a.incr_tag;
    default: return a.sr;  // CLS_SR; the translator rejected every other class
  }
}

uint64_t helper_aaurw(tcg::RunContext *ctx, uint64_t sel, uint64_t lo, uint64_t hi, uint64_t) {
  AauState &a = state(ctx).aau;
  auto o = static_cast<unsigned>(sel & 0xffff);
  auto size = static_cast<unsigned>(sel >> 16);
  unsigned ind = f_ind(o), d = f_aad(o);
  uint64_t v = lo & mask_of(size);
  uint64_t v32 = lo & 0xffffffff;
  switch (f_cls(o)) {
    case CLS_AAD: case CLS_AADR:
      // base from the value, mb/ed kept from the value (64/128-bit form) or the old descriptor
      // (32-bit form), rw = 3, tag 0 (no register tags reach the AAU in this CPU)
      a.aad_lo[d] = (v & kBaseMask) | ((size == 4 ? a.aad_lo[d] : v) & kAadMbEd) | kAadRw;
      if (size == 16) a.aad_hi[d] = hi & 0xffffffff00000000ULL;
      break;
    case CLS_STI: a.sti[ind] = v32; break;
    case CLS_IND: if (ind != 0) a.ind[ind] = v32; break;   // %aaind0 stays 0
    case CLS_INCR: if (ind != 0) a.incr[ind] = v32; break; // %aaincr0 stays 1
    case CLS_LDI: a.ldi[d] = v; break;
    case CLS_LDA: a.lda[d] = v; break;
    case CLS_BF: a.bf[ind] = v; break;
    case CLS_FSTR: a.fstr = v32; break;
    case CLS_LDV: a.ldv = v; break;
    case CLS_LDM: a.ldm = v; break;
    case CLS_STI_TAG: a.sti_tag = lo & 0xffff; break;
    case CLS_IND_TAG: a.ind_tag = lo & 0xfffe; break;
    case CLS_INCR_TAG: a.incr_tag = lo & 0xfe; break;
    default: a.sr = v32; break;  // CLS_SR
  }
  return 0;
}

uint64_t helper_mova(tcg::RunContext *ctx, uint64_t aas, uint64_t chan, uint64_t, uint64_t) {
  E2kState &s = state(ctx);
  AauState &a = s.aau;
  unsigned opc = (aas >> 12) & 7, area = (aas >> 6) & 0x1f, ind = (aas >> 1) & 0x1f;
  bool be = (aas >> 15) & 1;
  unsigned size = opc == 7 ? 16 : opc == 5 ? 8 : 1u << (opc - 1);
  if (opc == 7 && s.iset < 5) return raise(ctx, EXCP_ILLEGAL_OPCODE, 0, "movaqp needs v5");
  s.scratch_hi = kMovaInvalid;
  // Without a running prefetch program (before bap, after eap) no element is valid.
  if (((a.sr >> kLdsShift) & 7) != kLdsActive) return kMovaInvalid;
  const AauArea &ar = a.area[chan >> 1][area];
  unsigned fmt = aps_fmt(ar.pi);
  if (fmt == 0 || fmt > 5) return raise(ctx, EXCP_ILLEGAL_OPCODE, 0, "mova: the area has no prefetch entry");
  if ((opc == 5 ? 16 : size) > aps_elem(ar.pi))
    return raise(ctx, EXCP_ILLEGAL_OPCODE, 0, "mova: wider than the area's elements");
  uint64_t addr = (a.aad_lo[aps_aad(ar.pi)] & kBaseMask) + (ar.cdi & 0xffffffff) + (ar.pi >> 32) + ind;
  // Unaligned elements are not prefetched before v5, nor 16-byte ones on v5 (as the fork does).
  if ((s.iset <= 4 || (s.iset == 5 && size == 16)) && (addr & (size - 1))) return kMovaInvalid;
  uint64_t lo = 0, hi = 0;
  if (size == 16) {
    if (!tcg::guest_load(*ctx->mem, addr, 8, &lo) || !tcg::guest_load(*ctx->mem, addr + 8, 8, &hi))
      return kMovaInvalid;
    if (be) {
      uint64_t t = bswap(hi, 8);
      hi = bswap(lo, 8);
      lo = t;
    }
    s.scratch_hi = hi;
    return lo;
  }
  if (!tcg::guest_load(*ctx->mem, addr, size, &lo)) return kMovaInvalid;
  s.scratch_hi = 0;
  return be ? bswap(lo, size) : lo & mask_of(size);
}

uint64_t helper_aau_advance(tcg::RunContext *ctx, uint64_t side, uint64_t area, uint64_t, uint64_t) {
  AauState &a = state(ctx).aau;
  AauArea &ar = a.area[side & 1][area & 0x1f];
  unsigned fmt = aps_fmt(ar.pi);
  if (fmt == 0 || fmt > 5) return 0;
  ar.cdi = (ar.cdi + uint64_t(aps_elem(ar.pi)) * a.incr[aps_incr(ar.pi)]) & 0xffffffff;
  return 0;
}

uint64_t helper_aau_bap(tcg::RunContext *ctx, uint64_t, uint64_t, uint64_t, uint64_t) {
  E2kState &s = state(ctx);
  AauState &a = s.aau;
  uint64_t c = s.ctpr[2];
  if (((c >> kCtprTagShift) & 7) != CTPR_DISP || ((c >> 57) & 3) != 1)
    return raise(ctx, EXCP_ILLEGAL_OPCODE, 0, "bap: %ctpr2 was not prepared by ldisp");
  uint64_t base = c & kCtprBaseMask;
  // Read the whole program first, so a fault leaves the AAU as it was.
  uint64_t entry[kAauAreas][2] = {};
  unsigned n = 0;
  while (n < kAauAreas) {
    uint64_t at = base + 16 * n;
    if (!tcg::guest_load(*ctx->mem, at, 8, &entry[n][0])) return raise(ctx, EXCP_DATA_PAGE, at, "bap: fapb program");
    if (!tcg::guest_load(*ctx->mem, at + 8, 8, &entry[n][1]))
      return raise(ctx, EXCP_DATA_PAGE, at + 8, "bap: fapb program");
    bool last = (entry[n][0] >> 31) & 1;  // ct of the left entry ends the program
    n++;
    if (last) break;
  }
  for (unsigned side = 0; side < 2; side++) {
    for (unsigned i = 0; i < kAauAreas; i++) {
      AauArea &ar = a.area[side][i];
      uint64_t pi = i < n ? entry[i][side] : 0;
      bool used = aps_fmt(pi) != 0;
      ar.pi = used ? pi : 0;
      ar.cdi = used ? a.ind[aps_ind(pi)] & 0xffffffff : 0;
    }
  }
  a.sr = (a.sr & ~(uint64_t(7) << kLdsShift)) | (uint64_t(kLdsActive) << kLdsShift);
  return 0;
}

uint64_t helper_aau_eap(tcg::RunContext *ctx, uint64_t, uint64_t, uint64_t, uint64_t) {
  AauState &a = state(ctx).aau;
  a.sr = (a.sr & ~(uint64_t(7) << kLdsShift)) | (uint64_t(kLdsStopped) << kLdsShift);
  return 0;
}

}  // namespace e2k
