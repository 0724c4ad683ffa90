// The netdev registry: every backend type registers its option schema and a constructor
// here; -netdev, -nic and QMP netdev_add/netdev_del all go through netdevAdd/netdevDel.
//
//   registerNetdevType({ type: "af-xdp", schema, create: (opts) => [queue0, queue1, …] })
//
// create() receives validated options and returns the clients it made (one per queue,
// all named opts.id, marked isNetdev). It throws QemuError on failure, after undoing
// anything it had made.

import { QemuError } from "../monitor/error";
import { allNetClients, deleteNetClient, findNetClientsByName, type NetClient } from "./net";
import {
  NetdevOptions,
  formatOptionHelp,
  splitSuboptions,
  validateOptions,
  type OptionSchema,
  type OptionValue,
} from "./options";

export interface NetdevType {
  readonly type: string;
  readonly schema: OptionSchema;
  create(opts: NetdevOptions): NetClient[] | Promise<NetClient[]>;
}

const netdevTypes = new Map<string, NetdevType>();

// Every NetClientDriver QEMU's schema knows; a known type that is not registered here is
// "not compiled into this binary" rather than unknown.
const KNOWN_DRIVERS = new Set([
  "nic",
  "user",
  "tap",
  "l2tpv3",
  "socket",
  "stream",
  "dgram",
  "vde",
  "bridge",
  "hubport",
  "netmap",
  "vhost-user",
  "vhost-vdpa",
  "af-xdp",
  "vmnet-host",
  "vmnet-shared",
  "vmnet-bridged",
]);

export function registerNetdevType(t: NetdevType): void {
  if (netdevTypes.has(t.type)) throw new Error(`netdev type '${t.type}' registered twice`);
  netdevTypes.set(t.type, t);
}

export function netdevTypeNames(): string[] {
  return [...netdevTypes.keys()];
}

export function getNetdevType(type: string): NetdevType | undefined {
  return netdevTypes.get(type);
}

// `-netdev help`
export function formatNetdevHelp(): string {
  return `Available netdev backend types:\n${netdevTypeNames().join("\n")}\n`;
}

const ID_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;

export function checkId(id: string): void {
  if (!ID_RE.test(id)) {
    throw new QemuError(
      "Parameter 'id' expects an identifier\n" +
        "Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.",
    );
  }
}

function lookupType(type: string): NetdevType {
  const t = netdevTypes.get(type);
  if (t) return t;
  if (KNOWN_DRIVERS.has(type) && type !== "nic") {
    throw new QemuError(`network backend '${type}' is not compiled into this binary`);
  }
  throw new QemuError(`Parameter 'type' does not accept value '${type}'`);
}

export type NetdevAddResult = { kind: "created"; clients: NetClient[] } | { kind: "help"; text: string };

// Ids of netdevs whose asynchronous create() has not finished yet.
const pendingIds = new Set<string>();

// Where the options came from: QEMU words a few errors differently for -netdev and QMP.
export type OptionSource = "cli" | "qmp";

// Creates a netdev from key/value pairs (command line text or flattened QMP arguments).
export async function netdevAdd(
  pairs: Iterable<[string, OptionValue]>,
  opts: { allowHelp?: boolean; source?: OptionSource; generatedId?: boolean } = {},
): Promise<NetdevAddResult> {
  const source = opts.source ?? "cli";
  let type: string | undefined;
  let id: string | undefined;
  let help = false;
  const rest: [string, OptionValue][] = [];
  for (const [k, v] of pairs) {
    if (k === "type") {
      if (typeof v !== "string") throw new QemuError("Invalid parameter type for 'type', expected: string");
      type = v;
    } else if (k === "id") {
      if (typeof v !== "string") throw new QemuError("Invalid parameter type for 'id', expected: string");
      id ??= v;
    } else if (k === "help" && opts.allowHelp) help = true;
    else rest.push([k, v]);
  }
  if (type === undefined && help) return { kind: "help", text: formatNetdevHelp() };
  if (type === undefined) throw new QemuError("Parameter 'type' is missing");
  if (type === "help" && opts.allowHelp) return { kind: "help", text: formatNetdevHelp() };
  const t = lookupType(type);
  if (help) return { kind: "help", text: formatOptionHelp(t.schema) };
  if (id === undefined) throw new QemuError("Parameter 'id' is missing");
  if (!opts.generatedId) checkId(id);
  const values = validateOptions(t.schema, id, rest, source);
  if (findNetClientsByName(id).length > 0 || pendingIds.has(id)) {
    throw new QemuError(source === "cli" ? `Duplicate ID '${id}' for netdev` : `Duplicate ID '${id}'`);
  }
  pendingIds.add(id);
  try {
    const clients = await t.create(values);
    return { kind: "created", clients };
  } finally {
    pendingIds.delete(id);
  }
}

