// -netdev stream,id=ID,server=on|off,addr.type=inet|unix|fd,…[,reconnect=SECONDS]
// One stream connection carrying length-prefixed frames (QEMU's net/stream.c). A server
// takes one client at a time and goes back to listening when it leaves; a client connects
// at start and, with reconnect=N, tries again N seconds after losing the connection.

import fs from "node:fs";
import net from "node:net";
import { QemuError } from "../monitor/error";
import { describeErrno, resolveFd } from "./fd-param";
import { registerNetdevType } from "./netdev";
import type { NetdevOptions, OptionSchema } from "./options";
import { socketAddressFrom, socketAddressSpecs, unixPathForNode, type SocketAddress } from "./socket-address";
import { StreamLinkClient } from "./stream-link";

function remoteUri(sock: net.Socket, addr: SocketAddress): string {
  if (addr.type === "unix") return `unix:${addr.path}`;
  const host = sock.remoteAddress ?? "";
  return `tcp:${host.replace(/^::ffff:/, "")}:${sock.remotePort ?? 0}`;
}

function removeStaleSocket(path: string): void {
  try {
    if (fs.statSync(path).isSocket()) fs.unlinkSync(path);
  } catch {
    // nothing there
  }
}

export class StreamNetClient extends StreamLinkClient {
  private server: net.Server | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    name: string,
    private readonly addr: SocketAddress,
    private readonly isServer: boolean,
    private readonly reconnectSeconds: number,
  ) {
    super({ type: "stream", model: "stream", name, isNetdev: true });
  }

  async start(): Promise<void> {
    if (this.isServer) await this.listen();
    else this.connect();
  }

  private async listen(): Promise<void> {
    const a = this.addr;
    const server = net.createServer({ pauseOnConnect: false }, (sock) => {
      if (this.closed || this.connected) {
        sock.destroy(); // one client at a time, as QEMU
        return;
      }
      this.infoStr = remoteUri(sock, a);
      this.attach(sock);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", (e) => {
        const where = a.type === "unix" ? ` to ${a.path}` : "";
        reject(new QemuError(`Failed to bind socket${where}: ${describeErrno(e)}`));
      });
      server.once("listening", () => resolve());
      if (a.type === "inet") server.listen({ host: a.host, port: a.port, exclusive: true });
      else if (a.type === "unix") {
        // As QEMU does, a file left at the path (a stale socket) is replaced.
        if (!a.abstract) removeStaleSocket(a.path);
        server.listen(unixPathForNode(a));
      } else server.listen({ fd: resolveFd(a.str, "addr.str") });
    });
    server.on("error", (e) => process.stderr.write(`qemu-e2k: stream ${this.name}: ${e.message}\n`));
  }

  private connect(): void {
    const a = this.addr;
    let sock: net.Socket;
    if (a.type === "inet") sock = net.connect({ host: a.host, port: a.port });
    else if (a.type === "unix") sock = net.connect(unixPathForNode(a));
    else sock = new net.Socket({ fd: resolveFd(a.str, "addr.str"), readable: true, writable: true });
    const onError = () => {
      if (this.closed) return;
      this.infoStr = "connection error";
      this.scheduleReconnect();
    };
    sock.once("error", onError);
    const ready = () => {
      sock.off("error", onError);
      if (this.closed) {
        sock.destroy();
        return;
      }
      this.infoStr =
        a.type === "inet" ? `tcp:${a.host}:${a.port}` : a.type === "unix" ? `unix:${a.path}` : "";
      this.attach(sock);
    };
    if (a.type === "fd") ready();
    else sock.once("connect", ready);
  }

  private scheduleReconnect(): void {
    if (this.isServer || this.reconnectSeconds <= 0 || this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, this.reconnectSeconds * 1000);
    this.reconnectTimer.unref();
  }

  protected override onDisconnect(_reason: string): void {
    this.infoStr = "";
    this.scheduleReconnect();
  }

  protected override cleanup(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.closeSocket();
    this.server?.close();
    this.server = null;
  }
}

const schema: OptionSchema = {
  type: "stream",
  options: [
    { name: "server", type: "bool", default: false, help: "listen for the connection instead of connecting" },
    ...socketAddressSpecs("addr", false),
    {
      name: "reconnect",
      type: "uint32",
      default: 0,
      help: "seconds between client reconnection attempts (0: never)",
    },
  ],
};

export async function createStream(opts: NetdevOptions): Promise<StreamNetClient[]> {
  const addr = socketAddressFrom(opts.group("addr"), "addr");
  if (!addr) throw new QemuError("Parameter 'addr' is missing");
  const isServer = opts.bool("server") ?? false;
  const reconnect = opts.int("reconnect") ?? 0;
  if (isServer && reconnect > 0)
    throw new QemuError("'reconnect' option is incompatible with socket in server listen mode");
  const nc = new StreamNetClient(opts.id, addr, isServer, reconnect);
  try {
    await nc.start();
  } catch (e) {
    nc.runCleanup();
    nc.runFree();
    throw e instanceof QemuError ? e : new QemuError(e instanceof Error ? e.message : String(e));
  }
  return [nc];
}

registerNetdevType({ type: "stream", schema, create: createStream });
