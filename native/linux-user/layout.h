// Where user mode puts things in the guest window (1 TiB). The E2K kernel's own layout
// (LINUX-ABI.md §1.5) spans 0..0xD000_0000_0000, more than an x86-64 host can reserve, so the
// emulator uses a smaller, self-consistent map: every user mapping stays below kWindowSize.
#pragma once
#include <cstdint>

namespace e2k::layout {

constexpr unsigned kWindowBits = 40;
constexpr uint64_t kWindowSize = uint64_t(1) << kWindowBits;
constexpr uint64_t kPage = 4096;

constexpr uint64_t kPieBase = 0x0010'0000'0000;     // ET_DYN executables (static PIE)
constexpr uint64_t kInterpBase = 0x0020'0000'0000;  // the dynamic linker, if any
constexpr uint64_t kMmapBase = 0x0040'0000'0000;    // first address tried for mmap(NULL)
constexpr uint64_t kMmapEnd = 0x00E0'0000'0000;     // mmap(NULL) never returns memory above this
constexpr uint64_t kStackTop = 0x00F0'0000'0000;    // user data stack grows down from here
constexpr uint64_t kDefaultStackSize = 8ull << 20;  // QEMU's default guest stack: 8 MiB
constexpr uint64_t kPsBase = 0x00F8'0000'0000;      // procedure stack (register spill), grows up
constexpr uint64_t kPsSize = 256ull << 20;
constexpr uint64_t kPcsBase = 0x00FC'0000'0000;  // procedure chain stack, grows up
constexpr uint64_t kPcsSize = 64ull << 20;

inline uint64_t page_floor(uint64_t a) { return a & ~(kPage - 1); }
inline uint64_t page_ceil(uint64_t a) { return (a + kPage - 1) & ~(kPage - 1); }

}  // namespace e2k::layout
