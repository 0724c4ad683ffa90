#include "tcg/tb-cache.h"

#include <algorithm>

namespace tcg {

using e2k::GuestMemory;

TranslationBlock *TbCache::insert(std::unique_ptr<TranslationBlock> tb) {
  TranslationBlock *raw = tb.get();
  uint64_t first = raw->pc >> GuestMemory::kPageBits;
  uint64_t last = (raw->end - 1) >> GuestMemory::kPageBits;
  for (uint64_t p = first; p <= last; p++) {
    by_page_[p].push_back(raw->pc);
    if (mem_ != nullptr && ((p << GuestMemory::kPageBits) & ~mem_->mask) == 0)
      mem_->page_flags[p] = static_cast<uint8_t>(mem_->page_flags[p] | e2k::PAGE_CODE);
  }
  auto old = by_pc_.find(raw->pc);
  if (old != by_pc_.end()) {
    graveyard_.push_back(std::move(old->second));
    notify_dropped();
  }
  by_pc_[raw->pc] = std::move(tb);
  return raw;
}

size_t TbCache::invalidate(uint64_t start, uint64_t len) {
  if (len == 0) return 0;
  uint64_t end = start + len;
  if (end < start) end = UINT64_MAX;
  size_t dropped = 0;
  uint64_t first = start >> GuestMemory::kPageBits;
  uint64_t last = (end - 1) >> GuestMemory::kPageBits;
  if (last - first > by_page_.size()) {
    // A huge range: walk the pages that hold code instead of every page of the range.
    std::vector<uint64_t> pages;
    for (auto &kv : by_page_)
      if (kv.first >= first && kv.first <= last) pages.push_back(kv.first);
    for (uint64_t p : pages) dropped += invalidate(p << GuestMemory::kPageBits, GuestMemory::kPageSize);
    return dropped;
  }
  for (uint64_t p = first; p <= last; p++) {
    auto it = by_page_.find(p);
    if (it == by_page_.end()) continue;
    std::vector<uint64_t> keep;
    for (uint64_t pc : it->second) {
      auto tb = by_pc_.find(pc);
      if (tb == by_pc_.end()) continue;
      if (tb->second->pc < end && tb->second->end > start) {
        graveyard_.push_back(std::move(tb->second));
        by_pc_.erase(tb);
        dropped++;
      } else {
        keep.push_back(pc);
      }
    }
    if (keep.empty()) {
      by_page_.erase(it);
      if (mem_ != nullptr && ((p << GuestMemory::kPageBits) & ~mem_->mask) == 0)
        mem_->page_flags[p] = static_cast<uint8_t>(mem_->page_flags[p] & ~e2k::PAGE_CODE);
    } else {
      it->second = std::move(keep);
    }
  }
  if (dropped > 0) notify_dropped();
  return dropped;
}

}  // namespace tcg
