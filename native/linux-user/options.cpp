// Option parsing for qemu-e2k-static: one table for the command line and the QEMU_* variables.
#include "options.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "log.h"
#include "target/e2k/cpu.h"

namespace e2k {

namespace {

const char *const kVersion = "0.1.0";

struct Option {
  const char *name;  // without the leading '-'
  const char *env;   // QEMU_* variable, or nullptr
  const char *arg;   // argument name for -h, nullptr = flag
  const char *help;
  // Applies the option; returns false after printing an error. For env variables `from_env` is set.
  ParseResult (*apply)(UserOptions *o, const char *arg);
};

ParseResult error(const char *opt, const char *fmt, const char *what) {
  fprintf(stderr, "qemu-e2k: -%s ", opt);
  fprintf(stderr, fmt, what);
  fputc('\n', stderr);
  return ParseResult::Error;
}

void print_cpu_help() {
  printf("Available CPUs:\n");
  for (const CpuModel *const *m = all_cpu_models(); *m; m++) {
    printf("  %-10s iset v%d  %s%s%s%s\n", (*m)->name, (*m)->iset, (*m)->description,
           (*m)->aliases && *(*m)->aliases ? " (aliases: " : "", (*m)->aliases ? (*m)->aliases : "",
           (*m)->aliases && *(*m)->aliases ? ")" : "");
  }
}

void print_log_help() {
  printf("Log items (comma separated):\n");
  for (const LogItem *it = log_items(); it->name; it++) printf("%-15s %s\n", it->name, it->help);
  printf("%-15s %s\n", "all", "all of the above");
}

ParseResult opt_help(UserOptions *, const char *);

ParseResult opt_version(UserOptions *, const char *) {
  printf("qemu-e2k version %s (user mode, E2K)\n", kVersion);
  printf("Copyright (c) the qemu-e2k authors; QEMU-compatible command line\n");
  return ParseResult::Exit0;
}

ParseResult opt_cpu(UserOptions *o, const char *arg) {
  if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
    print_cpu_help();
    return ParseResult::Exit0;
  }
  // -cpu MODEL[,props]: no properties exist yet.
  std::string name = arg;
  if (name.find(',') != std::string::npos) return error("cpu", "%s: CPU properties are not supported", arg);
  if (!find_cpu_model(name.c_str())) return error("cpu", "%s: unknown CPU model (try -cpu help)", arg);
  o->cpu = name;
  return ParseResult::Run;
}

ParseResult opt_set_env(UserOptions *o, const char *arg) {
  if (!strchr(arg, '=')) return error("E", "%s: expected var=value", arg);
  o->env_edits.emplace_back(arg);
  return ParseResult::Run;
}

ParseResult opt_unset_env(UserOptions *o, const char *arg) {
  if (!*arg || strchr(arg, '=')) return error("U", "%s: expected a variable name", arg);
  o->env_edits.emplace_back(arg);
  return ParseResult::Run;
}

// QEMU_SET_ENV / QEMU_UNSET_ENV take comma-separated lists.
ParseResult env_list(UserOptions *o, const char *arg, ParseResult (*one)(UserOptions *, const char *)) {
  std::string s = arg;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t c = s.find(',', pos);
    if (c == std::string::npos) c = s.size();
    std::string item = s.substr(pos, c - pos);
    if (!item.empty() && one(o, item.c_str()) == ParseResult::Error) return ParseResult::Error;
    pos = c + 1;
  }
  return ParseResult::Run;
}
ParseResult opt_set_env_list(UserOptions *o, const char *arg) { return env_list(o, arg, opt_set_env); }
ParseResult opt_unset_env_list(UserOptions *o, const char *arg) { return env_list(o, arg, opt_unset_env); }

ParseResult opt_argv0(UserOptions *o, const char *arg) {
  o->argv0 = arg;
  return ParseResult::Run;
}

ParseResult opt_ld_prefix(UserOptions *o, const char *arg) {
  o->ld_prefix = arg;
  return ParseResult::Run;
}

