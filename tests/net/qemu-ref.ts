// Helpers for interop tests against Debian's real QEMU (qemu-system-x86_64 7.2, installed
// by ./configure): start it with -M none and a QMP socket, talk QMP, stop it; plus free
// ports and a UDP endpoint that records datagrams.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const REF_QEMU = "qemu-system-x86_64";

export function haveRefQemu(): boolean {
  return spawnSync(REF_QEMU, ["-version"], { stdio: "ignore" }).status === 0;
}

const tempDirs: string[] = [];

// A fresh directory under the system temp dir, removed when the test process exits.
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (tempDirs.length === 0) {
    process.once("exit", () => {
      for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
    });
  }
  tempDirs.push(dir);
  return dir;
}

export async function freePort(kind: "tcp" | "udp"): Promise<number> {
  if (kind === "tcp") {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
  }
  const u = dgram.createSocket("udp4");
  await new Promise<void>((r) => u.bind(0, "127.0.0.1", r));
  const port = u.address().port;
  await new Promise<void>((r) => u.close(() => r()));
  return port;
}

export async function waitUntil(what: string, cond: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// A line-oriented QMP client.
export class QmpClient {
  private buf = "";
  private waiters: ((o: Record<string, unknown>) => void)[] = [];
  readonly events: Record<string, unknown>[] = [];
  readonly greeting: Promise<Record<string, unknown>>;

  constructor(readonly sock: net.Socket) {
    sock.setEncoding("utf8");
    let greet: (o: Record<string, unknown>) => void = () => {};
    this.greeting = new Promise((r) => (greet = r));
    let first = true;
    sock.on("data", (d: string) => {
      this.buf += d;
      let nl: number;
      while ((nl = this.buf.indexOf("\n")) >= 0) {
        const line = this.buf.slice(0, nl).trim();
        this.buf = this.buf.slice(nl + 1);
        if (!line) continue;
        const o = JSON.parse(line) as Record<string, unknown>;
        if (first) {
          first = false;
          greet(o);
        } else if ("event" in o) this.events.push(o);
        else this.waiters.shift()?.(o);
      }
    });
  }

  static async connect(sockPath: string, ms = 15000): Promise<QmpClient> {
    const end = Date.now() + ms;
    for (;;) {
      try {
        const s = await new Promise<net.Socket>((resolve, reject) => {
          const c = net.connect(sockPath);
          c.once("connect", () => resolve(c));
          c.once("error", reject);
        });
        return new QmpClient(s);
      } catch (e) {
        if (Date.now() > end) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  send(o: unknown): void {
    this.sock.write(JSON.stringify(o) + "\n");
  }

  cmd(execute: string, args?: Record<string, unknown>, ms = 15000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`QMP ${execute}: no answer in ${ms} ms`)), ms);
      this.waiters.push((o) => {
        clearTimeout(timer);
        resolve(o);
      });
      this.send(args ? { execute, arguments: args } : { execute });
    });
  }

  async hmp(line: string): Promise<string> {
    const r = await this.cmd("human-monitor-command", { "command-line": line });
    return r.return as string;
  }

  close(): void {
    this.sock.destroy();
  }
}

export interface RefQemu {
  proc: ChildProcess;
  qmp: QmpClient;
  stderr: () => string;
  stop(): Promise<void>;
}

// `fds` become the child's fds 3, 4, … (for -netdev …,local.type=fd,local.str=3).
export async function startRefQemu(dir: string, args: string[], fds: number[] = []): Promise<RefQemu> {
  const qmpPath = path.join(dir, "ref-qmp.sock");
  const proc = spawn(
    REF_QEMU,
    ["-M", "none", "-nodefaults", "-display", "none", "-qmp", `unix:${qmpPath},server=on,wait=off`, ...args],
    { stdio: ["ignore", "ignore", "pipe", ...fds] },
  );
  let err = "";
  proc.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const qmp = await QmpClient.connect(qmpPath);
  await qmp.greeting;
  await qmp.cmd("qmp_capabilities");
  return {
    proc,
    qmp,
    stderr: () => err,
    async stop() {
      qmp.close();
      if (proc.exitCode === null) {
        proc.kill("SIGTERM");
        await new Promise<void>((r) => {
          const t = setTimeout(() => {
            proc.kill("SIGKILL");
            r();
          }, 5000);
          proc.once("exit", () => {
            clearTimeout(t);
            r();
          });
        });
      }
    },
  };
}

// A UDP socket bound to `port` that records every datagram.
export async function udpEndpoint(port: number) {
  const sock = dgram.createSocket("udp4");
  const got: Buffer[] = [];
  sock.on("message", (m) => got.push(m));
  await new Promise<void>((r) => sock.bind(port, "127.0.0.1", r));
  return {
    got,
    send: (b: Buffer, to: number) => new Promise<void>((r) => sock.send(b, to, "127.0.0.1", () => r())),
    close: () => sock.close(),
  };
}
