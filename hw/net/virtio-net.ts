// virtio-net (virtio 1.x §5.1) behind the modern PCI transport: RX/TX queue pairs connected to
// a netdev through NetClients (one per pair), the control queue (rx mode, MAC table, MAC
// address, queue pairs, announce ack), link status, and mergeable RX buffers. Backends here
// carry no virtio-net header, so checksum/GSO features are never offered; the header is
// stripped on TX and written (zero, with num_buffers) on RX. Frames move in batches: the
// backend's receiveBatch lands several frames per call and one interrupt covers the batch;
// TX pops up to `x-txburst` chains and hands them to the netdev in one sendBatchAsync.
//
// Two implementations of the data path give the same guest-visible results: this file's
// TypeScript one (the reference), and native batches (native/net/virtio-net-batch.cpp) that
// walk the rings in guest RAM in one call per batch. `x-native-batch=auto` (default) uses the
// native one with an af-xdp backend, where frames go between guest buffers and the socket's
// UMEM without a JS copy; `on` uses it with every backend (frames then cross in one staging
// buffer per batch), `off` never. Interrupts and notification suppression stay here.
import { QemuError } from "../../monitor/error";
import {
  NetClient,
  NET_BUFSIZE,
  findNetClientsByName,
  connectPeers,
  deleteNic,
  type PacketFlags,
} from "../../net/net";
import { parseMac, formatMac } from "../../qom/property";
import {
  tryLoadNative,
  VB_BAD,
  VB_BLOCKED,
  VB_CONSUMED,
  VB_DROPPED,
  VB_FILTERED,
  VB_HEAD,
  VB_NO_IN,
  VB_RX_DROPPED,
  VB_SENT,
  VB_WRITTEN,
  type VirtioBinding,
  type XskQueue,
} from "../../native/index";
import {
  asXskDirectPort,
  DIRECT_RX_BLOCKED,
  DIRECT_RX_DECLINED,
  type XskDirectPort,
} from "../../net/xsk-direct";
import type { GuestRam } from "../core/guest-ram";
import {
  VirtioDevice,
  VIRTIO_F_VERSION_1,
  VIRTIO_RING_F_EVENT_IDX,
  VIRTIO_RING_F_INDIRECT_DESC,
  bit,
} from "../virtio/virtio-device";
import type { VirtQueue, VirtqElement } from "../virtio/virtqueue";

export const VIRTIO_ID_NET = 1;
export const VIRTIO_NET_F_MAC = 5;
export const VIRTIO_NET_F_MRG_RXBUF = 15;
export const VIRTIO_NET_F_STATUS = 16;
export const VIRTIO_NET_F_CTRL_VQ = 17;
export const VIRTIO_NET_F_CTRL_RX = 18;
export const VIRTIO_NET_F_GUEST_ANNOUNCE = 21;
export const VIRTIO_NET_F_MQ = 22;
export const VIRTIO_NET_F_CTRL_MAC_ADDR = 23;
export const VIRTIO_NET_S_LINK_UP = 1;

export const VIRTIO_NET_CTRL_RX = 0;
export const VIRTIO_NET_CTRL_MAC = 1;
export const VIRTIO_NET_CTRL_ANNOUNCE = 3;
export const VIRTIO_NET_CTRL_MQ = 4;
export const VIRTIO_NET_OK = 0;
export const VIRTIO_NET_ERR = 1;
export const MAC_TABLE_ENTRIES = 64;

export interface VirtioNetConfig {
  name: string;
  mac: Uint8Array;
  linkUp: boolean;
  mrgRxbuf: boolean;
  ctrlVq: boolean;
  ctrlRx: boolean;
  mq: boolean;
  rxQueueSize: number;
  txQueueSize: number;
  txBurst: number;
  /** Netdev id to take as peer (all its queues), or undefined for none. */
  netdev: string | undefined;
  /** Device-type name shown as the NIC model. */
  model: string;
  /** Offer VIRTIO_RING_F_EVENT_IDX. */
  eventIdx: boolean;
  /** Data path: native batches with af-xdp (auto), with every backend (on), or never (off). */
  nativeBatch: "auto" | "on" | "off";
}

/** Frames one native TX batch may stage for a backend other than af-xdp. */
const TX_STAGE_BYTES = 1 << 20;

