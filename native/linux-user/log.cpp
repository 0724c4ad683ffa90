// -d / -D log implementation (see log.h).
#include "log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>

namespace e2k {

uint32_t qemu_loglevel = 0;
static int log_fd = 2;

static const LogItem kItems[] = {
    {"out_asm", LOG_OUT_ASM, "show generated host assembly code for each compiled TB"},
    {"in_asm", LOG_IN_ASM, "show target assembly code for each compiled TB"},
    {"op", LOG_OP, "show micro ops for each compiled TB"},
    {"exec", LOG_EXEC, "show trace before each executed TB (lots of logs)"},
    {"cpu", LOG_CPU, "show CPU registers before entering a TB (lots of logs)"},
    {"int", LOG_INT, "show interrupts/exceptions in short format"},
    {"page", LOG_PAGE, "dump pages at beginning of user mode emulation"},
    {"unimp", LOG_UNIMP, "log unimplemented functionality"},
    {"guest_errors", LOG_GUEST_ERROR, "log when the guest OS does something invalid (eg accessing a\n"
                                      "non-existent register)"},
    {"strace", LOG_STRACE, "log every user-mode syscall, its input, and its result"},
    {nullptr, 0, nullptr},
};

const LogItem *log_items() { return kItems; }

bool log_parse_items(const std::string &items, uint32_t *mask, std::string *bad) {
  uint32_t m = 0;
  size_t pos = 0;
  while (pos <= items.size()) {
    size_t comma = items.find(',', pos);
    if (comma == std::string::npos) comma = items.size();
    std::string item = items.substr(pos, comma - pos);
    pos = comma + 1;
    if (item.empty()) {
      *bad = item;
      return false;
    }
    if (item == "all") {
      for (const LogItem *it = kItems; it->name; it++) m |= it->mask;
      continue;
    }
    bool found = false;
    for (const LogItem *it = kItems; it->name; it++) {
      if (item == it->name) {
        m |= it->mask;
        found = true;
      }
    }
    if (!found) {
      *bad = item;
      return false;
    }
  }
  *mask = m;
  return true;
}

bool log_open_file(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  // Keep the log away from the guest's fd numbers 0..9 so guest dup2/close cannot touch it.
  int high = fcntl(fd, F_DUPFD_CLOEXEC, 1000);
  if (high >= 0) {
    close(fd);
    fd = high;
  }
  log_fd = fd;
  return true;
}

int qemu_log_fd() { return log_fd; }

void qemu_log(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (size_t(n) >= sizeof buf) {
    // Long line: format again into a heap buffer of the exact size.
    std::string big(size_t(n) + 1, '\0');
    va_start(ap, fmt);
    vsnprintf(&big[0], big.size(), fmt, ap);
    va_end(ap);
    big.resize(size_t(n));
    for (size_t off = 0; off < big.size();) {
      ssize_t w = write(log_fd, big.data() + off, big.size() - off);
      if (w <= 0 && errno != EINTR) return;
      if (w > 0) off += size_t(w);
    }
    return;
  }
  for (size_t off = 0; off < size_t(n);) {
    ssize_t w = write(log_fd, buf + off, size_t(n) - off);
    if (w <= 0 && errno != EINTR) return;
    if (w > 0) off += size_t(w);
  }
}

}  // namespace e2k
