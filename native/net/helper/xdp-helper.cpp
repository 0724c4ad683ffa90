// qemu-e2k-xdp-helper: lets qemu-e2k use AF_XDP without CAP_NET_ADMIN/CAP_BPF/CAP_SYS_ADMIN
// (the design of QEMU's inhibit=on,sock-fds=...; see docs/af-xdp.md).
//
//   qemu-e2k-xdp-helper --ifname IF [--queues N] [--start-queue M] [--mode native|skb]
//                       [--netdev ID] [--user USER] -- qemu-e2k ... -netdev af-xdp,id=ID,ifname=IF ...
//
// 1. loads a minimal XSK program (redirect by RX queue index into an XSKMAP, else pass)
//    and attaches it to IF through a BPF link;
// 2. creates N AF_XDP sockets (not bound: qemu-e2k registers its UMEM on them and binds);
// 3. forks a small privileged watcher that puts each socket into the XSKMAP as soon as
//    qemu-e2k has set it up (the kernel only accepts a socket with UMEM, fill ring and RX
//    ring), and which holds the BPF link: when qemu-e2k exits, however it exits, the
//    watcher exits too and the program is detached;
// 4. drops every capability except CAP_IPC_LOCK (the 32 MiB of locked UMEM per queue),
//    optionally switching to USER (default: $SUDO_UID/$SUDO_GID when set), and execs the
//    command with the sockets inherited and `inhibit=on,sock-fds=FD:FD...` added to the
//    matching -netdev/-nic af-xdp argument.
// With --map-path PATH (QEMU 10.1's map-path) it pins the XSKMAP at PATH instead of making
// sockets; the command keeps CAP_NET_RAW and CAP_BPF as well, makes its own sockets and gets
// `inhibit=on,map-path=PATH[,map-start-index=M]`; the watcher removes the pin at the end.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "net/xsk-program.h"

#ifndef AF_XDP
#define AF_XDP 44
#endif

namespace {

const char* kProg = "qemu-e2k-xdp-helper";

[[noreturn]] void die(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::fprintf(stderr, "%s: ", kProg);
  std::vfprintf(stderr, fmt, ap);
  std::fputc('\n', stderr);
  va_end(ap);
  std::exit(1);
}

void usage(FILE* f) {
  std::fprintf(f,
               "usage: %s --ifname IF [--queues N] [--start-queue M] [--mode native|skb]\n"
               "          [--netdev ID] [--user USER] [--map-path PATH] -- COMMAND [ARGS...]\n"
               "Creates N AF_XDP sockets for IF (device queues M..M+N-1) with an XSK program,\n"
               "drops every capability but CAP_IPC_LOCK and runs COMMAND with the sockets,\n"
               "adding inhibit=on,sock-fds=... to its '-netdev af-xdp' for IF (or id ID).\n"
               "With --map-path the XSK map is pinned at PATH (on a bpffs) instead, the command\n"
               "keeps CAP_NET_RAW and CAP_BPF too and gets inhibit=on,map-path=PATH.\n",
               kProg);
}

struct Options {
  std::string ifname;
  long queues = 1;
  long startQueue = 0;
  std::string mode;  // "", "native", "skb"
  std::string netdevId;
  std::string user;
  std::string mapPath;  // map-path variant: pin the XSKMAP here instead of making sockets
  std::vector<char*> command;
};

long parseCount(const char* opt, const char* text, long min) {
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(text, &end, 10);
  if (errno || !end || *end || v < min || v > 1024) die("invalid value '%s' for %s", text, opt);
  return v;
}

Options parseArgs(int argc, char** argv) {
  Options o;
  int i = 1;
  for (; i < argc; i++) {
    std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) die("option %s needs a value", name);
      return argv[++i];
    };
    if (a == "--") {
      i++;
      break;
    } else if (a == "-h" || a == "--help") {
      usage(stdout);
      std::exit(0);
    } else if (a == "--ifname") {
      o.ifname = value("--ifname");
    } else if (a == "--queues") {
      o.queues = parseCount("--queues", value("--queues"), 1);
    } else if (a == "--start-queue") {
      o.startQueue = parseCount("--start-queue", value("--start-queue"), 0);
    } else if (a == "--mode") {
      o.mode = value("--mode");
      if (o.mode != "native" && o.mode != "skb") die("--mode must be 'native' or 'skb', not '%s'", o.mode.c_str());
    } else if (a == "--netdev") {
      o.netdevId = value("--netdev");
    } else if (a == "--map-path") {
      o.mapPath = value("--map-path");
    } else if (a == "--user") {
      o.user = value("--user");
    } else {
      usage(stderr);
      die("unknown option '%s'", a.c_str());
    }
  }
  if (o.ifname.empty()) die("--ifname is required");
  for (; i < argc; i++) o.command.push_back(argv[i]);
  if (o.command.empty()) die("no command given after '--'");
  return o;
}