/** One NIC queue as a NetClient: frames from the backend land in RX queue `pair`. */
class VirtioNetQueueClient extends NetClient {
  constructor(
    private readonly dev: VirtioNet,
    readonly pair: number,
    name: string,
    model: string,
  ) {
    super({ type: "nic", model, name, queueIndex: pair });
  }
  override canReceive(): boolean {
    return this.dev.canReceive(this.pair);
  }
  receive(frame: Uint8Array, _flags: PacketFlags): number {
    return this.dev.receiveFrames(this.pair, [frame]) === 1 ? frame.length : 0;
  }
  override receiveBatch(frames: readonly Uint8Array[]): number {
    return this.dev.receiveFrames(this.pair, frames);
  }
  override linkStatusChanged(): void {
    this.dev.linkStatusChanged();
  }
}

export class VirtioNet extends VirtioDevice {
  readonly configSize = 10;
  mac: Uint8Array;
  readonly maxPairs: number;
  curPairs = 1;
  readonly clients: VirtioNetQueueClient[] = [];
  private rxq: VirtQueue[] = [];
  private txq: VirtQueue[] = [];
  private ctrlq: VirtQueue | undefined;
  /** Per TX queue: the element whose frame waits in the peer's queue (async send). */
  private txWaiting: (VirtqElement | undefined)[] = [];
  // RX filter state (ctrl_rx); reset makes the device promiscuous, as QEMU does.
  promisc = true;
  allmulti = false;
  alluni = false;
  nomulti = false;
  nouni = false;
  nobcast = false;
  macTable: Uint8Array[] = [];
  firstMulti = 0;
  uniOverflow = false;
  multiOverflow = false;
  /** Counters for tests and `info`: frames dropped by the MAC filter or for size. */
  rxFiltered = 0;
  rxDropped = 0;
  txDropped = 0;
  /** Frames moved by the native batches (for tests and benchmarks). */
  nativeTxFrames = 0;
  nativeRxFrames = 0;
  // Native batch state: the binding, a queue's ring state and the result words.
  private readonly nat: VirtioBinding | undefined;
  private readonly nst = new Float64Array(8);
  private readonly nout = new Uint32Array(10);
  private readonly filterBuf = new Uint8Array(9 + 6 * MAC_TABLE_ENTRIES);
  private txStage: { buf: Buffer; lens: Uint32Array; heads: Uint32Array } | undefined;

  constructor(
    ram: GuestRam,
    readonly cfg: VirtioNetConfig,
  ) {
    super(cfg.model === "virtio-net-pci" ? "virtio-net" : cfg.model, VIRTIO_ID_NET, ram);
    this.mac = Uint8Array.from(cfg.mac);
    this.nat = cfg.nativeBatch === "off" ? undefined : tryLoadNative()?.virtio;
    const peers = cfg.netdev === undefined ? [] : findNetClientsByName(cfg.netdev, "nic");
    if (cfg.netdev !== undefined) {
      if (peers.length === 0)
        throw new QemuError(`Property '${cfg.model}.netdev' can't find value '${cfg.netdev}'`);
      if (peers.some((p) => p.peer))
        throw new QemuError(`Property '${cfg.model}.netdev' can't take value '${cfg.netdev}', it's in use`);
    }
    this.maxPairs = cfg.mq ? Math.max(1, peers.length) : 1;
    for (let i = 0; i < this.maxPairs; i++) {
      this.rxq.push(this.addQueue(cfg.rxQueueSize));
      this.txq.push(this.addQueue(cfg.txQueueSize));
      this.txWaiting.push(undefined);
    }
    if (cfg.ctrlVq) this.ctrlq = this.addQueue(64);
    let f =
      bit(VIRTIO_F_VERSION_1) |
      bit(VIRTIO_RING_F_INDIRECT_DESC) |
      bit(VIRTIO_NET_F_MAC) |
      bit(VIRTIO_NET_F_STATUS);
    if (cfg.mrgRxbuf) f |= bit(VIRTIO_NET_F_MRG_RXBUF);
    if (cfg.eventIdx) f |= bit(VIRTIO_RING_F_EVENT_IDX);
    if (cfg.ctrlVq) {
      f |= bit(VIRTIO_NET_F_CTRL_VQ) | bit(VIRTIO_NET_F_CTRL_MAC_ADDR) | bit(VIRTIO_NET_F_GUEST_ANNOUNCE);
      if (cfg.ctrlRx) f |= bit(VIRTIO_NET_F_CTRL_RX);
      if (cfg.mq && this.maxPairs > 1) f |= bit(VIRTIO_NET_F_MQ);
    }
    this.hostFeatures = f;
    // Clients for every pair the backend has (one when mq is off); pair i peers backend queue i.
    const nPairs = Math.max(1, cfg.mq ? peers.length : Math.min(1, peers.length));
    for (let i = 0; i < nPairs; i++) {
      const c = new VirtioNetQueueClient(this, i, cfg.name, cfg.model);
      c.infoStr = `model=${cfg.model},macaddr=${formatMac(this.mac)}`;
      c.linkDown = !cfg.linkUp;
      const p = peers[i];
      if (p) connectPeers(c, p);
      this.clients.push(c);
      const port = asXskDirectPort(p ?? null);
      if (port && this.nat) port.directRx = (xsk) => this.directRx(i, port, xsk);
    }
  }

