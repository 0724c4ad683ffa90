// The virtio-net side of bench/net (issue 6): a guest driver running in process posts
// descriptors in batches to virtio-net-pci, whose netdev is af-xdp on IFNAME. Same protocol
// as netdev-bench.ts, so the same harness can run it:
//   node --import tsx bench/net/virtio-net-bench.ts tx|rx|l2fwd IFNAME native|skb SECONDS [auto|on|off]
// (the last: x-native-batch, default auto). Prints {"ready":true}, then
// {"pkts":N,"secs":S,"cpu":C,"nativeTx":T,"nativeRx":R} (frames the native batches moved). The driver writes rings straight
// into guest RAM and reaches the device registers through the machine's address space (no
// qtest round trips); it reaps the used rings when the device raises its interrupt.
import "../../net/af-xdp";
import { netdevAddFromText, netdevDel } from "../../net/netdev";
import { VirtMachine } from "../../hw/virt/virt";
import type { VirtioNetPci } from "../../hw/net/virtio-net-pci";

const [test = "tx", ifname = "", mode = "native", secsText = "3", nativeBatch = "auto"] =
  process.argv.slice(2);
const secs = Number(secsText);
// The largest ring QEMU allows: af-xdp may hand over several 64-frame batches per event-loop
// turn, and a guest that reaps once per turn needs room for them.
const QSIZE = 1024;
const HDR = 12;
const BUF = 2048;
const RAM = 0x40000000;
// Ring layout inside each queue's area: descriptors, then avail, then used.
const AVAIL = 0x4000;
const USED = 0x5000;

