// A NetClient over one UDP socket: every datagram is one frame (QEMU's -netdev dgram and
// -netdev socket,udp=/mcast=). Unicast sends to one remote address; multicast joins a group
// (with loopback on, so several emulators on one host share the segment) and sends to it.
// Frames from the socket that the peer cannot take right now wait in a short list (then
// are dropped, as a full kernel socket buffer would drop them) until the peer's completion
// callback resumes delivery.

import dgram from "node:dgram";
import net from "node:net";
import { QemuError } from "../monitor/error";
import { describeErrno } from "./fd-param";
import { NetClient, type NetClientDriver, type PacketFlags } from "./net";

const MAX_PENDING_RX = 256;
// Datagrams handed to the socket but not yet sent; above this the peer's frames queue in
// our NetQueue (Node buffers unsent datagrams without limit otherwise).
const MAX_INFLIGHT_TX = 512;

export interface UdpLinkConfig {
  local?: { host: string; port: number };
  remote: { host: string; port: number };
  multicast: boolean;
}

export class UdpLinkClient extends NetClient {
  private sock: dgram.Socket | null = null;
  private pending: Buffer[] = [];
  private waiting = false;
  private inflight = 0;

  constructor(
    type: NetClientDriver,
    name: string,
    private readonly cfg: UdpLinkConfig,
  ) {
    super({ type, model: type, name, isNetdev: true });
  }

  async open(): Promise<void> {
    const { local, remote, multicast } = this.cfg;
    const v6 = net.isIPv6(remote.host) || (local !== undefined && net.isIPv6(local.host));
    const sock = dgram.createSocket({ type: v6 ? "udp6" : "udp4", reuseAddr: multicast });
    this.sock = sock;
    await new Promise<void>((resolve, reject) => {
      sock.once("error", (e) =>
        reject(new QemuError(`can't bind ip=${local?.host ?? ""} to socket: ${describeErrno(e)}`)),
      );
      if (multicast) sock.bind({ port: remote.port, exclusive: false }, () => resolve());
      else sock.bind({ address: local?.host, port: local?.port ?? 0, exclusive: true }, () => resolve());
    });
    sock.removeAllListeners("error");
    sock.on("error", (e) => process.stderr.write(`qemu-e2k: ${this.name}: ${e.message}\n`));
    if (multicast) {
      try {
        sock.addMembership(remote.host, local?.host);
        sock.setMulticastLoopback(true);
        sock.setMulticastTTL(1);
        if (local?.host) sock.setMulticastInterface(local.host);
      } catch (e) {
        throw new QemuError(`can't add socket to multicast group ${remote.host}: ${describeErrno(e)}`);
      }
    }
    sock.on("message", (msg) => this.onMessage(msg));
  }

  // With multicast loopback on, our own frames come back too, as in QEMU.
  private onMessage(msg: Buffer): void {
    if (this.waiting) {
      if (this.pending.length < MAX_PENDING_RX) this.pending.push(msg);
      return;
    }
    this.deliverUp(msg);
  }

  private deliverUp(msg: Buffer): void {
    if (msg.length === 0) return;
    const ret = this.sendPacketAsync(msg, () => {
      this.waiting = false;
      while (!this.waiting && this.pending.length > 0) this.deliverUp(this.pending.shift() as Buffer);
    });
    if (ret === 0) this.waiting = true;
  }

  override receive(frame: Uint8Array, _flags: PacketFlags): number {
    const sock = this.sock;
    if (!sock) return frame.length;
    const { remote } = this.cfg;
    this.inflight++;
    sock.send(Buffer.from(frame), remote.port, remote.host, () => {
      this.inflight--;
      if (this.inflight === MAX_INFLIGHT_TX / 2 && this.sock === sock) this.flushQueuedPackets();
    });
    return frame.length;
  }

  override canReceive(): boolean {
    return this.inflight < MAX_INFLIGHT_TX;
  }

  protected override cleanup(): void {
    const s = this.sock;
    this.sock = null;
    this.pending = [];
    if (s) {
      s.removeAllListeners("message");
      try {
        s.close();
      } catch {
        // already closed
      }
    }
  }
}

export function isMulticastIPv4(host: string): boolean {
  if (!net.isIPv4(host)) return false;
  const first = Number(host.split(".")[0]);
  return first >= 224 && first <= 239;
}
