// Split virtqueues (virtio 1.x §2.7) seen from the device, in native code: the same checks as
// hw/virtio/virtqueue.ts, applied to guest RAM the addon allocated. Nothing here produces error
// text: a malformed ring or chain only stops the walk (the ring state is left as it was before
// that chain), and the TypeScript side re-walks that chain with its own code, which raises the
// named error. So both paths reject exactly the same input, with one set of messages.
//
// Every guest address is checked against the RAM block before it is used; the ring extents
// were checked when the driver enabled the queue and are checked again here, so nothing a
// guest writes can make this code read or write outside guest RAM.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace vnet {

// Guest RAM: one block at guest-physical `base`.
struct GuestMem {
  uint8_t* data;
  uint64_t base;
  uint64_t size;

  bool contains(uint64_t addr, uint64_t len) const {
    return addr >= base && addr - base <= size && len <= size - (addr - base);
  }
  uint8_t* at(uint64_t addr) const { return data + (addr - base); }
};

// Queue state shared with TypeScript as a Float64Array (indices below); the walk updates
// lastAvail/usedIdx/inflight in place and TypeScript copies them back into its VirtQueue.
enum VqField : uint32_t {
  kVqSize,
  kVqDesc,
  kVqAvail,
  kVqUsed,
  kVqLastAvail,
  kVqUsedIdx,
  kVqInflight,
  kVqEventIdx,  // 1 when VIRTIO_RING_F_EVENT_IDX was negotiated
  kVqFields
};

constexpr uint32_t kMaxSegments = 1024;
constexpr uint16_t kDescNext = 1;
constexpr uint16_t kDescWrite = 2;
constexpr uint16_t kDescIndirect = 4;

struct Seg {
  uint8_t* p;
  uint32_t len;
};

// One popped chain: segments point into guest RAM (already bounds-checked).
struct Chain {
  uint16_t head = 0;
  uint32_t nOut = 0, nIn = 0;
  uint64_t outBytes = 0, inBytes = 0;
  Seg segs[kMaxSegments];  // out segments first, then in segments
};

enum class Pop { Ok, Empty, Bad };

class Vring {
 public:
  Vring(const GuestMem& mem, double* state) : mem_(mem), st_(state) {}

  // True when the rings lie inside RAM (they were checked at enable; RAM never shrinks, but a
  // stale state array must not be trusted blindly).
  bool valid() const;
  // Takes the next available chain. Bad leaves the state unchanged.
  Pop pop(Chain* c);
  // True when the driver made chains available that were not popped yet (false on a bad index).
  bool hasPending() const;
  // Gives back the last `n` popped chains (they are popped again later).
  void unpop(uint32_t n);
  // Writes a used element `offset` slots after the used index (published by flush).
  void fill(uint16_t head, uint32_t len, uint32_t offset);
  // Publishes `n` filled elements.
  void flush(uint32_t n);
  // Copies `len` bytes of `src` into the chain's writable segments from byte `offset`.
  static uint64_t writeIn(const Chain& c, uint64_t offset, const uint8_t* src, uint64_t len);
  // Copies the chain's readable bytes after the first `skip` to dst (capacity checked by caller).
  static void readOut(const Chain& c, uint64_t skip, uint8_t* dst);

  uint32_t size() const { return static_cast<uint32_t>(st_[kVqSize]); }

 private:
  uint16_t u16(uint64_t addr) const {
    uint16_t v;
    std::memcpy(&v, mem_.at(addr), 2);
    return v;
  }
  bool walk(uint16_t head, Chain* c) const;

 public:
  // Walks the chain at `head` again (pop already validated it; used for mergeable RX).
  bool rewalk(uint16_t head, Chain* c) const { return walk(head, c); }

 private:

  GuestMem mem_;
  double* st_;
};

}  // namespace vnet
