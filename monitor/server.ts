// Monitors on character devices given as `-qmp SPEC` / `-monitor SPEC`:
//   stdio | none | unix:PATH[,server=on|off][,wait=on|off] | tcp:HOST:PORT[,server=…][,wait=…]
// A server accepts any number of clients, each its own session; wait=on (the default for a
// server, as in QEMU) holds start-up until the first client connects; server=off connects
// out to a listening peer. Closing removes a unix socket file this process created.

import fs from "node:fs";
import net from "node:net";
import { QemuError } from "./error";
import { HmpSession } from "./hmp";
import { QmpSession } from "./qmp";
import { parseBool, splitSuboptions } from "../net/options";

export type MonitorMode = "control" | "readline";

export type ChardevSpec =
  | { kind: "stdio" }
  | { kind: "none" }
  | { kind: "unix"; path: string; server: boolean; wait: boolean }
  | { kind: "tcp"; host: string; port: number; server: boolean; wait: boolean };

export function parseChardevSpec(text: string): ChardevSpec {
  if (text === "stdio") return { kind: "stdio" };
  if (text === "none") return { kind: "none" };
  const m = /^(unix|tcp):(.*)$/.exec(text);
  if (!m) throw new QemuError(`'${text.split(":")[0]}' is not a valid char driver`);
  const pairs = splitSuboptions(m[2] as string, "path");
  let target = "";
  let server = false;
  let wait: boolean | undefined;
  for (const [k, v] of pairs) {
    if (k === "path") target = v;
    else if (k === "server") server = parseBool("server", v);
    else if (k === "wait") wait = parseBool("wait", v);
    else if (k === "nowait") wait = false;
    else throw new QemuError(`Invalid parameter '${k}'`);
  }
  const w = wait ?? server;
  if (!server && wait !== undefined)
    throw new QemuError("'wait' option is incompatible with socket in client connect mode");
  if (m[1] === "unix") {
    if (target === "") throw new QemuError("chardev: socket: no address given");
    return { kind: "unix", path: target, server, wait: w };
  }
  const i = target.lastIndexOf(":");
  if (i < 0) throw new QemuError(`host address '${target}' doesn't contain ':' separating host from port`);
  const port = Number(target.slice(i + 1));
  if (!/^\d+$/.test(target.slice(i + 1)) || port > 65535)
    throw new QemuError(`error parsing port in address '${target}'`);
  return { kind: "tcp", host: target.slice(0, i) || "0.0.0.0", port, server, wait: w };
}

export interface MonitorHandle {
  close(): void;
}

interface SessionLike {
  feed(text: string): void;
  close?(): void;
}

function startSession(mode: MonitorMode, write: (t: string) => void): SessionLike {
  return mode === "control" ? new QmpSession(write) : new HmpSession(write);
}

function bindSocket(sock: net.Socket | NodeJS.ReadableStream, mode: MonitorMode, write: (t: string) => void) {
  const session = startSession(mode, write);
  sock.setEncoding?.("utf8");
  sock.on("data", (d: string | Buffer) => session.feed(typeof d === "string" ? d : d.toString("utf8")));
  const end = () => session.close?.();
  sock.on("close", end);
  sock.on("end", end);
  sock.on("error", end);
}

// Starts a monitor; resolves once it is ready (for wait=on: once a client connected).
export async function startMonitor(spec: ChardevSpec, mode: MonitorMode): Promise<MonitorHandle> {
  if (spec.kind === "none") return { close() {} };
  if (spec.kind === "stdio") {
    bindSocket(process.stdin, mode, (t) => process.stdout.write(t));
    process.stdin.resume();
    return {
      close() {
        process.stdin.pause();
        process.stdin.unref?.();
      },
    };
  }
  if (!spec.server) {
    const sock =
      spec.kind === "unix" ? net.connect(spec.path) : net.connect({ host: spec.host, port: spec.port });
    await new Promise<void>((resolve, reject) => {
      sock.once("connect", resolve);
      sock.once("error", (e) =>
        reject(
          new QemuError(
            `Failed to connect to '${spec.kind === "unix" ? spec.path : `${spec.host}:${spec.port}`}': ${e.message}`,
          ),
        ),
      );
    });
    bindSocket(sock, mode, (t) => sock.write(t));
    return { close: () => sock.destroy() };
  }
  const clients = new Set<net.Socket>();
  let firstClient: (() => void) | null = null;
  const server = net.createServer((sock) => {
    clients.add(sock);
    sock.on("close", () => clients.delete(sock));
    bindSocket(sock, mode, (t) => {
      if (!sock.destroyed) sock.write(t);
    });
    firstClient?.();
    firstClient = null;
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e) => {
      const where = spec.kind === "unix" ? ` to ${spec.path}` : "";
      reject(new QemuError(`Failed to bind socket${where}: ${e.message}`));
    });
    if (spec.kind === "unix") {
      // QEMU replaces a stale socket file at the path.
      try {
        if (fs.statSync(spec.path).isSocket()) fs.unlinkSync(spec.path);
      } catch {
        // nothing there
      }
      server.listen(spec.path, () => resolve());
    } else {
      server.listen({ host: spec.host, port: spec.port }, () => resolve());
    }
  });
  server.on("error", (e) => process.stderr.write(`qemu-e2k: monitor: ${e.message}\n`));
  if (spec.wait) {
    const where =
      spec.kind === "unix" ? `unix:${spec.path},server=on` : `tcp:${spec.host}:${spec.port},server=on`;
    process.stderr.write(`qemu-e2k: info: QEMU waiting for connection on: disconnected:${where}\n`);
    await new Promise<void>((resolve) => (firstClient = resolve));
  }
  return {
    close() {
      for (const c of clients) c.destroy();
      server.close();
      if (spec.kind === "unix") {
        try {
          fs.unlinkSync(spec.path);
        } catch {
          // already gone
        }
      }
    },
  };
}
