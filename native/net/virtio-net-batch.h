// virtio-net's data path in batches, native: TX chains -> frames (into AF_XDP UMEM frames, or
// into a staging buffer for any other backend) and frames -> RX chains (mergeable or not), with
// the receive filter. The TypeScript device (hw/net/virtio-net.ts) keeps everything else:
// interrupts, notification suppression, control queue, and the error texts (a batch that meets
// a malformed chain stops before it and reports Bad; virtio-net.ts then re-walks it itself).
#pragma once

#include <cstdint>

#include "vring.h"

namespace xsknet {
class XskQueue;
}

namespace vnet {

// NET_BUFSIZE in net/net.ts: frames larger than this are dropped by every backend.
constexpr uint64_t kNetBufSize = 4096 + 65536;

// Result words shared with TypeScript (a Uint32Array).
enum BatchField : uint32_t {
  kBSent,      // TX: chains whose frame went to the backend (completed with used len 0)
  kBDropped,   // TX: chains completed without sending (empty or oversized frame)
  kBBad,       // 1: stopped before a malformed chain (TypeScript re-walks it)
  kBBlocked,   // TX: the backend is full and chains are pending; RX: the ring ran dry
  kBConsumed,  // RX: frames taken from the source (written, filtered or dropped)
  kBWritten,   // RX: frames written to the guest
  kBFiltered,  // RX: frames refused by the MAC filter
  kBRxDropped, // RX: frames that did not fit one chain without mergeable buffers
  kBNoIn,      // RX: 1 when a chain without writable buffers was met (head in kBHead)
  kBHead,
  kBFields
};

// The receive filter's state, as virtio-net.ts lays it out in a Uint8Array.
struct RxFilter {
  const uint8_t* bytes;  // see filterBytes() in hw/net/virtio-net.ts
  uint32_t len;
  bool accepts(const uint8_t* f, uint32_t n) const;
};

// Frames to receive: from an AF_XDP RX ring (in place) or from a list of buffers.
class FrameSource {
 public:
  virtual ~FrameSource() = default;
  virtual uint32_t count() const = 0;
  virtual const uint8_t* frame(uint32_t k, uint32_t* len) const = 0;
};

// TX into UMEM: up to `burst` chains, stopping when UMEM frames or TX slots run out.
void txToXsk(Vring& vr, xsknet::XskQueue& q, uint32_t hdrLen, uint32_t burst, uint32_t* out);

// TX into a staging buffer: frames back to back in buf (capacity cap), lengths in lens and
// heads in heads (capacity burst each). The chains of frames put in buf are popped but not
// completed: TypeScript hands the frames to the backend and completes or un-pops them.
// Empty and oversized frames are completed here at once, as the TypeScript path does.
void txToBuffer(Vring& vr, uint32_t hdrLen, uint32_t burst, uint8_t* buf, uint64_t cap, uint32_t* lens,
                uint32_t* heads, uint32_t* out);

// RX: writes the source's frames (from the first) into the ring until it runs dry.
void rxFrames(Vring& vr, const FrameSource& src, uint32_t hdrLen, bool mrg, const RxFilter& filter,
              uint32_t* out);

}  // namespace vnet
