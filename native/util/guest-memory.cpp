// The guest window of user mode and the host-fault bridge (see guest-memory.h).
#include "util/guest-memory.h"

#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace e2k {

thread_local sigjmp_buf *guest_fault_jmp = nullptr;
thread_local GuestFault guest_fault_last = {0, false, 0};

static GuestMemory *fault_mem = nullptr;
static CodeWriteHook code_hook = nullptr;
static void *code_hook_opaque = nullptr;

bool guest_memory_init(GuestMemory *mem, unsigned window_bits, std::string *err) {
  if (window_bits < 24 || window_bits > 46) {
    *err = "guest window of 2^" + std::to_string(window_bits) + " bytes is out of range (2^24..2^46)";
    return false;
  }
  uint64_t size = uint64_t(1) << window_bits;
  void *base = mmap(nullptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    *err = "cannot reserve the guest window (" + std::to_string(size >> 30) + " GiB): " + strerror(errno);
    return false;
  }
  uint64_t pages = size >> GuestMemory::kPageBits;
  void *flags = mmap(nullptr, pages, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (flags == MAP_FAILED) {
    munmap(base, size);
    *err = std::string("cannot allocate the guest page table: ") + strerror(errno);
    return false;
  }
  mem->base = static_cast<uint8_t *>(base);
  mem->size = size;
  mem->mask = size - 1;
  mem->page_flags = static_cast<uint8_t *>(flags);
  return true;
}

uint8_t guest_prot_to_flags(int prot) {
  uint8_t f = PAGE_VALID;
  if (prot & 1) f |= PAGE_READ;
  if (prot & 2) f |= PAGE_WRITE;
  if (prot & 4) f |= PAGE_EXEC;
  return f;
}

// Host protection for guest page flags: the CPU fetches code with host loads, so executable pages
// must be readable on the host; pages holding translated code stay read-only until written.
static int host_prot(uint8_t flags) {
  if (!(flags & PAGE_VALID)) return PROT_NONE;
  int p = PROT_NONE;
  if (flags & (PAGE_READ | PAGE_EXEC)) p |= PROT_READ;
  if ((flags & PAGE_WRITE) && !(flags & PAGE_CODE)) p |= PROT_WRITE | PROT_READ;
  return p;
}

static bool range_in_window(const GuestMemory &mem, uint64_t addr, uint64_t len) {
  return addr < mem.size && len <= mem.size - addr;
}

static void set_flags(GuestMemory *mem, uint64_t addr, uint64_t len, uint8_t flags) {
  memset(mem->page_flags + (addr >> GuestMemory::kPageBits), flags, len >> GuestMemory::kPageBits);
}

int guest_memory_map_anon(GuestMemory *mem, uint64_t addr, uint64_t len, int prot) {
  if (!range_in_window(*mem, addr, len)) return -ENOMEM;
  uint8_t flags = guest_prot_to_flags(prot);
  void *p = mmap(mem->g2h(addr), len, host_prot(flags), MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
                 -1, 0);
  if (p == MAP_FAILED) return -errno;
  set_flags(mem, addr, len, flags);
  return 0;
}

int guest_memory_map_file(GuestMemory *mem, uint64_t addr, uint64_t len, int prot, bool shared, int host_fd,
                          uint64_t offset) {
  if (!range_in_window(*mem, addr, len)) return -ENOMEM;
  uint8_t flags = guest_prot_to_flags(prot);
  void *p = mmap(mem->g2h(addr), len, host_prot(flags), (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_FIXED, host_fd,
                 off_t(offset));
  if (p == MAP_FAILED) return -errno;
  set_flags(mem, addr, len, flags);
  return 0;
}

int guest_memory_protect(GuestMemory *mem, uint64_t addr, uint64_t len, int prot) {
  if (!range_in_window(*mem, addr, len)) return -ENOMEM;
  uint8_t flags = guest_prot_to_flags(prot);
  if (mprotect(mem->g2h(addr), len, host_prot(flags)) != 0) return -errno;
  set_flags(mem, addr, len, flags);
  return 0;
}

int guest_memory_unmap(GuestMemory *mem, uint64_t addr, uint64_t len) {
  if (!range_in_window(*mem, addr, len)) return -EINVAL;
  // A fresh PROT_NONE reservation drops the old contents and any file mapping.
  void *p = mmap(mem->g2h(addr), len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return -errno;
  set_flags(mem, addr, len, 0);
  return 0;
}

bool guest_range_ok(const GuestMemory &mem, uint64_t addr, uint64_t len, uint8_t need) {
  if (len == 0) return true;
  if (!range_in_window(mem, addr, len)) return false;
  uint8_t want = uint8_t(PAGE_VALID | need);
  uint64_t first = addr >> GuestMemory::kPageBits, last = (addr + len - 1) >> GuestMemory::kPageBits;
  for (uint64_t pg = first; pg <= last; pg++) {
    if ((mem.page_flags[pg] & want) != want) return false;
  }
  return true;
}

void guest_memory_set_code_write_hook(CodeWriteHook hook, void *opaque) {
  code_hook = hook;
  code_hook_opaque = opaque;
}

void guest_memory_mark_code(GuestMemory *mem, uint64_t page_addr) {
  page_addr &= mem->mask & ~(GuestMemory::kPageSize - 1);
  uint8_t &f = mem->page_flags[page_addr >> GuestMemory::kPageBits];
  if (!(f & PAGE_VALID) || (f & PAGE_CODE)) return;
  f |= PAGE_CODE;
  if (f & PAGE_WRITE) mprotect(mem->g2h(page_addr), GuestMemory::kPageSize, host_prot(f));
}

// Clears PAGE_CODE of one page, gives write access back and tells the CPU. Async-signal context:
// only mprotect and the hook (which the CPU keeps signal-safe: it marks TBs invalid).
static void unprotect_code_page(GuestMemory *mem, uint64_t page_addr) {
  uint8_t &f = mem->page_flags[page_addr >> GuestMemory::kPageBits];
  f = uint8_t(f & ~PAGE_CODE);
  mprotect(mem->g2h(page_addr), GuestMemory::kPageSize, host_prot(f));
  if (code_hook) code_hook(code_hook_opaque, page_addr);
}

void guest_memory_prepare_write(GuestMemory *mem, uint64_t addr, uint64_t len) {
  if (len == 0 || !range_in_window(*mem, addr, len)) return;
  uint64_t first = addr >> GuestMemory::kPageBits, last = (addr + len - 1) >> GuestMemory::kPageBits;
  for (uint64_t pg = first; pg <= last; pg++) {
    if (mem->page_flags[pg] & PAGE_CODE) unprotect_code_page(mem, pg << GuestMemory::kPageBits);
  }
}

bool guest_fault_in_window(const GuestMemory &mem, const void *host_addr, uint64_t *guest_addr) {
  uintptr_t h = reinterpret_cast<uintptr_t>(host_addr), b = reinterpret_cast<uintptr_t>(mem.base);
  if (h < b || h - b >= mem.size) return false;
  *guest_addr = h - b;
  return true;
}

static void write_str(const char *s) {
  ssize_t r = write(2, s, strlen(s));
  (void)r;
}

static void write_hex(uint64_t v) {
  char buf[19] = "0x";
  for (int i = 0; i < 16; i++) buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
  buf[18] = 0;
  write_str(buf);
}

static void fault_handler(int sig, siginfo_t *si, void *uc_void) {
  auto *uc = static_cast<ucontext_t *>(uc_void);
  bool write = false;
#if defined(__x86_64__)
  write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;  // page-fault error code: bit 1 = write
#else
  (void)uc;
#endif
  uint64_t gaddr = 0;
  if (fault_mem && guest_fault_in_window(*fault_mem, si->si_addr, &gaddr)) {
    uint64_t page = gaddr & ~(GuestMemory::kPageSize - 1);
    uint8_t f = fault_mem->page_flags[page >> GuestMemory::kPageBits];
    if (sig == SIGSEGV && write && (f & PAGE_CODE) && (f & PAGE_WRITE)) {
      unprotect_code_page(fault_mem, page);
      return;  // the store is retried and now succeeds
    }
    if (guest_fault_jmp) {
      guest_fault_last = GuestFault{gaddr, write, sig};
      siglongjmp(*guest_fault_jmp, 1);
    }
    write_str("qemu-e2k: internal error: unexpected host fault on guest address ");
    write_hex(gaddr);
    write_str(" outside guest code\n");
  } else {
    write_str("qemu-e2k: internal error: host ");
    write_str(sig == SIGBUS ? "SIGBUS" : "SIGSEGV");
    write_str(" at host address ");
    write_hex(reinterpret_cast<uintptr_t>(si->si_addr));
    write_str(" (outside the guest window)\n");
  }
  // Die of the host signal: restore the default action; the faulting access repeats on return.
  signal(sig, SIG_DFL);
}

void guest_fault_install(GuestMemory *mem) {
  fault_mem = mem;
  // Own stack so a host stack overflow still reaches the handler.
  static char altstack[64 * 1024];
  stack_t ss{};
  ss.ss_sp = altstack;
  ss.ss_size = sizeof altstack;
  sigaltstack(&ss, nullptr);
  struct sigaction sa{};
  sa.sa_sigaction = fault_handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, nullptr);
  sigaction(SIGBUS, &sa, nullptr);
}

}  // namespace e2k
