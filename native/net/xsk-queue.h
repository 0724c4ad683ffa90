// One AF_XDP socket bound to one device queue, with its own UMEM and four rings, sized
// as QEMU's af-xdp netdev sizes them (net/af-xdp.c): rings of 2048 entries, 8192 frames
// of 4 KiB, i.e. 32 MiB of locked memory per queue.
//
// Contract: every method runs on one thread (the Node main thread or a benchmark's loop).
// Nothing here throws on a hot path; setup failures throw XskError with QEMU's texts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <xdp/xsk.h>

namespace xsknet {

class XskProgram;

constexpr uint32_t kRingSize = 2048;
constexpr uint32_t kFrameSize = 4096;
constexpr uint32_t kFrameCount = 2 * (kRingSize + kRingSize);
constexpr size_t kUmemBytes = size_t(kFrameCount) * kFrameSize;
constexpr uint32_t kBatch = 64;

enum class XdpMode { Auto, Native, Skb };

struct XskConfig {
  std::string ifname;
  uint32_t queueId = 0;
  uint32_t queueIndex = 0;  // index among the netdev's queues (for error texts)
  XdpMode mode = XdpMode::Auto;
  bool forceCopy = false;
  bool inhibit = false;
  int sockFd = -1;           // sock-fds: an open, unbound AF_XDP socket to adopt
  std::string mapPath;       // map-path: pinned XSKMAP to insert the socket into
  uint32_t mapKey = 0;       // map-start-index + queue index
};

// A setup failure: message already in QEMU's wording, errno kept for callers.
class XskError : public std::runtime_error {
 public:
  XskError(const std::string& msg, int err) : std::runtime_error(msg), errnum(err) {}
  int errnum;
};

struct XskStats {
  uint64_t rxDropped, rxInvalid, txInvalid, rxRingFull, fillRingEmpty, txRingEmpty;
};

class XskQueue {
 public:
  explicit XskQueue(const XskConfig& cfg);
  ~XskQueue();
  XskQueue(const XskQueue&) = delete;
  XskQueue& operator=(const XskQueue&) = delete;

  int fd() const { return fd_; }
  int ifindex() const { return ifindex_; }
  XdpMode boundMode() const { return boundMode_; }
  bool zeroCopy() const { return zeroCopy_; }
  bool closed() const { return fd_ < 0; }

  // RX: copies up to maxFrames received frames back to back into out (capacity cap
  // bytes), their lengths into lens; the descriptors stay reserved until rxRelease.
  uint32_t rxPeek(uint8_t* out, size_t cap, uint32_t* lens, uint32_t maxFrames);
  // Gives the first `consumed` peeked frames back to the pool and returns the rest to
  // the kernel ring (flow control: they are read again later), then refills the fill ring.
  void rxRelease(uint32_t consumed);
  // Zero-copy variant of rxPeek for native consumers: reserves up to maxFrames received
  // frames and returns how many; rxFrame(k) gives frame k's data in UMEM (valid until
  // rxRelease, which must follow).
  uint32_t rxPeekInPlace(uint32_t maxFrames);
  const uint8_t* rxFrame(uint32_t k, uint32_t* len) const;
  // True when the kernel wants a poll()/recvfrom to refill (fill ring need-wakeup).
  bool rxNeedsWakeup() const;

  // TX: posts up to count frames (back to back in data, lengths in lens); returns how
  // many were taken. Frames longer than a UMEM frame are dropped and count as taken,
  // as QEMU does. Kicks the kernel when the TX ring asks for it.
  uint32_t tx(const uint8_t* data, const uint32_t* lens, uint32_t count);
  // Frames built in place by native producers: txReserve takes up to `want` free UMEM frames
  // and TX slots (returns how many), txFrame(k) is reserved frame k's buffer (kFrameSize
  // bytes), and txCommit posts frames 0..n-1 with the given lengths and gives the rest back.
  uint32_t txReserve(uint32_t want);
  uint8_t* txFrame(uint32_t k) { return static_cast<uint8_t*>(area_) + resv_[k]; }
  void txCommit(const uint32_t* lens, uint32_t n);
  // Frames the TX side can take right now (after reclaiming completions).
  uint32_t txCredit();
  // Frames posted but not yet completed by the kernel.
  uint32_t txOutstanding() const { return outstanding_; }
  // Sends the kick again (after EAGAIN/EBUSY) and reclaims; true if more kicks are needed.
  bool txKick();

  XskStats stats() const;
  void close();

 private:
  void setupWithLibxdp(const XskConfig& cfg);
  void setupOnFd(const XskConfig& cfg);
  void insertIntoMap(const XskConfig& cfg);
  void verifyProgram(const XskConfig& cfg);
  void fillRing(uint32_t want);
  void reclaim();
  void kick();

  std::string ifname_;
  int ifindex_ = 0;
  int fd_ = -1;
  bool ownFd_ = true;
  XdpMode boundMode_ = XdpMode::Skb;
  bool zeroCopy_ = false;
  void* area_ = nullptr;
  struct xsk_umem* umem_ = nullptr;
  struct xsk_socket* xsk_ = nullptr;
  struct xsk_ring_prod fill_ {};
  struct xsk_ring_cons comp_ {};
  struct xsk_ring_cons rx_ {};
  struct xsk_ring_prod tx_ {};
  // Rings mmapped by setupOnFd (libxdp unmaps its own).
  struct Mapping { void* addr; size_t len; };
  std::vector<Mapping> maps_;
  std::vector<uint64_t> pool_;  // free frame addresses (a stack)
  uint32_t peeked_ = 0;
  uint32_t peekIdx_ = 0;
  uint32_t outstanding_ = 0;
  std::vector<uint64_t> resv_;  // UMEM frames held by txReserve
  uint32_t resvIdx_ = 0;        // first TX ring slot held by txReserve
  int mapFd_ = -1;
  uint32_t mapKey_ = 0;
  std::string mapPath_;
  std::shared_ptr<XskProgram> prog_;
  uint32_t progKey_ = 0;
};

const char* modeName(XdpMode m);

}  // namespace xsknet
