// -strace formatting (see strace.h). Argument kinds come from syscalls.tsv via syscall-info.h.
#include "strace.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "syscall-info.h"

namespace e2k {

namespace {

struct FlagName {
  uint64_t value;
  const char *name;
};

std::string hex(uint64_t v) {
  char b[24];
  snprintf(b, sizeof b, "0x%" PRIx64, v);
  return b;
}

std::string flags(uint64_t v, const FlagName *names, const char *zero) {
  std::string s;
  for (const FlagName *f = names; f->name; f++) {
    if (f->value && (v & f->value) == f->value) {
      if (!s.empty()) s += '|';
      s += f->name;
      v &= ~f->value;
    }
  }
  if (v || s.empty()) {
    if (!s.empty()) s += '|';
    s += (v || !zero) ? hex(v) : zero;
  }
  return s;
}

const FlagName kOpenFlags[] = {
    {0100, "O_CREAT"},   {0200, "O_EXCL"},      {0400, "O_NOCTTY"},    {01000, "O_TRUNC"},
    {02000, "O_APPEND"}, {04000, "O_NONBLOCK"}, {010000, "O_DSYNC"},   {020000, "O_ASYNC"},
    {040000, "O_DIRECT"}, {0100000, "O_LARGEFILE"}, {0200000, "O_DIRECTORY"}, {0400000, "O_NOFOLLOW"},
    {01000000, "O_NOATIME"}, {02000000, "O_CLOEXEC"}, {04000000, "O_SYNC"}, {010000000, "O_PATH"},
    {0, nullptr},
};
const FlagName kProt[] = {{1, "PROT_READ"}, {2, "PROT_WRITE"}, {4, "PROT_EXEC"}, {8, "PROT_SEM"}, {0, nullptr}};
const FlagName kMapFlags[] = {
    {0x10, "MAP_ANONYMOUS"},    {0x100, "MAP_FIXED"},      {0x800, "MAP_DENYWRITE"},  {0x1000, "MAP_GROWSDOWN"},
    {0x2000, "MAP_GROWSUP"},    {0x4000, "MAP_EXECUTABLE"}, {0x8000, "MAP_LOCKED"},    {0x10000, "MAP_NORESERVE"},
    {0x20000, "MAP_POPULATE"},  {0x40000, "MAP_NONBLOCK"}, {0x200000, "MAP_HUGETLB"}, {0x400000, "MAP_FIXED_NOREPLACE"},
    {0, nullptr},
};
const char *const kClocks[] = {"CLOCK_REALTIME",  "CLOCK_MONOTONIC",        "CLOCK_PROCESS_CPUTIME_ID",
                               "CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE",
                               "CLOCK_MONOTONIC_COARSE",  "CLOCK_BOOTTIME"};
const char *const kWhence[] = {"SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE"};

std::string guest_string(const Process *p, uint64_t addr) {
  if (!addr) return "NULL";
  std::string s = "\"";
  for (size_t i = 0; i < 256; i++) {
    if (!guest_range_ok(p->mem, addr + i, 1, PAGE_READ)) return hex(addr);
    char c = char(*p->mem.g2h(addr + i));
    if (!c) return s + "\"";
    if (c == '"' || c == '\\') {
      s += '\\';
      s += c;
    } else if (c == '\n') {
      s += "\\n";
    } else if (c == '\t') {
      s += "\\t";
    } else if (static_cast<unsigned char>(c) < 32 || c == 127) {
      char b[8];
      snprintf(b, sizeof b, "\\%03o", static_cast<unsigned char>(c));
      s += b;
    } else {
      s += c;
    }
  }
  return s + "\"...";
}

std::string format_arg(const Process *p, ArgKind k, uint64_t v) {
  char b[32];
  switch (k) {
    case ArgKind::dec:
      snprintf(b, sizeof b, "%" PRId64, int64_t(v));
      return b;
    case ArgKind::udec:
      snprintf(b, sizeof b, "%" PRIu64, v);
      return b;
    case ArgKind::fd:
      snprintf(b, sizeof b, "%d", int32_t(v));
      return b;
    case ArgKind::dirfd:
      if (int32_t(v) == -100) return "AT_FDCWD";
      snprintf(b, sizeof b, "%d", int32_t(v));
      return b;
    case ArgKind::hex:
      return hex(v);
    case ArgKind::ptr:
      return v ? hex(v) : "NULL";
    case ArgKind::oct:
      snprintf(b, sizeof b, "0%" PRIo64, v);
      return b;
    case ArgKind::str:
      return guest_string(p, v);
    case ArgKind::oflags: {
      const char *acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
      std::string s = acc[v & 3];
      if (v & ~uint64_t(3)) s += "|" + flags(v & ~uint64_t(3), kOpenFlags, nullptr);
      return s;
    }
    case ArgKind::prot:
      return flags(v, kProt, "PROT_NONE");
    case ArgKind::mflags: {
      const char *type = (v & 0xf) == 1 ? "MAP_SHARED" : (v & 0xf) == 2 ? "MAP_PRIVATE"
                                                         : (v & 0xf) == 3 ? "MAP_SHARED_VALIDATE" : nullptr;
      std::string s = type ? type : hex(v & 0xf);
      if (v & ~uint64_t(0xf)) s += "|" + flags(v & ~uint64_t(0xf), kMapFlags, nullptr);
      return s;
    }
    case ArgKind::sig:
      return v >= 1 && v <= uint64_t(kTargetNsig) ? target_signal_name(int(v)) : std::to_string(int64_t(v));
    case ArgKind::clk:
      return v < sizeof kClocks / sizeof *kClocks ? kClocks[v] : std::to_string(int64_t(v));
    case ArgKind::whence:
      return v < sizeof kWhence / sizeof *kWhence ? kWhence[v] : std::to_string(int64_t(v));
  }
  return hex(v);
}

bool returns_address(uint64_t nr) {
  return nr == uint64_t(TARGET_NR_mmap) || nr == uint64_t(TARGET_NR_mremap) || nr == uint64_t(TARGET_NR_brk);
}

}  // namespace

std::string strace_format_call(const Process *p, const SyscallArgs &a) {
  const SyscallInfo *info = syscall_info(a.nr);
  if (!info) return "Unknown syscall " + std::to_string(a.nr);
  std::string s = info->name;
  s += '(';
  if (info->enosys) {
    // No argument list in the table: show the first three raw values.
    for (int i = 0; i < 3; i++) s += (i ? "," : "") + hex(a.arg[i]);
  } else {
    for (int i = 0; i < info->nargs; i++) {
      if (i) s += ',';
      s += format_arg(p, info->kinds[i], a.arg[i]);
    }
  }
  return s + ')';
}

std::string strace_format_result(uint64_t nr, int64_t result) {
  char b[160];
  if (result < 0 && result >= -4095) {
    snprintf(b, sizeof b, " = -1 errno=%d (%s)", int(-result), strerror(int(-result)));
  } else if (returns_address(nr)) {
    snprintf(b, sizeof b, " = 0x%" PRIx64, uint64_t(result));
  } else {
    snprintf(b, sizeof b, " = %" PRId64, result);
  }
  return b;
}

std::string strace_format_signal(const GuestSiginfo &si) {
  std::string s = "--- ";
  s += target_signal_name(si.signo);
  s += " {si_signo=";
  s += target_signal_name(si.signo);
  s += ", si_code=";
  // Symbolic names only for the generic (non-positive) codes, as QEMU prints them.
  switch (si.code) {
    case 0: s += "SI_USER"; break;
    case 0x80: s += "SI_KERNEL"; break;
    case -1: s += "SI_QUEUE"; break;
    case -2: s += "SI_TIMER"; break;
    case -3: s += "SI_MESGQ"; break;
    case -4: s += "SI_ASYNCIO"; break;
    case -5: s += "SI_SIGIO"; break;
    case -6: s += "SI_TKILL"; break;
    default: s += std::to_string(si.code); break;
  }
  char b[64];
  if (si.fault) {
    s += ", si_addr=";
    s += si.addr ? hex(si.addr) : "NULL";
  } else {
    snprintf(b, sizeof b, ", si_pid=%u, si_uid=%u", si.pid, si.uid);
    s += b;
  }
  s += "} ---";
  return s;
}

}  // namespace e2k