  /** Unplug: drop the NIC clients (a deleted backend goes with them). */
  destroy(): void {
    for (const c of this.clients) {
      const port = asXskDirectPort(c.peer);
      if (port) port.directRx = undefined;
    }
    deleteNic(this.clients);
  }

  /** The af-xdp port behind pair `pair` when native batches may use it now. */
  private xskPort(pair: number): XskDirectPort | undefined {
    const c = this.clients[pair];
    const peer = c?.peer;
    if (!this.nat || !c || !peer) return undefined;
    const port = asXskDirectPort(peer);
    // The same conditions as NetClient.sendBatchAsync's fast path: nothing in between.
    if (
      !port ||
      c.linkDown ||
      peer.linkDown ||
      c.filters.length > 0 ||
      peer.filters.length > 0 ||
      peer.incomingQueue.length > 0 ||
      peer.incomingQueue.isDelivering ||
      !c.canSendPacket()
    )
      return undefined;
    return port;
  }

  private hdrLen(): number {
    return this.hasFeature(VIRTIO_NET_F_MRG_RXBUF) || this.hasFeature(VIRTIO_F_VERSION_1) ? 12 : 10;
  }

  readConfig(off: number, size: number): number {
    const b = Buffer.alloc(this.configSize);
    b.set(this.mac, 0);
    b.writeUInt16LE(this.clients[0]?.linkDown ? 0 : VIRTIO_NET_S_LINK_UP, 6);
    b.writeUInt16LE(this.maxPairs, 8);
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + (b[off + i] ?? 0);
    return v;
  }

  override writeConfig(off: number, size: number, value: number): void {
    // Legacy drivers may write the MAC through config space when CTRL_MAC_ADDR is absent.
    if (this.hasFeature(VIRTIO_NET_F_CTRL_MAC_ADDR) || this.hasFeature(VIRTIO_F_VERSION_1)) return;
    for (let i = 0; i < size; i++) if (off + i < 6) this.mac[off + i] = Math.floor(value / 256 ** i) & 0xff;
  }

  protected override resetDevice(): void {
    this.curPairs = 1;
    this.promisc = true;
    this.allmulti = this.alluni = this.nomulti = this.nouni = this.nobcast = false;
    this.macTable = [];
    this.firstMulti = 0;
    this.uniOverflow = this.multiOverflow = false;
    this.mac = Uint8Array.from(this.cfg.mac);
    this.txWaiting.fill(undefined);
    for (const c of this.clients) c.purgeQueuedPackets();
  }

  protected override statusChanged(): void {
    if (this.driverOk()) for (const c of this.clients) this.rxResume(c);
  }

  /** RX buffers may be there again: re-deliver queued frames, re-arm a native reader. */
  private rxResume(c: VirtioNetQueueClient): void {
    c.flushQueuedPackets();
    asXskDirectPort(c.peer)?.resumeRead();
  }

  linkStatusChanged(): void {
    if (this.hasFeature(VIRTIO_NET_F_STATUS) && this.driverOk()) this.notifyConfig();
  }

  // ---- RX ----

  canReceive(pair: number): boolean {
    const q = this.rxq[pair];
    return this.driverOk() && pair < this.curPairs && q !== undefined && q.ready();
  }