// The value of `key=` in a -netdev suboption string ("" when absent). QEMU's ",," escape
// is respected.
std::string subopt(const std::string& s, const std::string& key) {
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = i;
    std::string item;
    while (j < s.size()) {
      if (s[j] == ',' && j + 1 < s.size() && s[j + 1] == ',') {
        item += ',';
        j += 2;
        continue;
      }
      if (s[j] == ',') break;
      item += s[j++];
    }
    if (item.compare(0, key.size() + 1, key + "=") == 0) return item.substr(key.size() + 1);
    i = j + 1;
  }
  return "";
}

// Finds the -netdev/-nic af-xdp argument for this interface (or id) and extends it.
void rewriteCommand(Options& o, const std::vector<int>& fds, std::vector<std::string>& storage) {
  int match = -1;
  for (size_t k = 0; k + 1 < o.command.size(); k++) {
    std::string flag = o.command[k];
    if (flag != "-netdev" && flag != "--netdev" && flag != "-nic" && flag != "--nic") continue;
    std::string arg = o.command[k + 1];
    if (arg.compare(0, 7, "af-xdp,") != 0 && subopt(arg, "type") != "af-xdp") continue;
    bool ok = o.netdevId.empty() ? subopt(arg, "ifname") == o.ifname : subopt(arg, "id") == o.netdevId;
    if (!ok) continue;
    if (match >= 0) die("more than one af-xdp netdev matches; choose one with --netdev ID");
    match = static_cast<int>(k + 1);
  }
  if (match < 0) {
    if (o.netdevId.empty()) die("the command has no '-netdev af-xdp,...,ifname=%s'", o.ifname.c_str());
    die("the command has no '-netdev af-xdp,id=%s,...'", o.netdevId.c_str());
  }
  std::string arg = o.command[match];
  if (subopt(arg, "ifname") != o.ifname) die("netdev '%s' is not on interface '%s'", arg.c_str(), o.ifname.c_str());
  for (const char* key : {"sock-fds", "map-path", "inhibit"}) {
    if (!subopt(arg, key).empty()) die("the af-xdp netdev already sets '%s'; the helper provides it", key);
  }
  std::string q = subopt(arg, "queues");
  if (!q.empty() && std::atol(q.c_str()) != o.queues) die("netdev has queues=%s but --queues is %ld", q.c_str(), o.queues);
  std::string sq = subopt(arg, "start-queue");
  if (!sq.empty() && std::atol(sq.c_str()) != o.startQueue) {
    die("netdev has start-queue=%s but --start-queue is %ld", sq.c_str(), o.startQueue);
  }
  if (q.empty() && o.queues != 1) arg += ",queues=" + std::to_string(o.queues);
  if (sq.empty() && o.startQueue != 0) arg += ",start-queue=" + std::to_string(o.startQueue);
  if (!o.mapPath.empty()) {
    arg += ",inhibit=on,map-path=" + o.mapPath;
    if (o.startQueue != 0) arg += ",map-start-index=" + std::to_string(o.startQueue);
  } else {
    arg += ",inhibit=on,sock-fds=";
    for (size_t k = 0; k < fds.size(); k++) arg += (k ? ":" : "") + std::to_string(fds[k]);
  }
  storage.push_back(arg);
  o.command[match] = storage.back().data();
}

