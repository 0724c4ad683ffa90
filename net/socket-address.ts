// QEMU's SocketAddress as netdev options give it (addr.type=inet|unix|fd, …) and
// the URI text QEMU prints for a connected address ("tcp:HOST:PORT", "unix:PATH").

import { QemuError } from "../monitor/error";
import type { OptionSpec, OptionValue } from "./options";
import { parseBool } from "./options";

export type SocketAddress =
  | { type: "inet"; host: string; port: number; ipv4?: boolean; ipv6?: boolean }
  | { type: "unix"; path: string; abstract: boolean }
  | { type: "fd"; str: string };

// Schema rows for one SocketAddress under `prefix` (e.g. "addr", "local", "remote").
export function socketAddressSpecs(prefix: string, required: boolean): OptionSpec[] {
  return [
    { name: `${prefix}.type`, type: "enum", values: ["inet", "unix", "fd"], required, help: "address kind" },
    { name: `${prefix}.host`, type: "str", help: "host name or IP address (inet)" },
    { name: `${prefix}.port`, type: "str", help: "port number or service name (inet)" },
    { name: `${prefix}.numeric`, type: "bool" },
    { name: `${prefix}.to`, type: "uint32" },
    { name: `${prefix}.ipv4`, type: "bool" },
    { name: `${prefix}.ipv6`, type: "bool" },
    { name: `${prefix}.keep-alive`, type: "bool" },
    { name: `${prefix}.path`, type: "str", help: "socket path (unix)" },
    { name: `${prefix}.abstract`, type: "bool" },
    { name: `${prefix}.tight`, type: "bool" },
    { name: `${prefix}.str`, type: "str", help: "fd number or name (fd)" },
  ];
}

function need(group: ReadonlyMap<string, OptionValue>, prefix: string, key: string): OptionValue {
  const v = group.get(key);
  if (v === undefined) throw new QemuError(`Parameter '${prefix}.${key}' is missing`);
  return v;
}

export function parsePort(text: string, what: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new QemuError(`${what}: port '${text}' is invalid`);
  return Number(text);
}

// Builds the SocketAddress under `prefix` from validated options; undefined when absent.
export function socketAddressFrom(group: ReadonlyMap<string, OptionValue>, prefix: string) {
  const type = group.get("type");
  if (type === undefined) {
    if (group.size > 0) throw new QemuError(`Parameter '${prefix}.type' is missing`);
    return undefined;
  }
  const allowed: Record<string, string[]> = {
    inet: ["type", "host", "port", "numeric", "to", "ipv4", "ipv6", "keep-alive"],
    unix: ["type", "path", "abstract", "tight"],
    fd: ["type", "str"],
  };
  for (const k of group.keys()) {
    if (!(allowed[String(type)] ?? []).includes(k))
      throw new QemuError(`Parameter '${prefix}.${k}' is unexpected`);
  }
  if (type === "inet") {
    const host = String(need(group, prefix, "host"));
    const port = parsePort(String(need(group, prefix, "port")), `${prefix}`);
    const ipv4 = group.get("ipv4");
    const ipv6 = group.get("ipv6");
    return {
      type: "inet",
      host,
      port,
      ipv4: typeof ipv4 === "boolean" ? ipv4 : undefined,
      ipv6: typeof ipv6 === "boolean" ? ipv6 : undefined,
    } as SocketAddress;
  }
  if (type === "unix") {
    const abs = group.get("abstract");
    return {
      type: "unix",
      path: String(need(group, prefix, "path")),
      abstract: abs === true,
    } as SocketAddress;
  }
  return { type: "fd", str: String(need(group, prefix, "str")) } as SocketAddress;
}

export function socketAddressUri(a: SocketAddress): string {
  switch (a.type) {
    case "inet":
      return `tcp:${a.host}:${a.port}`;
    case "unix":
      return `unix:${a.path}`;
    case "fd":
      return `fd:${a.str}`;
  }
}

// Linux abstract socket names are given to Node with a leading NUL.
export function unixPathForNode(a: { path: string; abstract: boolean }): string {
  return a.abstract ? "\0" + a.path : a.path;
}

// "HOST:PORT" as the legacy socket netdev takes it (listen=, connect=, udp=, mcast=,
// localaddr=); an empty host means any address (listen) or localhost (connect).
export function parseHostPort(text: string): { host: string; port: number } {
  const i = text.lastIndexOf(":");
  if (i < 0) throw new QemuError(`host address '${text}' doesn't contain ':' separating host from port`);
  let host = text.slice(0, i);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  const portText = text.slice(i + 1);
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
    throw new QemuError(`error parsing port in address '${text}'`);
  }
  return { host, port: Number(portText) };
}

export { parseBool };