  /** Accepts frames for `pair` in order; returns how many it consumed (delivered or dropped). */
  receiveFrames(pair: number, frames: readonly Uint8Array[]): number {
    const q = this.rxq[pair]!;
    if (!this.canReceive(pair)) return 0;
    if (this.nat && this.cfg.nativeBatch === "on") return this.receiveFramesNative(q, frames);
    let done = 0;
    let wrote = false;
    this.guard(() => {
      for (const f of frames) {
        const r = this.receiveOne(q, f);
        if (r === "full") break;
        if (r === "written") wrote = true;
        done++;
      }
    });
    if (this.broken) return frames.length; // dropped: the device awaits a reset
    if (wrote) this.notifyQueue(q);
    if (done < frames.length) q.setNotification(true);
    return done;
  }

  // ---- RX, native batches ----

  /** receiveFrames through the native batch (x-native-batch=on). */
  private receiveFramesNative(q: VirtQueue, frames: readonly Uint8Array[]): number {
    const nat = this.nat!;
    let done = 0;
    this.guard(() => {
      q.toNative(this.nst);
      nat.vringRxFrames(
        this.ram.buf,
        this.ram.base,
        this.nst,
        this.hdrLen(),
        this.hasFeature(VIRTIO_NET_F_MRG_RXBUF),
        this.filterBytes(),
        frames,
        this.nout,
      );
      done = this.afterNativeRx(q);
    });
    if (this.broken) return frames.length;
    if (done < frames.length) q.setNotification(true);
    return done;
  }

  /**
   * The af-xdp port's reader (net/xsk-direct.ts): frames from the socket's RX ring straight
   * into RX queue `pair`. Returns how many frames it looked at, or BLOCKED/DECLINED.
   */
  private directRx(pair: number, port: XskDirectPort, xsk: XskQueue): number {
    const c = this.clients[pair];
    const peer = c?.peer;
    if (!c || !peer || asXskDirectPort(peer) !== port || c.filters.length > 0) return DIRECT_RX_DECLINED;
    if (peer.linkDown || peer.filters.length > 0 || c.incomingQueue.length > 0 || c.receiveDisabled)
      return DIRECT_RX_DECLINED;
    if (!this.canReceive(pair)) return DIRECT_RX_BLOCKED;
    const q = this.rxq[pair]!;
    let seen = 0;
    let blocked = false;
    this.guard(() => {
      q.toNative(this.nst);
      seen = this.nat!.vringRxXsk(
        xsk,
        this.ram.buf,
        this.ram.base,
        this.nst,
        this.hdrLen(),
        this.hasFeature(VIRTIO_NET_F_MRG_RXBUF),
        this.filterBytes(),
        64,
        this.nout,
      );
      this.afterNativeRx(q);
      blocked = this.nout[VB_BLOCKED] !== 0;
    });
    if (this.broken) return DIRECT_RX_BLOCKED;
    if (blocked) {
      q.setNotification(true);
      return DIRECT_RX_BLOCKED;
    }
    return seen;
  }

  /** Common tail of a native RX batch: counters, errors, interrupt; returns frames consumed. */
  private afterNativeRx(q: VirtQueue): number {
    const out = this.nout;
    q.fromNative(this.nst);
    this.rxFiltered += out[VB_FILTERED]!;
    this.rxDropped += out[VB_RX_DROPPED]!;
    this.nativeRxFrames += out[VB_WRITTEN]!;
    // Errors first: as in the TypeScript path, a batch that breaks the device raises no interrupt.
    if (out[VB_NO_IN])
      this.fail(
        `${this.name}: queue ${q.index}: descriptor ${out[VB_HEAD]}: virtio-net receive queue contains no in buffers`,
      );
    if (out[VB_BAD]) this.rewalkBad(q);
    if (out[VB_WRITTEN]) this.notifyQueue(q);
    return out[VB_CONSUMED]!;
  }

  /**
   * A native batch stopped before a malformed chain: pop on with the TypeScript walker, which
   * names the error (it throws for the same chain; reaching the end means the two disagree).
   */
  private rewalkBad(q: VirtQueue): never {
    const tx = this.txq.includes(q);
    for (let e = q.pop(); e; e = q.pop()) if (tx) this.checkTxHeader(q, e, this.hdrLen());
    this.fail(`${this.name}: queue ${q.index}: native and TypeScript ring checks disagree`);
  }

