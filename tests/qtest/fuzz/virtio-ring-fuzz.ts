// Malformed-ring fuzzer for virtio-net-pci: a seeded generator writes guest-supplied structures
// (descriptor tables with loops, chains longer than the ring, addresses outside RAM or
// straddling its end, zero and huge lengths, wrong directions, bad and nested indirect tables,
// avail indices that jump, heads out of range, bad ring addresses and sizes), kicks the queue
// (or pushes a frame from the netdev for RX) and checks the invariants after every case:
//   - nothing throws out of the device (any exception fails the run),
//   - a broken device has NEEDS_RESET and an error naming the queue,
//   - a well-formed TX chain always reaches the peer (no stall after earlier bad cases),
//   - no access was stopped only by GuestRam's last-line bounds check: the ring validation
//     must reject every out-of-RAM address first (every device access to guest memory goes
//     through GuestRam views, which cannot reach outside the RAM block).
// It drives the machine synchronously through the address space, for speed. With
// `nativeBatch: "on"` the same cases go through the native ring batches
// (native/net/virtio-net-batch.cpp) instead of the TypeScript walker; `digests` records, per
// case, a hash of everything the guest can see (rings, frames the peer got, errors, status,
// and every 250 cases all of RAM), so two runs can be compared case by case.
import { createHash, type Hash } from "node:crypto";
import { VirtMachine } from "../../../hw/virt/virt";
import { NetClient, deleteNetClient } from "../../../net/net";
import type { VirtioNetPci } from "../../../hw/net/virtio-net-pci";

/** xorshift32: small, seedable, reproducible. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return this.next() % n;
  }
  chance(p: number): boolean {
    return this.next() / 2 ** 32 < p;
  }
}

class FuzzPeer extends NetClient {
  frames = 0;
  hash: Hash | undefined;
  constructor() {
    super({ type: "socket", model: "fuzz-peer", name: "fz0", isNetdev: true });
  }
  receive(frame: Uint8Array): number {
    this.frames++;
    this.hash?.update(frame);
    return frame.length;
  }
}

export interface FuzzOptions {
  /** virtio-net-pci's x-native-batch (default: the device default, auto). */
  nativeBatch?: "auto" | "on" | "off";
  /** Record a per-case digest of the guest-visible state in FuzzStats.digests. */
  digests?: boolean;
  /** Called after every case with guest RAM and the device (for tracking a divergence down). */
  inspect?: (c: number, ram: Buffer, dev: VirtioNetPci) => void;
}

export interface FuzzStats {
  seed: number;
  cases: number;
  brokenCases: number;
  resets: number;
  txFrames: number;
  rxFrames: number;
  errorKinds: Record<string, number>;
  boundsCheckHits: number;
  ms: number;
  /** Frames moved by the native batches (TX to the peer, RX into guest buffers). */
  nativeFrames: number;
  digests?: string[];
}

const RAM_MIB = 8;
const RAM_BASE = 0x40000000;
const RAM_SIZE = RAM_MIB * 1048576;
const RING_AREA = RAM_BASE + 0x10000;
const BUF_AREA = RAM_BASE + 0x100000;

