// Split virtqueues (virtio 1.x §2.7) seen from the device, validating everything the driver
// supplies. Any malformed ring or chain raises VirtioError naming the queue and the
// descriptor; the device turns that into NEEDS_RESET (virtio-device.ts). All guest memory is
// reached through GuestRam views, which refuse ranges outside RAM, so a malformed ring can
// never make the device read or write anything else.
import type { GuestRam } from "../core/guest-ram";

export const VRING_DESC_F_NEXT = 1;
export const VRING_DESC_F_WRITE = 2;
export const VRING_DESC_F_INDIRECT = 4;
export const VRING_AVAIL_F_NO_INTERRUPT = 1;
export const VRING_USED_F_NO_NOTIFY = 1;
export const VIRTQUEUE_MAX_SIZE = 1024;
/** Largest number of segments one element may have (QEMU's VIRTQUEUE_MAX_SIZE cap). */
export const VIRTQUEUE_MAX_SEGMENTS = 1024;
export const VIRTIO_NO_VECTOR = 0xffff;

export class VirtioError extends Error {}

/** A buffer segment, already checked to lie inside guest RAM. */
export interface VirtqSeg {
  addr: number;
  len: number;
}

export interface VirtqElement {
  head: number;
  out: VirtqSeg[];
  in: VirtqSeg[];
  outBytes: number;
  inBytes: number;
}

export class VirtQueue {
  /** Ring size the driver set (≤ maxSize); 0 = queue absent. */
  size: number;
  descAddr = 0;
  availAddr = 0;
  usedAddr = 0;
  enabled = false;
  vector = VIRTIO_NO_VECTOR;
  lastAvail = 0;
  usedIdx = 0;
  inflight = 0;
  /** VIRTIO_RING_F_EVENT_IDX negotiated: used_event/avail_event replace the ring flags. */
  eventIdx = false;
  // The used index of the last interrupt decision (QEMU's signalled_used), for EVENT_IDX.
  private signalledUsed = 0;
  private signalledUsedValid = false;

  constructor(
    readonly deviceName: string,
    readonly index: number,
    readonly maxSize: number,
    private readonly ram: GuestRam,
  ) {
    this.size = maxSize;
  }

  reset(): void {
    this.size = this.maxSize;
    this.descAddr = this.availAddr = this.usedAddr = 0;
    this.enabled = false;
    this.vector = VIRTIO_NO_VECTOR;
    this.lastAvail = this.usedIdx = this.inflight = 0;
    this.eventIdx = false;
    this.signalledUsed = 0;
    this.signalledUsedValid = false;
  }

  /** The ring state for a native batch, in native/net/vring.h's VqField order. */
  toNative(st: Float64Array): void {
    st[0] = this.size;
    st[1] = this.descAddr;
    st[2] = this.availAddr;
    st[3] = this.usedAddr;
    st[4] = this.lastAvail;
    st[5] = this.usedIdx;
    st[6] = this.inflight;
    st[7] = this.eventIdx ? 1 : 0;
  }

  /** Takes back what a native batch moved. */
  fromNative(st: Float64Array): void {
    this.lastAvail = st[4]!;
    this.usedIdx = st[5]!;
    this.inflight = st[6]!;
  }

  private fail(msg: string, desc?: number | string): never {
    const where = desc === undefined ? "" : ` descriptor ${desc}:`;
    throw new VirtioError(`${this.deviceName}: queue ${this.index}:${where} ${msg}`);
  }

  /** Checks the three rings lie inside RAM; called when the driver enables the queue. */
  validateRings(): void {
    const n = this.size;
    if (n === 0 || n > this.maxSize || n & (n - 1)) this.fail(`invalid queue size ${n}`);
    if (!this.ram.contains(this.descAddr, 16 * n))
      this.fail(`Cannot map descriptor ring at 0x${this.descAddr.toString(16)}`);
    if (!this.ram.contains(this.availAddr, 6 + 2 * n))
      this.fail(`Cannot map avail ring at 0x${this.availAddr.toString(16)}`);
    if (!this.ram.contains(this.usedAddr, 6 + 8 * n))
      this.fail(`Cannot map used ring at 0x${this.usedAddr.toString(16)}`);
  }

  ready(): boolean {
    return this.enabled && this.size > 0;
  }

  availIdx(): number {
    return this.ram.u16(this.availAddr + 2);
  }

