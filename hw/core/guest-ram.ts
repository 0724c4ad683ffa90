// Guest RAM as devices see it for DMA: one contiguous block at `base`. Every access is
// bounds-checked against the block, so nothing a guest programs into a device can make the
// device touch host memory outside it. The block is an anonymous mapping made by the native
// addon and seen here as an external Buffer (no copy), so native batches (virtio-net with
// af-xdp) read and write the same bytes; they check every guest address against it too.
// Without a built addon it is a plain Buffer and only the TypeScript paths run.
import { tryLoadNative } from "../../native/index";

export class GuestRam {
  readonly buf: Buffer;
  /** True when `buf` was allocated by the native addon. */
  readonly native: boolean;
  private readonly dv: DataView;

  constructor(
    readonly base: number,
    readonly size: number,
  ) {
    const addon = tryLoadNative();
    this.buf = addon ? addon.virtio.allocGuestRam(size) : Buffer.alloc(size);
    this.native = addon !== undefined;
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, size);
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
  // (when the driver enables the queue), so these only re-check cheaply. They go through a
  // DataView: Buffer's readUInt*/writeUInt* validate their arguments again on every call,
  // which showed up in the virtio-net TX profile.
  u16(addr: number): number {
    return this.dv.getUint16(this.offset(addr, 2), true);
  }
  u32(addr: number): number {
    return this.dv.getUint32(this.offset(addr, 4), true);
  }
  u64(addr: number): number {
    const off = this.offset(addr, 8);
    return this.dv.getUint32(off, true) + this.dv.getUint32(off + 4, true) * 2 ** 32;
  }
  setU16(addr: number, v: number): void {
    this.dv.setUint16(this.offset(addr, 2), v & 0xffff, true);
  }
  setU32(addr: number, v: number): void {
    this.dv.setUint32(this.offset(addr, 4), v >>> 0, true);
  }

  /**
   * A view of [addr, addr+len) as a plain Uint8Array (cheaper to make than Buffer.subarray),
   * or undefined when the range leaves RAM.
   */
  bytes(addr: number, len: number): Uint8Array | undefined {
    const off = addr - this.base;
    if (!(off >= 0 && len >= 0 && off + len <= this.size)) return undefined;
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset + off, len);
  }

  // NaN and addresses beyond 2^53 (from u64 descriptor fields) fail the comparison too.
  private offset(addr: number, len: number): number {
    const off = addr - this.base;
    if (!(off >= 0 && off + len <= this.size))
      throw new RangeError(`guest address 0x${addr.toString(16)} is outside RAM`);
    return off;
  }
}
