// NetClient: every network endpoint (a netdev backend, a hub port, a NIC) and the send /
// deliver / flush / purge functions that move frames between peers (QEMU's net/net.c
// semantics; see net/queue.ts for the queueing contract).
//
// Contract for subclasses:
// - receive(frame) is called with a frame for this client. Return > 0 when consumed
//   (normally frame.length, also when dropped on purpose), 0 when it cannot take it now
//   (it is queued in this client's incomingQueue; the client MUST later call
//   this.flushQueuedPackets() when it can receive again), < 0 on error (frame dropped).
//   Never throw: an exception is caught, logged and counted as a dropped frame.
// - receiveIov(iov) (optional) receives one frame given as segments; preferred when present.
// - receiveBatch(frames) (optional) receives several frames at once and returns how many
//   from the start it consumed; the first one not consumed counts as refused (as a 0).
// - canReceive() false makes senders queue instead of calling receive.
// - cleanup() releases OS resources; it runs exactly once, on netdev_del or exit.
// - linkStatusChanged() runs after linkDown toggled (set_link, or the peer went away).
// - The backend sends with sendPacket / sendPacketAsync / sendBatchAsync.

import { QemuError } from "../monitor/error";
import { NetQueue, PacketFlags } from "./queue";

export { PacketFlags } from "./queue";

// Completion callback of an asynchronous send: `result` > 0 delivered, 0 purged.
export type SentCb = (sender: NetClient, result: number) => void;

// Frames larger than this are dropped on delivery (QEMU's NET_BUFSIZE).
export const NET_BUFSIZE = 4096 + 65536;

// QEMU's NetClientDriver names, shown as `type=` in `info network`.
export type NetClientDriver =
  | "none"
  | "nic"
  | "user"
  | "tap"
  | "l2tpv3"
  | "socket"
  | "stream"
  | "dgram"
  | "vde"
  | "bridge"
  | "hubport"
  | "netmap"
  | "vhost-user"
  | "vhost-vdpa"
  | "af-xdp"
  | "vmnet-host"
  | "vmnet-shared"
  | "vmnet-bridged";

export type FilterDirection = "rx" | "tx";

// A filter attached to a netdev (`-object filter-…,netdev=ID`). `queue` selects the
// directions it sees: "tx" = frames the netdev sends, "rx" = frames sent to it.
export interface NetFilter {
  readonly id: string;
  readonly typeName: string; // e.g. "filter-dump"
  readonly queue: "all" | "rx" | "tx";
  enabled: boolean;
  // Returns 0 to pass the frame on, or non-zero when it consumed/held the frame (that
  // value is returned to the sender).
  receive(nc: NetClient, direction: FilterDirection, sender: NetClient, frame: Uint8Array): number;
  // `,prop=value` pairs for `info network` (QEMU prints every property but `type`).
  infoProps(): string;
  cleanup(): void;
}

export interface NetClientInit {
  type: NetClientDriver;
  model: string;
  name: string;
  queueIndex?: number;
  isNetdev?: boolean;
}

// Every live client in creation order (QEMU's net_clients).
const netClients: NetClient[] = [];
let vmRunning = true;

export abstract class NetClient {
  readonly type: NetClientDriver;
  readonly model: string;
  readonly name: string;
  readonly queueIndex: number;
  readonly isNetdev: boolean;
  infoStr = "";
  peer: NetClient | null = null;
  linkDown = false;
  receiveDisabled = false;
  readonly filters: NetFilter[] = [];
  readonly incomingQueue: NetQueue;
  private cleanedUp = false;
  private freed = false;

  constructor(init: NetClientInit) {
    this.type = init.type;
    this.model = init.model;
    this.name = init.name;
    this.queueIndex = init.queueIndex ?? 0;
    this.isNetdev = init.isNetdev ?? false;
    this.incomingQueue = new NetQueue((sender, flags, frame) => this.deliver(sender, flags, frame));
    netClients.push(this);
  }

  abstract receive(frame: Uint8Array, flags: PacketFlags): number;
  receiveIov?(iov: readonly Uint8Array[], flags: PacketFlags): number;
  receiveBatch?(frames: readonly Uint8Array[]): number;

  canReceive(): boolean {
    return true;
  }

  linkStatusChanged(): void {}

  // Release OS resources (sockets, fds, native memory). Called once by netClientCleanup.
  protected cleanup(): void {}

  get isNic(): boolean {
    return this.type === "nic";
  }

  get isCleanedUp(): boolean {
    return this.cleanedUp;
  }

  // ---- sending (qemu_send_packet*, qemu_sendv_packet_async) ----