  /** The receive filter for the native batches (layout: RxFilter in virtio-net-batch.h). */
  private filterBytes(): Uint8Array {
    const b = this.filterBuf;
    const flags =
      (this.promisc ? 1 : 0) |
      (this.allmulti ? 2 : 0) |
      (this.alluni ? 4 : 0) |
      (this.nomulti ? 8 : 0) |
      (this.nouni ? 16 : 0) |
      (this.nobcast ? 32 : 0) |
      (this.uniOverflow ? 64 : 0) |
      (this.multiOverflow ? 128 : 0);
    b[0] = flags;
    if (this.promisc) return b;
    b.set(this.mac, 1);
    b[7] = this.firstMulti;
    b[8] = this.macTable.length;
    this.macTable.forEach((m, i) => b.set(m, 9 + 6 * i));
    return b;
  }

  private receiveOne(q: VirtQueue, frame: Uint8Array): "written" | "dropped" | "full" {
    if (!this.receiveFilter(frame)) {
      this.rxFiltered++;
      return "dropped";
    }
    const hdrLen = this.hdrLen();
    const total = hdrLen + frame.length;
    const mrg = this.hasFeature(VIRTIO_NET_F_MRG_RXBUF);
    const elems: VirtqElement[] = [];
    let room = 0;
    while (room < total) {
      const e = q.pop();
      if (!e) {
        // Not enough buffers yet: give them back; the frame waits in our NetQueue.
        for (let i = 0; i < elems.length; i++) q.unpop();
        return "full";
      }
      if (e.in.length === 0)
        this.fail(
          `${this.name}: queue ${q.index}: descriptor ${e.head}: virtio-net receive queue contains no in buffers`,
        );
      elems.push(e);
      room += e.inBytes;
      if (!mrg) break;
    }
    if (!mrg && room < total) {
      // Without mergeable buffers a frame must fit one chain; QEMU drops it.
      q.unpop();
      this.rxDropped++;
      return "dropped";
    }
    // The header: all zero (no offloads) but num_buffers, the number of chains used.
    const first = elems[0]!;
    const n0 = Math.min(hdrLen, first.inBytes);
    q.zeroIn(first, n0);
    if (hdrLen === 12 && n0 === 12) {
      const seg = first.in[0]!;
      if (seg.len >= 12) this.ram.setU16(seg.addr + 10, elems.length);
      else q.writeIn(first, 10, Uint8Array.of(elems.length & 0xff, elems.length >> 8));
    }
    if (elems.length === 1) {
      q.writeIn(first, n0, frame);
      q.fill(first, n0 + frame.length, 0);
    } else {
      let off = 0;
      elems.forEach((e, i) => {
        const n = i === 0 ? n0 : 0;
        const take = Math.min(e.inBytes - n, frame.length - off);
        q.writeIn(e, n, frame.subarray(off, off + take));
        off += take;
        q.fill(e, n + take, i);
      });
    }
    q.flush(elems.length);
    return "written";
  }

  // Runs per received frame: compares bytes in place (no views, closures or table copies).
  private receiveFilter(f: Uint8Array): boolean {
    if (this.promisc) return true;
    if (f.length < 6) return false;
    if (f[0]! & 1) {
      if ((f[0]! & f[1]! & f[2]! & f[3]! & f[4]! & f[5]!) === 0xff) return !this.nobcast;
      if (this.nomulti) return false;
      if (this.allmulti || this.multiOverflow) return true;
      return this.tableHas(f, this.firstMulti, this.macTable.length);
    }
    if (this.nouni) return false;
    if (this.alluni || this.uniOverflow) return true;
    if (sameMac(f, this.mac)) return true;
    return this.tableHas(f, 0, this.firstMulti);
  }

  private tableHas(f: Uint8Array, from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (sameMac(f, this.macTable[i]!)) return true;
    return false;
  }

  // ---- queue kicks ----

  protected handleQueue(vq: VirtQueue): void {
    if (vq === this.ctrlq) return this.handleCtrl(vq);
    const rxPair = this.rxq.indexOf(vq);
    if (rxPair >= 0) {
      // New RX buffers: re-deliver what waited for them.
      const c = this.clients[rxPair];
      if (c) this.rxResume(c);
      return;
    }
    const txPair = this.txq.indexOf(vq);
    if (txPair >= 0) this.flushTx(txPair);
  }

