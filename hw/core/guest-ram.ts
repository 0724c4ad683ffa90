// Guest RAM as devices see it for DMA: one contiguous block at `base`. Every access is
// bounds-checked against the block, so nothing a guest programs into a device can make the
// device touch host memory outside it. (A shared, addon-backed buffer can replace the Node
// Buffer later without changing this interface.)
export class GuestRam {
  readonly buf: Buffer;

  constructor(
    readonly base: number,
    readonly size: number,
  ) {
    this.buf = Buffer.alloc(size);
  }

  /** True when [addr, addr+len) lies inside RAM (len 0 counts as inside when addr is). */
  contains(addr: number, len: number): boolean {
    return Number.isSafeInteger(addr) && len >= 0 && addr >= this.base && addr - this.base + len <= this.size;
  }

  /** A live view of guest memory, or undefined when the range leaves RAM. */
  view(addr: number, len: number): Buffer | undefined {
    if (!this.contains(addr, len)) return undefined;
    const off = addr - this.base;
    return this.buf.subarray(off, off + len);
  }

  // Scalar little-endian accessors for ring fields. Callers validate the ring's extent once
  // (when the driver enables the queue), so these only re-check cheaply.
  u16(addr: number): number {
    return this.buf.readUInt16LE(this.offset(addr, 2));
  }
  u32(addr: number): number {
    return this.buf.readUInt32LE(this.offset(addr, 4));
  }
  u64(addr: number): number {
    const off = this.offset(addr, 8);
    return this.buf.readUInt32LE(off) + this.buf.readUInt32LE(off + 4) * 2 ** 32;
  }
  setU16(addr: number, v: number): void {
    this.buf.writeUInt16LE(v & 0xffff, this.offset(addr, 2));
  }
  setU32(addr: number, v: number): void {
    this.buf.writeUInt32LE(v >>> 0, this.offset(addr, 4));
  }

  private offset(addr: number, len: number): number {
    if (!this.contains(addr, len))
      throw new RangeError(`guest address 0x${addr.toString(16)} is outside RAM`);
    return addr - this.base;
  }
}
