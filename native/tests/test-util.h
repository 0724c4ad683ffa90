// Small helpers shared by the native CPU tests: checks, a guest window with guard pages,
// and a loader for the PT_LOAD segments of a static ELF (enough for CPU tests; the real
// loader is native/linux-user/elfload.cpp).
#pragma once
#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "util/guest-memory.h"

namespace test {

inline int g_failures = 0;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ::test::g_failures++;                                                \
    }                                                                      \
  } while (0)

#define CHECK_EQ(a, b)                                                                          \
  do {                                                                                          \
    unsigned long long va_ = (unsigned long long)(a), vb_ = (unsigned long long)(b);             \
    if (va_ != vb_) {                                                                           \
      std::fprintf(stderr, "%s:%d: %s = 0x%llx, want 0x%llx\n", __FILE__, __LINE__, #a, va_, vb_); \
      ::test::g_failures++;                                                                     \
    }                                                                                           \
  } while (0)

// A guest window of 2^bits bytes, mapped read/write on the host, with PROT_NONE guard
// areas of `guard` bytes on both sides: any host access outside the window crashes.
struct Window {
  e2k::GuestMemory mem;
  uint8_t *region = nullptr;
  size_t region_size = 0;
  std::vector<uint8_t> flags;

  explicit Window(unsigned bits, size_t guard = 1 << 20) {
    uint64_t size = uint64_t(1) << bits;
    region_size = size + 2 * guard;
    void *p = mmap(nullptr, region_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      std::perror("mmap");
      std::exit(2);
    }
    region = static_cast<uint8_t *>(p);
    if (mprotect(region + guard, size, PROT_READ | PROT_WRITE) != 0) {
      std::perror("mprotect");
      std::exit(2);
    }
    mem.base = region + guard;
    mem.size = size;
    mem.mask = size - 1;
    flags.assign(size >> e2k::GuestMemory::kPageBits, 0);
    mem.page_flags = flags.data();
  }
  ~Window() { munmap(region, region_size); }
  void map(uint64_t addr, uint64_t len, uint8_t f) {
    for (uint64_t a = addr & ~uint64_t(0xfff); a < addr + len; a += 0x1000)
      flags[a >> e2k::GuestMemory::kPageBits] = static_cast<uint8_t>(f | e2k::PAGE_VALID);
  }
};

inline bool read_file(const std::string &path, std::vector<uint8_t> *out) {
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  uint8_t buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out->insert(out->end(), buf, buf + n);
  std::fclose(f);
  return true;
}

// Loads PT_LOAD segments; returns the entry point, 0 on error.
inline uint64_t load_elf(Window &w, const std::vector<uint8_t> &elf) {
  auto rd = [&](size_t off, unsigned n) -> uint64_t {
    uint64_t v = 0;
    if (off + n > elf.size()) return 0;
    std::memcpy(&v, elf.data() + off, n);
    return v;
  };
  if (elf.size() < 64 || std::memcmp(elf.data(), "\x7f" "ELF", 4) != 0) return 0;
  uint64_t entry = rd(24, 8), phoff = rd(32, 8);
  unsigned phentsize = static_cast<unsigned>(rd(54, 2)), phnum = static_cast<unsigned>(rd(56, 2));
  for (unsigned i = 0; i < phnum; i++) {
    size_t ph = phoff + size_t(i) * phentsize;
    if (rd(ph, 4) != 1) continue;  // PT_LOAD
    uint32_t pflags = static_cast<uint32_t>(rd(ph + 4, 4));
    uint64_t off = rd(ph + 8, 8), vaddr = rd(ph + 16, 8), filesz = rd(ph + 32, 8), memsz = rd(ph + 40, 8);
    if (vaddr + memsz > w.mem.size || off + filesz > elf.size() || filesz > memsz) return 0;
    std::memcpy(w.mem.base + vaddr, elf.data() + off, filesz);
    uint8_t f = 0;
    if (pflags & 4) f |= e2k::PAGE_READ;
    if (pflags & 2) f |= e2k::PAGE_WRITE;
    if (pflags & 1) f |= e2k::PAGE_EXEC | e2k::PAGE_READ;
    w.map(vaddr, memsz, f);
  }
  return entry;
}

inline int finish(const char *name) {
  if (g_failures) {
    std::fprintf(stderr, "%s: %d check(s) failed\n", name, g_failures);
    return 1;
  }
  std::printf("%s: all checks passed\n", name);
  return 0;
}

}  // namespace test
