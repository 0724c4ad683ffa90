#include "tcg/tb-cache.h"

#include <algorithm>

namespace tcg {

using e2k::GuestMemory;

TranslationBlock *TbCache::insert(std::unique_ptr<TranslationBlock> tb) {
  TranslationBlock *raw = tb.get();
  uint64_t first = raw->pc >> GuestMemory::kPageBits;
  uint64_t last = (raw->end - 1) >> GuestMemory::kPageBits;
  for (uint64_t p = first; p <= last; p++) {
    std::vector<uint64_t> &pcs = by_page_[p];
    if (std::find(pcs.begin(), pcs.end(), raw->pc) == pcs.end()) pcs.push_back(raw->pc);
    if (mem_ != nullptr && ((p << GuestMemory::kPageBits) & ~mem_->mask) == 0)
      mem_->page_flags[p] = static_cast<uint8_t>(mem_->page_flags[p] | e2k::PAGE_CODE);
  }
  std::vector<std::unique_ptr<TranslationBlock>> &specs = by_pc_[raw->pc];
  for (auto &old : specs) {
    if (old->flags != raw->flags) continue;
    graveyard_.push_back(std::move(old));
    old = std::move(tb);
    notify_dropped();
    return raw;
  }
  specs.push_back(std::move(tb));
  n_blocks_++;
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
      auto specs = by_pc_.find(pc);
      if (specs == by_pc_.end()) continue;
      std::vector<std::unique_ptr<TranslationBlock>> &v = specs->second;
      size_t before = v.size();
      for (size_t i = 0; i < v.size();) {
        if (v[i]->pc < end && v[i]->end > start) {
          graveyard_.push_back(std::move(v[i]));
          v[i] = std::move(v.back());
          v.pop_back();
        } else {
          i++;
        }
      }
      dropped += before - v.size();
      n_blocks_ -= before - v.size();
      if (v.empty()) by_pc_.erase(specs);
      else keep.push_back(pc);
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
