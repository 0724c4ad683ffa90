// -netdev af-xdp,id=ID,ifname=IF[,mode=native|skb][,force-copy=on|off][,queues=N]
//        [,start-queue=M][,inhibit=on|off][,sock-fds=FD:FD…][,map-path=P][,map-start-index=I]
// QEMU 10.1's AF_XDP netdev (net/af-xdp.c): one client per device queue, each owning an
// AF_XDP socket with its UMEM and rings in native memory (native/net). Frames cross the
// JS/native boundary in batches of up to 64.
//
// Flow control, as QEMU does it:
// - RX (device -> peer): a readable socket is drained in batches; when the peer refuses a
//   frame (it lands in the peer's queue), reading stops and the frames not yet handed on go
//   back to the kernel ring; the sent callback re-arms reading. Nothing is dropped here.
// - TX (peer -> device): frames are staged and posted in batches at the end of the current
//   turn (or when 64 are staged). With no free UMEM frame or TX slot, receive returns 0 and
//   the client waits for the socket to turn writable, then flushes its incoming queue.
// Frame data handed to the peer is only valid during the call (QEMU's contract): the RX
// batch buffer is reused; NetQueue copies what it keeps.

import { loadNative, XSK_READABLE, XSK_WRITABLE, type XskQueue } from "../native/index";
import { QemuError } from "../monitor/error";
import { resolveFd } from "./fd-param";
import { NetClient, type PacketFlags } from "./net";
import { registerNetdevType } from "./netdev";
import { DIRECT_RX_BLOCKED, DIRECT_RX_DECLINED, type XskDirectPort } from "./xsk-direct";
import type { NetdevOptions, OptionSchema } from "./options";

const FRAME_SIZE = 4096;
const BATCH = 64;
// Upper bound of RX batches handled per wake-up, so one busy socket cannot starve the loop.
const RX_BATCHES_PER_WAKE = 32;

export const afXdpSchema: OptionSchema = {
  type: "af-xdp",
  options: [
    { name: "ifname", type: "str", required: true, help: "network interface to attach to" },
    {
      name: "mode",
      type: "enum",
      values: ["native", "skb"],
      help: "XDP attach mode (default: native, else skb)",
    },
    { name: "force-copy", type: "bool", help: "force XDP copy mode even if zero-copy is available" },
    { name: "queues", type: "int64", help: "number of device queues to use (default: 1)" },
    { name: "start-queue", type: "int64", help: "first device queue to use (default: 0)" },
    { name: "inhibit", type: "bool", help: "do not load the default XDP program" },
    { name: "sock-fds", type: "str", help: "open AF_XDP socket fds, one per queue, separated by ':'" },
    { name: "map-path", type: "str", help: "pinned XSK map to insert the sockets into" },
    { name: "map-start-index", type: "int32", help: "first key used in map-path (default: 0)" },
  ],
};

interface QueueSetup {
  ifname: string;
  queueId: number;
  queueIndex: number;
  mode: "native" | "skb" | undefined;
  forceCopy: boolean;
  inhibit: boolean;
  sockFd: number | undefined;
  mapPath: string | undefined;
  mapKey: number;
}

export class AfXdpNetClient extends NetClient implements XskDirectPort {
  readonly xsk: XskQueue;
  directRx: ((xsk: XskQueue) => number) | undefined;
  private writableCb: (() => void) | undefined;
  /** This client as seen by NICs with native batches (net/xsk-direct.ts). */
  get xskDirect(): XskDirectPort {
    return this;
  }
  private readonly rxBuf = Buffer.allocUnsafe(BATCH * FRAME_SIZE);
  private readonly rxLens = new Uint32Array(BATCH);
  private readonly txBuf = Buffer.allocUnsafe(BATCH * FRAME_SIZE);
  private readonly txLens = new Uint32Array(BATCH);
  private txCount = 0;
  private txOff = 0;
  private txCredit: number;
  private flushScheduled = false;
  private readEnabled = true;
  private writeEnabled = false;
  private closed = false;
  private readonly onSent = (): void => this.resumeRead();
  private readonly onEvent = (events: number): void => this.handleEvent(events);
  private readonly flushTask = (): void => {
    this.flushScheduled = false;
    this.flushTx();
  };