async function main(): Promise<void> {
  const r = await netdevAddFromText(`af-xdp,id=bn,ifname=${ifname},mode=${mode}`);
  if (r.kind !== "created") throw new Error("netdev not created");
  const m = new VirtMachine(64 * 1048576);
  const dev = m.addDevice("virtio-net-pci", [
    ["netdev", "bn"],
    ["ctrl_vq", "off"],
    ["rx_queue_size", String(QSIZE)],
    ["tx_queue_size", String(QSIZE)],
    ["x-native-batch", nativeBatch],
  ]) as VirtioNetPci;
  const as = m.as;
  const ram = m.ram.buf;
  const ecam = 0x3f000000 + (dev.devfn << 12);
  as.writeUint(ecam + 0x20, 4, 0x10000000n);
  as.writeUint(ecam + 0x24, 4, 0n);
  as.writeUint(ecam + 0x04, 2, 0x6n);
  const w = (off: number, size: number, v: number): void => as.writeUint(0x10000000 + off, size, BigInt(v));
  w(0x14, 1, 1);
  w(0x14, 1, 3);
  w(0x08, 4, 1);
  w(0x0c, 4, 1); // VERSION_1 only
  w(0x14, 1, 0xb);
  const rings = [RAM + 0x100000, RAM + 0x120000];
  for (let q = 0; q < 2; q++) {
    w(0x16, 2, q);
    w(0x18, 2, QSIZE);
    w(0x20, 4, rings[q]!);
    w(0x28, 4, rings[q]! + AVAIL);
    w(0x30, 4, rings[q]! + USED);
    w(0x1c, 2, 1);
  }
  w(0x14, 1, 0xf);
  const notify = (q: number): void => as.writeUint(0x10003000 + 4 * q, 2, BigInt(q));
  const bufAddr = (q: number, i: number): number => RAM + 0x200000 + q * QSIZE * BUF + i * BUF;
  const off = (a: number): number => a - RAM;

  // Driver-side state per queue: free-running avail and last-seen used indices.
  const avail = [0, 0];
  const lastUsed = [0, 0];
  // Ring fields through 16/32-bit views of guest RAM (x86 is little-endian, as virtio 1.x
  // rings are), as a C driver stores them; Buffer's writeUInt*/readUInt* re-check their
  // arguments on every call.
  const u16 = new Uint16Array(ram.buffer, ram.byteOffset, ram.length >>> 1);
  const u32 = new Uint32Array(ram.buffer, ram.byteOffset, ram.length >>> 2);
  const post = (q: number, head: number, len: number, write: boolean): void => {
    const d = (off(rings[q]!) + 16 * head) >>> 2;
    u32[d] = bufAddr(q, head);
    u32[d + 1] = 0;
    u32[d + 2] = len;
    u32[d + 3] = write ? 2 : 0; // flags, next = 0
    u16[((off(rings[q]!) + AVAIL + 4) >>> 1) + (avail[q]! % QSIZE)] = head;
    avail[q] = (avail[q]! + 1) & 0xffff;
  };
  const publish = (q: number): void => {
    u16[(off(rings[q]!) + AVAIL + 2) >>> 1] = avail[q]!;
  };
  /** Reaps used elements of queue q, calling fn(head, len) for each; returns how many. */
  const reap = (q: number, fn: (head: number, len: number) => void): number => {
    const usedIdx = u16[(off(rings[q]!) + USED + 2) >>> 1]!;
    const ring = (off(rings[q]!) + USED + 4) >>> 2;
    let n = 0;
    while (lastUsed[q] !== usedIdx) {
      const e = ring + 2 * (lastUsed[q]! % QSIZE);
      fn(u32[e]!, u32[e + 1]!);
      lastUsed[q] = (lastUsed[q]! + 1) & 0xffff;
      n++;
    }
    return n;
  };

  // TX frames: zero header + 64-byte broadcast frame, prepared once in every TX buffer.
  const frame = Buffer.alloc(HDR + 64);
  frame.fill(0xff, HDR, HDR + 6);
  Buffer.from([0x02, 0, 0, 0, 0, 0x03]).copy(frame, HDR + 6);
  frame.writeUInt16BE(0x88b5, HDR + 12);
  for (let i = 0; i < QSIZE; i++) frame.copy(ram, off(bufAddr(1, i)));
  // RX: every buffer posted. TX: free heads on a stack.
  if (test !== "tx") {
    for (let i = 0; i < QSIZE; i++) post(0, i, BUF, true);
    publish(0);
    notify(0);
  }
  const txFree: number[] = [];
  for (let i = QSIZE - 1; i >= 0; i--) txFree.push(i);

  process.stdout.write('{"ready":true}\n');
  await new Promise((res) => setTimeout(res, 300));
  let pkts = 0;
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  // Interrupt driven, as a guest's NAPI is: the device's INTx (MSI-X is left off) schedules one
  // service pass, which acknowledges by reading the ISR, then reaps and reposts. Between
  // interrupts the process sleeps in the event loop, as xsk-ref sleeps in poll(), so CPU time
  // per packet compares like with like (busy-polling the used rings burnt most of it).
  const isrAddr = 0x10000000 + 0x1000;
  let scheduled = false;
  let running = true;
  const service = (): void => {
    scheduled = false;
    if (!running) return;
    as.readUint(isrAddr, 1);
    if (test === "tx") {
      pkts += reap(1, (head) => txFree.push(head));
      if (txFree.length > 0) {
        while (txFree.length > 0) post(1, txFree.pop()!, HDR + 64, false);
        publish(1);
        notify(1);
      }
    } else {
      const fwd: number[] = [];
      const got = reap(0, (head, len) => {
        if (test === "l2fwd" && txFree.length > 0) {
          // Copy the frame to a TX buffer with the MAC addresses swapped.
          const src = off(bufAddr(0, head));
          const t = txFree.pop()!;
          const dst = off(bufAddr(1, t));
          ram.copy(ram, dst, src, src + len);
          ram.copy(ram, dst + HDR, src + HDR + 6, src + HDR + 12);
          ram.copy(ram, dst + HDR + 6, src + HDR, src + HDR + 6);
          post(1, t, len, false);
          fwd.push(t);
        }
        post(0, head, BUF, true);
      });
      if (fwd.length) {
        publish(1);
        notify(1);
      }
      if (test === "l2fwd") reap(1, (head) => txFree.push(head));
      pkts += got;
      // Kick only when buffers were given back, as a driver would.
      if (got) {
        publish(0);
        notify(0);
      }
    }
  };
  m.pcihost.interceptGpioOut((_line, level) => {
    if (level && !scheduled) {
      scheduled = true;
      setImmediate(service);
    }
  });
  await new Promise<void>((done) => {
    setTimeout(() => {
      running = false;
      done();
    }, secs * 1000);
    service();
  });
  const cpu = process.cpuUsage(cpu0);
  const el = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(
    JSON.stringify({
      pkts,
      secs: Number(el.toFixed(3)),
      cpu: (cpu.user + cpu.system) / 1e6,
      nativeTx: dev.net.nativeTxFrames,
      nativeRx: dev.net.nativeRxFrames,
    }) + "\n",
  );
  m.destroy();
  netdevDel("bn");
  process.exit(0);
}

void main();
