// Translated blocks keyed by (guest pc, flags), with per-page lists so a write to code, munmap or
// mprotect can drop every block that overlaps a range. Dropped blocks stay alive until
// collect() so a block may invalidate itself while it runs.
#pragma once
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "tcg/ir.h"
#include "util/guest-memory.h"

namespace tcg {

struct TranslationBlock {
  Block ir;
  uint64_t pc = 0;
  uint64_t end = 0;  // address after the last byte of guest code
  uint32_t flags = 0;  // what the block is specialized on (target-defined, e2k/tb-flags.h)
  uint64_t exec_count = 0;
  // Host code from the x86-64 backend (jit-x86_64.cpp); valid while host_gen equals the
  // backend's code-buffer generation.
  const void *host_code = nullptr;
  const void *host_body = nullptr;  // entry for chained jumps (after the prologue)
  uint32_t host_size = 0;
  uint32_t host_gen = 0;
  bool jit_refused = false;  // the backend cannot compile this block: interpret it
};

class TbCache {
 public:
  explicit TbCache(e2k::GuestMemory *mem) : mem_(mem) {}
  TranslationBlock *lookup(uint64_t pc, uint32_t flags = 0) const {
    auto it = by_pc_.find(pc);
    if (it == by_pc_.end()) return nullptr;
    for (const auto &tb : it->second)
      if (tb->flags == flags) return tb.get();
    return nullptr;
  }
  // Some block at pc, whatever its flags (tests, diagnostics).
  TranslationBlock *lookup_any(uint64_t pc) const {
    auto it = by_pc_.find(pc);
    return it == by_pc_.end() || it->second.empty() ? nullptr : it->second.front().get();
  }
  // How many blocks (specializations) start at pc.
  size_t count(uint64_t pc) const {
    auto it = by_pc_.find(pc);
    return it == by_pc_.end() ? 0 : it->second.size();
  }
  // Takes ownership (replacing a block with the same pc and flags); marks the pages it covers
  // as holding code.
  TranslationBlock *insert(std::unique_ptr<TranslationBlock> tb);
  // Drops every block (every specialization) overlapping [start, start + len). Returns how many.
  size_t invalidate(uint64_t start, uint64_t len);
  // Frees blocks dropped earlier (call when no block is running).
  void collect() { graveyard_.clear(); }
  size_t size() const { return n_blocks_; }
  // Called whenever blocks are dropped or replaced (the JIT forgets its direct jumps there).
  void set_drop_hook(void (*hook)(void *opaque), void *opaque) {
    drop_hook_ = hook;
    drop_opaque_ = opaque;
  }

 private:
  e2k::GuestMemory *mem_;
  // pc -> its specializations (few: the target caps them)
  std::unordered_map<uint64_t, std::vector<std::unique_ptr<TranslationBlock>>> by_pc_;
  std::unordered_map<uint64_t, std::vector<uint64_t>> by_page_;  // page number -> block pcs
  size_t n_blocks_ = 0;
  std::vector<std::unique_ptr<TranslationBlock>> graveyard_;
  void (*drop_hook_)(void *opaque) = nullptr;
  void *drop_opaque_ = nullptr;
  void notify_dropped() const {
    if (drop_hook_ != nullptr) drop_hook_(drop_opaque_);
  }
};

}  // namespace tcg
