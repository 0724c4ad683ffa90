// virtio-net batches in native code; each step mirrors VirtioNet.flushTx / receiveOne in
// hw/net/virtio-net.ts so both paths leave the same used rings and guest memory.
#include "virtio-net-batch.h"

#include <cstring>
#include <memory>

#include "xsk-queue.h"

namespace vnet {

namespace {

enum FilterFlag : uint8_t {
  kPromisc = 1,
  kAllMulti = 2,
  kAllUni = 4,
  kNoMulti = 8,
  kNoUni = 16,
  kNoBcast = 32,
  kUniOverflow = 64,
  kMultiOverflow = 128,
};

// One scratch chain per call site: a Chain holds up to 1024 segments (16 KiB).
Chain& scratch(int which) {
  static std::unique_ptr<Chain> c[2] = {std::make_unique<Chain>(), std::make_unique<Chain>()};
  return *c[which];
}

void clearOut(uint32_t* out) { std::memset(out, 0, sizeof(uint32_t) * kBFields); }

}  // namespace

bool RxFilter::accepts(const uint8_t* f, uint32_t n) const {
  if (len < 9) return true;
  const uint8_t flags = bytes[0];
  if (flags & kPromisc) return true;
  if (n < 6) return false;
  const uint8_t* mac = bytes + 1;
  uint32_t first = bytes[7];
  uint32_t count = bytes[8];
  if (9 + 6 * count > len) count = (len - 9) / 6;
  if (first > count) first = count;
  auto tableHas = [&](uint32_t from, uint32_t to) {
    for (uint32_t i = from; i < to; i++)
      if (std::memcmp(f, bytes + 9 + 6 * i, 6) == 0) return true;
    return false;
  };
  if (f[0] & 1) {
    if ((f[0] & f[1] & f[2] & f[3] & f[4] & f[5]) == 0xff) return !(flags & kNoBcast);
    if (flags & kNoMulti) return false;
    if (flags & (kAllMulti | kMultiOverflow)) return true;
    return tableHas(first, count);
  }
  if (flags & kNoUni) return false;
  if (flags & (kAllUni | kUniOverflow)) return true;
  if (std::memcmp(f, mac, 6) == 0) return true;
  return tableHas(0, first);
}

void txToXsk(Vring& vr, xsknet::XskQueue& q, uint32_t hdrLen, uint32_t burst, uint32_t* out) {
  clearOut(out);
  if (burst > kMaxSegments) burst = kMaxSegments;
  Chain& c = scratch(0);
  uint16_t heads[kMaxSegments];
  uint32_t lens[kMaxSegments];
  const uint32_t credit = q.txReserve(burst);
  uint32_t posted = 0;
  uint32_t sent = 0;
  while (sent < burst) {
    if (posted == credit) {
      if (vr.hasPending()) out[kBBlocked] = 1;
      break;
    }
    const Pop r = vr.pop(&c);
    if (r == Pop::Empty) break;
    if (r == Pop::Bad) {
      out[kBBad] = 1;
      break;
    }
    if (c.nOut < 1 || c.outBytes < hdrLen) {  // header missing: TypeScript names the error
      vr.unpop(1);
      out[kBBad] = 1;
      break;
    }
    const uint64_t len = c.outBytes - hdrLen;
    if (len == 0 || len > kNetBufSize) {
      vr.fill(c.head, 0, 0);
      vr.flush(1);
      out[kBDropped]++;
      continue;
    }
    // Frames past a UMEM frame are dropped by the backend (as af-xdp's receive does) but
    // their chains complete with the sent ones.
    if (len <= xsknet::kFrameSize) {
      Vring::readOut(c, hdrLen, q.txFrame(posted));
      lens[posted++] = static_cast<uint32_t>(len);
    }
    heads[sent++] = c.head;
  }
  if (out[kBBad]) {
    // The TypeScript path fails the whole batch when it meets the bad chain: nothing of it is
    // sent or completed (the device is broken from then on). Do the same.
    q.txCommit(lens, 0);
    return;
  }
  q.txCommit(lens, posted);
  for (uint32_t i = 0; i < sent; i++) vr.fill(heads[i], 0, i);
  if (sent) vr.flush(sent);
  out[kBSent] = sent;
}

void txToBuffer(Vring& vr, uint32_t hdrLen, uint32_t burst, uint8_t* buf, uint64_t cap, uint32_t* lens,
                uint32_t* heads, uint32_t* out) {
  clearOut(out);
  Chain& c = scratch(0);
  uint64_t used = 0;
  uint32_t n = 0;
  while (n < burst) {
    const Pop r = vr.pop(&c);
    if (r == Pop::Empty) break;
    if (r == Pop::Bad) {
      out[kBBad] = 1;
      break;
    }
    if (c.nOut < 1 || c.outBytes < hdrLen) {
      vr.unpop(1);
      out[kBBad] = 1;
      break;
    }
    const uint64_t len = c.outBytes - hdrLen;
    if (len == 0 || len > kNetBufSize) {
      vr.fill(c.head, 0, 0);
      vr.flush(1);
      out[kBDropped]++;
      continue;
    }
    if (len > cap - used) {  // no room left in this batch: the chain waits for the next one
      vr.unpop(1);
      break;
    }
    Vring::readOut(c, hdrLen, buf + used);
    used += len;
    lens[n] = static_cast<uint32_t>(len);
    heads[n] = c.head;
    n++;
  }
  out[kBSent] = n;
}

void rxFrames(Vring& vr, const FrameSource& src, uint32_t hdrLen, bool mrg, const RxFilter& filter,
              uint32_t* out) {
  clearOut(out);
  Chain& first = scratch(0);
  Chain& other = scratch(1);
  static uint16_t heads[32768];
  static uint64_t room[32768];
  const uint32_t n = src.count();
  for (uint32_t k = 0; k < n; k++) {
    uint32_t len = 0;
    const uint8_t* f = src.frame(k, &len);
    if (!filter.accepts(f, len)) {
      out[kBFiltered]++;
      out[kBConsumed]++;
      continue;
    }
    const uint64_t total = uint64_t(hdrLen) + len;
    // Pass 1: take chains until the frame fits (one chain without mergeable buffers).
    uint32_t elems = 0;
    uint64_t have = 0;
    bool stop = false;
    while (have < total) {
      Chain& c = elems == 0 ? first : other;
      const Pop r = vr.pop(&c);
      if (r != Pop::Ok) {
        vr.unpop(elems);
        if (r == Pop::Bad) out[kBBad] = 1;
        else out[kBBlocked] = 1;  // the frame waits for more buffers
        stop = true;
        break;
      }
      if (c.nIn == 0) {
        vr.unpop(elems + 1);
        out[kBNoIn] = 1;
        out[kBHead] = c.head;
        stop = true;
        break;
      }
      heads[elems] = c.head;
      room[elems] = c.inBytes;
      elems++;
      have += c.inBytes;
      if (!mrg) break;
    }
    if (stop) return;
    out[kBConsumed]++;
    if (!mrg && have < total) {  // does not fit one chain: dropped, as QEMU does
      vr.unpop(1);
      out[kBRxDropped]++;
      continue;
    }
    // Pass 2: header (zero but num_buffers), then the frame across the chains.
    static const uint8_t zeros[16] = {};
    const uint64_t n0 = hdrLen < first.inBytes ? hdrLen : first.inBytes;
    Vring::writeIn(first, 0, zeros, n0);
    if (hdrLen == 12 && n0 == 12) {
      const uint8_t nb[2] = {static_cast<uint8_t>(elems & 0xff), static_cast<uint8_t>(elems >> 8)};
      Vring::writeIn(first, 10, nb, 2);
    }
    uint64_t off = 0;
    for (uint32_t i = 0; i < elems; i++) {
      const Chain* c = &first;
      if (i > 0) {
        vr.rewalk(heads[i], &other);
        c = &other;
      }
      const uint64_t skip = i == 0 ? n0 : 0;
      uint64_t take = room[i] - skip;
      if (take > len - off) take = len - off;
      Vring::writeIn(*c, skip, f + off, take);
      off += take;
      vr.fill(heads[i], static_cast<uint32_t>(skip + take), i);
    }
    vr.flush(elems);
    out[kBWritten]++;
  }
}

}  // namespace vnet
