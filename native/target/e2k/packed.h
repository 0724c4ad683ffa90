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

}  // namespace e2k
