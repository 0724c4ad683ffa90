// The flags word a translation block is specialized on (tcg::TranslationBlock::flags). Blocks
// are keyed by (pc, flags) in the TB cache and in the JIT's jump cache, so a block may compile
// anything the flags pin down (e.g. a rotating-register operand) to a constant.
//
// E2kState::tb_flags always holds the flags of the current state (cpu_tb_flags computes them
// from the other fields; translated code keeps the word exact when it changes one of them, and
// the JIT's chained exits read it to pick the next block).
//
// Layout (bit numbers):
//   [27:0]  the rotation: the %br value (ISA.md §12) — rbs [5:0], rsz [11:6], rcur [17:12],
//           psz [22:18], pcur [27:23]. A block translated with TB_FLAG_GENERIC ignores these.
//   [28]    TB_FLAG_TAGS: register tags are live (E2kState::tags_live, tags.h): the block checks,
//           propagates and stores tags.
//   [29]    TB_FLAG_ALIGN_CHECK: %upsr.ac is set: the block checks the alignment of accesses.
//   [30]    TB_FLAG_GENERIC: the block reads the rotation from the state at run time; its
//           key has the rotation bits clear. A pc whose code does not depend on the rotation,
//           or that has too many specializations already, gets such a block.
// A new flag must be computed in cpu_tb_flags (cpu.cpp) and kept exact by translated code.
#pragma once
#include <cstdint>

namespace e2k {

constexpr uint32_t TB_BR_MASK = (uint32_t(1) << 28) - 1;
constexpr uint32_t TB_FLAG_TAGS = uint32_t(1) << 28;
constexpr uint32_t TB_FLAG_ALIGN_CHECK = uint32_t(1) << 29;
constexpr uint32_t TB_FLAG_GENERIC = uint32_t(1) << 30;

// Most specializations of one pc before it falls back to a TB_FLAG_GENERIC block.
constexpr unsigned kMaxSpecializationsPerPc = 16;

constexpr uint32_t tb_flags_br(uint64_t rbs, uint64_t rsz, uint64_t rcur, uint64_t psz, uint64_t pcur) {
  return static_cast<uint32_t>((rbs & 0x3f) | (rsz & 0x3f) << 6 | (rcur & 0x3f) << 12 | (psz & 0x1f) << 18 |
                               (pcur & 0x1f) << 23);
}
constexpr uint32_t tb_flags_generic(uint32_t flags) { return (flags & ~TB_BR_MASK) | TB_FLAG_GENERIC; }

// Field accessors for the rotation bits.
constexpr unsigned tb_rbs(uint32_t f) { return f & 0x3f; }
constexpr unsigned tb_rsz(uint32_t f) { return (f >> 6) & 0x3f; }
constexpr unsigned tb_rcur(uint32_t f) { return (f >> 12) & 0x3f; }
constexpr unsigned tb_psz(uint32_t f) { return (f >> 18) & 0x1f; }
constexpr unsigned tb_pcur(uint32_t f) { return (f >> 23) & 0x1f; }

}  // namespace e2k
