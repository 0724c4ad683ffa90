// Diagnostics around the AF_XDP setup: quieting libxdp/libbpf (their fallback notices are
// expected here), and hints that turn an errno into the fix a user needs.
#pragma once

#include <cstdint>
#include <string>

namespace xsknet {

// Routes libxdp and libbpf messages to stderr only when QEMU_E2K_XDP_DEBUG is set.
void quietLibraries();
// For EINVAL from bind: names the device's active queue count and how to raise it.
std::string channelHint(const std::string& ifname, uint32_t queueId, int err);
// Active RX queue count of a device (combined + rx channels), or -errno.
int deviceQueues(const std::string& ifname);
void diagWarn(const std::string& msg);

}  // namespace xsknet
