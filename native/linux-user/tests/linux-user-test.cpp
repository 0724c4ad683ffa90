// Native tests of the user-mode runtime pieces that need no guest code: guest window and fault
// bridge, mmap/brk allocator, syscall pointer checks and struct conversion, -strace text, ELF
// header checks, initial stack, option environment edits. Run by meson test (linux-user).
#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "linux-user/elfload.h"
#include "linux-user/layout.h"
#include "linux-user/options.h"
#include "linux-user/process.h"
#include "linux-user/strace.h"
#include "linux-user/syscall-info.h"
#include "util/guest-memory.h"

using namespace e2k;

static int failures = 0;
#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                       \
    }                                                                   \
  } while (0)
#define CHECK_EQ(a, b)                                                                          \
  do {                                                                                          \
    long long va_ = (long long)(a), vb_ = (long long)(b);                                       \
    if (va_ != vb_) {                                                                           \
      fprintf(stderr, "%s:%d: %s == %lld, want %lld\n", __FILE__, __LINE__, #a, va_, vb_);      \
      failures++;                                                                               \
    }                                                                                           \
  } while (0)
#define CHECK_STR(a, b)                                                                              \
  do {                                                                                               \
    std::string sa_ = (a), sb_ = (b);                                                                \
    if (sa_ != sb_) {                                                                                \
      fprintf(stderr, "%s:%d: %s == \"%s\", want \"%s\"\n", __FILE__, __LINE__, #a, sa_.c_str(), sb_.c_str()); \
      failures++;                                                                                    \
    }                                                                                                \
  } while (0)

static Process proc;

static void test_window() {
  GuestMemory &m = proc.mem;
  CHECK_EQ(m.size, layout::kWindowSize);
  CHECK_EQ(guest_memory_map_anon(&m, 0x100000, 0x3000, 3), 0);
  CHECK(guest_range_ok(m, 0x100000, 0x3000, PAGE_READ | PAGE_WRITE));
  CHECK(!guest_range_ok(m, 0x100000, 0x3001, PAGE_READ));
  CHECK(!guest_range_ok(m, 0xfffff, 2, PAGE_READ));
  CHECK(guest_range_ok(m, 0x12345678, 0, PAGE_READ));  // empty range
  CHECK(!guest_range_ok(m, layout::kWindowSize - 1, 2, PAGE_READ));  // leaves the window
  CHECK(!guest_range_ok(m, ~uint64_t(0), 1, PAGE_READ));
  CHECK(!guest_range_ok(m, 0x100000, ~uint64_t(0), PAGE_READ));  // wraps
  CHECK_EQ(guest_memory_protect(&m, 0x101000, 0x1000, 1), 0);
  CHECK(guest_range_ok(m, 0x101000, 0x1000, PAGE_READ));
  CHECK(!guest_range_ok(m, 0x101000, 0x1000, PAGE_WRITE));
  CHECK_EQ(guest_memory_map_anon(&m, layout::kWindowSize - 0x1000, 0x2000, 3), -ENOMEM);
  CHECK_EQ(guest_memory_unmap(&m, 0x102000, 0x1000), 0);
  CHECK(!guest_range_ok(m, 0x102000, 1, PAGE_READ));
}

static sigjmp_buf jb;

// One guest access through the host pointer with the recovery point armed: true if it faulted.
static bool faults(uint64_t addr, bool write, GuestFault *f) {
  volatile bool faulted = false;
  guest_fault_jmp = &jb;
  if (sigsetjmp(jb, 1) == 0) {
    volatile uint8_t *p = proc.mem.g2h(addr);
    if (write) *p = 1;
    else (void)*p;
  } else {
    faulted = true;
    *f = guest_fault_last;
  }
  guest_fault_jmp = nullptr;
  return faulted;
}

static int hook_calls = 0;
static uint64_t hook_page = 0;
static void code_hook(void *, uint64_t page) {
  hook_calls++;
  hook_page = page;
}

static void test_fault_bridge() {
  GuestFault f{};
  CHECK(faults(0x100000, false, &f) == false);
  CHECK(faults(0x5000, false, &f));
  CHECK_EQ(f.addr, 0x5000);
  CHECK(!f.write);
  CHECK(faults(0x101010, true, &f));  // read-only page
  CHECK_EQ(f.addr, 0x101010);
  CHECK(f.write);
  CHECK(!faults(0x101010, false, &f));
  // Translated code on a writable page: the write goes through after the hook ran.
  guest_memory_set_code_write_hook(code_hook, nullptr);
  guest_memory_mark_code(&proc.mem, 0x100000);
  CHECK(proc.mem.flags(0x100000) & PAGE_CODE);
  CHECK(!faults(0x100008, true, &f));
  CHECK_EQ(hook_calls, 1);
  CHECK_EQ(hook_page, 0x100000);
  CHECK(!(proc.mem.flags(0x100000) & PAGE_CODE));
  CHECK_EQ(*proc.mem.g2h(0x100008), 1);
  // Syscall writes clear it first.
  guest_memory_mark_code(&proc.mem, 0x100000);
  guest_memory_prepare_write(&proc.mem, 0x100ff0, 0x20);
  CHECK_EQ(hook_calls, 2);
  CHECK(!(proc.mem.flags(0x100000) & PAGE_CODE));
  guest_memory_set_code_write_hook(nullptr, nullptr);
}

static void test_mmap() {
  Process *p = &proc;
  p->mmap_hint = layout::kMmapBase;
  const int kPriv = 0x02, kAnon = 0x10, kFixed = 0x100, kNoreplace = 0x400000;
  int64_t a = do_mmap(p, 0, 10000, 3, kPriv | kAnon, -1, 0);
  CHECK_EQ(a, int64_t(layout::kMmapBase));
  CHECK(guest_range_ok(p->mem, uint64_t(a), 12288, PAGE_READ | PAGE_WRITE));
  int64_t b = do_mmap(p, 0, 4096, 1, kPriv | kAnon, -1, 0);
  CHECK_EQ(b, a + 12288);
  CHECK_EQ(do_mmap(p, 0, 0, 3, kPriv | kAnon, -1, 0), -EINVAL);
  CHECK_EQ(do_mmap(p, 0, 4096, 3, kAnon, -1, 0), -EINVAL);  // neither shared nor private
  CHECK_EQ(do_mmap(p, 0, 4096, 3, kPriv | kAnon, -1, 1), -EINVAL);  // unaligned offset
  CHECK_EQ(do_mmap(p, 0x1001, 4096, 3, kPriv | kAnon | kFixed, -1, 0), -EINVAL);
  CHECK_EQ(do_mmap(p, uint64_t(a), 4096, 3, kPriv | kAnon | kNoreplace, -1, 0), -EEXIST);
  CHECK_EQ(do_mmap(p, uint64_t(a), 4096, 1, kPriv | kAnon | kFixed, -1, 0), a);
  CHECK(!guest_range_ok(p->mem, uint64_t(a), 1, PAGE_WRITE));
  CHECK_EQ(do_mmap(p, layout::kWindowSize, 4096, 3, kPriv | kAnon | kFixed, -1, 0), -ENOMEM);
  CHECK_EQ(do_mmap(p, 0, 4096, 3, kPriv, 12345, 0), -EBADF);
  // File mapping: contents visible at the guest address.
  char path[] = "/tmp/qemu-e2k-test-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "file-data", 9), 9);
  int64_t fm = do_mmap(p, 0, 4096, 1, kPriv, fd, 0);
  CHECK(fm > 0);
  if (fm > 0) CHECK_EQ(memcmp(p->mem.g2h(uint64_t(fm)), "file-data", 9), 0);
  close(fd);
  unlink(path);
  CHECK_EQ(do_munmap(p, uint64_t(fm), 4096), 0);
  CHECK_EQ(do_munmap(p, 0x1001, 4096), -EINVAL);
  CHECK_EQ(do_mprotect(p, 0x7000000000, 4096, 1), -ENOMEM);  // not mapped
  CHECK_EQ(do_mprotect(p, uint64_t(a) + 1, 4096, 1), -EINVAL);
  // mremap: grow in place when free, else move with the contents.
  int64_t r = do_mmap(p, 0x5000000000, 4096, 3, kPriv | kAnon | kFixed, -1, 0);
  CHECK_EQ(r, 0x5000000000);
  memcpy(p->mem.g2h(0x5000000000), "keep", 4);
  CHECK_EQ(do_mremap(p, 0x5000000000, 4096, 8192, 0, 0), 0x5000000000);
  CHECK(guest_range_ok(p->mem, 0x5000000000, 8192, PAGE_WRITE));
  CHECK_EQ(do_mmap(p, 0x5000002000, 4096, 3, kPriv | kAnon | kFixed, -1, 0), 0x5000002000);
  CHECK_EQ(do_mremap(p, 0x5000000000, 8192, 16384, 0, 0), -ENOMEM);  // blocked, may not move
  int64_t moved = do_mremap(p, 0x5000000000, 8192, 16384, 1, 0);
  CHECK(moved > 0 && moved != 0x5000000000);
  if (moved > 0) CHECK_EQ(memcmp(p->mem.g2h(uint64_t(moved)), "keep", 4), 0);
  CHECK(!guest_range_ok(p->mem, 0x5000000000, 1, PAGE_READ));
  // brk.
  p->brk_start = p->brk_cur = 0x200000;
  CHECK_EQ(do_brk(p, 0), 0x200000);
  CHECK_EQ(do_brk(p, 0x210000), 0x210000);
  CHECK(guest_range_ok(p->mem, 0x200000, 0x10000, PAGE_WRITE));
  *p->mem.g2h(0x20f000) = 7;
  CHECK_EQ(do_brk(p, 0x201000), 0x201000);
  CHECK(!guest_range_ok(p->mem, 0x202000, 1, PAGE_READ));
  CHECK_EQ(do_brk(p, 0x210000), 0x210000);
  CHECK_EQ(*p->mem.g2h(0x20f000), 0);  // fresh pages after shrink + grow
  CHECK_EQ(do_brk(p, 0x1000), 0x210000);  // below the start: unchanged
}

static int64_t sys(uint64_t nr, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0) {
  SyscallArgs a{nr, {a0, a1, a2, a3, 0, 0}};
  return do_syscall(&proc, a);
}

static void test_syscalls() {
  uint64_t buf = 0x100000;  // rw page from test_window
  CHECK_EQ(guest_memory_map_anon(&proc.mem, buf, 0x1000, 3), 0);
  int fds[2];
  CHECK_EQ(pipe(fds), 0);
  memcpy(proc.mem.g2h(buf), "abc", 3);
  CHECK_EQ(sys(TARGET_NR_write, uint64_t(fds[1]), buf, 3), 3);
  CHECK_EQ(sys(TARGET_NR_write, uint64_t(fds[1]), 0x5000, 3), -EFAULT);             // unmapped
  CHECK_EQ(sys(TARGET_NR_write, uint64_t(fds[1]), layout::kWindowSize + buf, 3), -EFAULT);  // outside
  CHECK_EQ(sys(TARGET_NR_write, uint64_t(fds[1]), 0x101fff, 2), -EFAULT);  // runs into an unmapped page
  CHECK_EQ(sys(TARGET_NR_read, uint64_t(fds[0]), 0x101000, 3), -EFAULT);             // read-only page
  CHECK_EQ(sys(TARGET_NR_read, uint64_t(fds[0]), buf + 8, 3), 3);
  CHECK_EQ(memcmp(proc.mem.g2h(buf + 8), "abc", 3), 0);
  close(fds[0]);
  close(fds[1]);
  // Strings: a path crossing into an unmapped page is -EFAULT, not a host fault.
  CHECK_EQ(guest_memory_protect(&proc.mem, 0x101000, 0x1000, 3), 0);
  memset(proc.mem.g2h(0x101000), 'a', 0x1000);
  CHECK_EQ(guest_memory_protect(&proc.mem, 0x101000, 0x1000, 1), 0);
  CHECK_EQ(sys(TARGET_NR_open, 0x101ff0, 0, 0), -EFAULT);
  CHECK_EQ(sys(TARGET_NR_open, 0, 0, 0), -EFAULT);
  // stat: the E2K layout (st_mode @16, st_size @40, st_blksize @48).
  strcpy(reinterpret_cast<char *>(proc.mem.g2h(buf)), "/proc/self/exe");
  uint64_t st = buf + 0x100;
  CHECK_EQ(sys(TARGET_NR_stat, buf, st), 0);
  uint32_t mode;
  int64_t size, blksize;
  memcpy(&mode, proc.mem.g2h(st + 16), 4);
  memcpy(&size, proc.mem.g2h(st + 40), 8);
  memcpy(&blksize, proc.mem.g2h(st + 48), 8);
  struct stat host;
  CHECK_EQ(stat(proc.exe_path.c_str(), &host), 0);
  CHECK_EQ(mode, host.st_mode);
  CHECK_EQ(size, host.st_size);
  CHECK_EQ(blksize, host.st_blksize);
  CHECK_EQ(sys(TARGET_NR_stat, buf, 0x101000), -EFAULT);
  // uname says e2k.
  CHECK_EQ(sys(TARGET_NR_uname, buf), 0);
  CHECK_STR(reinterpret_cast<char *>(proc.mem.g2h(buf + 4 * 65)), "e2k");
  CHECK_STR(reinterpret_cast<char *>(proc.mem.g2h(buf)), "Linux");
  // Unknown numbers and calls without a 64-bit handler.
  CHECK_EQ(sys(9999), -ENOSYS);
  CHECK_EQ(sys(TARGET_NR_rt_sigreturn), -ENOSYS);
  // rt_sigaction / rt_sigprocmask bookkeeping.
  uint64_t act[4] = {1 /* SIG_IGN */, 0, 0, 0};
  memcpy(proc.mem.g2h(buf), act, sizeof act);
  CHECK_EQ(sys(TARGET_NR_rt_sigaction, 10, buf, buf + 64, 8), 0);
  CHECK_EQ(sys(TARGET_NR_rt_sigaction, 10, 0, buf + 64, 8), 0);
  uint64_t old;
  memcpy(&old, proc.mem.g2h(buf + 64), 8);
  CHECK_EQ(old, 1);
  CHECK_EQ(sys(TARGET_NR_rt_sigaction, 9, buf, 0, 8), -EINVAL);   // SIGKILL
  CHECK_EQ(sys(TARGET_NR_rt_sigaction, 10, buf, 0, 4), -EINVAL);  // sigsetsize
  CHECK_EQ(sys(TARGET_NR_rt_sigaction, 10, 0x5000, 0, 8), -EFAULT);
  CHECK_EQ(sys(TARGET_NR_kill, uint64_t(getpid()), 10), 0);  // ignored: still alive
  uint64_t set = uint64_t(1) << (12 - 1);
  memcpy(proc.mem.g2h(buf), &set, 8);
  CHECK_EQ(sys(TARGET_NR_rt_sigprocmask, 0, buf, 0, 8), 0);
  CHECK_EQ(sys(TARGET_NR_rt_sigprocmask, 7, buf, 0, 8), -EINVAL);
  CHECK_EQ(sys(TARGET_NR_rt_sigprocmask, 0, 0, buf + 8, 8), 0);
  memcpy(&old, proc.mem.g2h(buf + 8), 8);
  CHECK_EQ(old, set);
  CHECK_EQ(sys(TARGET_NR_kill, uint64_t(getpid()), 12), 0);  // blocked: pending, still alive
  CHECK_EQ(proc.sig_pending, set);
  // getrandom fills guest memory; clock_gettime rejects a read-only buffer.
  memset(proc.mem.g2h(buf), 0, 64);
  CHECK_EQ(sys(TARGET_NR_getrandom, buf, 64, 0), 64);
  CHECK_EQ(sys(TARGET_NR_clock_gettime, 1, 0x101000), -EFAULT);
  CHECK_EQ(sys(TARGET_NR_clock_gettime, 1, buf), 0);
  CHECK_EQ(sys(TARGET_NR_ioctl, 0, 0x12345678, 0), -ENOTTY);
}

static void test_strace() {
  uint64_t buf = 0x100000;
  strcpy(reinterpret_cast<char *>(proc.mem.g2h(buf)), "a\"b\n");
  SyscallArgs open_a{uint64_t(TARGET_NR_openat), {uint64_t(-100), buf, 0101 | 02000000, 0644, 0, 0}};
  CHECK_STR(strace_format_call(&proc, open_a), "openat(AT_FDCWD,\"a\\\"b\\n\",O_WRONLY|O_CREAT|O_CLOEXEC,0644)");
  SyscallArgs mm{uint64_t(TARGET_NR_mmap), {0, 8192, 3, 0x112, uint64_t(-1), 0}};
  CHECK_STR(strace_format_call(&proc, mm), "mmap(NULL,8192,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED,-1,0x0)");
  SyscallArgs bad{uint64_t(TARGET_NR_open), {0x5000, 0, 0, 0, 0, 0}};
  CHECK_STR(strace_format_call(&proc, bad), "open(0x5000,O_RDONLY,00)");
  SyscallArgs unk{9999, {}};
  CHECK_STR(strace_format_call(&proc, unk), "Unknown syscall 9999");
  SyscallArgs kill_a{uint64_t(TARGET_NR_tgkill), {5, 6, 11, 0, 0, 0}};
  CHECK_STR(strace_format_call(&proc, kill_a), "tgkill(5,6,SIGSEGV)");
  CHECK_STR(strace_format_result(TARGET_NR_write, 5), " = 5");
  CHECK_STR(strace_format_result(TARGET_NR_write, -2), " = -1 errno=2 (No such file or directory)");
  CHECK_STR(strace_format_result(TARGET_NR_mmap, 0x4000000000), " = 0x4000000000");
  CHECK(syscall_info(TARGET_NR_exit_group) && !strcmp(syscall_info(TARGET_NR_exit_group)->name, "exit_group"));
  CHECK_EQ(TARGET_NR_exit_group, 300);
  CHECK_EQ(TARGET_NR_openat, 335);
  CHECK_EQ(TARGET_NR_newfstatat, 224);
  CHECK(syscall_info(100000) == nullptr);
}

// Random mmap/munmap/mprotect/mremap/brk in a small region: afterwards every page's guest flags must
// agree with what a host access does (readable <=> no read fault, writable <=> no write fault).
static void test_mm_fuzz() {
  Process *p = &proc;
  const uint64_t lo = 0x6000000000, span = 256 * 4096;
  uint64_t seed = 0x9e3779b97f4a7c15;
  auto rnd = [&]() {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
  };
  auto addr = [&]() { return lo + (rnd() % 256) * 4096 + ((rnd() % 8) == 0 ? rnd() % 4096 : 0); };
  auto len = [&]() { return (rnd() % 8) == 0 ? rnd() : (rnd() % 16) * 4096 + ((rnd() % 4) == 0 ? rnd() % 4096 : 0); };
  p->brk_start = p->brk_cur = lo + span / 2;
  for (int i = 0; i < 4000; i++) {
    int prot = int(rnd() % 8);
    switch (rnd() % 6) {
      case 0: do_mmap(p, addr(), len(), prot, 0x02 | 0x10 | 0x100, -1, 0); break;
      case 1: do_munmap(p, addr(), len()); break;
      case 2: do_mprotect(p, addr(), len(), prot); break;
      case 3: do_mremap(p, addr(), len(), len(), int(rnd() % 4), addr()); break;
      case 4: do_brk(p, lo + span / 2 + (rnd() % 64) * 1000); break;
      default: do_mmap(p, (rnd() % 2) ? addr() : 0, len() % (1 << 20), prot, 0x02 | 0x10, -1, 0); break;
    }
  }
  int mismatches = 0;
  for (uint64_t a = lo; a < lo + span; a += 4096) {
    GuestFault f{};
    bool r_ok = proc.mem.readable(a), w_ok = proc.mem.writable(a);
    // The host cannot map write-only or exec-only pages: both stay readable there (as on x86 Linux).
    uint8_t fl = proc.mem.flags(a);
    bool host_readable = (fl & PAGE_VALID) && (fl & (PAGE_READ | PAGE_WRITE | PAGE_EXEC));
    bool read_faults = faults(a, false, &f);
    if (read_faults == host_readable) {
      fprintf(stderr, "page 0x%llx flags 0x%x: read %s\n", (unsigned long long)a, fl, read_faults ? "faults" : "works");
      mismatches++;
    }
    if (!read_faults || !r_ok) {
      bool write_faults = faults(a, true, &f);
      if (write_faults == w_ok) {
        fprintf(stderr, "page 0x%llx flags 0x%x: write %s\n", (unsigned long long)a, fl, write_faults ? "faults" : "works");
        mismatches++;
      }
    }
  }
  CHECK_EQ(mismatches, 0);
  // Random syscalls with random pointers: results are values or -errno, never a host fault.
  const uint64_t nrs[] = {TARGET_NR_stat, TARGET_NR_newfstatat, TARGET_NR_uname, TARGET_NR_clock_gettime,
                          TARGET_NR_getcwd, TARGET_NR_readlink, TARGET_NR_getrandom, TARGET_NR_rt_sigprocmask,
                          TARGET_NR_fstat, TARGET_NR_gettimeofday, TARGET_NR_statx, TARGET_NR_access,
                          TARGET_NR_writev, TARGET_NR_prlimit64, TARGET_NR_sysinfo, TARGET_NR_times};
  int bad_results = 0;
  proc.sig_pending = 0;  // nothing may be delivered when a random mask unblocks it
  for (int i = 0; i < 20000; i++) {
    uint64_t nr = nrs[rnd() % (sizeof nrs / sizeof *nrs)];
    auto arg = [&]() -> uint64_t {
      switch (rnd() % 5) {
        case 0: return addr();
        case 1: return rnd();
        case 2: return rnd() % 64;
        case 3: return layout::kWindowSize - (rnd() % 8192);
        default: return 0x100000 + rnd() % 0x3000;
      }
    };
    uint64_t a0 = arg(), a1 = arg(), a2 = arg(), a3 = arg();
    if (nr == TARGET_NR_writev) a0 = uint64_t(open("/dev/null", O_WRONLY));
    if (nr == TARGET_NR_prlimit64) a0 = 0;  // only ourselves
    int64_t r = sys(nr, a0, a1, a2, a3);
    if (nr == TARGET_NR_writev) close(int(a0));
    if (r < -4095) bad_results++;
  }
  CHECK_EQ(bad_results, 0);
}

static std::string write_tmp(const std::vector<uint8_t> &data) {
  char path[] = "/tmp/qemu-e2k-elf-XXXXXX";
  int fd = mkstemp(path);
  if (write(fd, data.data(), data.size()) != ssize_t(data.size())) failures++;
  close(fd);
  return path;
}

static void expect_probe_error(const std::vector<uint8_t> &data, const char *want) {
  std::string path = write_tmp(data), err;
  uint32_t flags;
  int iset;
  CHECK(!elf_probe(path, &flags, &iset, &err));
  if (err.find(want) == std::string::npos || err.find(path) != 0) {
    fprintf(stderr, "elf error \"%s\" does not name the file and \"%s\"\n", err.c_str(), want);
    failures++;
  }
  unlink(path.c_str());
}

static void test_elf_headers() {
  std::vector<uint8_t> f(sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) + 16, 0);
  Elf64_Ehdr eh{};
  memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = ET_EXEC;
  eh.e_machine = 175;
  eh.e_flags = 0x5000000;
  eh.e_phoff = sizeof eh;
  eh.e_phentsize = sizeof(Elf64_Phdr);
  eh.e_phnum = 1;
  Elf64_Phdr ph{};
  ph.p_type = PT_LOAD;
  ph.p_vaddr = 0x10000;
  ph.p_filesz = ph.p_memsz = f.size();
  ph.p_flags = PF_R | PF_X;
  auto build = [&](Elf64_Ehdr e, Elf64_Phdr p) {
    std::vector<uint8_t> d = f;
    memcpy(d.data(), &e, sizeof e);
    memcpy(d.data() + sizeof e, &p, sizeof p);
    return d;
  };
  std::string path = write_tmp(build(eh, ph)), err;
  uint32_t flags = 0;
  int iset = 0;
  CHECK(elf_probe(path, &flags, &iset, &err));
  CHECK_EQ(iset, 5);
  unlink(path.c_str());
  expect_probe_error({'#', '!', '/', 'b', 'i', 'n'}, "not an ELF file");
  expect_probe_error({0x7f, 'E', 'L', 'F', 2, 1}, "truncated ELF header");
  Elf64_Ehdr e = eh;
  e.e_machine = 62;
  expect_probe_error(build(e, ph), "wrong machine (e_machine 62");
  e = eh;
  e.e_ident[EI_CLASS] = ELFCLASS32;
  expect_probe_error(build(e, ph), "32-bit ELF");
  e = eh;
  e.e_flags |= 1u << 5;
  expect_probe_error(build(e, ph), "protected-mode");
  e = eh;
  e.e_type = ET_REL;
  expect_probe_error(build(e, ph), "not an executable");
  e = eh;
  e.e_phnum = 40;
  expect_probe_error(build(e, ph), "truncated (program headers");
  Elf64_Phdr p2 = ph;
  p2.p_filesz = p2.p_memsz = 1 << 20;
  expect_probe_error(build(eh, p2), "truncated (file data");
  p2 = ph;
  p2.p_vaddr = uint64_t(1) << 47;
  expect_probe_error(build(eh, p2), "outside the guest address space");
  p2 = ph;
  p2.p_memsz = 1;
  expect_probe_error(build(eh, p2), "p_filesz larger than p_memsz");
  std::string err2;
  CHECK(!elf_probe("/nonexistent/prog", &flags, &iset, &err2));
  CHECK_STR(err2, "/nonexistent/prog: No such file or directory");
  CHECK(!elf_probe("/tmp", &flags, &iset, &err2));
  CHECK_STR(err2, "/tmp: not a regular file");
}

static void test_initial_stack() {
  ElfImage img;
  img.phdr_addr = 0x10040;
  img.phnum = 3;
  img.phent = 56;
  img.prog_entry = 0x10078;
  uint64_t top = 0x9000000000, size = 0x100000;
  CHECK_EQ(guest_memory_map_anon(&proc.mem, top - size, size, 3), 0);
  uint64_t sp = 0;
  std::string err;
  CHECK(build_initial_stack(&proc.mem, top, size, img, {"prog", "one"}, {"A=1", "B=2"}, "/x/prog", &sp, &err));
  CHECK_EQ(sp % 16, 0);
  auto word = [&](uint64_t a) {
    uint64_t v;
    memcpy(&v, proc.mem.g2h(a), 8);
    return v;
  };
  auto str = [&](uint64_t a) { return std::string(reinterpret_cast<char *>(proc.mem.g2h(a))); };
  CHECK_EQ(word(sp), 2);
  CHECK_STR(str(word(sp + 8)), "prog");
  CHECK_STR(str(word(sp + 16)), "one");
  CHECK_EQ(word(sp + 24), 0);
  CHECK_STR(str(word(sp + 32)), "A=1");
  CHECK_STR(str(word(sp + 40)), "B=2");
  CHECK_EQ(word(sp + 48), 0);
  bool saw_pagesz = false, saw_entry = false, saw_random = false, saw_null = false;
  for (uint64_t a = sp + 56; a < top; a += 16) {
    uint64_t type = word(a), val = word(a + 8);
    if (type == AT_PAGESZ) saw_pagesz = val == 4096;
    if (type == AT_ENTRY) saw_entry = val == 0x10078;
    if (type == AT_RANDOM) saw_random = val > sp && val + 16 <= top;
    if (type == AT_EXECFN) CHECK_STR(str(val), "/x/prog");
    if (type == AT_NULL) {
      saw_null = true;
      break;
    }
  }
  CHECK(saw_pagesz && saw_entry && saw_random && saw_null);
  std::vector<std::string> huge(64, std::string(4096, 'x'));
  CHECK(!build_initial_stack(&proc.mem, top, 0x10000, img, huge, {}, "p", &sp, &err));
  CHECK(err.find("-s") != std::string::npos);
}

static void test_guest_env() {
  UserOptions o;
  o.env_edits = {"HOME", "NEW=1", "PATH=/guest", "NEW", "LAST=x"};
  char a[] = "HOME=/root", b[] = "PATH=/usr/bin", c[] = "KEEP=1";
  char *host[] = {a, b, c, nullptr};
  std::vector<std::string> env = build_guest_env(o, host);
  std::vector<std::string> want = {"KEEP=1", "PATH=/guest", "LAST=x"};
  CHECK(env == want);
}

int main() {
  std::string err;
  if (!guest_memory_init(&proc.mem, layout::kWindowBits, &err)) {
    fprintf(stderr, "%s\n", err.c_str());
    return 1;
  }
  guest_fault_install(&proc.mem);
  proc.exe_path = "/proc/self/exe";
  char real[4096];
  ssize_t n = readlink("/proc/self/exe", real, sizeof real - 1);
  if (n > 0) proc.exe_path.assign(real, size_t(n));
  signals_init(&proc);
  test_window();
  test_fault_bridge();
  test_mmap();
  test_syscalls();
  test_strace();
  test_elf_headers();
  test_initial_stack();
  test_guest_env();
  test_mm_fuzz();
  if (failures) {
    fprintf(stderr, "linux-user-test: %d failure(s)\n", failures);
    return 1;
  }
  printf("linux-user-test: all passed\n");
  return 0;
}
