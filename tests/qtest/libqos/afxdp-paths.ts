// Child of virtio-net-afxdp-paths.test.ts, run inside a namespace holding the veth A <-> B:
//   node --import tsx tests/qtest/libqos/afxdp-paths.ts IF_A IF_B auto|off
// virtio-net-pci (x-native-batch as given) sits on an af-xdp netdev on A; a recording client
// sits on an af-xdp netdev on B. An in-process guest sends chains of every shape (one segment,
// header and payload apart, many segments, indirect, header only, past a UMEM frame), then
// the recorder sends frames of many sizes back into mergeable RX buffers. Prints one JSON line
// with hashes of what the wire carried and of everything the guest can see (used rings, RX
// buffers), so the test can compare the native batches with the TypeScript path.
import { createHash } from "node:crypto";
import "../../../net/af-xdp";
import { NetClient, connectPeers, deleteNetClient, findNetClientsByName } from "../../../net/net";
import { netdevAddFromText, netdevDel } from "../../../net/netdev";
import { VirtMachine } from "../../../hw/virt/virt";
import type { VirtioNetPci } from "../../../hw/net/virtio-net-pci";

const [ifA = "", ifB = "", nativeBatch = "auto"] = process.argv.slice(2);
const RAM = 0x40000000;
const BAR = 0x10000000;
const QSIZE = 256;
const RINGS = [RAM + 0x10000, RAM + 0x20000];
const AVAIL = 0x1000;
const USED = 0x2000;
const INDIRECT = RAM + 0x40000;
const RXBUF = RAM + 0x100000;
const TXBUF = RAM + 0x400000;
const RXLEN = 512;

class Recorder extends NetClient {
  frames: Buffer[] = [];
  constructor() {
    super({ type: "nic", model: "recorder", name: "rec" });
  }
  receive(frame: Uint8Array): number {
    this.frames.push(Buffer.from(frame));
    return frame.length;
  }
}

// What the waits have seen so far, for timeout messages.
let progress = (): string => "";
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !ok(); i++) await sleep(10);
  if (!ok()) throw new Error(`timed out waiting for ${what} (${progress()})`);
}

/** A 14-byte Ethernet header (local MACs, experimental type) and a payload derived from `n`. */
function frame(n: number, len: number): Buffer {
  const f = Buffer.alloc(len);
  Buffer.from([0x52, 0x54, 0, 0x12, 0x34, 0x56, 0x02, 0, 0, 0, 0, n & 0xff, 0x88, 0xb5]).copy(f);
  for (let i = 14; i < len; i++) f[i] = (n * 31 + i) & 0xff;
  return f;
}