// `-netdev TYPE,id=…,…` (or `-netdev help`, `-netdev TYPE,help`, or a JSON object).
export function netdevAddFromText(text: string): Promise<NetdevAddResult> {
  if (text.trimStart().startsWith("{")) {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      throw new QemuError(`JSON parse error: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
      throw new QemuError("Invalid parameter type, expected: object");
    }
    return netdevAdd(flattenJson(obj as Record<string, unknown>), { source: "qmp" });
  }
  return netdevAdd(splitSuboptions(text, "type"), { allowHelp: true });
}

// QMP/JSON arguments: nested objects (addr: {type, host, port}) become dotted keys.
export function flattenJson(obj: Record<string, unknown>, prefix = ""): [string, OptionValue][] {
  const out: [string, OptionValue][] = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix + k;
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out.push([key, v]);
    else if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      out.push(...flattenJson(v as Record<string, unknown>, key + "."));
    } else {
      throw new QemuError(`Invalid parameter type for '${key}', expected: scalar or object`);
    }
  }
  return out;
}

// QMP netdev_del: removes every queue of a netdev.
export function netdevDel(id: string): void {
  const ncs = allNetClients().filter((nc) => nc.name === id);
  const nc = ncs[0];
  if (!nc) throw new QemuError(`Device '${id}' not found`, "DeviceNotFound");
  // A client of a netdev already deleted (kept while its NIC lives) is gone for the user.
  if (!nc.isNetdev || nc.isNic) throw new QemuError(`Device '${id}' is not a netdev`);
  deleteNetClient(nc);
}

// `-nic TYPE,…[,model=M][,mac=…]`: a netdev with a generated id plus a NIC request that the
// machine (hw/) turns into its NIC. `-nic none` only disables the default NIC.
export interface NicRequest {
  readonly netdevId: string | undefined;
  readonly model: string | undefined;
  readonly mac: string | undefined;
}

const nicRequests: NicRequest[] = [];
let nicCount = 0;
let defaultNicDisabled = false;

export async function nicAddFromText(text: string): Promise<NetdevAddResult | { kind: "none" }> {
  const pairs = splitSuboptions(text, "type");
  let model: string | undefined;
  let mac: string | undefined;
  const rest: [string, OptionValue][] = [];
  for (const [k, v] of pairs) {
    if (k === "model") model = v;
    else if (k === "mac") mac = v;
    else rest.push([k, v]);
  }
  const type = rest.find(([k]) => k === "type")?.[1];
  if (type === "none") {
    defaultNicDisabled = true;
    return { kind: "none" };
  }
  const id = `__org.qemu.nic${nicCount++}`;
  const r = await netdevAdd([...rest.filter(([k]) => k !== "id"), ["id", id]], {
    allowHelp: true,
    generatedId: true,
  });
  if (r.kind === "created") nicRequests.push({ netdevId: id, model, mac });
  return r;
}

export function pendingNicRequests(): readonly NicRequest[] {
  return nicRequests;
}

export function isDefaultNicDisabled(): boolean {
  return defaultNicDisabled;
}
