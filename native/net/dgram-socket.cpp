#include "net/dgram-socket.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace dgramnet {

namespace {

std::string withErrno(const std::string& msg, int err) { return msg + ": " + std::strerror(err); }

void setNonBlocking(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
    int err = errno;
    throw DgramError(withErrno("can't set the socket non-blocking", err), err);
  }
}

sockaddr_un unixAddr(const std::string& path) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  if (path.size() >= sizeof(a.sun_path)) {
    throw DgramError("UNIX socket path '" + path + "' is too long", ENAMETOOLONG);
  }
  std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
  return a;
}

}  // namespace

DgramSocket DgramSocket::openUnix(const std::string& localPath, const std::string& remotePath) {
  sockaddr_un local = unixAddr(localPath);
  sockaddr_un remote = unixAddr(remotePath);
  if (unlink(localPath.c_str()) < 0 && errno != ENOENT) {
    int err = errno;
    throw DgramError(withErrno("failed to unlink socket " + localPath, err), err);
  }
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    int err = errno;
    throw DgramError(withErrno("can't create datagram socket", err), err);
  }
  DgramSocket s(fd);
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) < 0) {
    int err = errno;
    throw DgramError(withErrno("can't bind unix=" + localPath + " to socket", err), err);
  }
  s.dest_ = remote;
  s.hasDest_ = true;
  return s;
}

DgramSocket DgramSocket::adopt(int fd) {
  const std::string what = "Can't use file descriptor " + std::to_string(fd);
  int type = 0;
  socklen_t len = sizeof(type);
  if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0) {
    int err = errno;
    throw DgramError(withErrno(what, err), err);
  }
  // A stream socket would lose the frame boundaries.
  if (type != SOCK_DGRAM) throw DgramError(withErrno(what, EPROTOTYPE), EPROTOTYPE);
  setNonBlocking(fd);
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  return DgramSocket(fd);
}

DgramSocket::DgramSocket(DgramSocket&& o) noexcept : fd_(o.fd_), hasDest_(o.hasDest_), dest_(o.dest_) {
  o.fd_ = -1;
}

DgramSocket::~DgramSocket() { close(); }

void DgramSocket::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::string DgramSocket::localKind() const {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (fd_ < 0 || getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len) < 0) return "";
  switch (ss.ss_family) {
    case AF_INET:
    case AF_INET6:
      return "inet";
    case AF_UNIX:
      return "unix";
    case AF_VSOCK:
      return "vsock";
    default:
      return "";
  }
}

int DgramSocket::recvBatch(uint8_t* buf, size_t slotSize, uint32_t* lens, uint32_t count) {
  if (fd_ < 0) return -EBADF;
  if (count == 0) return 0;
  std::vector<mmsghdr> msgs(count);
  std::vector<iovec> iov(count);
  for (uint32_t i = 0; i < count; i++) {
    iov[i] = {buf + i * slotSize, slotSize};
    msgs[i] = {};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  int n;
  do {
    n = recvmmsg(fd_, msgs.data(), count, MSG_DONTWAIT, nullptr);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
  for (int i = 0; i < n; i++) {
    bool truncated = (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
    lens[i] = truncated ? 0 : msgs[i].msg_len;
  }
  return n;
}

long DgramSocket::send(const uint8_t* data, size_t len) {
  if (fd_ < 0) return -EBADF;
  ssize_t r;
  do {
    r = hasDest_ ? ::sendto(fd_, data, len, MSG_DONTWAIT, reinterpret_cast<const sockaddr*>(&dest_), sizeof(dest_))
                 : ::send(fd_, data, len, MSG_DONTWAIT);
  } while (r < 0 && errno == EINTR);
  return r < 0 ? -errno : r;
}

void socketPair(int fds[2]) {
  if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, fds) < 0) {
    int err = errno;
    throw DgramError(withErrno("socketpair", err), err);
  }
}

}  // namespace dgramnet