int loadProgram(int mapFd) {
  std::string log;
  int fd = xsknet::xskProgramLoad(mapFd, &log);
  if (fd < 0) die("cannot load the XSK program: %s%s%s", std::strerror(-fd), log.empty() ? "" : "\n", log.c_str());
  return fd;
}

int attach(int progFd, int ifindex, const Options& o, std::string& modeUsed) {
  int link = -EOPNOTSUPP;
  if (o.mode != "skb") {
    link = xsknet::xskAttach(progFd, ifindex, true);
    modeUsed = "native";
    if (link < 0 && !o.mode.empty()) {
      die("cannot attach the XDP program to '%s' in native mode: %s", o.ifname.c_str(), std::strerror(-link));
    }
  }
  if (link < 0) {
    link = xsknet::xskAttach(progFd, ifindex, false);
    modeUsed = "skb";
    if (link < 0) die("cannot attach the XDP program to '%s': %s", o.ifname.c_str(), std::strerror(-link));
  }
  return link;
}

int capsetAll(uint64_t caps) {
  struct __user_cap_header_struct hdr {};
  hdr.version = _LINUX_CAPABILITY_VERSION_3;
  struct __user_cap_data_struct data[2] {};
  for (int i = 0; i < 2; i++) {
    uint32_t word = static_cast<uint32_t>(caps >> (32 * i));
    data[i].effective = word;
    data[i].permitted = word;
    data[i].inheritable = word;
  }
  return static_cast<int>(syscall(SYS_capset, &hdr, data));
}

// Leaves only CAP_IPC_LOCK (plus, for map-path, CAP_NET_RAW and CAP_BPF, with which the
// command makes its own sockets and opens the pinned map), in a way that survives exec
// (bounding set + ambient).
void dropPrivileges(const Options& o) {
  std::vector<int> keep = {CAP_IPC_LOCK};
  if (!o.mapPath.empty()) keep = {CAP_IPC_LOCK, CAP_NET_RAW, CAP_BPF};
  uid_t uid = 0;
  gid_t gid = 0;
  bool switchUser = false;
  if (!o.user.empty()) {
    struct passwd* pw = getpwnam(o.user.c_str());
    if (!pw) {
      char* end = nullptr;
      long v = std::strtol(o.user.c_str(), &end, 10);
      if (!end || *end) die("unknown user '%s'", o.user.c_str());
      uid = static_cast<uid_t>(v);
      gid = static_cast<gid_t>(v);
    } else {
      uid = pw->pw_uid;
      gid = pw->pw_gid;
    }
    switchUser = true;
  } else if (const char* su = std::getenv("SUDO_UID")) {
    uid = static_cast<uid_t>(std::atol(su));
    const char* sg = std::getenv("SUDO_GID");
    gid = static_cast<gid_t>(sg ? std::atol(sg) : std::atol(su));
    switchUser = uid != 0;
  }
  for (int cap = 0; cap <= 63; cap++) {
    if (std::find(keep.begin(), keep.end(), cap) != keep.end()) continue;
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) die("cannot drop capability %d: %s", cap, std::strerror(errno));
  }
  if (switchUser) {
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) die("PR_SET_KEEPCAPS: %s", std::strerror(errno));
    if (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0) {
      die("cannot switch to uid %u gid %u: %s", unsigned(uid), unsigned(gid), std::strerror(errno));
    }
  }
  uint64_t mask = 0;
  for (int cap : keep) mask |= uint64_t(1) << cap;
  if (capsetAll(mask) != 0) die("cannot set capabilities: %s", std::strerror(errno));
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0) die("PR_CAP_AMBIENT: %s", std::strerror(errno));
  for (int cap : keep) {
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0) {
      die("cannot keep capability %d across exec: %s", cap, std::strerror(errno));
    }
  }
}