ParseResult opt_stack(UserOptions *o, const char *arg) {
  char *end = nullptr;
  errno = 0;
  unsigned long long v = strtoull(arg, &end, 0);
  uint64_t mul = 1;
  if (end && *end) {
    switch (*end) {
      case 'k': case 'K': mul = 1ull << 10; break;
      case 'm': case 'M': mul = 1ull << 20; break;
      case 'g': case 'G': mul = 1ull << 30; break;
      default: mul = 0;
    }
    if (end[1]) mul = 0;
  }
  if (end == arg || errno || !mul || v == 0 || v > (4ull << 30) / mul)
    return error("s", "%s: invalid stack size (a number with an optional k/M/G suffix, at most 4G)", arg);
  o->stack_size = (v * mul + 4095) & ~4095ull;
  return ParseResult::Run;
}

ParseResult opt_strace(UserOptions *o, const char *) {
  o->strace = true;
  return ParseResult::Run;
}

ParseResult opt_log(UserOptions *o, const char *arg) {
  if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
    print_log_help();
    return ParseResult::Exit0;
  }
  std::string bad;
  uint32_t m = 0;
  if (!log_parse_items(arg, &m, &bad)) {
    fprintf(stderr, "qemu-e2k: -d %s: unknown log item '%s' (try -d help)\n", arg, bad.c_str());
    return ParseResult::Error;
  }
  o->log_mask |= m;
  return ParseResult::Run;
}

ParseResult opt_log_file(UserOptions *o, const char *arg) {
  if (!*arg) return error("D", "%s: empty file name", arg);
  o->log_file = arg;
  return ParseResult::Run;
}

ParseResult opt_one_insn(UserOptions *o, const char *) {
  o->one_insn_per_tb = true;
  return ParseResult::Run;
}

ParseResult opt_perfmap(UserOptions *o, const char *) {
  o->perfmap = true;
  return ParseResult::Run;
}

ParseResult opt_accel(UserOptions *o, const char *arg) {
  if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
    printf("Accelerators supported in QEMU binary:\ntcg\n");
    return ParseResult::Exit0;
  }
  std::string s = arg;
  std::string name = s.substr(0, s.find(','));
  if (name != "tcg") return error("accel", "%s: unknown accelerator (only tcg)", arg);
  size_t pos = name.size();
  while (pos < s.size()) {
    size_t next = s.find(',', pos + 1);
    std::string prop = s.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
    if (prop == "interp=on" || prop == "interp=true" || prop == "interp") {
      o->interpreter = true;
    } else if (prop == "interp=off" || prop == "interp=false") {
      o->interpreter = false;
    } else {
      fprintf(stderr, "qemu-e2k: -accel %s: unknown property '%s' (tcg takes interp=on|off)\n", arg, prop.c_str());
      return ParseResult::Error;
    }
    if (next == std::string::npos) break;
    pos = next;
  }
  return ParseResult::Run;
}

const Option kOptions[] = {
    {"h", nullptr, nullptr, "print this help", opt_help},
    {"help", nullptr, nullptr, "print this help", opt_help},
    {"version", nullptr, nullptr, "display version information and exit", opt_version},
    {"cpu", "QEMU_CPU", "model", "select CPU (-cpu help for the list)", opt_cpu},
    {"E", "QEMU_SET_ENV", "var=value", "set an environment variable for the guest", opt_set_env},
    {"U", "QEMU_UNSET_ENV", "var", "remove an environment variable for the guest", opt_unset_env},
    {"0", "QEMU_ARGV0", "argv0", "force the guest's argv[0]", opt_argv0},
    {"L", "QEMU_LD_PREFIX", "path", "set the elf interpreter prefix", opt_ld_prefix},
    {"s", "QEMU_STACK_SIZE", "size", "set the guest stack size in bytes (k/M/G suffixes)", opt_stack},
    {"strace", "QEMU_STRACE", nullptr, "log system calls", opt_strace},
    {"d", "QEMU_LOG", "item[,...]", "enable logging of the items (-d help for the list)", opt_log},
    {"D", "QEMU_LOG_FILENAME", "logfile", "write logs to 'logfile' (default stderr)", opt_log_file},
    {"one-insn-per-tb", "QEMU_ONE_INSN_PER_TB", nullptr, "run with one guest bundle per translation block",
     opt_one_insn},
    {"singlestep", "QEMU_SINGLESTEP", nullptr, "deprecated synonym for -one-insn-per-tb", opt_one_insn},
    {"accel", "QEMU_ACCEL", "tcg[,interp=on]", "select the accelerator (interp=on: IR interpreter)", opt_accel},
    {"perfmap", "QEMU_PERFMAP", nullptr, "generate a /tmp/perf-${pid}.map file for perf", opt_perfmap},
};

