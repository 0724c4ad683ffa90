// 64-bit packed (SIMD) integer operations: lanes of 8/16/32/64 bits in a register.
#pragma once
#include <cstdint>

#include "target/e2k/alu-template.h"

namespace e2k {

bool packed_supported(Mn mn);
uint64_t packed_op(Mn mn, uint64_t a, uint64_t b);
// For a quad-packed (v5+, 128-bit) operation that is two independent 64-bit halves of a
// packed operation this CPU implements, store that operation in *half and return true.
bool packed_quad_half(Mn mn, Mn *half);
// v6 pcmp*op / pcmp*ap (64-bit): the lane-mask compare in *lanes, *all = the "ap" (all lanes) form.
bool packed_pred_compare(Mn mn, Mn *lanes, bool *all);
// pshufb s1, s2, s3 (ISA.md 4.6): byte i chosen and transformed by control byte i of s3.
uint64_t pshufb_op(uint64_t s1, uint64_t s2, uint64_t s3);

}  // namespace e2k