  private flushTx(pair: number): void {
    const q = this.txq[pair]!;
    const client = this.clients[pair];
    if (this.txWaiting[pair] || !this.driverOk()) return;
    const port = this.xskPort(pair);
    if (port) return this.flushTxXsk(pair, q, port);
    if (this.nat && this.cfg.nativeBatch === "on" && client && !client.linkDown)
      return this.flushTxStaged(pair, q);
    this.flushTxJs(pair, q);
  }

  // ---- TX, native batches ----

  /** TX chains -> af-xdp UMEM frames, one native call per x-txburst chains. */
  private flushTxXsk(pair: number, q: VirtQueue, port: XskDirectPort): void {
    const nat = this.nat!;
    const out = this.nout;
    const burst = this.cfg.txBurst;
    port.flushStaged();
    for (;;) {
      q.toNative(this.nst);
      nat.vringTxXsk(port.xsk, this.ram.buf, this.ram.base, this.nst, this.hdrLen(), burst, out);
      q.fromNative(this.nst);
      this.txDropped += out[VB_DROPPED]!;
      this.nativeTxFrames += out[VB_SENT]!;
      if (out[VB_BAD]) return this.rewalkBad(q);
      if (out[VB_SENT] || out[VB_DROPPED]) this.notifyQueue(q);
      if (out[VB_BLOCKED]) {
        // The socket is full: wait for it, as the TypeScript path waits for its queued frame.
        q.setNotification(false);
        port.waitWritable(() =>
          this.guard(() => {
            q.setNotification(true);
            this.flushTx(pair);
          }),
        );
        return;
      }
      if (out[VB_SENT]! < burst) return;
    }
  }

  /** TX through a native batch into a staging buffer, then the backend (x-native-batch=on). */
  private flushTxStaged(pair: number, q: VirtQueue): void {
    const nat = this.nat!;
    const out = this.nout;
    const burst = this.cfg.txBurst;
    const client = this.clients[pair]!;
    const st = (this.txStage ??= {
      buf: Buffer.allocUnsafe(TX_STAGE_BYTES),
      lens: new Uint32Array(1024),
      heads: new Uint32Array(1024),
    });
    for (;;) {
      q.toNative(this.nst);
      nat.vringTxBuffer(
        this.ram.buf,
        this.ram.base,
        this.nst,
        this.hdrLen(),
        burst,
        st.buf,
        st.lens,
        st.heads,
        out,
      );
      q.fromNative(this.nst);
      this.txDropped += out[VB_DROPPED]!;
      // As in the TypeScript path, a bad chain fails the batch before any of it is sent.
      if (out[VB_BAD]) return this.rewalkBad(q);
      const n = out[VB_SENT]!;
      const dropped = out[VB_DROPPED]!;
      const frames: Uint8Array[] = [];
      let off = 0;
      for (let i = 0; i < n; i++) {
        const len = st.lens[i]!;
        frames.push(new Uint8Array(st.buf.buffer, st.buf.byteOffset + off, len));
        off += len;
      }
      if (n === 0) {
        if (dropped) this.notifyQueue(q);
        return;
      }
      const { taken, blocked } = client.sendBatchAsync(frames, () => this.txComplete(pair));
      const finished = blocked ? taken - 1 : taken;
      const elem = (i: number): VirtqElement => ({
        head: st.heads[i]!,
        out: [],
        in: [],
        outBytes: 0,
        inBytes: 0,
      });
      for (let i = 0; i < finished; i++) q.fill(elem(i), 0, i);
      for (let i = 0; i < n - taken; i++) q.unpop();
      q.flush(finished);
      this.nativeTxFrames += finished;
      if (finished || dropped) this.notifyQueue(q);
      if (blocked) {
        this.txWaiting[pair] = elem(taken - 1);
        q.setNotification(false);
        return;
      }
      if (n < burst && off + NET_BUFSIZE <= st.buf.length) return;
    }
  }

  // ---- TX, TypeScript (the reference) ----

  /** A TX chain must start with the whole virtio-net header in readable buffers. */
  private checkTxHeader(q: VirtQueue, e: VirtqElement, hdrLen: number): void {
    if (e.out.length < 1)
      this.fail(
        `${this.name}: queue ${q.index}: descriptor ${e.head}: virtio-net header not in first element`,
      );
    if (e.outBytes < hdrLen)
      this.fail(`${this.name}: queue ${q.index}: descriptor ${e.head}: virtio-net header incorrect`);
  }

