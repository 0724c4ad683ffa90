// Packed (SIMD) operations, ISA.md §4.6: lanes of 8/16/32/64 bits in a 64-bit register, and the
// 128-bit quad-packed (v5+) forms built from 64-bit halves. Integer and FP lane operations share
// one dispatch (packed_op) behind the `packed` helper; FP lanes use the %pfpfr rounding and flags.
#pragma once
#include <cstdint>

#include "target/e2k/alu-template.h"

namespace e2k {

struct E2kState;

// A 64-bit packed operation (ALOPF11, or ALOPF2/12 with src1 = 0) that packed_op implements.
bool packed_supported(Mn mn);
uint64_t packed_op(E2kState &s, Mn mn, uint64_t a, uint64_t b);

// A quad-packed operation computed as two 64-bit packed operations. Operand halves are
// numbered 0 = src1.lo, 1 = src1.hi, 2 = src2.lo, 3 = src2.hi (a 64-bit operand is its own
// high half); result.lo = half(op[lo_a], op[lo_b]), result.hi = half(op[hi_a] >> hi_shift_a,
// op[hi_b] >> hi_shift_b), computed by packed_op with lo_op and hi_op (64-bit Mns, or a quad
// Mn that packed_op takes per half).
struct QuadForm {
  Mn lo_op, hi_op;
  uint8_t lo_a, lo_b, hi_a, hi_b;
  uint8_t hi_shift_a, hi_shift_b;
};
bool packed_quad_form(Mn mn, QuadForm *form);

// v6 pcmp*op / pcmp*ap and qpcmp*op / *ap: the lane-mask compare in *lanes, *all = "ap" (all lanes).
bool packed_pred_compare(Mn mn, Mn *lanes, bool *all);

// Three-input byte operations (pshufb, pmerge, qppermb halves) and the lit8 operations behind the
// `packed3` helper. `sel` of qppermb is the part: 0 = bytes taken from src1, 1 = from src2 (ORed
// by the caller); of a lit8 operation the literal.
uint64_t packed3_op(Mn mn, unsigned sel, uint64_t a, uint64_t b, uint64_t c);

// plog/qplog (ISA.md 4.6): result bit i = table[(a_i << 2) | (b_i << 1) | c_i].
uint64_t plog_op(unsigned table, uint64_t a, uint64_t b, uint64_t c);

// ALOPF11_LIT8 operations (psllqh/psllql/psrlqh/psrlql, pinsh, pextrh, pshufw) and pshufh.
bool packed_lit8_supported(Mn mn);
uint64_t packed_lit8_op(Mn mn, uint64_t a, uint64_t b, unsigned lit);

}  // namespace e2k