export function runVirtioRingFuzz(seed: number, cases: number, opts: FuzzOptions = {}): FuzzStats {
  const t0 = Date.now();
  const rng = new Rng(seed);
  const m = new VirtMachine(RAM_SIZE);
  const peer = new FuzzPeer();
  const dev = m.addDevice("virtio-net-pci", [
    ["netdev", "fz0"],
    ["mrg_rxbuf", "on"],
    ["rx_queue_size", "256"],
    ["tx_queue_size", "256"],
    ...(opts.nativeBatch ? [["x-native-batch", opts.nativeBatch] as [string, string]] : []),
  ]) as VirtioNetPci;
  const net = dev.net;
  const errors: string[] = [];
  net.errorSink = (msg) => errors.push(msg);
  const as = m.as;
  const stats: FuzzStats = {
    seed,
    cases,
    brokenCases: 0,
    resets: 0,
    txFrames: 0,
    rxFrames: 0,
    errorKinds: {},
    boundsCheckHits: 0,
    ms: 0,
    nativeFrames: 0,
    ...(opts.digests ? { digests: [] } : {}),
  };
  if (opts.digests) peer.hash = createHash("sha1");
  const recordDigest = (c: number): void => {
    const h = peer.hash;
    if (!h || !stats.digests) return;
    const ram = m.ram.buf;
    h.update(ram.subarray(RING_AREA - RAM_BASE, RING_AREA - RAM_BASE + 3 * 0x8000));
    h.update(`${net.status}|${net.broken}|${errors.length}|${errors[errors.length - 1] ?? ""}|${net.isr}`);
    h.update(`${net.rxFiltered}|${net.rxDropped}|${net.txDropped}|${peer.frames}`);
    if (c % 250 === 249) h.update(ram);
    stats.digests.push(h.copy().digest("hex"));
  };

  // PCI: BAR4 at 0x10000000, memory + bus master on.
  const ecam = 0x3f000000 + (dev.devfn << 12);
  as.writeUint(ecam + 0x20, 4, 0x10000000n);
  as.writeUint(ecam + 0x24, 4, 0n);
  as.writeUint(ecam + 0x04, 2, 0x6n);
  const common = 0x10000000;
  const notify = 0x10003000;
  const w = (off: number, size: number, v: number | bigint): void =>
    as.writeUint(common + off, size, BigInt(v));
  const r = (off: number, size: number): number => Number(as.readUint(common + off, size));
  const availIdx = [0, 0, 0];
  const sizes = [0, 0, 0];

  const bringUp = (badRings: boolean): void => {
    w(0x14, 1, 0);
    w(0x14, 1, 1);
    w(0x14, 1, 3);
    w(0x08, 4, 0);
    w(0x0c, 4, Number(net.hostFeatures & 0xffffffffn));
    w(0x08, 4, 1);
    w(0x0c, 4, Number(net.hostFeatures >> 32n));
    w(0x14, 1, 0xb);
    for (let q = 0; q < 3; q++) {
      w(0x16, 2, q);
      let size = q === 2 ? 64 : [256, 128, 64, 16, 8][rng.int(5)]!;
      let base = RING_AREA + q * 0x8000;
      if (badRings && rng.chance(0.3)) {
        // A ring the device must refuse: odd size, or rings leaving RAM.
        if (rng.chance(0.5)) size = rng.int(600);
        else base = rng.chance(0.5) ? RAM_BASE + RAM_SIZE - 0x100 : rng.int(2 ** 31);
      }
      w(0x18, 2, size);
      w(0x20, 8, base);
      w(0x28, 8, base + 0x1000);
      w(0x30, 8, base + 0x2000);
      w(0x1c, 2, 1);
      sizes[q] = size;
      availIdx[q] = 0;
      if (base >= RAM_BASE && base + 0x3000 <= RAM_BASE + RAM_SIZE)
        m.ram.buf.fill(0, base - RAM_BASE, base - RAM_BASE + 0x3000);
    }
    w(0x14, 1, 0xf);
  };

  let evil = true;
  const randAddr = (len: number): number => {
    const k = evil ? rng.int(20) : 99;
    if (k === 0) return rng.int(2 ** 32) + (rng.chance(0.2) ? 2 ** 40 : 0); // anywhere
    if (k === 1) return RAM_BASE + RAM_SIZE - rng.int(len + 1); // straddles the end
    if (k === 2) return RAM_BASE - rng.int(64) - 1; // just below RAM
    if (k === 3) return 0x3f000000 + rng.int(0x1000); // MMIO (ECAM), not RAM
    return BUF_AREA + rng.int(RAM_SIZE - 0x200000);
  };
  const randLen = (): number => {
    const k = evil ? rng.int(20) : 99;
    if (k === 0) return 0;
    if (k === 1) return 0xffffffff - rng.int(16);
    if (k === 2) return rng.int(12);
    return 1 + rng.int(3000);
  };
  const writeDesc = (
    tableAddr: number,
    i: number,
    addr: number,
    len: number,
    flags: number,
    next: number,
  ): void => {
    const off = tableAddr - RAM_BASE + 16 * i;
    if (off < 0 || off + 16 > RAM_SIZE) return;
    const b = m.ram.buf;
    b.writeUInt32LE(((addr % 2 ** 32) + 2 ** 32) % 2 ** 32, off);
    b.writeUInt32LE(Math.floor(addr / 2 ** 32) >>> 0, off + 4);
    b.writeUInt32LE(len >>> 0, off + 8);
    b.writeUInt16LE(flags & 0xffff, off + 12);
    b.writeUInt16LE(next & 0xffff, off + 14);
  };

  const checkBroken = (c: number): void => {
    stats.brokenCases++;
    const msg = errors[errors.length - 1] ?? "";
    if (!(r(0x14, 1) & 0x40)) throw new Error(`case ${c}: broken without NEEDS_RESET (${msg})`);
    if (!/queue \d+:/.test(msg)) throw new Error(`case ${c}: error does not name the queue: ${msg}`);
    if (/is outside RAM$/.test(msg)) stats.boundsCheckHits++;
    const kind = msg
      .replace(/^.*?queue \d+:( descriptor [^:]*:)? /, "")
      .replace(/0x[0-9a-f]+(\+\d+)?/g, "X")
      .replace(/\d+/g, "N");
    stats.errorKinds[kind] = (stats.errorKinds[kind] ?? 0) + 1;
  };

  bringUp(false);
  for (let c = 0; c < cases; c++) {
    if (net.broken || !(r(0x14, 1) & 4)) {
      bringUp(rng.chance(0.05));
      stats.resets++;
      if (net.broken) {
        checkBroken(c);
        continue;
      }
    }
    // Half the cases are well-formed chains (exercising the normal paths between the bad ones).
    evil = rng.chance(0.5);
    const q = rng.int(3);
    const size = sizes[q]!;
    const base = RING_AREA + q * 0x8000;
    const desc = base;
    const avail = base + 0x1000;
    const n = 1 + rng.int(Math.min(size, 12));
    const wantWrite = q === 0 || (q === 2 && rng.chance(0.5));
    for (let i = 0; i < n; i++) {
      const idx = !evil || rng.chance(0.9) ? i : rng.int(size);
      let flags = 0;
      const last = i === n - 1;
      if (!last || (evil && rng.chance(0.1))) flags |= 1;
      if (evil ? (wantWrite ? rng.chance(0.85) : rng.chance(0.1)) : q === 0 || (q === 2 && last)) flags |= 2;
      let next = (i + 1) % size;
      if (evil && rng.chance(0.1)) next = rng.int(size + 4); // loops, out of range
      const len = randLen();
      let addr = randAddr(len);
      if (evil && rng.chance(0.1)) {
        // Indirect: a table in the buffer area, sometimes malformed or nested.
        flags = 4 | (rng.chance(0.1) ? 1 : 0);
        const entries = 1 + rng.int(8);
        const table = BUF_AREA + 0x1000 * rng.int(64);
        for (let j = 0; j < entries; j++) {
          const f =
            (j < entries - 1 || rng.chance(0.1) ? 1 : 0) | (wantWrite ? 2 : 0) | (rng.chance(0.05) ? 4 : 0);
          writeDesc(table, j, randAddr(64), 1 + rng.int(2000), f, rng.chance(0.9) ? j + 1 : rng.int(12));
        }
        addr = rng.chance(0.05) ? randAddr(16) : table;
        const l = rng.int(10) === 0 ? rng.int(200) : 16 * entries;
        writeDesc(desc, idx, addr, l, flags, next);
        continue;
      }
      writeDesc(desc, idx, addr, len, flags, next);
    }
    // Heads: mostly 0 (the chain written above), sometimes out of range; idx sometimes jumps.
    const heads = 1 + rng.int(3);
    for (let h = 0; h < heads; h++) {
      const head = !evil || rng.chance(0.95) ? (h === 0 ? 0 : rng.int(Math.min(size, n))) : rng.int(0x10000);
      m.ram.buf.writeUInt16LE(head, avail - RAM_BASE + 4 + 2 * ((availIdx[q]! + h) % size));
    }
    availIdx[q] = evil && rng.chance(0.03) ? rng.int(0x10000) : (availIdx[q]! + heads) & 0xffff;
    m.ram.buf.writeUInt16LE(availIdx[q]!, avail - RAM_BASE + 2);
    const before = peer.frames;
    const droppedBefore = net.txDropped;
    as.writeUint(notify + 4 * q, 2, BigInt(q));
    if (q === 0) {
      const len = 14 + rng.int(rng.chance(0.1) ? 9000 : 1500);
      if (peer.sendPacket(Buffer.alloc(len, c & 0xff)) > 0) stats.rxFrames++;
    }
    stats.txFrames += peer.frames - before;
    // A well-formed TX chain must leave as a frame (or be dropped as empty): TX never stalls.
    if (!evil && q === 1 && !net.broken && peer.frames === before && net.txDropped === droppedBefore)
      throw new Error(`case ${c}: a well-formed TX chain did not reach the peer`);
    if (net.broken) checkBroken(c);
    recordDigest(c);
    opts.inspect?.(c, m.ram.buf, dev);
  }
  stats.nativeFrames = net.nativeTxFrames + net.nativeRxFrames;
  m.destroy();
  deleteNetClient(peer);
  stats.ms = Date.now() - t0;
  return stats;
}