  /** Number of heads the driver made available that the device has not taken yet. */
  pending(): number {
    if (!this.ready()) return 0;
    const n = (this.availIdx() - this.lastAvail) & 0xffff;
    if (n > this.size) this.fail(`Guest moved avail index from ${this.lastAvail} to ${this.availIdx()}`);
    return n;
  }

  /** Takes the next available chain, or returns undefined when the ring is empty. */
  pop(): VirtqElement | undefined {
    if (this.pending() === 0) return undefined;
    if (this.inflight >= this.size) this.fail("Virtqueue size exceeded");
    const head = this.ram.u16(this.availAddr + 4 + 2 * (this.lastAvail % this.size));
    if (head >= this.size) this.fail(`Guest says index ${head} is available`);
    const elem = this.walkChain(head);
    this.lastAvail = (this.lastAvail + 1) & 0xffff;
    this.inflight++;
    // With EVENT_IDX the device publishes how far it has read (avail_event), as QEMU does.
    if (this.eventIdx) this.ram.setU16(this.availEventAddr(), this.lastAvail);
    return elem;
  }

  /** Gives back a popped element that could not be processed now (it is re-popped later). */
  unpop(): void {
    this.lastAvail = (this.lastAvail - 1) & 0xffff;
    this.inflight--;
  }

  private walkChain(head: number): VirtqElement {
    const elem: VirtqElement = { head, out: [], in: [], outBytes: 0, inBytes: 0 };
    let table = this.descAddr;
    let max = this.size;
    let i = head;
    let seen = 0;
    let indirect = false;
    for (;;) {
      const d = table + 16 * i;
      const addr = this.ram.u64(d);
      const len = this.ram.u32(d + 8);
      const flags = this.ram.u16(d + 12);
      const next = this.ram.u16(d + 14);
      const name = indirect ? `${head} (indirect entry ${i})` : i;
      if (flags & VRING_DESC_F_INDIRECT) {
        if (indirect) this.fail("Nested indirect descriptor", name);
        if (len === 0 || len % 16 !== 0) this.fail(`Invalid size for indirect buffer table (${len})`, name);
        if (flags & VRING_DESC_F_NEXT) this.fail("Indirect descriptor with the NEXT flag", name);
        if (!this.ram.contains(addr, len))
          this.fail(`Cannot map indirect buffer at 0x${addr.toString(16)}`, name);
        table = addr;
        max = len / 16;
        i = 0;
        seen = 0;
        indirect = true;
        continue;
      }
      if (++seen > max) this.fail("Looped descriptor", name);
      if (len === 0) this.fail("zero sized buffers are not allowed", name);
      if (!this.ram.contains(addr, len))
        this.fail(
          `bogus descriptor or out of resources: 0x${addr.toString(16)}+${len} is outside guest RAM`,
          name,
        );
      if (elem.out.length + elem.in.length >= VIRTQUEUE_MAX_SEGMENTS) this.fail("too many descriptors", name);
      if (flags & VRING_DESC_F_WRITE) {
        elem.in.push({ addr, len });
        elem.inBytes += len;
      } else {
        if (elem.in.length > 0) this.fail("Incorrect order for descriptors", name);
        elem.out.push({ addr, len });
        elem.outBytes += len;
      }
      if (!(flags & VRING_DESC_F_NEXT)) break;
      if (next >= max) this.fail(`Desc next is ${next}`, name);
      i = next;
    }
    return elem;
  }

  /** Writes one used element (not yet visible to the driver until flush()). */
  fill(elem: VirtqElement, len: number, offset = 0): void {
    const slot = this.usedAddr + 4 + 8 * ((this.usedIdx + offset) % this.size);
    this.ram.setU32(slot, elem.head);
    this.ram.setU32(slot + 4, len);
  }

  /** Publishes `count` filled elements by moving the used index. */
  flush(count: number): void {
    this.usedIdx = (this.usedIdx + count) & 0xffff;
    this.inflight -= count;
    this.ram.setU16(this.usedAddr + 2, this.usedIdx);
  }

  push(elem: VirtqElement, len: number): void {
    this.fill(elem, len);
    this.flush(1);
  }

