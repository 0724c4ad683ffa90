// A NetClient over a native datagram socket (native/net/dgram-socket.h): the -netdev dgram
// forms Node's dgram module cannot open, AF_UNIX paths and an inherited fd. One datagram
// is one frame. Receiving reads batches (recvmmsg); while the peer cannot take a frame
// the socket is not polled for reading (the kernel buffer holds the rest), as in QEMU's
// net/dgram.c. A full socket buffer on send queues the frame in our NetQueue and waits
// for the socket to become writable.

import os from "node:os";
import { DGRAM_READABLE, DGRAM_WRITABLE, loadNative, type DgramSocket } from "../native/index";
import { QemuError } from "../monitor/error";
import { NetClient, type PacketFlags } from "./net";

const SLOT = 65536;
const BATCH = 16;
// Batches read per wake-up, so one busy socket cannot starve the event loop.
const MAX_BATCHES = 8;
const EAGAIN = os.constants.errno.EAGAIN;

export type NativeDgramTarget = { fd: number } | { localPath: string; remotePath: string };

export class NativeDgramClient extends NetClient {
  private sock: DgramSocket | null;
  private readonly rxBuf = Buffer.alloc(SLOT * BATCH);
  private readonly lens = new Uint32Array(BATCH);
  private pending: Buffer[] = [];
  private readPaused = false;
  private writeWait = false;

  // `errorPrefix` goes before a setup error's text (QEMU names the netdev for fd errors).
  constructor(name: string, target: NativeDgramTarget, errorPrefix = "") {
    super({ type: "dgram", model: "dgram", name, isNetdev: true });
    try {
      this.sock = new (loadNative().dgram.DgramSocket)(target);
    } catch (e) {
      this.sock = null;
      this.runCleanup();
      this.runFree();
      throw new QemuError(errorPrefix + (e instanceof Error ? e.message : String(e)));
    }
    this.updateWatch();
  }

  get fd(): number {
    return this.sock?.fd ?? -1;
  }

  get localKind(): string {
    return this.sock?.localKind ?? "";
  }

  private updateWatch(): void {
    const events = (this.readPaused ? 0 : DGRAM_READABLE) | (this.writeWait ? DGRAM_WRITABLE : 0);
    this.sock?.watch(events, (ev) => this.onPoll(ev));
  }

  private onPoll(ev: number): void {
    if (ev & DGRAM_WRITABLE && this.writeWait) {
      this.writeWait = false;
      this.updateWatch();
      this.flushQueuedPackets();
    }
    if (ev & DGRAM_READABLE) this.readBatches();
  }

  private readBatches(): void {
    for (let b = 0; b < MAX_BATCHES && !this.readPaused && this.sock; b++) {
      const n = this.sock.recv(this.rxBuf, this.lens, SLOT);
      if (n <= 0) return; // nothing waiting, or an error QEMU also ignores (e.g. ECONNREFUSED)
      for (let i = 0; i < n; i++) {
        const len = this.lens[i] as number;
        if (len === 0) continue; // empty, or longer than any frame (truncated): dropped
        const frame = Buffer.from(this.rxBuf.subarray(i * SLOT, i * SLOT + len));
        if (this.readPaused) this.pending.push(frame);
        else this.deliverUp(frame);
      }
      if (n < BATCH) break;
    }
  }

  private deliverUp(frame: Buffer): void {
    const ret = this.sendPacketAsync(frame, () => this.resume());
    if (ret === 0 && !this.readPaused) {
      this.readPaused = true;
      this.updateWatch();
    }
  }

  private resume(): void {
    this.readPaused = false;
    while (!this.readPaused && this.pending.length > 0) this.deliverUp(this.pending.shift() as Buffer);
    if (!this.readPaused) this.updateWatch();
  }

  override receive(frame: Uint8Array, _flags: PacketFlags): number {
    if (!this.sock) return frame.length;
    const r = this.sock.send(frame);
    if (r === -EAGAIN) {
      this.writeWait = true;
      this.updateWatch();
      return 0;
    }
    return r; // < 0: dropped (no peer bound to the remote path, …), as in QEMU
  }

  override canReceive(): boolean {
    return !this.writeWait;
  }

  protected override cleanup(): void {
    const s = this.sock;
    this.sock = null;
    this.pending = [];
    if (s) {
      s.watch(0);
      s.close();
    }
  }
}
