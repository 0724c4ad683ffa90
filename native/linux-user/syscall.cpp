// The E2K system-call dispatcher: host pass-through with guest-pointer checks and struct
// conversion (numbers from syscalls.tsv, LINUX-ABI.md §3). A bad guest pointer gives -EFAULT;
// an unknown or unimplemented call -ENOSYS (visible under -strace, logged under -d unimp).
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "log.h"
#include "process.h"
#include "strace.h"
#include "syscall-info.h"

namespace e2k {

namespace {

using Args = const uint64_t *;

int64_t host_ret(long r) { return r < 0 ? -int64_t(errno) : int64_t(r); }

// Guest buffers: checked against the window and page flags before the host touches them.
bool can_read(const Process *p, uint64_t a, uint64_t len) { return guest_range_ok(p->mem, a, len, PAGE_READ); }
bool can_write(Process *p, uint64_t a, uint64_t len) {
  if (!guest_range_ok(p->mem, a, len, PAGE_WRITE)) return false;
  guest_memory_prepare_write(&p->mem, a, len);
  return true;
}
void *h(Process *p, uint64_t a) { return p->mem.g2h(a); }

// Reads a NUL-terminated guest string (a path): 0, -EFAULT or -ENAMETOOLONG.
int64_t get_string(const Process *p, uint64_t a, std::string *out) {
  out->clear();
  for (uint64_t i = 0; i < PATH_MAX; i++) {
    if (!can_read(p, a + i, 1)) return -EFAULT;
    char c = char(*p->mem.g2h(a + i));
    if (!c) return 0;
    out->push_back(c);
  }
  return -ENAMETOOLONG;
}

// Paths the emulator answers itself (the guest must see its own executable, not the emulator).
std::string fix_path(const Process *p, const std::string &path) {
  if (path == "/proc/self/exe") return p->exe_path;
  return path;
}

#define GET_PATH(var, addr)                   \
  std::string var;                            \
  do {                                        \
    int64_t e_ = get_string(p, (addr), &var); \
    if (e_ < 0) return e_;                    \
    var = fix_path(p, var);                   \
  } while (0)

// E2K 64-bit struct stat (LINUX-ABI.md §3.5), 112 bytes.
struct TargetStat {
  uint32_t st_dev;
  uint32_t pad0;
  uint64_t st_ino;
  uint32_t st_mode;
  uint32_t st_nlink;
  uint32_t st_uid;
  uint32_t st_gid;
  uint32_t st_rdev;
  uint32_t pad1;
  int64_t st_size;
  int64_t st_blksize;
  int64_t st_blocks;
  int64_t st_atime_;
  uint64_t st_atime_nsec;
  int64_t st_mtime_;
  uint64_t st_mtime_nsec;
  int64_t st_ctime_;
  uint64_t st_ctime_nsec;
};
static_assert(sizeof(TargetStat) == 112, "E2K struct stat is 112 bytes");

// Old-style 32-bit device numbers of the E2K stat (major in bits 15:8... new_encode_dev form).
uint32_t encode_dev(dev_t d) {
  uint32_t maj = uint32_t(major(d)), min = uint32_t(minor(d));
  return (min & 0xff) | (maj << 8) | ((min & ~0xffu) << 12);
}

int64_t put_stat(Process *p, uint64_t addr, const struct stat &st) {
  if (!can_write(p, addr, sizeof(TargetStat))) return -EFAULT;
  TargetStat t{};
  t.st_dev = encode_dev(st.st_dev);
  t.st_ino = st.st_ino;
  t.st_mode = st.st_mode;
  t.st_nlink = uint32_t(st.st_nlink);
  t.st_uid = st.st_uid;
  t.st_gid = st.st_gid;
  t.st_rdev = encode_dev(st.st_rdev);
  t.st_size = st.st_size;
  t.st_blksize = st.st_blksize;
  t.st_blocks = st.st_blocks;
  t.st_atime_ = st.st_atim.tv_sec;
  t.st_atime_nsec = uint64_t(st.st_atim.tv_nsec);
  t.st_mtime_ = st.st_mtim.tv_sec;
  t.st_mtime_nsec = uint64_t(st.st_mtim.tv_nsec);
  t.st_ctime_ = st.st_ctim.tv_sec;
  t.st_ctime_nsec = uint64_t(st.st_ctim.tv_nsec);
  memcpy(h(p, addr), &t, sizeof t);
  return 0;
}

int64_t sys_fstatat(Process *p, int dirfd, uint64_t path_addr, uint64_t buf, int flags) {
  GET_PATH(path, path_addr);
  struct stat st;
  if (fstatat(dirfd, path.c_str(), &st, flags) != 0) return -errno;
  return put_stat(p, buf, st);
}

int64_t sys_iov(Process *p, bool write, int fd, uint64_t iov_addr, uint64_t cnt, bool positioned, int64_t off) {
  if (cnt > IOV_MAX) return -EINVAL;
  if (!can_read(p, iov_addr, cnt * 16)) return -EFAULT;
  std::vector<struct iovec> iov(cnt);
  for (uint64_t i = 0; i < cnt; i++) {
    uint64_t base, len;
    memcpy(&base, h(p, iov_addr + 16 * i), 8);
    memcpy(&len, h(p, iov_addr + 16 * i + 8), 8);
    if (int64_t(len) < 0) return -EINVAL;
    if (write ? !can_read(p, base, len) : !can_write(p, base, len)) return -EFAULT;
    iov[i].iov_base = len ? h(p, base) : nullptr;
    iov[i].iov_len = len;
  }
  long r;
  if (positioned)
    r = write ? pwritev(fd, iov.data(), int(cnt), off) : preadv(fd, iov.data(), int(cnt), off);
  else
    r = write ? writev(fd, iov.data(), int(cnt)) : readv(fd, iov.data(), int(cnt));
  return host_ret(r);
}

// Terminal and file ioctls with fixed argument sizes (generic Linux numbers, as on E2K).
int64_t sys_ioctl(Process *p, int fd, uint64_t cmd, uint64_t arg) {
  struct IoctlArg {
    uint32_t cmd;
    uint32_t size;  // bytes at arg; 0 = arg is a plain value
    bool out;       // the kernel writes the buffer
  };
  static const IoctlArg kIoctls[] = {
      {0x5401, 36, true},   // TCGETS (kernel struct termios)
      {0x5402, 36, false},  // TCSETS
      {0x5403, 36, false},  // TCSETSW
      {0x5404, 36, false},  // TCSETSF
      {0x5409, 0, false},   // TCSBRK
      {0x540A, 0, false},   // TCXONC
      {0x540B, 0, false},   // TCFLSH
      {0x540E, 0, false},   // TIOCSCTTY
      {0x540F, 4, true},    // TIOCGPGRP
      {0x5410, 4, false},   // TIOCSPGRP
      {0x5413, 8, true},    // TIOCGWINSZ
      {0x5414, 8, false},   // TIOCSWINSZ
      {0x541B, 4, true},    // FIONREAD
      {0x5421, 4, false},   // FIONBIO
      {0x5422, 0, false},   // TIOCNOTTY
      {0x5429, 4, true},    // TIOCGSID
      {0x5450, 0, false},   // FIONCLEX
      {0x5451, 0, false},   // FIOCLEX
      {0x5452, 4, false},   // FIOASYNC
  };
  for (const IoctlArg &io : kIoctls) {
    if (io.cmd != cmd) continue;
    if (io.size == 0) return host_ret(ioctl(fd, io.cmd, arg));
    if (io.out ? !can_write(p, arg, io.size) : !can_read(p, arg, io.size)) return -EFAULT;
    return host_ret(ioctl(fd, io.cmd, h(p, arg)));
  }
  qemu_log_mask(LOG_UNIMP, "qemu-e2k: unsupported ioctl 0x%llx on fd %d\n", (unsigned long long)cmd, fd);
  return -ENOTTY;
}

int64_t sys_fcntl(Process *p, int fd, int cmd, uint64_t arg) {
  switch (cmd) {
    case F_DUPFD: case F_DUPFD_CLOEXEC: case F_GETFD: case F_SETFD: case F_GETFL: case F_SETFL:
    case F_GETOWN: case F_SETOWN: case F_GETPIPE_SZ: case F_SETPIPE_SZ: case F_GET_SEALS: case F_ADD_SEALS:
      return host_ret(fcntl(fd, cmd, long(arg)));
    case F_GETLK: case F_SETLK: case F_SETLKW: case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW: {
      // struct flock: same 32-byte layout on E2K64 and x86-64.
      bool out = cmd == F_GETLK || cmd == F_OFD_GETLK;
      if (out ? !can_write(p, arg, 32) : !can_read(p, arg, 32)) return -EFAULT;
      return host_ret(fcntl(fd, cmd, h(p, arg)));
    }
    default:
      qemu_log_mask(LOG_UNIMP, "qemu-e2k: unsupported fcntl cmd %d\n", cmd);
      return -EINVAL;
  }
}

int64_t sys_uname(Process *p, uint64_t buf) {
  struct utsname u;
  if (uname(&u) != 0) return -errno;
  if (!can_write(p, buf, sizeof u)) return -EFAULT;
  snprintf(u.machine, sizeof u.machine, "e2k");
  memcpy(h(p, buf), &u, sizeof u);
  return 0;
}

// Copies `len` bytes the host filled into the guest after validation (plain passthrough structs).
#define OUT_PTR(addr, len)                                      \
  do {                                                          \
    if ((addr) && !can_write(p, (addr), (len))) return -EFAULT; \
  } while (0)
#define IN_PTR(addr, len)                                      \
  do {                                                         \
    if ((addr) && !can_read(p, (addr), (len))) return -EFAULT; \
  } while (0)
#define HP(addr) ((addr) ? h(p, (addr)) : nullptr)

int64_t dispatch(Process *p, const SyscallArgs &sa) {
  Args a = sa.arg;
  const int fd0 = int(int32_t(a[0]));
  switch (sa.nr) {
    case TARGET_NR_exit:
    case TARGET_NR_exit_group:
      p->exited = true;
      p->exit_status = int(a[0] & 0xff);
      return 0;
    case TARGET_NR_read:
      if (!can_write(p, a[1], a[2])) return -EFAULT;
      return host_ret(read(fd0, HP(a[1]), a[2]));
    case TARGET_NR_write:
      if (!can_read(p, a[1], a[2])) return -EFAULT;
      return host_ret(write(fd0, HP(a[1]), a[2]));
    case TARGET_NR_pread:
      if (!can_write(p, a[1], a[2])) return -EFAULT;
      return host_ret(pread(fd0, HP(a[1]), a[2], off_t(a[3])));
    case TARGET_NR_pwrite:
      if (!can_read(p, a[1], a[2])) return -EFAULT;
      return host_ret(pwrite(fd0, HP(a[1]), a[2], off_t(a[3])));
    case TARGET_NR_readv: return sys_iov(p, false, fd0, a[1], a[2], false, 0);
    case TARGET_NR_writev: return sys_iov(p, true, fd0, a[1], a[2], false, 0);
    case TARGET_NR_preadv: return sys_iov(p, false, fd0, a[1], a[2], true, int64_t(a[3]));
    case TARGET_NR_pwritev: return sys_iov(p, true, fd0, a[1], a[2], true, int64_t(a[3]));
    case TARGET_NR_open: {
      GET_PATH(path, a[0]);
      return host_ret(open(path.c_str(), int(a[1]), mode_t(a[2])));
    }
    case TARGET_NR_openat: {
      GET_PATH(path, a[1]);
      return host_ret(openat(int(a[0]), path.c_str(), int(a[2]), mode_t(a[3])));
    }
    case TARGET_NR_creat: {
      GET_PATH(path, a[0]);
      return host_ret(creat(path.c_str(), mode_t(a[1])));
    }
    case TARGET_NR_close:
      if (fd0 == qemu_log_fd() && fd0 > 2) return -EBADF;  // the -D log is not the guest's
      return host_ret(close(fd0));
    case TARGET_NR_lseek: return host_ret(lseek(fd0, off_t(a[1]), int(a[2])));
    case TARGET_NR_unlink: {
      GET_PATH(path, a[0]);
      return host_ret(unlink(path.c_str()));
    }
    case TARGET_NR_unlinkat: {
      GET_PATH(path, a[1]);
      return host_ret(unlinkat(int(a[0]), path.c_str(), int(a[2])));
    }
    case TARGET_NR_link: {
      GET_PATH(from, a[0]);
      GET_PATH(to, a[1]);
      return host_ret(link(from.c_str(), to.c_str()));
    }
    case TARGET_NR_symlink: {
      GET_PATH(from, a[0]);
      GET_PATH(to, a[1]);
      return host_ret(symlink(from.c_str(), to.c_str()));
    }
    case TARGET_NR_rename: {
      GET_PATH(from, a[0]);
      GET_PATH(to, a[1]);
      return host_ret(rename(from.c_str(), to.c_str()));
    }
    case TARGET_NR_renameat: {
      GET_PATH(from, a[1]);
      GET_PATH(to, a[3]);
      return host_ret(renameat(int(a[0]), from.c_str(), int(a[2]), to.c_str()));
    }
    case TARGET_NR_mkdir: {
      GET_PATH(path, a[0]);
      return host_ret(mkdir(path.c_str(), mode_t(a[1])));
    }
    case TARGET_NR_mkdirat: {
      GET_PATH(path, a[1]);
      return host_ret(mkdirat(int(a[0]), path.c_str(), mode_t(a[2])));
    }
    case TARGET_NR_rmdir: {
      GET_PATH(path, a[0]);
      return host_ret(rmdir(path.c_str()));
    }
    case TARGET_NR_chdir: {
      GET_PATH(path, a[0]);
      return host_ret(chdir(path.c_str()));
    }
    case TARGET_NR_fchdir: return host_ret(fchdir(fd0));
    case TARGET_NR_chmod: {
      GET_PATH(path, a[0]);
      return host_ret(chmod(path.c_str(), mode_t(a[1])));
    }
    case TARGET_NR_fchmod: return host_ret(fchmod(fd0, mode_t(a[1])));
    case TARGET_NR_fchmodat: {
      GET_PATH(path, a[1]);
      return host_ret(fchmodat(int(a[0]), path.c_str(), mode_t(a[2]), 0));
    }
    case TARGET_NR_access: {
      GET_PATH(path, a[0]);
      return host_ret(access(path.c_str(), int(a[1])));
    }
    case TARGET_NR_faccessat: {
      GET_PATH(path, a[1]);
      return host_ret(faccessat(int(a[0]), path.c_str(), int(a[2]), 0));
    }
    case TARGET_NR_readlink:
    case TARGET_NR_readlinkat: {
      bool at = sa.nr == uint64_t(TARGET_NR_readlinkat);
      uint64_t pa = at ? a[1] : a[0], buf = at ? a[2] : a[1], size = at ? a[3] : a[2];
      GET_PATH(path, pa);
      if (int64_t(size) <= 0) return -EINVAL;
      if (!can_write(p, buf, size)) return -EFAULT;
      std::string raw;
      int64_t e = get_string(p, pa, &raw);
      if (e < 0) return e;
      if (raw == "/proc/self/exe") {
        size_t n = std::min<size_t>(p->exe_path.size(), size);
        memcpy(h(p, buf), p->exe_path.data(), n);
        return int64_t(n);
      }
      return host_ret(readlinkat(at ? int(a[0]) : AT_FDCWD, path.c_str(), static_cast<char *>(h(p, buf)), size));
    }
    case TARGET_NR_truncate: {
      GET_PATH(path, a[0]);
      return host_ret(truncate(path.c_str(), off_t(a[1])));
    }
    case TARGET_NR_ftruncate: return host_ret(ftruncate(fd0, off_t(a[1])));
    case TARGET_NR_fsync: return host_ret(fsync(fd0));
    case TARGET_NR_fdatasync: return host_ret(fdatasync(fd0));
    case TARGET_NR_stat:
    case TARGET_NR_lstat: {
      return sys_fstatat(p, AT_FDCWD, a[0], a[1], sa.nr == uint64_t(TARGET_NR_lstat) ? AT_SYMLINK_NOFOLLOW : 0);
    }
    case TARGET_NR_fstat: {
      struct stat st;
      if (fstat(fd0, &st) != 0) return -errno;
      return put_stat(p, a[1], st);
    }
    case TARGET_NR_newfstatat: return sys_fstatat(p, int(a[0]), a[1], a[2], int(a[3]));
    case TARGET_NR_statx: {
      GET_PATH(path, a[1]);
      OUT_PTR(a[4], 256);  // struct statx: the same on every architecture
      return host_ret(syscall(SYS_statx, int(a[0]), path.c_str(), int(a[2]), unsigned(a[3]), HP(a[4])));
    }
    case TARGET_NR_getdents64:
      OUT_PTR(a[1], a[2]);
      return host_ret(syscall(SYS_getdents64, fd0, HP(a[1]), unsigned(a[2])));
    case TARGET_NR_dup: return host_ret(dup(fd0));
    case TARGET_NR_dup2:
      if (int(a[1]) == qemu_log_fd() && int(a[1]) > 2) return -EBADF;
      return host_ret(dup2(fd0, int(a[1])));
    case TARGET_NR_dup3:
      if (int(a[1]) == qemu_log_fd() && int(a[1]) > 2) return -EBADF;
      return host_ret(dup3(fd0, int(a[1]), int(a[2])));
    case TARGET_NR_pipe:
      OUT_PTR(a[0], 8);
      if (!a[0]) return -EFAULT;
      return host_ret(pipe(static_cast<int *>(h(p, a[0]))));
    case TARGET_NR_pipe2:
      OUT_PTR(a[0], 8);
      if (!a[0]) return -EFAULT;
      return host_ret(pipe2(static_cast<int *>(h(p, a[0])), int(a[1])));
    case TARGET_NR_fcntl:
    case TARGET_NR_fcntl64: return sys_fcntl(p, fd0, int(a[1]), a[2]);
    case TARGET_NR_ioctl: return sys_ioctl(p, fd0, a[1], a[2]);
    case TARGET_NR_poll:
      if (a[1] > (1u << 20)) return -EINVAL;  // more than any fd limit (and no overflow below)
      IN_PTR(a[0], a[1] * sizeof(struct pollfd));
      OUT_PTR(a[0], a[1] * sizeof(struct pollfd));
      return host_ret(poll(static_cast<struct pollfd *>(HP(a[0])), nfds_t(a[1]), int(a[2])));
    case TARGET_NR_umask: return int64_t(umask(mode_t(a[0])));
    case TARGET_NR_getcwd:
      OUT_PTR(a[0], a[1]);
      return host_ret(syscall(SYS_getcwd, HP(a[0]), size_t(a[1])));
    case TARGET_NR_brk: return do_brk(p, a[0]);
    case TARGET_NR_mmap:
      return do_mmap(p, a[0], a[1], int(a[2]), int(a[3]), int(int32_t(a[4])), a[5]);
    case TARGET_NR_munmap: return do_munmap(p, a[0], a[1]);
    case TARGET_NR_mprotect: return do_mprotect(p, a[0], a[1], int(a[2]));
    case TARGET_NR_mremap: return do_mremap(p, a[0], a[1], a[2], int(a[3]), a[4]);
    case TARGET_NR_madvise: return 0;  // advice only; MADV_DONTNEED semantics on private anon not modelled
    case TARGET_NR_uname: return sys_uname(p, a[0]);
    case TARGET_NR_getpid: return getpid();
    case TARGET_NR_getppid: return getppid();
    case TARGET_NR_gettid: return gettid();
    case TARGET_NR_getuid: return getuid();
    case TARGET_NR_geteuid: return geteuid();
    case TARGET_NR_getgid: return getgid();
    case TARGET_NR_getegid: return getegid();
    case TARGET_NR_getpgrp: return getpgrp();
    case TARGET_NR_getpgid: return host_ret(getpgid(pid_t(a[0])));
    case TARGET_NR_getsid: return host_ret(getsid(pid_t(a[0])));
    case TARGET_NR_setsid: return host_ret(setsid());
    case TARGET_NR_setpgid: return host_ret(setpgid(pid_t(a[0]), pid_t(a[1])));
    case TARGET_NR_set_tid_address: return gettid();  // single thread: nothing to clear at exit
    case TARGET_NR_set_robust_list: return a[1] == 24 ? 0 : -EINVAL;
    case TARGET_NR_clock_gettime:
      OUT_PTR(a[1], 16);
      return host_ret(clock_gettime(clockid_t(a[0]), static_cast<struct timespec *>(HP(a[1]))));
    case TARGET_NR_clock_getres:
      OUT_PTR(a[1], 16);
      return host_ret(clock_getres(clockid_t(a[0]), static_cast<struct timespec *>(HP(a[1]))));
    case TARGET_NR_gettimeofday:
      OUT_PTR(a[0], 16);
      OUT_PTR(a[1], 8);
      return host_ret(syscall(SYS_gettimeofday, HP(a[0]), HP(a[1])));
    case TARGET_NR_time: {
      time_t t = time(nullptr);
      OUT_PTR(a[0], 8);
      if (a[0]) memcpy(h(p, a[0]), &t, 8);
      return t;
    }
    case TARGET_NR_e2k_longjmp2: {
      // jmp_buf as glibc's setjmp fills it (LINUX-ABI.md §4.1); returns retval to the wrapper
      IN_PTR(a[0], 0x38);
      if (!a[0]) return -EFAULT;
      const uint8_t *jb = static_cast<const uint8_t *>(h(p, a[0]));
      CpuJmpBuf j{};
      uint64_t jmp_sigmask;
      memcpy(&jmp_sigmask, jb, 8);
      memcpy(&j.cr0_hi, jb + 0x08, 8);
      memcpy(&j.cr1_lo, jb + 0x10, 8);
      memcpy(&j.pcsp_hi, jb + 0x20, 8);
      memcpy(&j.br, jb + 0x2c, 4);
      memcpy(&j.usd_lo, jb + 0x30, 8);
      if (!cpu_longjmp(p->cpu, j)) {
        qemu_log_mask(LOG_GUEST_ERROR, "qemu-e2k: e2k_longjmp2: jmp_buf 0x%llx names no frame of the chain stack\n",
                      (unsigned long long)a[0]);
        return -EINVAL;
      }
      longjmp_sigmask(p, jmp_sigmask);
      return static_cast<int64_t>(a[1]);
    }
    case TARGET_NR_alarm: return alarm(static_cast<unsigned>(a[0]));
    case TARGET_NR_setitimer:  // struct itimerval: two {sec, usec} pairs of 64-bit words, as on the host
      IN_PTR(a[1], 32);
      OUT_PTR(a[2], 32);
      return host_ret(syscall(SYS_setitimer, int(a[0]), HP(a[1]), HP(a[2])));
    case TARGET_NR_getitimer:
      OUT_PTR(a[1], 32);
      if (!a[1]) return -EFAULT;
      return host_ret(syscall(SYS_getitimer, int(a[0]), HP(a[1])));
    case TARGET_NR_rt_sigpending: return do_rt_sigpending(p, a[0], a[1]);
    case TARGET_NR_pause: return do_sigsuspend(p, nullptr);
    case TARGET_NR_rt_sigsuspend: {
      if (a[1] != 8) return -EINVAL;
      IN_PTR(a[0], 8);
      if (!a[0]) return -EFAULT;
      uint64_t mask;
      memcpy(&mask, h(p, a[0]), 8);
      return do_sigsuspend(p, &mask);
    }
    case TARGET_NR_nanosleep:
      IN_PTR(a[0], 16);
      OUT_PTR(a[1], 16);
      if (!a[0]) return -EFAULT;
      return host_ret(syscall(SYS_nanosleep, HP(a[0]), HP(a[1])));
    case TARGET_NR_clock_nanosleep: {
      IN_PTR(a[2], 16);
      OUT_PTR(a[3], 16);
      if (!a[2]) return -EFAULT;
      int r = clock_nanosleep(clockid_t(a[0]), int(a[1]), static_cast<struct timespec *>(HP(a[2])),
                              static_cast<struct timespec *>(HP(a[3])));
      return -int64_t(r);
    }
    case TARGET_NR_getrandom:
      OUT_PTR(a[0], a[1]);
      return host_ret(syscall(SYS_getrandom, HP(a[0]), size_t(a[1]), unsigned(a[2])));
    case TARGET_NR_sched_yield: return host_ret(sched_yield());
    case TARGET_NR_getrusage:
      OUT_PTR(a[1], sizeof(struct rusage));
      return host_ret(getrusage(int(a[0]), static_cast<struct rusage *>(HP(a[1]))));
    case TARGET_NR_times:
      OUT_PTR(a[0], sizeof(struct tms));
      return host_ret(syscall(SYS_times, HP(a[0])));
    case TARGET_NR_sysinfo:
      OUT_PTR(a[0], sizeof(struct sysinfo));
      if (!a[0]) return -EFAULT;
      return host_ret(sysinfo(static_cast<struct sysinfo *>(h(p, a[0]))));
    case TARGET_NR_getrlimit:
    case TARGET_NR_ugetrlimit:
      OUT_PTR(a[1], 16);
      if (!a[1]) return -EFAULT;
      return host_ret(syscall(SYS_prlimit64, 0, int(a[0]), nullptr, h(p, a[1])));
    case TARGET_NR_setrlimit:
      IN_PTR(a[1], 16);
      if (!a[1]) return -EFAULT;
      return host_ret(syscall(SYS_prlimit64, 0, int(a[0]), h(p, a[1]), nullptr));
    case TARGET_NR_prlimit64:
      IN_PTR(a[2], 16);
      OUT_PTR(a[3], 16);
      return host_ret(syscall(SYS_prlimit64, pid_t(a[0]), int(a[1]), HP(a[2]), HP(a[3])));
    case TARGET_NR_rt_sigaction: return do_rt_sigaction(p, int(a[0]), a[1], a[2], a[3]);
    case TARGET_NR_rt_sigprocmask: return do_rt_sigprocmask(p, int(a[0]), a[1], a[2], a[3]);
    case TARGET_NR_sigaltstack: return do_sigaltstack(p, a[0], a[1]);
    case TARGET_NR_kill: {
      pid_t pid = pid_t(a[0]);
      if (pid == getpid() || pid == 0) return send_self_signal(p, int(a[1]), 0 /* SI_USER */);
      return host_ret(kill(pid, int(a[1])));
    }
    case TARGET_NR_tkill:
      if (pid_t(a[0]) == gettid()) return send_self_signal(p, int(a[1]), -6 /* SI_TKILL */);
      return -ESRCH;
    case TARGET_NR_tgkill:
      if (pid_t(a[0]) == getpid() && pid_t(a[1]) == gettid()) return send_self_signal(p, int(a[2]), -6 /* SI_TKILL */);
      return -ESRCH;
    case TARGET_NR_sendfile:
      IN_PTR(a[2], 8);
      OUT_PTR(a[2], 8);
      return host_ret(syscall(SYS_sendfile, int(a[0]), int(a[1]), HP(a[2]), size_t(a[3])));
    case TARGET_NR_flock: return host_ret(::flock(fd0, int(a[1])));
    case TARGET_NR_utimensat: {
      std::string path;
      if (a[1]) {
        int64_t e = get_string(p, a[1], &path);
        if (e < 0) return e;
      }
      IN_PTR(a[2], 32);
      return host_ret(syscall(SYS_utimensat, int(a[0]), a[1] ? path.c_str() : nullptr, HP(a[2]), int(a[3])));
    }
    default: break;
  }
  const SyscallInfo *info = syscall_info(sa.nr);
  qemu_log_mask(LOG_UNIMP, "qemu-e2k: unsupported syscall %llu (%s)\n", (unsigned long long)sa.nr,
                info ? info->name : "unknown");
  return -ENOSYS;
}

}  // namespace

int64_t do_syscall(Process *p, const SyscallArgs &sa) {
  bool trace = qemu_loglevel_mask(LOG_STRACE);
  std::string call;
  if (trace) {
    call = std::to_string(getpid()) + " " + strace_format_call(p, sa);
    // exit never returns: print it whole first, as QEMU does.
    if (sa.nr == uint64_t(TARGET_NR_exit) || sa.nr == uint64_t(TARGET_NR_exit_group)) {
      qemu_log("%s\n", call.c_str());
      call.clear();
    }
  }
  const SyscallInfo *info = syscall_info(sa.nr);
  int64_t r = (!info || info->enosys) ? -ENOSYS : dispatch(p, sa);
  if (!info || info->enosys) {
    qemu_log_mask(LOG_UNIMP, "qemu-e2k: syscall %llu has no handler on E2K\n", (unsigned long long)sa.nr);
  }
  if (trace && !call.empty()) qemu_log("%s%s\n", call.c_str(), strace_format_result(sa.nr, r).c_str());
  return r;
}

}  // namespace e2k