  // Send one frame to the peer without completion callback: frames the peer cannot take
  // are queued (or dropped when its queue is full). Returns the result of delivery.
  sendPacket(frame: Uint8Array, flags: PacketFlags = PacketFlags.None): number {
    return this.sendPacketAsync(frame, undefined, flags);
  }

  // Send one frame; a 0 result means it was queued at the peer and `sentCb` will run once
  // it is delivered or purged — stop sending until then.
  sendPacketAsync(
    frame: Uint8Array,
    sentCb: SentCb | undefined,
    flags: PacketFlags = PacketFlags.None,
  ): number {
    if (this.linkDown || !this.peer) return frame.length;
    let ret = runFilters(this, "tx", this, frame);
    if (ret) return ret;
    const peer = this.peer;
    ret = runFilters(peer, "rx", this, frame);
    if (ret) return ret;
    return peer.incomingQueue.send(this, flags, frame, sentCb, this.canSendPacket());
  }

  // Send several frames in order. Returns how many the caller is done with (`taken`) and
  // whether it must stop (`blocked`): when blocked, frames[taken - 1] was queued at the peer
  // and `sentCb` runs for it later; frames from `taken` on were not sent.
  sendBatchAsync(frames: readonly Uint8Array[], sentCb: SentCb): { taken: number; blocked: boolean } {
    const peer = this.peer;
    if (this.linkDown || !peer) return { taken: frames.length, blocked: false };
    // Fast path: one call into a batching receiver when nothing else is in the way.
    if (
      peer.receiveBatch &&
      this.filters.length === 0 &&
      peer.filters.length === 0 &&
      peer.incomingQueue.length === 0 &&
      !peer.incomingQueue.isDelivering &&
      !peer.linkDown &&
      this.canSendPacket()
    ) {
      const big = frames.findIndex((f) => f.length > NET_BUFSIZE);
      if (big < 0) {
        let done = 0;
        try {
          done = peer.receiveBatch(frames);
        } catch (e) {
          reportReceiveError(peer, e);
          done = frames.length;
        }
        if (done >= frames.length) return { taken: frames.length, blocked: false };
        const refused = frames[done] as Uint8Array;
        peer.receiveDisabled = true;
        peer.incomingQueue.send(this, PacketFlags.None, refused, sentCb, false);
        return { taken: done + 1, blocked: true };
      }
    }
    for (let i = 0; i < frames.length; i++) {
      if (this.sendPacketAsync(frames[i] as Uint8Array, sentCb) === 0) return { taken: i + 1, blocked: true };
    }
    return { taken: frames.length, blocked: false };
  }

  // qemu_can_send_packet: false while the VM is stopped or the peer cannot receive.
  canSendPacket(): boolean {
    if (!vmRunning) return false;
    if (!this.peer) return true;
    return this.peer.canReceivePacket();
  }

  // qemu_can_receive_packet
  canReceivePacket(): boolean {
    if (this.receiveDisabled) return false;
    return this.canReceive();
  }

  // Deliver a frame to this client itself, bypassing the peer (NIC loopback).
  receivePacket(frame: Uint8Array): number {
    if (!this.canReceivePacket()) return 0;
    return this.incomingQueue.receive(this, PacketFlags.None, frame);
  }

  // Call when this client can receive again after refusing: re-delivers its queue in order.
  flushQueuedPackets(): void {
    this.flushOrPurge(false);
  }

  // Like flush, but frames that still cannot be delivered are dropped (QEMU does this
  // when the VM stops).
  flushOrPurgeQueuedPackets(): void {
    this.flushOrPurge(true);
  }

  // Drop everything this client has queued at its peer.
  purgeQueuedPackets(): void {
    this.peer?.incomingQueue.purge(this);
  }

  private flushOrPurge(purge: boolean): void {
    this.receiveDisabled = false;
    if (this.peer && this.peer.type === "hubport") {
      hubFlushHook?.(this.peer);
    }
    if (!this.incomingQueue.flush() && purge) {
      this.incomingQueue.purge(this.peer ?? undefined);
    }
  }

  // The NetQueue's deliver function (qemu_deliver_packet_iov).
  private deliver(_sender: NetClient, flags: PacketFlags, frame: Uint8Array): number {
    if (frame.length > NET_BUFSIZE) return frame.length;
    if (this.linkDown) return frame.length;
    if (this.receiveDisabled) return 0;
    let ret: number;
    try {
      ret = this.receiveIov ? this.receiveIov([frame], flags) : this.receive(frame, flags);
    } catch (e) {
      reportReceiveError(this, e);
      return -1;
    }
    if (ret === 0) this.receiveDisabled = true;
    return ret;
  }

