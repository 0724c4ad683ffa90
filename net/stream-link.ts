// A NetClient whose other end is one connected stream socket carrying length-prefixed
// frames (net/stream-framing.ts). Shared by -netdev stream and -netdev socket
// (listen=/connect=/fd=). Flow control both ways:
// - to the socket: while Node's write buffer is over its high-water mark canReceive() is
//   false, so frames queue in our NetQueue; 'drain' flushes them.
// - from the socket: a frame the peer cannot take (send result 0) pauses reading until the
//   completion callback runs, so the kernel's socket buffer pushes back on the sender.

import type net from "node:net";
import { NetClient, type NetClientInit, type PacketFlags } from "./net";
import { FrameDecoder, encodeFrame } from "./stream-framing";

export abstract class StreamLinkClient extends NetClient {
  protected sock: net.Socket | null = null;
  private decoder = new FrameDecoder();
  private waiting = false; // a frame of ours sits in the peer's queue

  constructor(init: NetClientInit) {
    super(init);
  }

  get connected(): boolean {
    return this.sock !== null;
  }

  // Called when the connection ends (error or EOF), after the socket was dropped.
  protected abstract onDisconnect(reason: string): void;

  protected attach(sock: net.Socket): void {
    this.sock = sock;
    this.decoder = new FrameDecoder();
    this.waiting = false;
    sock.setNoDelay?.(true);
    sock.on("data", (chunk: Buffer) => {
      if (this.sock !== sock) return;
      this.decoder.push(chunk);
      this.pump();
    });
    sock.on("drain", () => {
      if (this.sock === sock) this.flushQueuedPackets();
    });
    sock.on("error", (e) => this.drop(sock, e.message));
    sock.on("close", () => this.drop(sock, "closed"));
    // A peer that queued frames while we were unconnected may send them now.
    this.flushQueuedPackets();
  }

  private drop(sock: net.Socket, reason: string): void {
    if (this.sock !== sock) return;
    this.sock = null;
    sock.destroy();
    this.onDisconnect(reason);
    this.flushQueuedPackets(); // frames queued for the dead socket are now dropped
  }

  protected closeSocket(): void {
    const s = this.sock;
    this.sock = null;
    s?.removeAllListeners("close");
    s?.destroy();
  }

  private pump(): void {
    const sock = this.sock;
    if (!sock || this.waiting) return;
    for (;;) {
      let frame: Buffer | null;
      try {
        frame = this.decoder.next();
      } catch (e) {
        this.drop(sock, e instanceof Error ? e.message : String(e));
        return;
      }
      if (!frame) break;
      const ret = this.sendPacketAsync(frame, () => {
        this.waiting = false;
        if (this.sock === sock) {
          sock.resume();
          this.pump();
        }
      });
      if (ret === 0) {
        this.waiting = true;
        sock.pause();
        return;
      }
    }
  }

  override receive(frame: Uint8Array, _flags: PacketFlags): number {
    const sock = this.sock;
    if (!sock) return frame.length; // not connected: the frame is dropped, as in QEMU
    sock.write(encodeFrame(frame));
    return frame.length;
  }

  override canReceive(): boolean {
    return !this.sock || !this.sock.writableNeedDrain;
  }
}
