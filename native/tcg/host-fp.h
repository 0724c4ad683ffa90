// IEEE binary32/binary64 arithmetic on the host's SSE unit under a guest FP status word, shared
// by the IR interpreter (fadd/fsub/fmul/fdiv ops), the JIT's reference semantics and targets'
// FP helpers, so that every path gives the same bits and flags.
//
// The status word has the MXCSR layout: rounding control in bits 14:13 (0 nearest, 1 down,
// 2 up, 3 toward zero) and sticky flags ie de ze oe ue pe in bits 5:0. An op reads the rounding
// control and ORs the flags it raises into bits 5:0, except de (denormal operand), which is
// never reported.
#pragma once
#include <cstdint>
#include <cstring>

namespace tcg {

enum class FpBin : uint8_t { add, sub, mul, div };

constexpr uint32_t kFpRoundMask = 0x6000;  // MXCSR rounding control
constexpr uint32_t kFpFlagMask = 0x3d;     // flags reported to the guest (no de)
constexpr uint32_t kFpMxcsrKeep = ~uint32_t(0x603f);  // host MXCSR bits kept while a guest op runs

// a OP b with the operand order fixed (x86 returns the first operand's NaN when both are NaNs).
// Returns the result bits (binary32 zero-extended when `single`); *status gains the flags.
inline uint64_t host_fp_bin(FpBin op, bool single, uint64_t a, uint64_t b, uint32_t *status) {
  uint32_t host, after;
  asm volatile("stmxcsr %0" : "=m"(host));
  const uint32_t want = (host & kFpMxcsrKeep) | (*status & kFpRoundMask);
  uint64_t r;
  // Rounding from the status word, flags clear; the op; the flags it raised.
#define QEMU_E2K_FP_ASM(insn) \
  asm volatile("ldmxcsr %3\n\t" insn " %2, %0\n\tstmxcsr %1" : "+x"(x), "=m"(after) : "x"(y), "m"(want))
  if (single) {
    uint32_t ua = static_cast<uint32_t>(a), ub = static_cast<uint32_t>(b);
    float x, y;
    std::memcpy(&x, &ua, 4);
    std::memcpy(&y, &ub, 4);
    switch (op) {
      case FpBin::add: QEMU_E2K_FP_ASM("addss"); break;
      case FpBin::sub: QEMU_E2K_FP_ASM("subss"); break;
      case FpBin::mul: QEMU_E2K_FP_ASM("mulss"); break;
      case FpBin::div: QEMU_E2K_FP_ASM("divss"); break;
    }
    uint32_t u;
    std::memcpy(&u, &x, 4);
    r = u;
  } else {
    double x, y;
    std::memcpy(&x, &a, 8);
    std::memcpy(&y, &b, 8);
    switch (op) {
      case FpBin::add: QEMU_E2K_FP_ASM("addsd"); break;
      case FpBin::sub: QEMU_E2K_FP_ASM("subsd"); break;
      case FpBin::mul: QEMU_E2K_FP_ASM("mulsd"); break;
      case FpBin::div: QEMU_E2K_FP_ASM("divsd"); break;
    }
    std::memcpy(&r, &x, 8);
  }
#undef QEMU_E2K_FP_ASM
  asm volatile("ldmxcsr %0" : : "m"(host));
  *status |= (after & kFpFlagMask);
  return r;
}

}  // namespace tcg
