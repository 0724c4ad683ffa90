// The XSK program: a six-instruction XDP program that redirects each frame to the AF_XDP
// socket registered for its RX queue in an XSKMAP, and passes frames of other queues to
// the stack (what libxdp's default program does). Attached through a BPF link, so it is
// detached as soon as the last holder closes its fds, even after SIGKILL.
// Used by the addon (one attachment per interface, shared by its queues) and by
// qemu-e2k-xdp-helper.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace xsknet {

constexpr uint32_t kXskMapEntries = 1024;

// Creates the XSKMAP; returns an fd or -errno.
int xskMapCreate(uint32_t entries);
// Loads the program bound to mapFd; returns an fd or -errno (verifier log in `log`).
int xskProgramLoad(int mapFd, std::string* log);
// Attaches progFd to ifindex in native (driver) or skb (generic) mode; link fd or -errno.
int xskAttach(int progFd, int ifindex, bool native);

// One program attached to one interface, shared by every queue of this process on it.
class XskProgram {
 public:
  // Attaches (or reuses) the program on ifindex. mode: 0 auto (native, then skb), 1 native,
  // 2 skb. Throws XskError-compatible failures as (errno, message) via the out params:
  // returns nullptr and sets *err to a positive errno on failure.
  static std::shared_ptr<XskProgram> acquire(int ifindex, int mode, int* err);
  ~XskProgram();
  XskProgram(const XskProgram&) = delete;
  XskProgram& operator=(const XskProgram&) = delete;

  bool native() const { return native_; }
  // Registers socket fd for RX queue `queue`; 0 or positive errno.
  int insert(uint32_t queue, int fd);
  void remove(uint32_t queue);

 private:
  XskProgram() = default;
  int ifindex_ = 0;
  bool native_ = false;
  int mapFd_ = -1;
  int progFd_ = -1;
  int linkFd_ = -1;
};

}  // namespace xsknet