// The watcher: inserts each socket into the map once qemu-e2k has set it up, then holds
// the BPF link until the parent (now the command) exits.
[[noreturn]] void watcher(pid_t parent, int mapFd, const std::vector<int>& fds, const Options& o) {
  // SIGTERM (sent when the parent, now the command, dies) is taken with sigtimedwait so the
  // pin can be removed; stdout is let go so whoever reads the command's output sees EOF.
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  sigprocmask(SIG_BLOCK, &term, nullptr);
  prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
  int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (devnull >= 0) {
    dup2(devnull, STDIN_FILENO);
    dup2(devnull, STDOUT_FILENO);
    close(devnull);
  }
  if (getppid() != parent) _exit(0);
  // sock-fds: put each socket into the map once the command has set it up.
  std::vector<bool> done(fds.size(), false);
  size_t left = fds.size();
  for (long tick = 0; left > 0 && getppid() == parent; tick++) {
    for (size_t k = 0; k < fds.size(); k++) {
      if (done[k]) continue;
      __u32 key = static_cast<__u32>(o.startQueue + long(k));
      int fd = fds[k];
      if (bpf_map_update_elem(mapFd, &key, &fd, BPF_ANY) == 0) {
        done[k] = true;
        left--;
        close(fd);
      } else if (errno != EOPNOTSUPP) {
        std::fprintf(stderr, "%s: cannot put the socket of queue %u into the XSK map: %s\n", kProg, key,
                     std::strerror(errno));
        done[k] = true;
        left--;
        close(fd);
      }
    }
    struct timespec ts {0, tick < 2000 ? 1000000L : 50000000L};
    if (sigtimedwait(&term, nullptr, &ts) == SIGTERM) break;
  }
  // Hold the BPF link until the command is gone.
  while (getppid() == parent) {
    struct timespec ts {1, 0};
    if (sigtimedwait(&term, nullptr, &ts) == SIGTERM) break;
  }
  if (!o.mapPath.empty()) unlink(o.mapPath.c_str());
  _exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parseArgs(argc, argv);
  libbpf_set_print(nullptr);
  int ifindex = static_cast<int>(if_nametoindex(o.ifname.c_str()));
  if (!ifindex) die("failed to get ifindex for '%s': %s", o.ifname.c_str(), std::strerror(errno));
  std::vector<int> fds;
  for (long k = 0; o.mapPath.empty() && k < o.queues; k++) {
    int fd = socket(AF_XDP, SOCK_RAW, 0);  // inherited by the command: no CLOEXEC
    if (fd < 0) die("cannot create an AF_XDP socket: %s (needs CAP_NET_RAW)", std::strerror(errno));
    fds.push_back(fd);
  }
  int mapFd = xsknet::xskMapCreate(static_cast<__u32>(std::max<long>(64, o.startQueue + o.queues)));
  if (mapFd < 0) die("cannot create the XSK map: %s (needs CAP_BPF or CAP_SYS_ADMIN)", std::strerror(-mapFd));
  int progFd = loadProgram(mapFd);
  std::string modeUsed;
  int linkFd = attach(progFd, ifindex, o, modeUsed);
  if (!o.mapPath.empty() && bpf_obj_pin(mapFd, o.mapPath.c_str()) != 0) {
    die("cannot pin the XSK map at %s: %s (it must be on a bpffs: mount -t bpf bpf /sys/fs/bpf)", o.mapPath.c_str(),
        std::strerror(errno));
  }
  std::vector<std::string> storage;
  storage.reserve(1);
  rewriteCommand(o, fds, storage);

  pid_t parent = getpid();
  pid_t child = fork();
  if (child < 0) die("fork: %s", std::strerror(errno));
  if (child == 0) watcher(parent, mapFd, fds, o);

  // The command keeps only the sockets (or the pinned map's path): the program, map and
  // link stay with the watcher.
  close(linkFd);
  close(progFd);
  close(mapFd);
  dropPrivileges(o);
  if (std::getenv("QEMU_E2K_XDP_HELPER_VERBOSE")) {
    std::fprintf(stderr, "%s: %s: XSK program attached in %s mode; running", kProg, o.ifname.c_str(), modeUsed.c_str());
    for (char* a : o.command) std::fprintf(stderr, " %s", a);
    std::fputc('\n', stderr);
  }
  o.command.push_back(nullptr);
  execvp(o.command[0], o.command.data());
  die("cannot run '%s': %s", o.command[0], std::strerror(errno));
}