  constructor(name: string, s: QueueSetup) {
    super({ type: "af-xdp", model: "af-xdp", name, queueIndex: s.queueIndex, isNetdev: true });
    const { xsk } = loadNative();
    try {
      this.xsk = new xsk.XskQueue({
        ifname: s.ifname,
        queueId: s.queueId,
        queueIndex: s.queueIndex,
        ...(s.mode ? { mode: s.mode } : {}),
        forceCopy: s.forceCopy,
        inhibit: s.inhibit,
        ...(s.sockFd !== undefined ? { sockFd: s.sockFd } : {}),
        ...(s.mapPath !== undefined ? { mapPath: s.mapPath, mapKey: s.mapKey } : {}),
      });
    } catch (e) {
      this.closed = true;
      this.runCleanup();
      this.runFree();
      throw new QemuError(e instanceof Error ? e.message : String(e));
    }
    this.infoStr = `af-xdp${s.queueIndex} to ${s.ifname}`;
    this.txCredit = this.xsk.txCredit();
    this.updateWatch();
  }

  /** The attach mode in use ("native" or "skb"). */
  get mode(): string {
    return this.xsk.mode;
  }

  // ---- RX: device -> peer ----

  private handleEvent(events: number): void {
    if (this.closed) return;
    if (events & XSK_WRITABLE) this.writable();
    if (events & XSK_READABLE && this.readEnabled) this.readFrames();
  }

  private readFrames(): void {
    const xsk = this.xsk;
    // A NIC with native batches takes frames straight from the RX ring (net/xsk-direct.ts).
    if (this.directRx) {
      let declined = false;
      for (let b = 0; b < RX_BATCHES_PER_WAKE && this.readEnabled && !this.closed; b++) {
        const n = this.directRx(xsk);
        if (n === DIRECT_RX_DECLINED) {
          declined = true;
          break;
        }
        if (n === DIRECT_RX_BLOCKED) {
          this.readEnabled = false;
          this.updateWatch();
          return;
        }
        if (n < BATCH) return;
      }
      if (!declined) return;
    }
    const frames: Uint8Array[] = [];
    const rxAb = this.rxBuf.buffer;
    const rxBase = this.rxBuf.byteOffset;
    for (let b = 0; b < RX_BATCHES_PER_WAKE && this.readEnabled && !this.closed; b++) {
      const n = xsk.rxPeek(this.rxBuf, this.rxLens);
      if (n === 0) break;
      frames.length = 0;
      let off = 0;
      for (let i = 0; i < n; i++) {
        const len = this.rxLens[i] as number;
        // A plain Uint8Array view: cheaper per frame than Buffer.subarray.
        frames.push(new Uint8Array(rxAb, rxBase + off, len));
        off += len;
      }
      const { taken, blocked } = this.sendBatchAsync(frames, this.onSent);
      if (this.closed) return;
      xsk.rxRelease(taken);
      if (blocked) {
        this.readEnabled = false;
        this.updateWatch();
        break;
      }
      if (n < BATCH) break;
    }
  }

  resumeRead(): void {
    if (this.closed || this.readEnabled) return;
    this.readEnabled = true;
    this.updateWatch();
  }

  // ---- TX: peer -> device ----

  override receive(frame: Uint8Array, _flags: PacketFlags): number {
    return this.stage(frame) ? frame.length : 0;
  }

  override receiveBatch(frames: readonly Uint8Array[]): number {
    for (let i = 0; i < frames.length; i++) if (!this.stage(frames[i] as Uint8Array)) return i;
    return frames.length;
  }