async function main(): Promise<void> {
  for (const [id, ifname] of [
    ["na", ifA],
    ["nb", ifB],
  ]) {
    const r = await netdevAddFromText(`af-xdp,id=${id},ifname=${ifname}`);
    if (r.kind !== "created") throw new Error(`netdev ${id} not created`);
  }
  const rec = new Recorder();
  connectPeers(rec, findNetClientsByName("nb", "nic")[0]!);
  const m = new VirtMachine(16 * 1048576);
  const dev = m.addDevice("virtio-net-pci", [
    ["netdev", "na"],
    ["ctrl_vq", "off"],
    ["mac", "52:54:00:12:34:56"],
    ["x-native-batch", nativeBatch],
  ]) as VirtioNetPci;
  const as = m.as;
  const ram = m.ram.buf;
  const ecam = 0x3f000000 + (dev.devfn << 12);
  as.writeUint(ecam + 0x20, 4, BigInt(BAR));
  as.writeUint(ecam + 0x24, 4, 0n);
  as.writeUint(ecam + 0x04, 2, 0x6n);
  const w = (off: number, size: number, v: number): void => as.writeUint(BAR + off, size, BigInt(v));
  w(0x14, 1, 1);
  w(0x14, 1, 3);
  w(0x08, 4, 0);
  w(0x0c, 4, (1 << 15) | (1 << 28) | (1 << 29)); // MRG_RXBUF, INDIRECT_DESC, EVENT_IDX
  w(0x08, 4, 1);
  w(0x0c, 4, 1);
  w(0x14, 1, 0xb);
  for (let q = 0; q < 2; q++) {
    w(0x16, 2, q);
    w(0x18, 2, QSIZE);
    w(0x20, 4, RINGS[q]!);
    w(0x28, 4, RINGS[q]! + AVAIL);
    w(0x30, 4, RINGS[q]! + USED);
    w(0x1c, 2, 1);
  }
  w(0x14, 1, 0xf);
  const off = (a: number): number => a - RAM;
  const desc = (table: number, i: number, addr: number, len: number, flags: number, next: number): void => {
    const d = off(table) + 16 * i;
    ram.writeUInt32LE(addr, d);
    ram.writeUInt32LE(0, d + 4);
    ram.writeUInt32LE(len, d + 8);
    ram.writeUInt16LE(flags, d + 12);
    ram.writeUInt16LE(next, d + 14);
  };
  const avail = [0, 0];
  const publish = (q: number, head: number): void => {
    ram.writeUInt16LE(head, off(RINGS[q]!) + AVAIL + 4 + 2 * (avail[q]! % QSIZE));
    avail[q] = (avail[q]! + 1) & 0xffff;
    ram.writeUInt16LE(avail[q]!, off(RINGS[q]!) + AVAIL + 2);
  };
  const kick = (q: number): void => as.writeUint(BAR + 0x3000 + 4 * q, 2, BigInt(q));
  const usedIdx = (q: number): number => ram.readUInt16LE(off(RINGS[q]!) + USED + 2);

  // TX: chains of every shape; frames end up back to back in TXBUF.
  let at = TXBUF;
  let head = 0;
  let wire = 0;
  const txChain = (n: number, len: number, shape: number): void => {
    const f = Buffer.concat([Buffer.alloc(12), len ? frame(n, len) : Buffer.alloc(0)]);
    f.copy(ram, off(at));
    const h = head;
    if (shape === 0) {
      desc(RINGS[1]!, h, at, f.length, 0, 0); // one segment
      head += 1;
    } else if (shape === 1) {
      desc(RINGS[1]!, h, at, 12, 1, h + 1); // header, then payload
      desc(RINGS[1]!, h + 1, at + 12, f.length - 12, 0, 0);
      head += 2;
    } else if (shape === 2) {
      // Uneven segments of 7, 30 and the rest.
      desc(RINGS[1]!, h, at, 7, 1, h + 1);
      desc(RINGS[1]!, h + 1, at + 7, 30, 1, h + 2);
      desc(RINGS[1]!, h + 2, at + 37, f.length - 37, 0, 0);
      head += 3;
    } else {
      const table = INDIRECT + 0x100 * n;
      desc(table, 0, at, 20, 1, 1);
      desc(table, 1, at + 20, f.length - 20, 0, 0);
      desc(RINGS[1]!, h, table, 32, 4, 0);
      head += 1;
    }
    publish(1, h);
    at += (f.length + 63) & ~63;
    // veth drops frames past its MTU (1500 + the Ethernet header); the rest reach B.
    if (len > 0 && len <= 1514) wire++;
  };
  const sizes = [60, 64, 128, 333, 1000, 1514, 2048, 4096 - 12, 4096, 4097, 9000, 0];
  let n = 0;
  for (const len of sizes) for (let shape = 0; shape < 4; shape++) txChain(n++, len, len < 40 ? 0 : shape);
  kick(1);
  const txChains = n;
  progress = () =>
    `wire ${rec.frames.length}/${wire} used ${usedIdx(1)}/${txChains} rx ${usedIdx(0)} native ${dev.net.nativeTxFrames}`;
  await until("TX frames on the wire", () => rec.frames.length >= wire);
  await until("TX chains completed", () => usedIdx(1) === txChains);
  await sleep(100);

  // RX: mergeable 512-byte buffers, then frames of many sizes from B.
  for (let i = 0; i < 128; i++) {
    desc(RINGS[0]!, i, RXBUF + i * RXLEN, RXLEN, 2, 0);
    publish(0, i);
  }
  kick(0);
  const rxSizes = [60, 100, 499, 500, 501, 1012, 1013, 1500, 1514, 64, 65, 777];
  let chains = 0;
  for (const len of rxSizes) {
    rec.sendPacket(frame(n++, len));
    chains += Math.ceil((len + 12) / RXLEN);
  }
  await until("RX frames in guest buffers", () => usedIdx(0) === chains);
  await sleep(100);

  const h = (b: Buffer): string => createHash("sha1").update(b).digest("hex");
  const onWire = Buffer.concat(rec.frames.flatMap((f) => [Buffer.from(`${f.length}:`), f]));
  const usedTx = ram.subarray(off(RINGS[1]!) + USED, off(RINGS[1]!) + USED + 4 + 8 * QSIZE + 2);
  const usedRx = ram.subarray(off(RINGS[0]!) + USED, off(RINGS[0]!) + USED + 4 + 8 * QSIZE + 2);
  const rxBufs = ram.subarray(off(RXBUF), off(RXBUF) + 128 * RXLEN);
  process.stdout.write(
    JSON.stringify({
      wireFrames: rec.frames.length,
      expectedWire: wire,
      txChains,
      rxChains: chains,
      wire: h(onWire),
      usedTx: h(usedTx),
      usedRx: h(usedRx),
      rxBufs: h(rxBufs),
      broken: dev.net.broken,
      nativeTx: dev.net.nativeTxFrames,
      nativeRx: dev.net.nativeRxFrames,
    }) + "\n",
  );
  m.destroy();
  deleteNetClient(rec);
  netdevDel("na");
  netdevDel("nb");
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`afxdp-paths: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
