// The guest address space of user mode: one reserved host window. A guest address maps to
// base + (addr & mask), so no guest access can leave the window. Host page protections in
// the window mirror the guest's (mmap/mprotect/munmap/brk), so an ordinary host load or
// store faults exactly where the guest's would; the runtime's SIGSEGV handler turns a fault
// inside the window into a guest exception (see guest_fault_*). Owned by the linux-user work;
// the CPU work reads it. Keep the inline accessors below stable.
#pragma once
#include <cstddef>
#include <cstdint>

namespace e2k {

enum PageFlags : uint8_t {
  PAGE_VALID = 1,  // mapped
  PAGE_READ = 2,
  PAGE_WRITE = 4,
  PAGE_EXEC = 8,
  PAGE_CODE = 16,  // translated code exists on this page (writes must invalidate it)
};

struct GuestMemory {
  uint8_t *base = nullptr;      // host address of guest address 0
  uint64_t size = 0;            // window size, a power of two
  uint64_t mask = 0;            // size - 1
  uint8_t *page_flags = nullptr;  // one byte per 4 KiB guest page (PageFlags)

  static constexpr unsigned kPageBits = 12;
  static constexpr uint64_t kPageSize = uint64_t(1) << kPageBits;

  uint8_t *g2h(uint64_t addr) const { return base + (addr & mask); }
  uint8_t flags(uint64_t addr) const { return page_flags[(addr & mask) >> kPageBits]; }
  bool readable(uint64_t addr) const { return (flags(addr) & (PAGE_VALID | PAGE_READ)) == (PAGE_VALID | PAGE_READ); }
  bool writable(uint64_t addr) const {
    return (flags(addr) & (PAGE_VALID | PAGE_WRITE)) == (PAGE_VALID | PAGE_WRITE);
  }
};

// Host-fault bridge. The CPU arms a recovery point around guest code (sigsetjmp); the runtime's
// SIGSEGV/SIGBUS handler, for a fault address inside the window, calls guest_fault_raise, which
// does not return (it siglongjmps to the armed point with the guest address and access kind).
// Implemented in native/util/guest-memory.cpp (linux-user work).
struct GuestFault {
  uint64_t addr;
  bool write;
};
bool guest_fault_in_window(const GuestMemory &mem, const void *host_addr, uint64_t *guest_addr);

}  // namespace e2k
