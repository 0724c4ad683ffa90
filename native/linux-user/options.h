// Command line and QEMU_* environment of qemu-e2k-static (QEMU linux-user's options).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace e2k {

struct UserOptions {
  std::string cpu;  // -cpu / QEMU_CPU ("" = from the ELF's e_flags)
  std::string ld_prefix;
  std::string argv0;  // -0 / QEMU_ARGV0 ("" = the program path)
  uint64_t stack_size = 0;
  bool strace = false;
  uint32_t log_mask = 0;
  std::string log_file;
  bool one_insn_per_tb = false;
  bool interpreter = false;
  bool perfmap = false;  // -perfmap: /tmp/perf-<pid>.map for perf (JIT code)
  // -E var=value / -U var edits of the guest environment, in command-line order (an entry with
  // "=" sets, one without unsets).
  std::vector<std::string> env_edits;
  std::string program;
  std::vector<std::string> args;  // guest argv[1..]
};

// What parse_options decided.
enum class ParseResult {
  Run,    // options parsed: run the program
  Exit0,  // help/version printed
  Error,  // message printed to stderr; exit status 1
};

ParseResult parse_options(int argc, char **argv, char **envp, UserOptions *o);

// The guest's environment: `host_env` with the -U/-E (QEMU_UNSET_ENV/QEMU_SET_ENV) edits applied
// in order; a set replaces an existing entry of the same name.
std::vector<std::string> build_guest_env(const UserOptions &o, char *const *host_env);

}  // namespace e2k