  // ---- lifetime ----

  // Removes the client from the list and releases its resources (once).
  runCleanup(): void {
    if (this.cleanedUp) return;
    this.cleanedUp = true;
    const i = netClients.indexOf(this);
    if (i >= 0) netClients.splice(i, 1);
    for (const f of this.filters.splice(0)) f.cleanup();
    this.purgeQueuedPackets();
    this.incomingQueue.purge();
    this.cleanup();
  }

  // Unlinks the client from its peer and forgets queued frames.
  runFree(): void {
    if (this.freed) return;
    this.freed = true;
    this.incomingQueue.clear();
    if (this.peer) {
      if (this.peer.peer === this) this.peer.peer = null;
      this.peer = null;
    }
  }
}

// Set by net/hub.ts: re-deliver the other ports' queues when a hub neighbour flushes.
let hubFlushHook: ((port: NetClient) => void) | undefined;
export function setHubFlushHook(hook: (port: NetClient) => void): void {
  hubFlushHook = hook;
}

function reportReceiveError(nc: NetClient, e: unknown): void {
  process.stderr.write(
    `qemu-e2k: ${nc.name}: receive failed: ${e instanceof Error ? e.message : String(e)}\n`,
  );
}

// Filters of `nc` for `direction`: in list order for tx, in reverse order for rx.
function runFilters(nc: NetClient, direction: FilterDirection, sender: NetClient, frame: Uint8Array): number {
  const fs = nc.filters;
  if (fs.length === 0) return 0;
  const ordered = direction === "tx" ? fs : [...fs].reverse();
  for (const f of ordered) {
    if (!f.enabled || (f.queue !== "all" && f.queue !== direction)) continue;
    const ret = f.receive(nc, direction, sender, frame);
    if (ret) return ret;
  }
  return 0;
}

// ---- the client list ----

export function allNetClients(): readonly NetClient[] {
  return netClients;
}

// All clients named `name` (one per queue) except those of type `except`.
export function findNetClientsByName(name: string, except?: NetClientDriver): NetClient[] {
  return netClients.filter((nc) => nc.name === name && nc.type !== except);
}

// Links two clients as peers (a NIC taking a netdev, a hub port taking a netdev).
export function connectPeers(a: NetClient, b: NetClient): void {
  if (a.peer || b.peer) throw new QemuError(`'${a.peer ? a.name : b.name}' is already connected to a peer`);
  a.peer = b;
  b.peer = a;
}

// qemu_del_net_client: delete all queues of the netdev `nc` belongs to. If its peer is a NIC
// the NIC's link goes down and the backend is cleaned up but stays linked until the NIC goes.
export function deleteNetClient(nc: NetClient): void {
  const queues = findNetClientsByName(nc.name, "nic");
  if (!queues.includes(nc)) queues.push(nc);
  const peer = nc.peer;
  if (peer && peer.isNic) {
    for (const q of queues) if (q.peer) q.peer.linkDown = true;
    peer.linkStatusChanged();
    for (const q of queues) q.runCleanup();
    return;
  }
  for (const q of queues) {
    q.runCleanup();
    q.runFree();
  }
}

// Deletes a NIC's queues; a backend that was already deleted goes with it.
export function deleteNic(queues: readonly NetClient[]): void {
  for (const q of queues) {
    const peer = q.peer;
    q.runCleanup();
    if (peer && peer.isCleanedUp) peer.runFree();
    q.runFree();
  }
}

// qmp_set_link
export function setLink(name: string, up: boolean): void {
  const ncs = netClients.filter((nc) => nc.name === name);
  const first = ncs[0];
  if (!first) throw new QemuError(`Device '${name}' not found`, "DeviceNotFound");
  for (const nc of ncs) nc.linkDown = !up;
  first.linkStatusChanged();
  if (first.peer) {
    if (first.peer.isNic) for (const nc of ncs) if (nc.peer) nc.peer.linkDown = !up;
    first.peer.linkStatusChanged();
  }
}

// Run state: while stopped every send queues; on resume every client flushes.
export function isVmRunning(): boolean {
  return vmRunning;
}

export function setVmRunning(running: boolean): void {
  if (running === vmRunning) return;
  vmRunning = running;
  if (running) for (const nc of [...netClients]) nc.flushQueuedPackets();
}

// Cleans up every client (exit path), backends first, as QEMU's net_cleanup does.
export function netCleanupAll(): void {
  for (const nc of [...netClients]) {
    if (nc.isNic) continue;
    if (!nc.isCleanedUp) deleteNetClient(nc);
  }
  for (const nc of [...netClients]) nc.runCleanup();
}