  // Copies one frame into the TX staging area; false when the device cannot take it now.
  private stage(frame: Uint8Array): boolean {
    if (this.closed) return true;
    const len = frame.length;
    if (len > FRAME_SIZE) return true; // QEMU drops oversized frames silently
    if (this.txCredit <= 0) {
      this.flushTx();
      if (this.txCredit <= 0) {
        this.setWrite(true);
        return false;
      }
    }
    this.txBuf.set(frame, this.txOff);
    this.txLens[this.txCount++] = len;
    this.txOff += len;
    this.txCredit--;
    if (this.txCount === BATCH) this.flushTx();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.flushTask);
    }
    return true;
  }

  flushStaged(): void {
    if (this.txCount > 0) this.flushTx();
    // Native batches took frames behind our back: make stage() ask the socket again.
    this.txCredit = 0;
  }

  waitWritable(cb: () => void): void {
    this.writableCb = cb;
    this.setWrite(true);
  }

  private flushTx(): void {
    if (this.closed) return;
    if (this.txCount > 0) {
      this.xsk.tx(this.txBuf, this.txLens, this.txCount); // also refreshes xsk.state
      this.txCount = 0;
      this.txOff = 0;
    } else {
      this.xsk.txCredit();
    }
    const state = this.xsk.state;
    this.txCredit = state[0] as number;
    // Frames the kernel did not take on the kick are retried when the socket is writable.
    if ((state[1] as number) > 0 && !this.writeEnabled) this.setWrite(true);
  }

  private writable(): void {
    const before = this.xsk.txOutstanding;
    const more = this.xsk.txKick();
    this.txCredit = this.xsk.txCredit() - this.txCount;
    const progressed = this.xsk.txOutstanding < before;
    if (this.txCredit > 0 && (!more || !progressed)) this.setWrite(false);
    if (this.txCredit > 0) {
      this.flushQueuedPackets();
      const cb = this.writableCb;
      this.writableCb = undefined;
      cb?.();
    }
  }

  private setWrite(on: boolean): void {
    if (this.writeEnabled === on) return;
    this.writeEnabled = on;
    this.updateWatch();
  }

  private updateWatch(): void {
    if (this.closed) return;
    const events = (this.readEnabled ? XSK_READABLE : 0) | (this.writeEnabled ? XSK_WRITABLE : 0);
    this.xsk.watch(events, this.onEvent);
  }

  protected override cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.directRx = undefined;
    this.writableCb = undefined;
    this.xsk.watch(0);
    this.xsk.close();
  }
}

function checkOptions(opts: NetdevOptions): {
  ifname: string;
  queues: number;
  inhibit: boolean;
  sockFds: number[] | undefined;
  mapPath: string | undefined;
  mapStart: number;
} {
  const { xsk } = loadNative();
  const ifname = opts.str("ifname") as string;
  const idx = xsk.ifIndex(ifname);
  if (idx <= 0) throw new QemuError(`failed to get ifindex for '${ifname}': ${xsk.strerror(-idx)}`);
  const queues = opts.int("queues") ?? 1;
  if (queues < 1) throw new QemuError(`invalid number of queues (${queues}) for '${ifname}'`);
  const inhibit = opts.bool("inhibit") ?? false;
  const sockFdsText = opts.str("sock-fds");
  const mapPath = opts.str("map-path");
  if (inhibit && sockFdsText === undefined && mapPath === undefined) {
    throw new QemuError("'inhibit=on' requires 'sock-fds' or 'map-path'");
  }
  if (!inhibit && (sockFdsText !== undefined || mapPath !== undefined)) {
    throw new QemuError("'sock-fds' and 'map-path' require 'inhibit=on'");
  }
  if (sockFdsText !== undefined && mapPath !== undefined) {
    throw new QemuError("'sock-fds' and 'map-path' are mutually exclusive");
  }
  if (mapPath === undefined && opts.has("map-start-index")) {
    throw new QemuError("'map-start-index' requires 'map-path'");
  }
  const mapStart = opts.int("map-start-index") ?? 0;
  if (mapStart < 0) throw new QemuError(`'map-start-index' cannot be negative (${mapStart})`);
  let sockFds: number[] | undefined;
  if (sockFdsText !== undefined) {
    const parts = sockFdsText.split(":");
    if (parts.length !== queues) throw new QemuError(`expected ${queues} socket fds, got ${parts.length}`);
    sockFds = parts.map((p) => resolveFd(p, "sock-fds"));
  }
  return { ifname, queues, inhibit, sockFds, mapPath, mapStart };
}

export function createAfXdp(opts: NetdevOptions): AfXdpNetClient[] {
  const c = checkOptions(opts);
  const startQueue = Math.max(0, opts.int("start-queue") ?? 0);
  const mode = opts.str("mode") as "native" | "skb" | undefined;
  const clients: AfXdpNetClient[] = [];
  try {
    for (let i = 0; i < c.queues; i++) {
      clients.push(
        new AfXdpNetClient(opts.id, {
          ifname: c.ifname,
          queueId: startQueue + i,
          queueIndex: i,
          mode,
          forceCopy: opts.bool("force-copy") ?? false,
          inhibit: c.inhibit,
          sockFd: c.sockFds?.[i],
          mapPath: c.mapPath,
          mapKey: c.mapStart + i,
        }),
      );
    }
  } catch (e) {
    // Any failure deletes every queue made so far (QEMU: qemu_del_net_client(nc0)).
    for (const q of clients) {
      q.runCleanup();
      q.runFree();
    }
    throw e;
  }
  return clients;
}

registerNetdevType({ type: "af-xdp", schema: afXdpSchema, create: createAfXdp });