  private flushTxJs(pair: number, q: VirtQueue): void {
    const client = this.clients[pair];
    const hdrLen = this.hdrLen();
    for (;;) {
      const elems: VirtqElement[] = [];
      const frames: Uint8Array[] = [];
      let dropped = 0;
      while (elems.length < this.cfg.txBurst) {
        const e = q.pop();
        if (!e) break;
        this.checkTxHeader(q, e, hdrLen);
        const len = e.outBytes - hdrLen;
        if (!client || client.linkDown || len === 0 || len > NET_BUFSIZE) {
          // No peer, link down, empty (a 0 return would read as "queued" to the NetQueue), or
          // larger than any backend takes: complete the element, drop the frame.
          q.push(e, 0);
          dropped++;
          this.txDropped++;
          continue;
        }
        elems.push(e);
        frames.push(q.readOutFrom(e, hdrLen));
      }
      if (elems.length === 0) {
        if (dropped) this.notifyQueue(q);
        return;
      }
      const { taken, blocked } = client!.sendBatchAsync(frames, () => this.txComplete(pair));
      const finished = blocked ? taken - 1 : taken;
      for (let i = 0; i < finished; i++) q.fill(elems[i]!, 0, i);
      // Elements not handed to the peer go back to the ring in reverse pop order.
      const returned = elems.length - taken;
      for (let i = 0; i < returned; i++) q.unpop();
      q.flush(finished);
      if (finished || dropped) this.notifyQueue(q);
      if (blocked) {
        this.txWaiting[pair] = elems[taken - 1];
        q.setNotification(false);
        return;
      }
      if (elems.length < this.cfg.txBurst) return;
    }
  }

  /** The peer took the frame it had queued: complete its element and resume TX. */
  private txComplete(pair: number): void {
    const e = this.txWaiting[pair];
    if (!e || this.broken) return;
    this.txWaiting[pair] = undefined;
    const q = this.txq[pair]!;
    this.guard(() => {
      q.push(e, 0);
      this.notifyQueue(q);
      q.setNotification(true);
      this.flushTx(pair);
    });
  }

  // ---- RX filter reporting (QMP NIC_RX_FILTER_CHANGED / query-rx-filter) ----

  /** Set by the monitor: called when the guest changed the RX filter. */
  onRxFilterChanged: (() => void) | undefined;
  /** As QEMU: one event, then silence until query-rx-filter re-arms it. */
  rxFilterNotify = true;

  private rxFilterChanged(): void {
    if (!this.rxFilterNotify) return;
    this.rxFilterNotify = false;
    this.onRxFilterChanged?.();
  }

  /** query-rx-filter's RxFilterInfo for this NIC (re-arms the event). */
  rxFilterInfo(): Record<string, unknown> {
    this.rxFilterNotify = true;
    const mode = (all: boolean, none: boolean): string => (none ? "none" : all ? "all" : "normal");
    return {
      name: this.cfg.name,
      promiscuous: this.promisc,
      multicast: mode(this.allmulti, this.nomulti),
      unicast: mode(this.alluni, this.nouni),
      vlan: "none",
      "broadcast-allowed": !this.nobcast,
      "multicast-overflow": this.multiOverflow,
      "unicast-overflow": this.uniOverflow,
      "main-mac": formatMac(this.mac),
      "vlan-table": [],
      "unicast-table": this.macTable.slice(0, this.firstMulti).map(formatMac),
      "multicast-table": this.macTable.slice(this.firstMulti).map(formatMac),
    };
  }

  // ---- control queue ----

  private handleCtrl(q: VirtQueue): void {
    for (;;) {
      const e = q.pop();
      if (!e) return;
      if (e.outBytes < 2 || e.inBytes < 1)
        this.fail(`${this.name}: queue ${q.index}: descriptor ${e.head}: virtio-net ctrl missing headers`);
      const req = q.readOut(e, 2 + 8 + 6 * 2 * MAC_TABLE_ENTRIES + 64);
      const status = this.ctrlCommand(req[0]!, req[1]!, req.subarray(2));
      if (status === VIRTIO_NET_OK && (req[0] === VIRTIO_NET_CTRL_RX || req[0] === VIRTIO_NET_CTRL_MAC))
        this.rxFilterChanged();
      q.writeIn(e, 0, Uint8Array.of(status));
      q.push(e, 1);
      this.notifyQueue(q);
    }
  }

