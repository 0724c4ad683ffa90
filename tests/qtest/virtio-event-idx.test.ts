// VIRTIO_RING_F_EVENT_IDX on virtio-net-pci, driven in process through the address space on
// both data paths (x-native-batch=off: TypeScript, on: native batches): the feature is offered
// (unless event_idx=off), the device publishes avail_event as it pops, and used_event decides
// whether a completion raises an interrupt.
import t from "tap";
import { VirtMachine } from "../../hw/virt/virt";
import { NetClient, deleteNetClient } from "../../net/net";
import type { VirtioNetPci } from "../../hw/net/virtio-net-pci";

const RAM = 0x40000000;
const BAR = 0x10000000;
const QSIZE = 256;
const EVENT_IDX = 29;
const RINGS = [RAM + 0x10000, RAM + 0x20000];
const AVAIL = 0x1000;
const USED = 0x2000;
const BUFS = RAM + 0x100000;

class Peer extends NetClient {
  frames: Buffer[] = [];
  constructor() {
    super({ type: "socket", model: "ev-peer", name: "ev0", isNetdev: true });
  }
  receive(frame: Uint8Array): number {
    this.frames.push(Buffer.from(frame));
    return frame.length;
  }
}

function setup(nativeBatch: string, eventIdx = "on", negotiate = true) {
  const m = new VirtMachine(16 * 1048576);
  const peer = new Peer();
  const dev = m.addDevice("virtio-net-pci", [
    ["netdev", "ev0"],
    ["ctrl_vq", "off"],
    ["mrg_rxbuf", "off"],
    ["event_idx", eventIdx],
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
  w(0x0c, 4, negotiate ? 1 << EVENT_IDX : 0);
  w(0x08, 4, 1);
  w(0x0c, 4, 1); // VERSION_1
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
  const avail = [0, 0];
  /** Posts `count` chains on queue q (TX: 12-byte header + 60-byte frame; RX: 1600 bytes writable). */
  const post = (q: number, count: number): void => {
    for (let i = 0; i < count; i++) {
      const head = avail[q]! % QSIZE;
      const buf = BUFS + (q * QSIZE + head) * 2048;
      const d = off(RINGS[q]!) + 16 * head;
      ram.writeUInt32LE(buf, d);
      ram.writeUInt32LE(0, d + 4);
      ram.writeUInt32LE(q === 1 ? 72 : 1600, d + 8);
      ram.writeUInt16LE(q === 0 ? 2 : 0, d + 12);
      if (q === 1) ram.fill(avail[q]! & 0xff, off(buf) + 12, off(buf) + 72);
      ram.writeUInt16LE(head, off(RINGS[q]!) + AVAIL + 4 + 2 * (avail[q]! % QSIZE));
      avail[q] = (avail[q]! + 1) & 0xffff;
    }
    ram.writeUInt16LE(avail[q]!, off(RINGS[q]!) + AVAIL + 2);
  };
  const kick = (q: number): void => as.writeUint(BAR + 0x3000 + 4 * q, 2, BigInt(q));
  /** Reads (and clears) the ISR: bit 0 = a queue interrupt was raised. */
  const isr = (): number => Number(as.readUint(BAR + 0x1000, 1));
  const usedIdx = (q: number): number => ram.readUInt16LE(off(RINGS[q]!) + USED + 2);
  const availEvent = (q: number): number => ram.readUInt16LE(off(RINGS[q]!) + USED + 4 + 8 * QSIZE);
  const setUsedEvent = (q: number, v: number): void => {
    ram.writeUInt16LE(v & 0xffff, off(RINGS[q]!) + AVAIL + 4 + 2 * QSIZE);
  };
  const done = (): void => {
    m.destroy();
    deleteNetClient(peer);
  };
  return { m, dev, peer, post, kick, isr, usedIdx, availEvent, setUsedEvent, done };
}

t.test("EVENT_IDX is offered unless event_idx=off", (t) => {
  for (const [prop, want] of [
    ["on", true],
    ["off", false],
  ] as const) {
    const s = setup("off", prop);
    t.equal((s.dev.net.hostFeatures >> BigInt(EVENT_IDX)) & 1n, want ? 1n : 0n, `event_idx=${prop}`);
    s.done();
  }
  t.end();
});

for (const path of ["off", "on"]) {
  const name = path === "on" ? "native batches" : "TypeScript path";
  t.test(`${name}: avail_event follows the chains the device took`, (t) => {
    const s = setup(path);
    s.post(1, 5);
    s.kick(1);
    t.equal(s.peer.frames.length, 5, "five frames sent");
    t.equal(s.availEvent(1), 5, "avail_event = 5 after popping five chains");
    s.post(1, 3);
    s.kick(1);
    t.equal(s.availEvent(1), 8, "avail_event = 8");
    t.equal(s.peer.frames[7]![0], 7, "the eighth frame carries its own payload");
    s.done();
    t.end();
  });

  t.test(`${name}: used_event decides when a completion interrupts`, (t) => {
    const s = setup(path);
    s.isr();
    // The first completion after enabling always notifies (no interrupt decision yet).
    s.post(1, 1);
    s.kick(1);
    t.equal(s.isr() & 1, 1, "first completion interrupts");
    // used_event = 5: completions up to used index 5 stay silent, the one passing it interrupts.
    s.setUsedEvent(1, 5);
    s.post(1, 2);
    s.kick(1);
    t.equal(s.usedIdx(1), 3, "used index 3");
    t.equal(s.isr() & 1, 0, "no interrupt before used_event is passed");
    s.post(1, 3);
    s.kick(1);
    t.equal(s.usedIdx(1), 6, "used index 6");
    t.equal(s.isr() & 1, 1, "interrupt once the used index passes used_event");
    // A driver that never wants one: used_event behind, not crossed again.
    s.setUsedEvent(1, 2);
    s.post(1, 4);
    s.kick(1);
    t.equal(s.isr() & 1, 0, "used_event left behind: no interrupt");
    s.done();
    t.end();
  });

  t.test(`${name}: RX out of buffers re-arms kicks through avail_event`, (t) => {
    const s = setup(path);
    s.post(0, 2);
    s.kick(0);
    for (let i = 0; i < 3; i++) s.peer.sendPacket(Buffer.alloc(60, 0x40 + i));
    t.equal(s.usedIdx(0), 2, "two frames delivered, the third waits");
    t.equal(s.availEvent(0), 2, "avail_event asks for a kick at the next buffer");
    s.post(0, 1);
    s.kick(0);
    t.equal(s.usedIdx(0), 3, "the waiting frame lands after the kick");
    s.done();
    t.end();
  });
}

t.test("without EVENT_IDX the ring flags still rule", (t) => {
  const s = setup("on", "on", false);
  t.equal(s.dev.net.hasFeature(EVENT_IDX), false, "not negotiated");
  s.isr();
  s.setUsedEvent(1, 100); // ignored without the feature
  s.post(1, 1);
  s.kick(1);
  t.equal(s.isr() & 1, 1, "completion interrupts");
  t.equal(s.availEvent(1), 0, "avail_event untouched");
  s.done();
  t.end();
});
