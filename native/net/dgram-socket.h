// A non-blocking datagram socket for -netdev dgram forms Node cannot open itself: AF_UNIX
// datagram sockets bound to a path, and sockets inherited as an fd (local.type=fd). One
// datagram is one frame; receiving takes a batch per call (recvmmsg).
#pragma once

#include <sys/socket.h>
#include <sys/un.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace dgramnet {

// A setup failure: `what()` is the whole message (QEMU's wording), errnum the cause or 0.
struct DgramError : std::runtime_error {
  DgramError(const std::string& msg, int err) : std::runtime_error(msg), errnum(err) {}
  int errnum;
};

class DgramSocket {
 public:
  // Unlinks a stale `localPath`, binds a fresh AF_UNIX datagram socket there and sends to
  // `remotePath` (which may appear later).
  static DgramSocket openUnix(const std::string& localPath, const std::string& remotePath);
  // Takes ownership of an inherited datagram socket; frames go out with send(), so it
  // must be connected (as with QEMU). Anything but a datagram socket is refused with
  // "Can't use file descriptor N: <strerror>".
  static DgramSocket adopt(int fd);

  DgramSocket(DgramSocket&& o) noexcept;
  DgramSocket& operator=(DgramSocket&&) = delete;
  DgramSocket(const DgramSocket&) = delete;
  ~DgramSocket();

  int fd() const { return fd_; }
  // Address family of the socket's local address as QEMU names it ("inet", "unix"), or
  // "" when unknown.
  std::string localKind() const;
  // Up to `count` datagrams into consecutive slots of `slotSize` bytes; lens[i] gets each
  // length (a datagram longer than a slot is truncated and reported as 0, to be dropped).
  // Returns the number read, 0 when none is waiting, or -errno.
  int recvBatch(uint8_t* buf, size_t slotSize, uint32_t* lens, uint32_t count);
  // Sends one frame: its length, or -errno (-EAGAIN when the socket buffer is full).
  long send(const uint8_t* data, size_t len);
  void close();

 private:
  explicit DgramSocket(int fd) : fd_(fd) {}
  int fd_ = -1;
  bool hasDest_ = false;
  sockaddr_un dest_{};
};

// Two connected AF_UNIX datagram sockets (close-on-exec); throws DgramError.
void socketPair(int fds[2]);

}  // namespace dgramnet
