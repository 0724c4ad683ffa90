// When the test hangs up the qtest connection, QEMU logs CLOSED and keeps running
// (system/qtest.c); libqtest's qtest_quit ends it with SIGTERM and expects status 0. With
// a listening chardev (server=on) the next client is served.
import t from "tap";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { qtestInit } from "./libqos/launch";
import { QmpClient, tempDir, waitUntil } from "../net/qemu-ref";
import { startEmulator, withTimeout } from "../monitor/emulator";

t.test("hang-up: CLOSED is logged, the emulator keeps running, SIGTERM exits 0", async (t) => {
  const q = await qtestInit([]);
  t.teardown(() => q.quit());
  t.same(await q.qts.rpc("endianness"), ["little"], "qtest answers before the hang-up");
  q.qts.close();
  const log = path.join(q.dir, "qtest.log");
  await waitUntil("CLOSED in the qtest log", () => /\[I \+[\d.]+\] CLOSED/.test(readFileSync(log, "utf8")));
  await new Promise((r) => setTimeout(r, 300));
  t.equal(q.proc.exitCode, null, "still running after the hang-up");
  t.same(await q.qmp.cmd("query-status"), { status: "running", singlestep: false, running: true });
  q.proc.kill("SIGTERM");
  t.equal(await withTimeout(q.exited, 20000, "exit after SIGTERM"), 0);
});

function qtestLine(sock: net.Socket, line: string): Promise<string> {
  return new Promise((resolve) => {
    let buf = "";
    const onData = (d: Buffer) => {
      buf += d.toString();
      if (buf.includes("\n")) {
        sock.off("data", onData);
        resolve(buf.trim());
      }
    };
    sock.on("data", onData);
    sock.write(line + "\n");
  });
}

async function connectRetry(p: string): Promise<net.Socket> {
  const end = Date.now() + 60000;
  for (;;) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const c = net.connect(p);
        c.once("connect", () => resolve(c));
        c.once("error", reject);
      });
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

t.test("server=on: a second client is served after the first hangs up", async (t) => {
  const dir = tempDir("e2k-qtest-");
  const qsock = path.join(dir, "qtest.sock");
  const qmpPath = path.join(dir, "qmp.sock");
  const emu = startEmulator([
    "-M",
    "virt,accel=qtest",
    "-qtest",
    `unix:${qsock},server=on,wait=off`,
    "-qtest-log",
    "none",
    "-qmp",
    `unix:${qmpPath},server=on,wait=off`,
  ]);
  const held: { qmp?: QmpClient } = {};
  t.teardown(() => {
    held.qmp?.close();
    emu.kill();
  });
  const qmp = await QmpClient.connect(qmpPath, 60000);
  held.qmp = qmp;
  await qmp.greeting;
  await qmp.cmd("qmp_capabilities");
  const first = await connectRetry(qsock);
  t.equal(await qtestLine(first, "endianness"), "OK little");
  first.destroy();
  await new Promise((r) => setTimeout(r, 200));
  const second = await connectRetry(qsock);
  t.equal(await qtestLine(second, "endianness"), "OK little", "the next client is served");
  second.destroy();
  t.equal(emu.proc.exitCode, null, "still running");
  emu.proc.kill("SIGTERM");
  t.same(await withTimeout(emu.exited, 20000, "exit after SIGTERM"), { code: 0, signal: null });
});
