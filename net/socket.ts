// -netdev socket,id=ID,listen=[HOST]:PORT | connect=HOST:PORT | udp=HOST:PORT,localaddr=HOST:PORT
//   | mcast=MADDR:PORT[,localaddr=ADDR] | fd=N
// QEMU's legacy socket netdev (net/socket.c): TCP carries length-prefixed frames (same
// wire format as -netdev stream), UDP and multicast carry one frame per datagram.

import net from "node:net";
import { QemuError } from "../monitor/error";
import { describeErrno, isSocketFd, resolveFd } from "./fd-param";
import { registerNetdevType } from "./netdev";
import type { NetdevOptions, OptionSchema } from "./options";
import { parseHostPort } from "./socket-address";
import { StreamLinkClient } from "./stream-link";
import { UdpLinkClient, isMulticastIPv4 } from "./udp-link";

type Mode = { kind: "listen" | "connect"; host: string; port: number } | { kind: "fd"; fd: number };

export class SocketStreamClient extends StreamLinkClient {
  private server: net.Server | null = null;
  private closed = false;

  constructor(
    name: string,
    private readonly mode: Mode,
  ) {
    super({ type: "socket", model: "socket", name, isNetdev: true });
  }

  async start(): Promise<void> {
    const m = this.mode;
    if (m.kind === "fd") {
      this.infoStr = `socket: fd=${m.fd}`;
      this.attach(new net.Socket({ fd: m.fd, readable: true, writable: true }));
      return;
    }
    if (m.kind === "connect") {
      const sock = net.connect({ host: m.host || "127.0.0.1", port: m.port });
      sock.once("error", (e) => {
        if (!this.connected && !this.closed) {
          process.stderr.write(
            `qemu-e2k: socket ${this.name}: connect to ${m.host}:${m.port}: ${describeErrno(e)}\n`,
          );
        }
      });
      sock.once("connect", () => {
        if (this.closed) return sock.destroy();
        this.infoStr = `socket: connect to ${m.host}:${m.port}`;
        this.attach(sock);
      });
      return;
    }
    const server = net.createServer((sock) => {
      if (this.closed || this.connected) return sock.destroy();
      const host = (sock.remoteAddress ?? "").replace(/^::ffff:/, "");
      this.infoStr = `socket: connection from ${host}:${sock.remotePort ?? 0}`;
      this.attach(sock);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", (e) =>
        reject(new QemuError(`can't bind ip=${m.host || "0.0.0.0"} to socket: ${describeErrno(e)}`)),
      );
      server.listen({ host: m.host || "0.0.0.0", port: m.port, exclusive: true }, () => resolve());
    });
    server.on("error", (e) => process.stderr.write(`qemu-e2k: socket ${this.name}: ${e.message}\n`));
  }

  protected override onDisconnect(_reason: string): void {
    if (this.mode.kind === "listen") this.infoStr = "";
  }

  protected override cleanup(): void {
    this.closed = true;
    this.closeSocket();
    this.server?.close();
    this.server = null;
  }
}

const schema: OptionSchema = {
  type: "socket",
  options: [
    { name: "fd", type: "str", help: "an already connected TCP socket" },
    { name: "listen", type: "str", help: "[HOST]:PORT to accept one TCP connection on" },
    { name: "connect", type: "str", help: "HOST:PORT to connect to over TCP" },
    { name: "mcast", type: "str", help: "MADDR:PORT multicast group" },
    { name: "localaddr", type: "str", help: "local address for udp= or mcast=" },
    { name: "udp", type: "str", help: "HOST:PORT remote UDP address (needs localaddr=)" },
  ],
};

export async function createSocket(opts: NetdevOptions) {
  const given = ["fd", "listen", "connect", "mcast", "udp"].filter((k) => opts.has(k));
  if (given.length !== 1) throw new QemuError("exactly one of listen=, connect=, mcast= or udp= is required");
  const localaddr = opts.str("localaddr");
  if (localaddr !== undefined && !opts.has("mcast") && !opts.has("udp")) {
    throw new QemuError("localaddr= is only valid with mcast= or udp=");
  }
  const id = opts.id;
  const fdText = opts.str("fd");
  const listen = opts.str("listen");
  const connect = opts.str("connect");
  const mcast = opts.str("mcast");
  const udp = opts.str("udp");
  if (fdText !== undefined) {
    const fd = resolveFd(fdText);
    if (!isSocketFd(fd)) throw new QemuError(`socket: fd=${fd}: not a socket`);
    return startStream(new SocketStreamClient(id, { kind: "fd", fd }));
  }
  if (listen !== undefined)
    return startStream(new SocketStreamClient(id, { kind: "listen", ...parseHostPort(listen) }));
  if (connect !== undefined)
    return startStream(new SocketStreamClient(id, { kind: "connect", ...parseHostPort(connect) }));
  if (mcast !== undefined) {
    const group = parseHostPort(mcast);
    if (!isMulticastIPv4(group.host)) {
      const hex = net.isIPv4(group.host)
        ? group.host
            .split(".")
            .reduce((a, b) => a * 256 + Number(b), 0)
            .toString(16)
            .padStart(8, "0")
        : "00000000";
      throw new QemuError(
        `specified mcastaddr ${group.host} (0x${hex}) does not contain a multicast address`,
      );
    }
    const local = localaddr !== undefined ? { host: localaddr.replace(/:.*$/, ""), port: 0 } : undefined;
    const nc = new UdpLinkClient("socket", id, { local, remote: group, multicast: true });
    await openUdp(nc);
    nc.infoStr = `socket: mcast=${group.host}:${group.port}`;
    return [nc];
  }
  const remote = parseHostPort(udp as string);
  if (localaddr === undefined) throw new QemuError("localaddr= is mandatory with udp=");
  const nc = new UdpLinkClient("socket", id, { local: parseHostPort(localaddr), remote, multicast: false });
  await openUdp(nc);
  nc.infoStr = `socket: udp=${remote.host}:${remote.port}`;
  return [nc];
}

async function startStream(nc: SocketStreamClient) {
  try {
    await nc.start();
  } catch (e) {
    nc.runCleanup();
    nc.runFree();
    throw e;
  }
  return [nc];
}

async function openUdp(nc: UdpLinkClient) {
  try {
    await nc.open();
  } catch (e) {
    nc.runCleanup();
    nc.runFree();
    throw e;
  }
}

registerNetdevType({ type: "socket", schema, create: createSocket });
