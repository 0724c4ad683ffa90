// Guest mmap/munmap/mprotect/mremap/brk over the guest window (E2K flag values, LINUX-ABI.md §3.5).
#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "layout.h"
#include "log.h"
#include "process.h"

namespace e2k {

namespace {

// E2K mmap flags (they differ from x86-64's).
constexpr int kMapShared = 0x01, kMapPrivate = 0x02, kMapSharedValidate = 0x03, kMapType = 0x0f;
constexpr int kMapAnonymous = 0x10, kMapFixed = 0x100, kMapFixedNoreplace = 0x400000;
constexpr int kProtKnown = 1 | 2 | 4 | 8 | 0x20 | 0x40;
constexpr int kMremapMaymove = 1, kMremapFixed = 2;

using layout::kPage;
using layout::page_ceil;

bool aligned(uint64_t a) { return (a & (kPage - 1)) == 0; }

bool range_free(const GuestMemory &mem, uint64_t addr, uint64_t len) {
  for (uint64_t a = addr; a < addr + len; a += kPage)
    if (mem.flags(a) & PAGE_VALID) return false;
  return true;
}

bool range_mapped(const GuestMemory &mem, uint64_t addr, uint64_t len) {
  for (uint64_t a = addr; a < addr + len; a += kPage)
    if (!(mem.flags(a) & PAGE_VALID)) return false;
  return true;
}

// First fit in [from, end): returns 0 when nothing is free.
uint64_t find_free(const GuestMemory &mem, uint64_t from, uint64_t end, uint64_t len) {
  uint64_t start = from, a = from;
  while (a < end) {
    if (mem.flags(a) & PAGE_VALID) {
      a += kPage;
      start = a;
      continue;
    }
    a += kPage;
    if (a - start >= len) return start;
  }
  return 0;
}

uint64_t find_free_area(Process *p, uint64_t len) {
  uint64_t from = p->mmap_hint ? p->mmap_hint : layout::kMmapBase;
  uint64_t a = find_free(p->mem, from, layout::kMmapEnd, len);
  if (!a && from != layout::kMmapBase) a = find_free(p->mem, layout::kMmapBase, layout::kMmapEnd, len);
  if (a) p->mmap_hint = a + len;
  return a;
}

int flags_to_prot(uint8_t f) {
  return ((f & PAGE_READ) ? 1 : 0) | ((f & PAGE_WRITE) ? 2 : 0) | ((f & PAGE_EXEC) ? 4 : 0);
}

void invalidate(Process *p, uint64_t addr, uint64_t len) {
  if (p->cpu) cpu_invalidate_range(p->cpu, addr, len);
}

}  // namespace

int64_t do_mmap(Process *p, uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t offset) {
  int type = flags & kMapType;
  if (type != kMapShared && type != kMapPrivate && type != kMapSharedValidate) return -EINVAL;
  if (len == 0 || !aligned(offset) || (prot & ~kProtKnown)) return -EINVAL;
  if (len > layout::kWindowSize) return -ENOMEM;
  len = page_ceil(len);
  bool fixed = (flags & (kMapFixed | kMapFixedNoreplace)) != 0;
  if (fixed) {
    if (!aligned(addr)) return -EINVAL;
    if (addr >= layout::kWindowSize || len > layout::kWindowSize - addr) return -ENOMEM;
    if ((flags & kMapFixedNoreplace) && !(flags & kMapFixed) && !range_free(p->mem, addr, len)) return -EEXIST;
  } else {
    // A hint is honoured when the range is free, as Linux does.
    uint64_t hint = page_ceil(addr);
    if (hint && hint < layout::kMmapEnd && len <= layout::kMmapEnd - hint && range_free(p->mem, hint, len)) {
      addr = hint;
    } else {
      addr = find_free_area(p, len);
      if (!addr) return -ENOMEM;
    }
  }
  int host_prot = prot & 7;
  int r;
  if (flags & kMapAnonymous) {
    r = guest_memory_map_anon(&p->mem, addr, len, host_prot);
  } else {
    if (fd < 0) return -EBADF;
    r = guest_memory_map_file(&p->mem, addr, len, host_prot, type != kMapPrivate, fd, offset);
  }
  if (r < 0) {
    // A failed MAP_FIXED may have replaced the old mapping on the host: keep the flags consistent.
    if (fixed && r != -EBADF && r != -EACCES && r != -ENODEV) guest_memory_unmap(&p->mem, addr, len);
    return r;
  }
  invalidate(p, addr, len);
  qemu_log_mask(LOG_PAGE, "mmap: 0x%012llx-0x%012llx prot %d\n", (unsigned long long)addr,
                (unsigned long long)(addr + len), prot & 7);
  return int64_t(addr);
}

int64_t do_munmap(Process *p, uint64_t addr, uint64_t len) {
  if (!aligned(addr) || len == 0) return -EINVAL;
  len = page_ceil(len);
  if (addr >= layout::kWindowSize || len > layout::kWindowSize - addr) return -EINVAL;
  int r = guest_memory_unmap(&p->mem, addr, len);
  if (r < 0) return r;
  invalidate(p, addr, len);
  return 0;
}

int64_t do_mprotect(Process *p, uint64_t addr, uint64_t len, int prot) {
  if (!aligned(addr) || (prot & ~kProtKnown)) return -EINVAL;
  len = page_ceil(len);
  if (len == 0) return 0;
  if (addr >= layout::kWindowSize || len > layout::kWindowSize - addr) return -ENOMEM;
  if (!range_mapped(p->mem, addr, len)) return -ENOMEM;
  int r = guest_memory_protect(&p->mem, addr, len, prot & 7);
  if (r < 0) return r;
  invalidate(p, addr, len);
  return 0;
}

int64_t do_mremap(Process *p, uint64_t old_addr, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr) {
  if (!aligned(old_addr) || (flags & ~(kMremapMaymove | kMremapFixed))) return -EINVAL;
  if ((flags & kMremapFixed) && !(flags & kMremapMaymove)) return -EINVAL;
  old_len = page_ceil(old_len);
  new_len = page_ceil(new_len);
  if (new_len == 0 || old_len == 0) return -EINVAL;
  if (old_addr >= layout::kWindowSize || old_len > layout::kWindowSize - old_addr) return -EFAULT;
  if (new_len > layout::kWindowSize) return -ENOMEM;
  if (!range_mapped(p->mem, old_addr, old_len)) return -EFAULT;
  int prot = flags_to_prot(p->mem.flags(old_addr));
  if (!(flags & kMremapFixed)) {
    if (new_len <= old_len) {
      if (new_len < old_len) do_munmap(p, old_addr + new_len, old_len - new_len);
      return int64_t(old_addr);
    }
    uint64_t tail = old_addr + old_len;
    if (tail + (new_len - old_len) <= layout::kWindowSize && range_free(p->mem, tail, new_len - old_len)) {
      int r = guest_memory_map_anon(&p->mem, tail, new_len - old_len, prot);
      if (r < 0) return r;
      return int64_t(old_addr);
    }
    if (!(flags & kMremapMaymove)) return -ENOMEM;
    new_addr = find_free_area(p, new_len);
    if (!new_addr) return -ENOMEM;
  } else {
    if (!aligned(new_addr) || new_addr >= layout::kWindowSize || new_len > layout::kWindowSize - new_addr)
      return -EINVAL;
    if (new_addr < old_addr + old_len && old_addr < new_addr + new_len) return -EINVAL;
    do_munmap(p, new_addr, new_len);
  }
  // Move: a fresh anonymous mapping with a copy of the contents (file mappings become private copies).
  int r = guest_memory_map_anon(&p->mem, new_addr, new_len, 3);
  if (r < 0) return r;
  uint64_t copy = old_len < new_len ? old_len : new_len;
  for (uint64_t off = 0; off < copy; off += kPage) {
    if (p->mem.flags(old_addr + off) & (PAGE_READ | PAGE_EXEC)) memcpy(p->mem.g2h(new_addr + off), p->mem.g2h(old_addr + off), kPage);
  }
  guest_memory_protect(&p->mem, new_addr, new_len, prot);
  do_munmap(p, old_addr, old_len);
  invalidate(p, new_addr, new_len);
  return int64_t(new_addr);
}

int64_t do_brk(Process *p, uint64_t addr) {
  if (addr < p->brk_start || addr > layout::kMmapBase) return int64_t(p->brk_cur);
  uint64_t old_top = page_ceil(p->brk_cur), new_top = page_ceil(addr);
  if (new_top > old_top) {
    if (!range_free(p->mem, old_top, new_top - old_top)) return int64_t(p->brk_cur);
    if (guest_memory_map_anon(&p->mem, old_top, new_top - old_top, 3) < 0) return int64_t(p->brk_cur);
  } else if (new_top < old_top) {
    do_munmap(p, new_top, old_top - new_top);
  }
  p->brk_cur = addr;
  return int64_t(addr);
}

void log_page_map(const Process *p) {
  // Walk only the parts of the page-flag array that were ever touched (mincore), in runs.
  const GuestMemory &m = p->mem;
  uint64_t npages = m.size >> GuestMemory::kPageBits;
  const uint64_t chunk = 4096;  // flag bytes per host page of the flag array
  std::vector<unsigned char> resident(npages / chunk);
  if (mincore(m.page_flags, npages, resident.data()) != 0) std::fill(resident.begin(), resident.end(), 1);
  qemu_log("%-16s %-16s %-16s %s\n", "start", "end", "size", "prot");
  uint64_t run_start = 0;
  uint8_t run_flags = 0;
  auto flush = [&](uint64_t end_page) {
    if (!(run_flags & PAGE_VALID)) return;
    uint64_t s = run_start << GuestMemory::kPageBits, e = end_page << GuestMemory::kPageBits;
    qemu_log("%016llx-%016llx %016llx %c%c%c\n", (unsigned long long)s, (unsigned long long)e,
             (unsigned long long)(e - s), (run_flags & PAGE_READ) ? 'r' : '-', (run_flags & PAGE_WRITE) ? 'w' : '-',
             (run_flags & PAGE_EXEC) ? 'x' : '-');
  };
  for (uint64_t pg = 0; pg < npages; pg++) {
    uint8_t f = resident[pg / chunk] ? uint8_t(m.page_flags[pg] & ~PAGE_CODE) : 0;
    if (!resident[pg / chunk]) {
      // Skip the whole untouched chunk.
      if (run_flags) flush(pg);
      run_flags = 0;
      pg = (pg / chunk + 1) * chunk - 1;
      run_start = pg + 1;
      continue;
    }
    if (f != run_flags) {
      flush(pg);
      run_start = pg;
      run_flags = f;
    }
  }
  flush(npages);
}

}  // namespace e2k