  // used_event sits after the avail ring, avail_event after the used ring (virtio 1.x §2.7.10).
  private usedEventAddr(): number {
    return this.availAddr + 4 + 2 * this.size;
  }
  private availEventAddr(): number {
    return this.usedAddr + 4 + 8 * this.size;
  }

  /**
   * Whether the driver wants an interrupt now: without EVENT_IDX unless it set NO_INTERRUPT;
   * with it, when the used index passed used_event since the last interrupt decision (each
   * call is one decision, as QEMU's virtio_should_notify).
   */
  shouldNotify(): boolean {
    if (!this.eventIdx) return (this.ram.u16(this.availAddr) & VRING_AVAIL_F_NO_INTERRUPT) === 0;
    const valid = this.signalledUsedValid;
    const old = this.signalledUsed;
    this.signalledUsedValid = true;
    this.signalledUsed = this.usedIdx;
    return !valid || needEvent(this.ram.u16(this.usedEventAddr()), this.usedIdx, old);
  }

  /**
   * Asks the driver to (not) kick us for new buffers: the NO_NOTIFY flag, or with EVENT_IDX
   * avail_event set to the current avail index (QEMU writes it either way then).
   */
  setNotification(enable: boolean): void {
    if (this.eventIdx) {
      this.ram.setU16(this.availEventAddr(), this.availIdx());
      return;
    }
    const f = this.ram.u16(this.usedAddr);
    this.ram.setU16(this.usedAddr, enable ? f & ~VRING_USED_F_NO_NOTIFY : f | VRING_USED_F_NO_NOTIFY);
  }

  /** Copies `src` into the element's writable segments from byte `offset`; returns bytes written. */
  writeIn(elem: VirtqElement, offset: number, src: Uint8Array): number {
    let skip = offset;
    let done = 0;
    const buf = this.ram.buf;
    const base = this.ram.base;
    for (const s of elem.in) {
      if (done >= src.length) break;
      if (skip >= s.len) {
        skip -= s.len;
        continue;
      }
      // Segments were checked against RAM when the chain was walked.
      const n = Math.min(s.len - skip, src.length - done);
      buf.set(n === src.length ? src : src.subarray(done, done + n), s.addr - base + skip);
      done += n;
      skip = 0;
    }
    return done;
  }

  /** Zeroes `len` bytes of the element's writable space from its start (an RX header). */
  zeroIn(elem: VirtqElement, len: number): void {
    let left = len;
    for (const s of elem.in) {
      if (left <= 0) break;
      const n = Math.min(s.len, left);
      const off = s.addr - this.ram.base;
      const buf = this.ram.buf;
      // A plain loop: Buffer.fill's argument checks cost more than 12 stores.
      for (let i = 0; i < n; i++) buf[off + i] = 0;
      left -= n;
    }
  }

  /**
   * The element's readable bytes (at most `limit`). A single segment is returned as a view of
   * guest RAM, not a copy: callers hand it on synchronously (a NetQueue that keeps a frame
   * copies it), so no per-packet JS copy is made on the common path.
   */
  /**
   * The element's readable bytes after the first `skip` (a TX payload behind its header). When
   * header and payload share the first segment this is a plain Uint8Array view of guest RAM
   * (made without Buffer.subarray's cost, once per frame); otherwise a copy.
   */
  readOutFrom(elem: VirtqElement, skip: number): Uint8Array {
    const first = elem.out[0];
    if (first && first.len >= elem.outBytes) {
      const v = this.ram.bytes(first.addr + skip, elem.outBytes - skip);
      if (v) return v;
    }
    return this.readOut(elem).subarray(skip);
  }

  readOut(elem: VirtqElement, limit = Infinity): Buffer {
    const total = Math.min(elem.outBytes, limit);
    const first = elem.out[0];
    if (first && first.len >= total) {
      const off = first.addr - this.ram.base;
      return this.ram.buf.subarray(off, off + total);
    }
    const out = Buffer.allocUnsafe(total);
    let done = 0;
    for (const s of elem.out) {
      if (done >= total) break;
      const n = Math.min(s.len, total - done);
      const off = s.addr - this.ram.base;
      this.ram.buf.copy(out, done, off, off + n);
      done += n;
    }
    return out;
  }
}

/** vring_need_event: whether moving the used index from `old` to `now` passed `event`. */
export function needEvent(event: number, now: number, old: number): boolean {
  return ((now - event - 1) & 0xffff) < ((now - old) & 0xffff);
}
