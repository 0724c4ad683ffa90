// Register tags: state rules (tags.h).
#include "target/e2k/tags.h"

#include <cstring>

#include "tcg/interp.h"

namespace e2k {

bool tags_any(const E2kState &s) {
  uint64_t any = s.pred_tag;
  for (uint64_t t : s.win_tag) any |= t;
  for (uint64_t t : s.g_tag) any |= t;
  return any != 0;
}

void tags_set_live(E2kState &s, tcg::RunContext *ctx) {
  s.tags_live = 1;
  cpu_sync_tb_flags(s);
  if (ctx != nullptr) ctx->stop_chaining();  // the next block must come from the CPU loop
}

bool tags_spill(CPUState *cpu, unsigned wbs, uint64_t new_wsize) {
  E2kState &s = cpu->s;
  if (!s.tags_live) return false;  // every tag is zero: nothing to save (the common case)
  std::vector<uint64_t> &ps = cpu->ps_tags;
  size_t at = ps.size();
  ps.resize(at + wbs);
  std::memcpy(ps.data() + at, s.win_tag, wbs * 8);
  std::memmove(s.win_tag, s.win_tag + wbs, new_wsize * 8);
  // the registers that left the window carry no tag into later setwd growth
  std::memset(s.win_tag + new_wsize, 0, (kMaxWindowRegs - new_wsize) * 8);
  return true;
}

void tags_fill(CPUState *cpu, uint64_t wbs, uint64_t keep, bool saved) {
  E2kState &s = cpu->s;
  if (!saved && !s.tags_live) return;  // no tag then, none now
  if (s.tags_live) std::memmove(s.win_tag + wbs, s.win_tag, keep * 8);
  if (!saved) {
    std::memset(s.win_tag, 0, wbs * 8);
    return;
  }
  std::vector<uint64_t> &ps = cpu->ps_tags;
  size_t at = ps.size() - wbs;
  bool any = false;
  for (size_t i = at; i < ps.size(); i++) any |= ps[i] != 0;
  std::memcpy(s.win_tag, ps.data() + at, wbs * 8);
  ps.resize(at);
  // Tags saved by the call come back: the caller's code must run tag-aware again. The
  // return helper's block then leaves to the CPU loop (no chaining while tags are live).
  if (any) s.tags_live = 1;
}

uint64_t helper_tags_on(tcg::RunContext *ctx, uint64_t, uint64_t, uint64_t, uint64_t) {
  tags_set_live(*reinterpret_cast<E2kState *>(ctx->env), ctx);
  return 0;
}

uint64_t helper_ld_fails(tcg::RunContext *ctx, uint64_t addr, uint64_t size, uint64_t, uint64_t) {
  uint64_t v;
  return tcg::guest_load(*ctx->mem, addr, static_cast<unsigned>(size), &v) ? 0 : 1;
}

}  // namespace e2k
