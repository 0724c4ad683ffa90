// Hubs (QEMU's net/hub.c): a numbered broadcast segment whose ports are `hubport` clients.
// A frame arriving on one port goes out of every other port (plain send, no completion
// callback); a port can receive while at least one other port can send. When a client
// attached to a port flushes, the hub re-delivers the queues of its other ports too.

import { QemuError } from "../monitor/error";
import { NetClient, connectPeers, findNetClientsByName, setHubFlushHook, type PacketFlags } from "./net";
import { registerNetdevType } from "./netdev";
import type { OptionSchema } from "./options";

export class NetHub {
  readonly ports: NetHubPort[] = [];
  private nextPortId = 0;
  constructor(readonly id: number) {}

  allocPortId(): number {
    return this.nextPortId++;
  }
}

const hubs: NetHub[] = [];

export function allHubs(): readonly NetHub[] {
  return hubs;
}

function findOrCreateHub(id: number): NetHub {
  let hub = hubs.find((h) => h.id === id);
  if (!hub) {
    hub = new NetHub(id);
    hubs.push(hub);
  }
  return hub;
}

export class NetHubPort extends NetClient {
  readonly portId: number;

  constructor(
    readonly hub: NetHub,
    name: string | undefined,
    isNetdev: boolean,
  ) {
    const portId = hub.allocPortId();
    super({ type: "hubport", model: "hub", name: name ?? `hub${hub.id}port${portId}`, isNetdev });
    this.portId = portId;
    this.infoStr = `hub ${hub.id}`;
    hub.ports.push(this);
  }

  override receive(frame: Uint8Array, _flags: PacketFlags): number {
    for (const port of this.hub.ports) {
      if (port !== this) port.sendPacket(frame);
    }
    return frame.length;
  }

  override receiveBatch(frames: readonly Uint8Array[]): number {
    for (const f of frames) this.receive(f, 0);
    return frames.length;
  }

  override canReceive(): boolean {
    for (const port of this.hub.ports) {
      if (port !== this && port.canSendPacket()) return true;
    }
    return false;
  }

  protected override cleanup(): void {
    const i = this.hub.ports.indexOf(this);
    if (i >= 0) this.hub.ports.splice(i, 1);
    if (this.hub.ports.length === 0) {
      const h = hubs.indexOf(this.hub);
      if (h >= 0) hubs.splice(h, 1);
    }
  }
}

// net_hub_flush: a client whose peer is `port` flushed; re-deliver the other ports' queues.
setHubFlushHook((port) => {
  if (!(port instanceof NetHubPort)) return;
  for (const p of [...port.hub.ports]) {
    if (p !== port) p.incomingQueue.flush();
  }
});

// Adds a port to hub `hubId` (created on first use); optionally joins the netdev `peerId`.
export function addHubPort(hubId: number, name: string | undefined, peerId?: string, isNetdev = true) {
  let peer: NetClient | undefined;
  if (peerId !== undefined) {
    peer = findNetClientsByName(peerId, "nic")[0];
    if (!peer) throw new QemuError(`netdev '${peerId}' not found`);
    if (peer.peer) throw new QemuError(`netdev '${peerId}' is already in use`);
  }
  const port = new NetHubPort(findOrCreateHub(hubId), name, isNetdev);
  if (peer) connectPeers(port, peer);
  return port;
}

const schema: OptionSchema = {
  type: "hubport",
  options: [
    { name: "hubid", type: "int32", required: true, help: "number of the hub to join" },
    { name: "netdev", type: "str", help: "id of a netdev to connect to the port" },
  ],
};

registerNetdevType({
  type: "hubport",
  schema,
  create(opts) {
    return [addHubPort(opts.int("hubid") ?? 0, opts.id, opts.str("netdev"))];
  },
});

// Start-up warnings QEMU prints for hubs (net_hub_check_clients).
export function hubCheckWarnings(): string[] {
  const out: string[] = [];
  for (const hub of hubs) {
    let hasNic = false;
    let hasHost = false;
    for (const port of hub.ports) {
      const peer = port.peer;
      if (!peer) {
        out.push(`hub port ${port.name} has no peer`);
        continue;
      }
      if (peer.isNic) hasNic = true;
      else hasHost = true;
    }
    if (hasHost && !hasNic) out.push(`hub ${hub.id} with no nics`);
    if (hasNic && !hasHost) out.push(`hub ${hub.id} is not connected to host network`);
  }
  return out;
}
