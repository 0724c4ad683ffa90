#include "net-diag.h"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <bpf/libbpf.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <xdp/libxdp.h>

namespace xsknet {

namespace {

bool debugEnabled() {
  static const bool on = std::getenv("QEMU_E2K_XDP_DEBUG") != nullptr;
  return on;
}

int xdpPrint(enum libxdp_print_level, const char* fmt, va_list ap) {
  return debugEnabled() ? std::vfprintf(stderr, fmt, ap) : 0;
}

int bpfPrint(enum libbpf_print_level, const char* fmt, va_list ap) {
  return debugEnabled() ? std::vfprintf(stderr, fmt, ap) : 0;
}

}  // namespace

void quietLibraries() {
  static bool done = false;
  if (done) return;
  done = true;
  libxdp_set_print(xdpPrint);
  libbpf_set_print(bpfPrint);
}

int deviceQueues(const std::string& ifname) {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return -errno;
  struct ethtool_channels ch {};
  ch.cmd = ETHTOOL_GCHANNELS;
  struct ifreq ifr {};
  std::snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname.c_str());
  ifr.ifr_data = reinterpret_cast<char*>(&ch);
  int ret = ioctl(s, SIOCETHTOOL, &ifr);
  int err = errno;
  close(s);
  if (ret != 0) return -err;
  return static_cast<int>(ch.combined_count + ch.rx_count);
}

std::string channelHint(const std::string& ifname, uint32_t queueId, int err) {
  if (err != EINVAL) return "";
  int n = deviceQueues(ifname);
  if (n <= 0 || queueId < static_cast<uint32_t>(n)) return "";
  return " (queue " + std::to_string(queueId) + " is beyond the " + std::to_string(n) +
         " active queue(s) of '" + ifname + "': lower queues/start-queue or add channels with ethtool -L " +
         ifname + ")";
}

void diagWarn(const std::string& msg) { std::fprintf(stderr, "qemu-e2k: %s\n", msg.c_str()); }

}  // namespace xsknet
