// FP operations behind the fpop/fxop helpers: IEEE single/double with E2K rounding modes
// and exception flags (%pfpfr), and x87-style 80-bit extended values (%fpcr/%fpsr).
#pragma once
#include <cstdint>

namespace e2k {

struct E2kState;

enum class FpOp : uint8_t {
  adds, subs, muls, divs, mins, maxs, sqrts,
  addd, subd, muld, divd, mind, maxd, sqrtd,
  // compares: result 0/1; cc as in fcmp<cc>: 0 eq, 1 lt, 2 le, 3 uod, 4 neq, 5 nlt, 6 nle, 7 od
  cmps0, cmps1, cmps2, cmps3, cmps4, cmps5, cmps6, cmps7,
  cmpd0, cmpd1, cmpd2, cmpd3, cmpd4, cmpd5, cmpd6, cmpd7,
  // conversions (src in b)
  stois, stoistr, stoid, stoidtr, dtois, dtoistr, dtoid, dtoidtr,
  istofs, istofd, idtofs, idtofd, stofd, dtofs,
  scales, scaled,      // a * 2^b (b: signed 32-bit integer)
  rndis, rndid,        // fstoifs/fdtoifd: round b to an integral value; a = mode (bits 1:0 rc,
                       // bit 2 use the current mode, bit 3 no inexact flag)
  // frcps / frsqrts (src in b): the QEMU fork's model [Q], 1/b and 1/sqrt(b) (the sqrt rounded to
  // single first), each step rounded with %pfpfr.rc. Hardware gives an estimate of unknown precision
  // [U]; a program that refines it with Newton steps gets the same answer either way.
  rcps, rsqrts,
};

// sqrt: sqrt(a), b unused (fxsqrttxx). scale: a * 2^n with n = b as a signed 32-bit integer
// (fxscalesx), the x87 FSCALE result then rounded to %fpcr's precision.
enum class FxOp : uint8_t { add, sub, mul, div, rsub, sqrt, scale };
enum class FxCvt : uint8_t { from_d, to_d, from_s, to_s, to_i32, to_i32tr, to_i64, to_i64tr, from_i32, from_i64 };

uint64_t fp_op(E2kState &s, FpOp op, uint64_t a, uint64_t b);
// v6 fused multiply-add (fmas/fmad family): (neg_product ? -(a*b) : a*b) + (neg_c ? -c : c) with one
// rounding; single precision uses the low 32 bits of each operand.
uint64_t fp_fma(E2kState &s, bool dbl, bool neg_product, bool neg_c, uint64_t a, uint64_t b, uint64_t c);
// 80-bit: values are (mantissa, sign+exponent 16 bits). Returns the mantissa, sets *hi.
uint64_t fx_op(E2kState &s, FxOp op, uint64_t a_lo, uint64_t a_hi, uint64_t b_lo, uint64_t b_hi, uint64_t *hi);
uint64_t fx_from_double(E2kState &s, uint64_t d, uint64_t *hi);
uint64_t fx_to_double(E2kState &s, uint64_t lo, uint64_t hi);
uint64_t fx_from_single(E2kState &s, uint64_t f, uint64_t *hi);
uint64_t fx_to_single(E2kState &s, uint64_t lo, uint64_t hi);
// fxtois/fxtoid (+tr): to a 32/64-bit integer with %fpcr rounding (tr: toward zero); NaN and out of
// range give the integer minimum and ie, as the 32/64-bit conversions. Flags go to %fpsr.
uint64_t fx_to_int(E2kState &s, uint64_t lo, uint64_t hi, bool i64, bool trunc);
// istofx/idtofx: exact.
uint64_t fx_from_int(E2kState &s, uint64_t v, bool i64, uint64_t *hi);
// fcmp{od,ud}{s,d}f: the x86-style flags word of the relation [Q]: greater 0x00, less 0x01, equal
// 0x40, unordered 0x45. od raises invalid on any NaN, ud only on a signaling one [U].
uint64_t fp_cmp_flags(E2kState &s, bool dbl, bool quiet, uint64_t a, uint64_t b);
// fxcmp<cc>: 0/1 with the condition codes of fcmp (0 eq .. 7 od); cc 8/9: the flags word of
// fxcmpod*f / fxcmpud*f (as fp_cmp_flags, exceptions to %fpsr).
uint64_t fx_cmp(E2kState &s, unsigned cc, uint64_t a_lo, uint64_t a_hi, uint64_t b_lo, uint64_t b_hi);

}  // namespace e2k
