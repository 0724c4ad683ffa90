// The driver side of a split virtqueue (libqos' qvirtqueue): descriptor table, available and
// used rings in guest memory, chains added by the test, kicks through the notify register.
import type { QTest } from "./libqtest";
import type { GuestAlloc } from "./malloc";

export const VRING_DESC_F_NEXT = 1;
export const VRING_DESC_F_WRITE = 2;
export const VRING_DESC_F_INDIRECT = 4;

export interface DescSpec {
  addr: number;
  len: number;
  write: boolean;
}

export class QVirtQueue {
  readonly desc: number;
  readonly avail: number;
  readonly used: number;
  private freeHead = 0;
  availIdx = 0;
  lastUsed = 0;

  constructor(
    private readonly qts: QTest,
    alloc: GuestAlloc,
    readonly index: number,
    readonly size: number,
    readonly notifyAddr: number,
  ) {
    this.desc = alloc.alloc(16 * size, 4096);
    this.avail = alloc.alloc(6 + 2 * size, 4096);
    this.used = alloc.alloc(6 + 8 * size, 4096);
  }

  async init(): Promise<void> {
    await this.qts.memset(this.desc, 16 * this.size, 0);
    await this.qts.memset(this.avail, 6 + 2 * this.size, 0);
    await this.qts.memset(this.used, 6 + 8 * this.size, 0);
  }

  /** Writes a chain of descriptors and makes its head available; returns the head index. */
  async addChain(chain: readonly DescSpec[]): Promise<number> {
    const head = this.freeHead;
    const buf = Buffer.alloc(16 * chain.length);
    chain.forEach((d, i) => {
      const idx = (head + i) % this.size;
      const next = (head + i + 1) % this.size;
      const o = 16 * i;
      buf.writeBigUInt64LE(BigInt(d.addr), o);
      buf.writeUInt32LE(d.len, o + 8);
      buf.writeUInt16LE(
        (d.write ? VRING_DESC_F_WRITE : 0) | (i < chain.length - 1 ? VRING_DESC_F_NEXT : 0),
        o + 12,
      );
      buf.writeUInt16LE(next, o + 14);
      void idx;
    });
    // Chains are written contiguously; wrap-around is split into two writes.
    const firstPart = Math.min(chain.length, this.size - head);
    await this.qts.memwrite(this.desc + 16 * head, buf.subarray(0, 16 * firstPart));
    if (firstPart < chain.length) await this.qts.memwrite(this.desc, buf.subarray(16 * firstPart));
    this.freeHead = (head + chain.length) % this.size;
    await this.publish(head);
    return head;
  }

  /** Adds a head whose descriptor points at an indirect table of `chain`. */
  async addIndirect(table: number, chain: readonly DescSpec[]): Promise<number> {
    const buf = Buffer.alloc(16 * chain.length);
    chain.forEach((d, i) => {
      buf.writeBigUInt64LE(BigInt(d.addr), 16 * i);
      buf.writeUInt32LE(d.len, 16 * i + 8);
      buf.writeUInt16LE(
        (d.write ? VRING_DESC_F_WRITE : 0) | (i < chain.length - 1 ? VRING_DESC_F_NEXT : 0),
        16 * i + 12,
      );
      buf.writeUInt16LE(i + 1, 16 * i + 14);
    });
    await this.qts.memwrite(table, buf);
    const head = this.freeHead;
    const d = Buffer.alloc(16);
    d.writeBigUInt64LE(BigInt(table), 0);
    d.writeUInt32LE(buf.length, 8);
    d.writeUInt16LE(VRING_DESC_F_INDIRECT, 12);
    await this.qts.memwrite(this.desc + 16 * head, d);
    this.freeHead = (head + 1) % this.size;
    await this.publish(head);
    return head;
  }

  /** Puts `head` into the available ring and moves avail idx (without kicking). */
  async publish(head: number): Promise<void> {
    await this.qts.writew(this.avail + 4 + 2 * (this.availIdx % this.size), head);
    this.availIdx = (this.availIdx + 1) & 0xffff;
    await this.qts.writew(this.avail + 2, this.availIdx);
  }

  async kick(): Promise<void> {
    await this.qts.writew(this.notifyAddr, this.index);
  }

  async usedIdx(): Promise<number> {
    return this.qts.readw(this.used + 2);
  }

  /** Next used element, or undefined when the device has not returned one yet. */
  async getUsed(): Promise<{ id: number; len: number } | undefined> {
    if ((await this.usedIdx()) === this.lastUsed) return undefined;
    const slot = this.used + 4 + 8 * (this.lastUsed % this.size);
    const e = await this.qts.memread(slot, 8);
    this.lastUsed = (this.lastUsed + 1) & 0xffff;
    return { id: e.readUInt32LE(0), len: e.readUInt32LE(4) };
  }

  /**
   * Waits for a used element (qvirtio_wait_used_elem): polls, stepping the virtual clock, and
   * yields to the event loop so frames from the netdev can arrive; fails after `timeoutMs`.
   */
  async waitUsed(timeoutMs = 5000): Promise<{ id: number; len: number }> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const e = await this.getUsed();
      if (e) return e;
      if (Date.now() > end) throw new Error(`queue ${this.index}: no used element within ${timeoutMs} ms`);
      await this.qts.clockStep(100);
      await new Promise((r) => setTimeout(r, 1));
    }
  }
}
