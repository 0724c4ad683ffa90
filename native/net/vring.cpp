// Split-ring walk over guest RAM; mirrors VirtQueue.pop/walkChain in hw/virtio/virtqueue.ts
// rule for rule (see vring.h for how errors are reported).
#include "vring.h"

#include <initializer_list>

namespace vnet {

namespace {

uint64_t rd64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
uint32_t rd32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint16_t rd16(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}
void wr32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }
void wr16(uint8_t* p, uint16_t v) { std::memcpy(p, &v, 2); }

}  // namespace

bool Vring::valid() const {
  const double n = st_[kVqSize];
  if (!(n >= 1 && n <= 32768)) return false;
  const uint64_t size = static_cast<uint64_t>(n);
  if (size & (size - 1)) return false;
  for (VqField f : {kVqDesc, kVqAvail, kVqUsed}) {
    if (!(st_[f] >= 0 && st_[f] < 18446744073709551616.0)) return false;
  }
  return mem_.contains(static_cast<uint64_t>(st_[kVqDesc]), 16 * size) &&
         mem_.contains(static_cast<uint64_t>(st_[kVqAvail]), 6 + 2 * size) &&
         mem_.contains(static_cast<uint64_t>(st_[kVqUsed]), 6 + 8 * size);
}

bool Vring::walk(uint16_t head, Chain* c) const {
  c->head = head;
  c->nOut = c->nIn = 0;
  c->outBytes = c->inBytes = 0;
  // A chain is out* in* (an out after an in is refused), so arrival order is outs, then ins.
  uint64_t table = static_cast<uint64_t>(st_[kVqDesc]);
  uint32_t max = size();
  uint32_t i = head;
  uint32_t seen = 0;
  bool indirect = false;
  for (;;) {
    const uint8_t* d = mem_.at(table + 16ull * i);  // i < max, table checked for 16 * max bytes
    const uint64_t addr = rd64(d);
    const uint32_t len = rd32(d + 8);
    const uint16_t flags = rd16(d + 12);
    const uint16_t next = rd16(d + 14);
    if (flags & kDescIndirect) {
      if (indirect) return false;                       // nested indirect
      if (len == 0 || len % 16 != 0) return false;      // bad table size
      if (flags & kDescNext) return false;              // indirect with NEXT
      if (!mem_.contains(addr, len)) return false;      // table outside RAM
      table = addr;
      max = len / 16;
      i = 0;
      seen = 0;
      indirect = true;
      continue;
    }
    if (++seen > max) return false;                     // loop
    if (len == 0) return false;                         // zero-sized buffer
    if (!mem_.contains(addr, len)) return false;        // buffer outside RAM
    if (c->nOut + c->nIn >= kMaxSegments) return false; // too many descriptors
    Seg s{mem_.at(addr), len};
    if (flags & kDescWrite) {
      c->segs[c->nOut + c->nIn] = s;
      c->nIn++;
      c->inBytes += len;
    } else {
      if (c->nIn > 0) return false;                     // out after in
      c->segs[c->nOut] = s;
      c->nOut++;
      c->outBytes += len;
    }
    if (!(flags & kDescNext)) return true;
    if (next >= max) return false;                      // next out of range
    i = next;
  }
}

Pop Vring::pop(Chain* c) {
  const uint32_t n = size();
  const uint64_t avail = static_cast<uint64_t>(st_[kVqAvail]);
  const uint16_t lastAvail = static_cast<uint16_t>(st_[kVqLastAvail]);
  const uint16_t pending = static_cast<uint16_t>(u16(avail + 2) - lastAvail);
  if (pending > n) return Pop::Bad;
  if (pending == 0) return Pop::Empty;
  if (st_[kVqInflight] >= n) return Pop::Bad;
  const uint16_t head = u16(avail + 4 + 2ull * (lastAvail % n));
  if (head >= n) return Pop::Bad;
  if (!walk(head, c)) return Pop::Bad;
  st_[kVqLastAvail] = static_cast<uint16_t>(lastAvail + 1);
  st_[kVqInflight] += 1;
  // With EVENT_IDX, avail_event (after the used ring) tells the driver where we are.
  if (st_[kVqEventIdx] != 0) wr16(mem_.at(static_cast<uint64_t>(st_[kVqUsed]) + 4 + 8ull * n), lastAvail + 1);
  return Pop::Ok;
}

bool Vring::hasPending() const {
  const uint16_t lastAvail = static_cast<uint16_t>(st_[kVqLastAvail]);
  return u16(static_cast<uint64_t>(st_[kVqAvail]) + 2) != lastAvail;
}

void Vring::unpop(uint32_t k) {
  st_[kVqLastAvail] = static_cast<uint16_t>(static_cast<uint16_t>(st_[kVqLastAvail]) - k);
  st_[kVqInflight] -= k;
}

void Vring::fill(uint16_t head, uint32_t len, uint32_t offset) {
  const uint32_t n = size();
  const uint32_t slot = (static_cast<uint32_t>(st_[kVqUsedIdx]) + offset) % n;
  uint8_t* e = mem_.at(static_cast<uint64_t>(st_[kVqUsed]) + 4 + 8ull * slot);
  wr32(e, head);
  wr32(e + 4, len);
}

void Vring::flush(uint32_t k) {
  const uint16_t idx = static_cast<uint16_t>(static_cast<uint32_t>(st_[kVqUsedIdx]) + k);
  st_[kVqUsedIdx] = idx;
  st_[kVqInflight] -= k;
  wr16(mem_.at(static_cast<uint64_t>(st_[kVqUsed]) + 2), idx);
}

uint64_t Vring::writeIn(const Chain& c, uint64_t offset, const uint8_t* src, uint64_t len) {
  uint64_t skip = offset;
  uint64_t done = 0;
  for (uint32_t k = c.nOut; k < c.nOut + c.nIn && done < len; k++) {
    const Seg& s = c.segs[k];
    if (skip >= s.len) {
      skip -= s.len;
      continue;
    }
    uint64_t m = s.len - skip;
    if (m > len - done) m = len - done;
    std::memcpy(s.p + skip, src + done, m);
    done += m;
    skip = 0;
  }
  return done;
}

void Vring::readOut(const Chain& c, uint64_t skip, uint8_t* dst) {
  for (uint32_t k = 0; k < c.nOut; k++) {
    const Seg& s = c.segs[k];
    if (skip >= s.len) {
      skip -= s.len;
      continue;
    }
    std::memcpy(dst, s.p + skip, s.len - skip);
    dst += s.len - skip;
    skip = 0;
  }
}

}  // namespace vnet