  private ctrlCommand(cls: number, cmd: number, data: Buffer): number {
    switch (cls) {
      case VIRTIO_NET_CTRL_RX: {
        if (!this.hasFeature(VIRTIO_NET_F_CTRL_RX) || data.length < 1) return VIRTIO_NET_ERR;
        const on = data[0] !== 0;
        const keys = ["promisc", "allmulti", "alluni", "nomulti", "nouni", "nobcast"] as const;
        const key = keys[cmd];
        if (!key) return VIRTIO_NET_ERR;
        this[key] = on;
        return VIRTIO_NET_OK;
      }
      case VIRTIO_NET_CTRL_MAC:
        if (cmd === 1) {
          if (data.length !== 6) return VIRTIO_NET_ERR;
          this.mac = Uint8Array.from(data);
          for (const c of this.clients) c.infoStr = `model=${this.cfg.model},macaddr=${formatMac(this.mac)}`;
          return VIRTIO_NET_OK;
        }
        if (cmd === 0) return this.setMacTable(data);
        return VIRTIO_NET_ERR;
      case VIRTIO_NET_CTRL_ANNOUNCE:
        return cmd === 0 && this.hasFeature(VIRTIO_NET_F_GUEST_ANNOUNCE) ? VIRTIO_NET_OK : VIRTIO_NET_ERR;
      case VIRTIO_NET_CTRL_MQ: {
        if (cmd !== 0 || data.length < 2 || !this.hasFeature(VIRTIO_NET_F_MQ)) return VIRTIO_NET_ERR;
        const pairs = data.readUInt16LE(0);
        if (pairs < 1 || pairs > this.maxPairs) return VIRTIO_NET_ERR;
        this.curPairs = pairs;
        for (const c of this.clients) this.rxResume(c);
        return VIRTIO_NET_OK;
      }
      default:
        return VIRTIO_NET_ERR;
    }
  }

  /** MAC_TABLE_SET: {u32 n, n×mac} unicast then the same for multicast; overflow flags past 64. */
  private setMacTable(data: Buffer): number {
    const parse = (off: number): { macs: Uint8Array[]; next: number } | undefined => {
      if (off + 4 > data.length) return undefined;
      const n = data.readUInt32LE(off);
      if (off + 4 + 6 * n > data.length) return undefined;
      const macs: Uint8Array[] = [];
      for (let i = 0; i < n; i++)
        macs.push(Uint8Array.from(data.subarray(off + 4 + 6 * i, off + 10 + 6 * i)));
      return { macs, next: off + 4 + 6 * n };
    };
    const uni = parse(0);
    if (!uni) return VIRTIO_NET_ERR;
    const multi = parse(uni.next);
    if (!multi) return VIRTIO_NET_ERR;
    const table: Uint8Array[] = [];
    let uniOverflow = false;
    let multiOverflow = false;
    if (uni.macs.length <= MAC_TABLE_ENTRIES) table.push(...uni.macs);
    else uniOverflow = true;
    const first = table.length;
    if (table.length + multi.macs.length <= MAC_TABLE_ENTRIES) table.push(...multi.macs);
    else multiOverflow = true;
    this.macTable = table;
    this.firstMulti = first;
    this.uniOverflow = uniOverflow;
    this.multiOverflow = multiOverflow;
    return VIRTIO_NET_OK;
  }
}

/** QEMU's default MAC allocator: 52:54:00:12:34:56, then :57, … for each NIC without mac=. */
let nextMacIndex = 0x56;
export function defaultMac(): Uint8Array {
  const m = parseMac("52:54:00:12:34:56")!;
  m[5] = nextMacIndex++ & 0xff;
  return m;
}

/** Whether the frame's destination (its first 6 bytes) is `mac`. */
function sameMac(f: Uint8Array, mac: Uint8Array): boolean {
  return (
    f[0] === mac[0] &&
    f[1] === mac[1] &&
    f[2] === mac[2] &&
    f[3] === mac[3] &&
    f[4] === mac[4] &&
    f[5] === mac[5]
  );
}
