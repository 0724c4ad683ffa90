// Starts qemu-e2k the way QEMU's libqtest starts QEMU: the test listens on two unix sockets,
// the emulator connects to them (-qtest unix:PATH, -chardev socket,path=…  -mon …,mode=control),
// then the QMP handshake runs. Returns the qtest and QMP clients and the process.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { QTest } from "./libqtest";
import { QmpClient } from "./qmp-client";
import { SocketLink } from "./qtest-link";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface QemuInstance {
  qts: QTest;
  qmp: QmpClient;
  proc: ChildProcess;
  dir: string;
  stderr: () => string;
  exited: Promise<number | null>;
  quit(): Promise<number | null>;
}

function listen(p: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(p, () => resolve(s));
  });
}

function accept(s: net.Server, what: string, proc: ChildProcess, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what}: emulator did not connect in ${timeoutMs} ms`)),
      timeoutMs,
    );
    proc.once("exit", (code) => reject(new Error(`${what}: emulator exited (${code}) before connecting`)));
    s.once("connection", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
}

/** The command to run the emulator: the built launcher when present, else the TS sources via tsx. */
export function emulatorCommand(): { cmd: string; args: string[] } {
  return { cmd: process.execPath, args: ["--import", "tsx", path.join(ROOT, "system/main.ts")] };
}

export async function qtestInit(
  extraArgs: string[],
  /** `wrap` prefixes the command (e.g. ["ip", "netns", "exec", NS]). */
  opts: { timeoutMs?: number; wrap?: string[] } = {},
): Promise<QemuInstance> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "qtest-e2k-"));
  const qtestSock = path.join(dir, "qtest.sock");
  const qmpSock = path.join(dir, "qmp.sock");
  const [qs, ms] = await Promise.all([listen(qtestSock), listen(qmpSock)]);
  const base = emulatorCommand();
  const wrap = opts.wrap ?? [];
  const cmd = wrap[0] ?? base.cmd;
  const args = wrap.length ? [...wrap.slice(1), base.cmd, ...base.args] : base.args;
  const proc = spawn(
    cmd,
    [
      ...args,
      "-machine",
      "virt,accel=qtest",
      "-qtest",
      `unix:${qtestSock}`,
      "-qtest-log",
      path.join(dir, "qtest.log"),
      "-chardev",
      `socket,path=${qmpSock},id=char0`,
      "-mon",
      "chardev=char0,mode=control",
      "-display",
      "none",
      "-nodefaults",
      ...extraArgs,
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let err = "";
  proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  proc.stdout!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  const t = opts.timeoutMs ?? 30000;
  let qsock: net.Socket;
  let msock: net.Socket;
  try {
    [qsock, msock] = await Promise.all([accept(qs, "qtest", proc, t), accept(ms, "qmp", proc, t)]);
  } catch (e) {
    proc.kill("SIGKILL");
    qs.close();
    ms.close();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}\n${err}`);
  }
  qs.close();
  ms.close();
  const qts = new QTest(new SocketLink(qsock));
  const qmp = new QmpClient(msock);
  await qmp.handshake();
  return {
    qts,
    qmp,
    proc,
    dir,
    stderr: () => err,
    exited,
    async quit() {
      if (proc.exitCode === null) {
        await qmp.execute("quit").catch(() => undefined);
        const timer = setTimeout(() => proc.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      qts.close();
      qmp.close();
      rmSync(dir, { recursive: true, force: true });
      return exited;
    },
  };
}