ParseResult opt_help(UserOptions *, const char *) {
  printf("usage: qemu-e2k [options] program [arguments...]\n"
         "Linux CPU emulator (compiled for e2k emulation)\n\n"
         "Options and associated environment variables:\n\n"
         "Argument             Env-variable           Description\n");
  for (const Option &opt : kOptions) {
    std::string a = std::string("-") + opt.name + (opt.arg ? std::string(" ") + opt.arg : "");
    printf("%-20s %-22s %s\n", a.c_str(), opt.env ? opt.env : "", opt.help);
  }
  printf("\nDefaults:\n"
         "QEMU_LD_PREFIX  = (none)\n"
         "QEMU_STACK_SIZE = 8388608 byte\n"
         "-cpu            = from the executable's e_flags (its instruction set)\n\n"
         "You can use -E and -U options or the QEMU_SET_ENV and QEMU_UNSET_ENV environment\n"
         "variables to set and unset environment variables for the target process.\n");
  return ParseResult::Exit0;
}

}  // namespace

ParseResult parse_options(int argc, char **argv, char **envp, UserOptions *o) {
  // Environment first, so the command line overrides it.
  for (const Option &opt : kOptions) {
    if (!opt.env) continue;
    const char *v = nullptr;
    size_t n = strlen(opt.env);
    for (char **e = envp; e && *e; e++)
      if (!strncmp(*e, opt.env, n) && (*e)[n] == '=') v = *e + n + 1;
    if (!v) continue;
    ParseResult r;
    if (opt.apply == opt_set_env) r = opt_set_env_list(o, v);
    else if (opt.apply == opt_unset_env) r = opt_unset_env_list(o, v);
    else r = opt.apply(o, v);
    if (r != ParseResult::Run) {
      if (r == ParseResult::Error) fprintf(stderr, "qemu-e2k: (from the environment variable %s)\n", opt.env);
      return r;
    }
  }
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] != '-') break;
    if (!strcmp(a, "--")) {
      i++;
      break;
    }
    const char *name = a + 1;
    if (*name == '-') name++;  // --opt works like -opt
    const Option *found = nullptr;
    for (const Option &opt : kOptions)
      if (!strcmp(opt.name, name)) found = &opt;
    if (!found) {
      fprintf(stderr, "qemu-e2k: unknown option '%s' (try -h)\n", a);
      return ParseResult::Error;
    }
    const char *arg = "";
    if (found->arg) {
      if (i + 1 >= argc) {
        fprintf(stderr, "qemu-e2k: option '%s' needs an argument (%s)\n", a, found->arg);
        return ParseResult::Error;
      }
      arg = argv[++i];
    }
    ParseResult r = found->apply(o, arg);
    if (r != ParseResult::Run) return r;
  }
  if (i >= argc) {
    fprintf(stderr, "qemu-e2k: no program given (usage: qemu-e2k [options] program [arguments...]; -h for help)\n");
    return ParseResult::Error;
  }
  o->program = argv[i];
  for (int j = i + 1; j < argc; j++) o->args.emplace_back(argv[j]);
  return ParseResult::Run;
}

std::vector<std::string> build_guest_env(const UserOptions &o, char *const *host_env) {
  std::vector<std::string> env;
  for (char *const *e = host_env; e && *e; e++) env.emplace_back(*e);
  auto remove = [&](const std::string &name) {
    for (size_t i = 0; i < env.size();) {
      if (env[i].compare(0, name.size() + 1, name + "=") == 0) env.erase(env.begin() + long(i));
      else i++;
    }
  };
  for (const std::string &edit : o.env_edits) {
    size_t eq = edit.find('=');
    remove(edit.substr(0, eq));
    if (eq != std::string::npos) env.push_back(edit);
  }
  return env;
}

}  // namespace e2k
