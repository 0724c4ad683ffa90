// Bundle unpacking (ISA.md §2.3) and validation (§10.3, first row).
#include "target/e2k/decode.h"

#include <cstring>

namespace e2k {

static uint32_t word(const uint8_t *p, unsigned off) {
  uint32_t w;
  std::memcpy(&w, p + off, 4);
  return w;
}

static uint16_t half(const uint8_t *p, unsigned off) {
  uint16_t h;
  std::memcpy(&h, p + off, 2);
  return h;
}

bool Bundle::transfers() const {
  if (has_ibranch() && has_ss) return true;
  if (has_call()) return true;
  return has_ss && ctop() != 0;
}

static bool is_quad_result(const AluTemplate *t) {
  size_t n = std::strlen(t->sizes);
  return n > 0 && t->sizes[n - 1] == 'Q';
}

static bool is_load(const AluTemplate *t) {
  switch (t->mn) {
    case Mn::ldb: case Mn::ldh: case Mn::ldw: case Mn::ldd: case Mn::ldq: case Mn::ldqp:
      return true;
    default:
      return false;
  }
}

static bool is_store_fmt(Fmt f) { return f == Fmt::ALOPF3 || f == Fmt::ALOPF13 || f == Fmt::ALOPF10; }

// The partner channel of a two-ALC quad operation whose first channel is `ch`.
static int quad_partner(const AluTemplate *t, unsigned ch) {
  unsigned set = t->channels;
  if (set == 0x24) return ch == 2 ? 5 : -1;                   // 2,5
  if ((set & 0x2d) == 0x2d && (set & 0x12) == 0) {             // 0,2,3,5 (loads)
    if (ch == 0) return 2;
    if (ch == 3) return 5;
    return -1;
  }
  if (ch == 0 && (set & 2)) return 1;
  if (ch == 3 && (set & 0x10)) return 4;
  return -1;
}

const char *decode_bundle(const uint8_t *p, uint64_t pc, int iset, Bundle &b) {
  b = Bundle();
  b.pc = pc;
  b.hs = word(p, 0);
  const uint32_t hs = b.hs;
  b.len = bundle_length(hs);
  const unsigned f1 = ((hs & 0xf) + 1) * 4;
  if (f1 > b.len) return "header: middle pointer beyond the bundle";
  unsigned pos = 4;
  if (hs & (1u << 12)) {
    b.has_ss = true;
    b.ss = word(p, pos);
    pos += 4;
  }
  uint32_t als[6] = {0, 0, 0, 0, 0, 0};
  for (unsigned i = 0; i < 6; i++) {
    if (hs & (1u << (26 + i))) {
      if (pos + 4 > f1) return "header: ALS beyond the middle pointer";
      als[i] = word(p, pos);
      pos += 4;
    }
  }
  if (hs & (1u << 14)) {
    if (pos + 4 > f1) return "header: CS0 beyond the middle pointer";
    b.has_cs0 = true;
    b.cs0 = word(p, pos);
    pos += 4;
  }
  const bool c1 = (hs & (1u << 15)) != 0;
  int ales[6] = {-1, -1, -1, -1, -1, -1};
  uint16_t ales2 = 0x01c0, ales5 = 0x01c0;
  if ((c1 && f1 == pos + 8) || (!c1 && f1 == pos + 4)) {
    uint32_t w = word(p, pos);
    ales5 = static_cast<uint16_t>(w & 0xffff);
    ales2 = static_cast<uint16_t>(w >> 16);
    pos += 4;
  }
  if (c1) {
    if (pos + 4 > f1) return "header: CS1 beyond the middle pointer";
    b.has_cs1 = true;
    b.cs1 = word(p, pos);
    pos += 4;
  }
  if (pos != f1) return "header: middle pointer does not match the syllables present";

  // F2 half-syllables: ALES0, ALES1, ALES3, ALES4, then AAS0..AAS5.
  unsigned k = 0;
  auto next_half = [&](uint16_t *out) -> bool {
    unsigned off = f1 + 2 * ((k & ~1u) + 1 - (k & 1u));
    k++;
    if (off + 2 > b.len) return false;
    *out = half(p, off);
    return true;
  };
  const unsigned ale = (hs >> 20) & 0x3f;
  const unsigned order[4] = {0, 1, 3, 4};
  for (unsigned i : order) {
    if (ale & (1u << i)) {
      uint16_t h;
      if (!next_half(&h)) return "ALES beyond the bundle";
      ales[i] = h;
    }
  }
  if (ale & (1u << 2)) ales[2] = ales2;
  if (ale & (1u << 5)) ales[5] = ales5;
  if (b.has_ss && (b.ss & (1u << 20)) == 0) {
    unsigned aa = (b.ss >> 12) & 0xf;
    bool need[6] = {(aa & 3) != 0, (aa & 0xc) != 0, (aa & 1) != 0, (aa & 2) != 0, (aa & 4) != 0, (aa & 8) != 0};
    for (unsigned i = 0; i < 6; i++) {
      if (!need[i]) continue;
      if (!next_half(&b.aas[i])) return "AAS beyond the bundle";
      b.aas_present[i] = true;
      b.n_aas++;
    }
  }
  unsigned n_half = k + (k & 1);
  unsigned gap = f1 + 2 * n_half;
  int q = static_cast<int>(b.len) - 4;
  b.n_cds = (hs >> 16) & 3;
  b.n_pls = (hs >> 18) & 3;
  for (unsigned i = 0; i < b.n_cds; i++, q -= 4) {
    if (q < static_cast<int>(gap)) return "CDS overlaps the half-syllables";
    b.cds[i] = word(p, static_cast<unsigned>(q));
  }
  for (unsigned i = 0; i < b.n_pls; i++, q -= 4) {
    if (q < static_cast<int>(gap)) return "PLS overlaps the half-syllables";
    b.pls[i] = word(p, static_cast<unsigned>(q));
  }
  if (q < static_cast<int>(gap) && q != static_cast<int>(gap) - 4) return "literal area inconsistent";
  for (unsigned i = 0; i < 4 && q >= static_cast<int>(gap); i++, q -= 4) {
    b.lts[i] = word(p, static_cast<unsigned>(q));
    b.n_lts++;
  }

  // Stubs and control syllables.
  if (b.has_ss) {
    if (b.ss & (1u << 20)) {
      // SF2: only `flushts` is known (bits 28, 26, 20 and ipd); a no-op for user mode.
      if ((b.ss & 0x3fffffff) != 0x14100000) return "SS: unknown second format";
      b.ss = 0;
      b.has_ss = false;
    } else {
      unsigned type = (b.ss >> 5) & 0xf;
      if (type >= 0xa && type <= 0xd) return "SS: reserved condition type";
      if (type == 9 && iset < 3) return "SS: %MLOCK || %cmp conditions need v3";
      if (type == 9 && ((b.ss >> 3) & 3) == 3) return "SS: reserved %MLOCK || %cmp form";
      if ((b.ss >> 23) & 3) return "SS: abg (based globals) is not supported";
      if (b.ss & (1u << 26)) return "SS: vfdi is not supported";
      if (b.ctop() != 0 && type == 0 && !b.has_call()) {
        // `ct ? never` is legal and does nothing.
      }
    }
  }
  if (b.has_cs0) {
    unsigned ctpr = b.cs0 >> 30, opc = (b.cs0 >> 28) & 3;
    if (ctpr == 0) {
      if (opc == 0) {
        // ibranch: the condition (possibly `never`) is in SS; hcall/icall reuse CS0 with a CALL
        if (b.has_call()) return "CS0: icall/hcall are not supported";
        if (!b.has_ss) return "CS0: ibranch without SS";
        if (b.ctop() != 0) return "CS0: ibranch with a ctpr transfer in the same bundle";
      } else if (opc == 1) {
        // pref: instruction prefetch hint, no architectural effect
      } else if (opc == 2) {
        if (iset > 2) return "CS0: puttsd does not exist after v2";
        return "CS0: puttsd is privileged";
      } else {
        return "CS0: done/iret/hret/glaunch are privileged";
      }
    } else {
      if (opc == 1 && ctpr != 2) return "CS0: ldisp needs %ctpr2";
      if (opc == 3) {
        unsigned param = b.cs0 & 0x0fffffff;
        if (param == 0 && ctpr != 3) return "CS0: return needs %ctpr3";
        if (param == 1 && iset < 3) return "CS0: gettsd needs v3";
        if (param > 1) return "CS0: unknown control operation";
      }
    }
  }
  if (b.has_cs1) {
    unsigned opc = b.cs1_opc();
    if (opc >= 9 || opc == 8) return "CS1: unknown or unsupported operation";
    if (opc == 2) return "CS1: setei/setsft are privileged";
    if ((opc == 0 || opc == 1) && b.n_lts == 0) return "CS1: setwd without LTS0";
    if (opc == 5) {
      unsigned ctopc = (b.cs1 >> 7) & 7;
      if (ctopc != 0) return "CS1: icall/hcall are not supported";
      if (b.ctop() == 0) return "CS1: call without a ctpr";
    }
    if (opc == 7 && (b.cs1 & 0xc) != 0 && iset < 6) return "CS1: fillr/fillc need v6";
  }
  for (unsigned i = 0; i < b.n_pls; i++) {
    for (unsigned h = 0; h < (i < 2 ? 1u : 1u); h++) {
      unsigned clp = b.pls[i] & 0xffff;
      if (((clp >> 14) & 3) == 2) return "PLS: reserved CLP operation";
      if (((clp >> 10) & 7) == 7 || ((clp >> 6) & 7) == 7) return "PLS: @p7 is not a local predicate";
    }
  }

  // ALU syllables.
  unsigned mas[6] = {0, 0, 0, 0, 0, 0};
  if (b.has_cs1 && b.cs1_opc() == 6) {
    mas[0] = (b.cs1 >> 21) & 0x7f;
    mas[2] = (b.cs1 >> 14) & 0x7f;
    mas[3] = (b.cs1 >> 7) & 0x7f;
    mas[5] = b.cs1 & 0x7f;
  }
  for (unsigned i = 0; i < 6; i++) {
    bool has_als = (hs >> (26 + i)) & 1;
    if (!has_als) {
      if (ale & (1u << i)) return "ALES without its ALS";
      continue;
    }
    AluSlot &s = b.alu[i];
    s.present = true;
    s.als = als[i];
    s.ales = ales[i];
    s.sm = (als[i] >> 31) & 1;
    s.src1 = static_cast<uint8_t>(als[i] >> 16);
    s.src2 = static_cast<uint8_t>(als[i] >> 8);
    s.dst = static_cast<uint8_t>(als[i]);
    s.src3 = ales[i] >= 0 ? static_cast<uint8_t>(ales[i]) : 0;
    s.mas = mas[i];
    s.t = find_alu_template(als[i], ales[i], i, iset, mas[i]);
    if (s.t == nullptr) return "illegal ALS opcode";
  }
  for (unsigned i = 0; i < 6; i++) {
    AluSlot &s = b.alu[i];
    if (!s.present || s.pair_second || !is_quad_result(s.t)) continue;
    int j = quad_partner(s.t, i);
    if (j < 0) return "quad operation on a channel without a partner";
    AluSlot &o = b.alu[j];
    if (!o.present || o.t == nullptr || o.t->mn != s.t->mn) return "quad operation without its second half";
    s.pair = j;
    o.pair = static_cast<int>(i);
    o.pair_second = true;
  }
  // Q rejects a store on ALC2 with a load on ALC3, and a store on ALC5 with a load on ALC0.
  auto store_on = [&](unsigned c) { return b.alu[c].present && is_store_fmt(b.alu[c].t->fmt); };
  auto load_on = [&](unsigned c) { return b.alu[c].present && is_load(b.alu[c].t); };
  if ((store_on(2) && load_on(3) && b.alu[3].pair != 5) || (store_on(5) && load_on(0) && b.alu[0].pair != 2))
    return "store and load in conflicting channels";
  return nullptr;
}

}  // namespace e2k
