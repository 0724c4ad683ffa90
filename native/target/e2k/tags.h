// Register tags and diagnostic values (ISA.md 5.5, 5.6) and the %upsr.ac alignment check
// (ISA.md 5.3): the state rules shared by the translator, the helpers and the CPU loop.
//
// Ordinary code pays nothing for tags: while E2kState::tags_live is clear every tag is zero
// and blocks are translated without tag code. The first operation that would create a tag
// (a failing ,sm load, an ,sm division by zero, puttag of a non-zero tag) leaves its block
// before the bundle commits anything and sets tags_live; the CPU loop then translates the
// bundle again tag-aware (TranslateOptions::tags) and runs it. While tags_live is set, blocks
// are not chained, and the loop clears the bit once a scan finds no tag left.
#pragma once
#include <cstdint>

#include "target/e2k/cpu-state.h"

namespace tcg {
struct RunContext;
}

namespace e2k {

// Tags a diagnostic (non-number) value carries, by the width written (ISA.md 5.5).
constexpr uint64_t kDiagTag32 = 0x1, kDiagTag64 = 0x5, kDiagTag128 = 0x55;
constexpr uint64_t kUpsrAc = 0x4;  // %upsr.ac: alignment check (ISA.md 12); TB_FLAG_ALIGN_CHECK

// True when some register or predicate of the current state carries a tag.
bool tags_any(const E2kState &s);
// Marks tags live (TB_FLAG_TAGS in s.tb_flags) and makes the current block's exit return to
// the CPU loop.
void tags_set_live(E2kState &s, tcg::RunContext *ctx);

// Window shifts of call/return (cpu_do_call/cpu_do_return) for the tag arrays. tags_spill
// saves the tags of the wbs registers leaving the window only while tags are live and says
// whether it did (ChainFrame::tags_saved); tags_fill takes that answer back.
bool tags_spill(CPUState *cpu, unsigned wbs, uint64_t new_wsize);
void tags_fill(CPUState *cpu, uint64_t wbs, uint64_t keep, bool saved);

// Helpers (helpers.def): tags_on: a = 0 -> sets tags_live, leaves chaining;
// ld_fails: a = addr, b = size -> 1 when a load of size bytes at a cannot be performed.
uint64_t helper_tags_on(tcg::RunContext *ctx, uint64_t, uint64_t, uint64_t, uint64_t);
uint64_t helper_ld_fails(tcg::RunContext *ctx, uint64_t addr, uint64_t size, uint64_t, uint64_t);

}  // namespace e2k
