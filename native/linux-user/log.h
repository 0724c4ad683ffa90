// The -d / -D log of qemu-e2k-static (QEMU's qemu_log): items selected with -d (or QEMU_LOG),
// written to stderr or to the -D file (QEMU_LOG_FILENAME). The CPU logs through these calls.
#pragma once
#include <cstdint>
#include <string>

namespace e2k {

enum LogMask : uint32_t {
  LOG_OUT_ASM = 1u << 0,      // host code generated for each TB (JIT)
  LOG_IN_ASM = 1u << 1,       // guest bundles of each translated TB
  LOG_OP = 1u << 2,           // IR of each TB
  LOG_EXEC = 1u << 3,         // each TB executed
  LOG_CPU = 1u << 4,          // CPU state before each TB
  LOG_INT = 1u << 5,          // exceptions and signals
  LOG_PAGE = 1u << 6,         // guest memory map after loading and on mmap/munmap/mprotect
  LOG_UNIMP = 1u << 7,        // unimplemented functionality
  LOG_GUEST_ERROR = 1u << 8,  // guest did something invalid (bad syscall argument, fatal fault)
  LOG_STRACE = 1u << 9,       // -strace
};

struct LogItem {
  const char *name;
  uint32_t mask;
  const char *help;
};
const LogItem *log_items();  // terminated by {nullptr, 0, nullptr}

extern uint32_t qemu_loglevel;
inline bool qemu_loglevel_mask(uint32_t mask) { return (qemu_loglevel & mask) != 0; }

// Parses "in_asm,cpu" (or "all"); on error returns false and puts the bad item in *bad.
bool log_parse_items(const std::string &items, uint32_t *mask, std::string *bad);
// Opens the -D file (truncating). Returns false with errno set when it cannot be opened.
bool log_open_file(const char *path);
int qemu_log_fd();  // fd the log writes to (for cpu_dump_state)

void qemu_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define qemu_log_mask(mask, ...)                  \
  do {                                            \
    if (::e2k::qemu_loglevel_mask(mask)) ::e2k::qemu_log(__VA_ARGS__); \
  } while (0)

}  // namespace e2k
