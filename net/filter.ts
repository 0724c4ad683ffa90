// Net filters as `-object filter-TYPE,id=F,netdev=ID[,queue=all|rx|tx][,status=on|off]
// [,position=head|tail|id=F2][,insert=behind|before]` creates them (QEMU's net/filter.c).
// A filter hangs off a backend (the netdev, not a NIC); the common properties live here,
// each filter type (net/dump.ts) adds its own.

import { QemuError } from "../monitor/error";
import { allNetClients, type FilterDirection, type NetClient, type NetFilter } from "./net";
import { parseBool, type OptionSpec } from "./options";

export const FILTER_COMMON_SPECS: readonly OptionSpec[] = [
  { name: "netdev", type: "str", required: true, help: "id of the netdev the filter hangs off" },
  { name: "queue", type: "enum", values: ["all", "rx", "tx"], default: "all" },
  { name: "status", type: "str", default: "on", help: "on|off" },
  { name: "position", type: "str", default: "tail", help: "head|tail|id=<filter-id>" },
  { name: "insert", type: "str", default: "behind", help: "behind|before" },
];

export interface FilterCommon {
  id: string;
  netdev: string;
  queue: "all" | "rx" | "tx";
  enabled: boolean;
  position: string;
  insert: "behind" | "before";
}

export abstract class NetFilterBase implements NetFilter {
  abstract readonly typeName: string;
  readonly id: string;
  readonly queue: "all" | "rx" | "tx";
  enabled: boolean;
  nc: NetClient | null = null;

  constructor(readonly common: FilterCommon) {
    this.id = common.id;
    this.queue = common.queue;
    this.enabled = common.enabled;
  }

  abstract receive(nc: NetClient, direction: FilterDirection, sender: NetClient, frame: Uint8Array): number;
  // Type-specific properties as `,name=value` in QEMU's `info network` order.
  protected abstract ownProps(): string;
  cleanup(): void {}

  infoProps(): string {
    const c = this.common;
    return (
      this.ownProps() +
      `,position=${c.position},status=${this.enabled ? "on" : "off"},insert=${c.insert},netdev=${c.netdev},queue=${c.queue}`
    );
  }
}

const filters = new Map<string, NetFilterBase>();

export function findFilter(id: string): NetFilterBase | undefined {
  return filters.get(id);
}

// Validates the common properties and returns them (before the filter object exists).
export function parseFilterCommon(id: string, get: (name: string) => string | undefined): FilterCommon {
  const netdev = get("netdev");
  if (netdev === undefined) throw new QemuError("Parameter 'netdev' is missing");
  const statusText = get("status") ?? "on";
  if (statusText !== "on" && statusText !== "off") {
    throw new QemuError(`Property 'status' doesn't take value '${statusText}'`);
  }
  const insert = get("insert") ?? "behind";
  if (insert !== "behind" && insert !== "before") {
    throw new QemuError("Invalid value for 'insert'; it should be 'before' or 'behind'");
  }
  const position = get("position") ?? "tail";
  if (position !== "head" && position !== "tail" && !position.startsWith("id=")) {
    throw new QemuError("Invalid value for 'position'; it should be 'head', 'tail' or 'id=<id>'");
  }
  const queue = (get("queue") ?? "all") as FilterCommon["queue"];
  return { id, netdev, queue, enabled: parseBool("status", statusText), position, insert };
}

// The checks netfilter_complete makes before a filter sets itself up (opens its file).
export function checkFilterTarget(id: string, netdev: string): NetClient {
  if (filters.has(id))
    throw new QemuError(`attempt to add duplicate property '${id}' to object (type 'container')`);
  const ncs = allNetClients().filter((nc) => nc.name === netdev && !nc.isNic);
  const nc = ncs[0];
  if (!nc) throw new QemuError("Parameter 'netdev' expects a network backend id");
  if (ncs.length > 1) throw new QemuError("multiqueue is not supported");
  return nc;
}

// Hangs the filter off its netdev (netfilter_complete).
export function attachFilter(f: NetFilterBase): void {
  const nc = checkFilterTarget(f.id, f.common.netdev);
  const list = nc.filters;
  const pos = f.common.position;
  let index: number;
  if (pos === "head") index = 0;
  else if (pos === "tail") index = list.length;
  else {
    const refId = pos.slice(3);
    const ref = list.findIndex((x) => x.id === refId);
    if (ref < 0) throw new QemuError(`filter '${refId}' not found`);
    index = f.common.insert === "before" ? ref : ref + 1;
  }
  list.splice(index, 0, f);
  f.nc = nc;
  filters.set(f.id, f);
}

export function deleteFilter(f: NetFilterBase): void {
  filters.delete(f.id);
  const list = f.nc?.filters;
  if (list) {
    const i = list.indexOf(f);
    if (i >= 0) list.splice(i, 1);
  }
  f.cleanup();
}
