// Single operations run on the CPU: each case is one hand-encoded bundle (an ALU operation
// on %r0..%r2 writing %r3) followed by an illegal bundle that stops the run; the result is
// read from the register file. Covers the operation classes that the reference programs do
// not: combined integer/FP operations, packed integer operations, division by zero.
#include <csignal>
#include <cstring>

#include "target/e2k/cpu-state.h"
#include "test-util.h"

using namespace e2k;

namespace {

struct Case {
  const char *name;
  unsigned ch;      // ALU channel
  uint8_t opc;      // ALS[30:24]
  int ales;         // ALES half-syllable, -1 for a short operation
  uint8_t src3;     // register byte for ALES[7:0] when it is an operand (combined ops)
  uint64_t r0, r1, r2;
  uint64_t want;
  int signo;        // expected signal instead of a result (0: none)
};

// Encodes `op %r0, %r1, [%r2,] %r3` on channel ch.
size_t encode(const Case &c, uint8_t *out) {
  uint32_t als = (uint32_t(c.opc) << 24) | (0x80u << 16) | (0x81u << 8) | 0x83u;
  uint32_t hs = (1u << (26 + c.ch)) | 1;  // mdl 1: HS + ALS
  uint32_t words[4] = {0, als, 0, 0};
  size_t len = 8;
  if (c.ales >= 0) {
    uint16_t ales = static_cast<uint16_t>(c.ales);
    if ((ales >> 8) >= 8 && (ales >> 8) <= 0x0f) ales = static_cast<uint16_t>((ales & 0xff00) | c.src3);
    hs |= 1u << (20 + c.ch);
    if (c.ch == 2 || c.ch == 5) {
      hs = (hs & ~0xfu) | 2;  // F1 = HS, ALS, ALES2/5 word
      words[2] = c.ch == 2 ? uint32_t(ales) << 16 : ales;
      hs |= 1u << 4;
      len = 16;
    } else {
      hs |= 1u << 4;  // lng 1: the ALES half is the high half of word 2
      words[2] = uint32_t(ales) << 16;
      len = 16;
    }
  }
  words[0] = hs;
  std::memcpy(out, words, len);
  return len;
}

void run_case(const Case &c) {
  test::Window w(24);
  const uint64_t code = 0x10000;
  w.map(code, 0x1000, PAGE_READ | PAGE_EXEC);
  size_t len = encode(c, w.mem.base + code);
  uint32_t bad = 0x00000002;  // mdl 2 with no syllables: malformed
  std::memcpy(w.mem.base + code + len, &bad, 4);
  CpuOptions opts{find_cpu_model("e16c"), true, false, 0};
  CPUState *cpu = cpu_create(&w.mem, opts);
  UserStartState st{code, 0, 0, 0, 0, 0, 0, 0};
  cpu_init_user(cpu, st);
  cpu->s.win[0] = c.r0;
  cpu->s.win[1] = c.r1;
  cpu->s.win[2] = c.r2;
  ExitReason why = cpu_run(cpu);
  CHECK(why == ExitReason::Exception);
  const CpuException &e = cpu_last_exception(cpu);
  if (c.signo != 0) {
    if (e.signo != c.signo || e.pc != code) {
      std::fprintf(stderr, "%s: signal %d at 0x%llx, want %d at the operation\n", c.name, e.signo,
                   (unsigned long long)e.pc, c.signo);
      test::g_failures++;
    }
  } else {
    if (e.pc != code + len || e.signo != SIGILL) {
      std::fprintf(stderr, "%s: stopped with signal %d at 0x%llx (%s)\n", c.name, e.signo, (unsigned long long)e.pc,
                   e.reason ? e.reason : "");
      test::g_failures++;
    } else if (cpu->s.win[3] != c.want) {
      std::fprintf(stderr, "%s: got 0x%llx, want 0x%llx\n", c.name, (unsigned long long)cpu->s.win[3],
                   (unsigned long long)c.want);
      test::g_failures++;
    }
  }
  cpu_destroy(cpu);
}

uint64_t fbits2(float lo, float hi) {
  uint32_t a, b;
  std::memcpy(&a, &lo, 4);
  std::memcpy(&b, &hi, 4);
  return a | (uint64_t(b) << 32);
}

uint64_t dbits(double d) {
  uint64_t u;
  std::memcpy(&u, &d, 8);
  return u;
}

}  // namespace

int main() {
  const Case cases[] = {
      // icomb: opc = op2[1:0] << 5 | op1 << 1 | size, ALES opc2 = 8 | op2 >> 2; dst = op2(src3, op1(src1, src2))
      {"add_subd", 1, 0x31, 0x0a00, 0x82, 5, 7, 100, 100 - 12, 0},
      {"and_ord", 4, 0x41, 0x0800 | 0x00, 0x82, 0xf0, 0x3c, 0x01, 0x31, 0},
      {"shl_addd", 1, 0x19, 0x0a00, 0x82, 1, 4, 3, 3 + 16, 0},
      {"sub_rsubd", 1, 0x53, 0x0900, 0x82, 10, 3, 2, 7 - 2, 0},
      {"xor_xors (32-bit)", 4, 0x08 | 0x00, 0x0900, 0x82, 0xffffffff0000ffffULL, 0xff, 0xf0, 0xfff0, 0},
      // fcomb: fmul_addd = src3 + src1 * src2 (separately rounded)
      {"fmul_addd", 1, 0x09, 0x0c00, 0x82, dbits(1.5), dbits(4.0), dbits(0.25), dbits(6.25), 0},
      {"fmul_subd", 0, 0x29, 0x0c00, 0x82, dbits(2.0), dbits(3.0), dbits(10.0), dbits(4.0), 0},
      // FP compare into a register, scale, round to integral, packed single
      {"fcmpltd", 0, 0x2d, 0x01c1, 0, dbits(1.0), dbits(2.0), 0, ~0ULL, 0},
      {"fcmpeqd", 3, 0x2d, 0x01c0, 0, dbits(1.0), dbits(2.0), 0, 0, 0},
      {"fscaled", 1, 0x25, 0x01c0, 0, dbits(1.5), 3, 0, dbits(12.0), 0},
      {"fdtoifd toward zero", 0, 0x6d, 0x01c0, 0, 3, dbits(-2.7), 0, dbits(-2.0), 0},
      {"pfadds", 0, 0x30, 0x01c0, 0, fbits2(1.0f, 2.0f), fbits2(0.5f, 0.25f), 0, fbits2(1.5f, 2.25f), 0},
      // packed
      {"paddb", 0, 0x08, 0x01c0, 0, 0x01ff7f80fe0010ffULL, 0x0101010102f0f001ULL, 0, 0x0200808100f00000ULL, 0},
      {"psubusb", 3, 0x14, 0x01c0, 0, 0x1020304050607080ULL, 0x2020202020202020ULL, 0, 0x0000102030405060ULL, 0},
      {"pcmpeqh", 0, 0x19, 0x01c0, 0, 0x1111222233334444ULL, 0x1111000033330000ULL, 0, 0xffff0000ffff0000ULL, 0},
      {"psadbw", 1, 0x1c, 0x01c0, 0, 0x0000000000000a05ULL, 0x0000000000000307ULL, 0, 9, 0},
      // integer division by zero (non-speculative) is SIGFPE at the operation
      {"sdivd by 0", 5, 0x43, -1, 0, 7, 0, 0, 0, SIGFPE},
      {"udivd", 5, 0x41, -1, 0, 100, 7, 0, 14, 0},
  };
  for (const Case &c : cases) run_case(c);
  return test::finish("e2k-ops-test");
}
