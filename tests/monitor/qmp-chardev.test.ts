// Monitor character devices: `-qmp stdio`, and `-qmp unix:…,server=on` with the default
// wait=on holding start-up (no netdev exists) until a client connects. Also a tap netdev
// given as an inherited fd= (opened by a Python parent that execs the emulator).
import t from "tap";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { QmpClient, tempDir, waitUntil } from "../net/qemu-ref";
import { startEmulator, withTimeout } from "./emulator";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

t.test("-qmp stdio", async (t) => {
  const emu = startEmulator(["-M", "none", "-qmp", "stdio", "-netdev", "hubport,id=p0,hubid=1"], "pipe");
  t.teardown(() => emu.kill());
  await waitUntil("greeting", () => emu.out().includes("\r\n"), 60000);
  t.match(emu.out(), /^\{"QMP": \{"version": /);
  emu.proc.stdin?.write('{"execute":"qmp_capabilities"}\n');
  emu.proc.stdin?.write('{"execute":"human-monitor-command","arguments":{"command-line":"info network"}}\n');
  emu.proc.stdin?.write('{"execute":"quit"}\n');
  t.same(await withTimeout(emu.exited, 30000, "exit"), { code: 0, signal: null });
  const lines = emu
    .out()
    .split("\r\n")
    .filter((l) => l)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  t.same(lines[1], { return: {} });
  t.same(lines[2], { return: "hub 1\r\n \\ p0\r\n" });
  t.match(lines[3], { event: "SHUTDOWN" });
  t.same(lines[4], { return: {} });
});

t.test("-qmp unix:…,server=on waits for its client before creating netdevs", async (t) => {
  const dir = tempDir("e2k-wait-");
  const q = path.join(dir, "q.sock");
  const s = path.join(dir, "s.sock");
  const emu = startEmulator([
    "-M",
    "none",
    "-qmp",
    `unix:${q},server=on`,
    "-netdev",
    `stream,id=s0,server=on,addr.type=unix,addr.path=${s}`,
  ]);
  t.teardown(() => emu.kill());
  await waitUntil("the QMP socket", () => fs.existsSync(q), 60000);
  await new Promise((r) => setTimeout(r, 500));
  t.notOk(fs.existsSync(s), "the netdev does not exist yet");
  t.match(emu.err(), `QEMU waiting for connection on: disconnected:unix:${q},server=on`);
  const qmp = await QmpClient.connect(q);
  t.teardown(() => qmp.close());
  await qmp.greeting;
  await qmp.cmd("qmp_capabilities");
  await waitUntil("the netdev's socket", () => fs.existsSync(s));
  t.equal(await qmp.hmp("info network"), "s0: index=0,type=stream,\r\n");
  await qmp.cmd("quit");
  t.same(await withTimeout(emu.exited, 30000, "exit"), { code: 0, signal: null });
});

const canTap = process.getuid?.() === 0 && fs.existsSync("/dev/net/tun");

t.test(
  "tap,fd=N from an inherited tap fd",
  { skip: canTap ? false : "needs root and /dev/net/tun" },
  async (t) => {
    const dir = tempDir("e2k-tapfd-");
    const q = path.join(dir, "q.sock");
    const ifname = `e2kf${process.pid % 100000}`;
    const py = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    // Open the tap, move it to fd 3, exec the emulator with it inherited.
    const script = [
      "import os, sys, fcntl, struct",
      "fd = os.open('/dev/net/tun', os.O_RDWR)",
      `fcntl.ioctl(fd, 0x400454ca, struct.pack('16sH', b'${ifname}', 0x1002))`,
      "os.dup2(fd, 3); os.close(fd) if fd != 3 else None",
      "os.set_inheritable(3, True)",
      "os.execv(sys.argv[1], sys.argv[1:])",
    ].join("\n");
    const proc = spawn(
      py,
      [
        "-c",
        script,
        process.execPath,
        "--import",
        "tsx",
        path.join(ROOT, "system", "main.ts"),
        "-M",
        "none",
        "-qmp",
        `unix:${q},server=on,wait=off`,
        "-netdev",
        "tap,id=t0,fd=3",
      ],
      { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
    );
    let err = "";
    proc.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => proc.once("exit", (c) => r(c)));
    t.teardown(() => {
      if (proc.exitCode === null) proc.kill("SIGKILL");
    });
    const qmp = await QmpClient.connect(q, 60000);
    t.teardown(() => qmp.close());
    await qmp.greeting;
    await qmp.cmd("qmp_capabilities");
    t.equal(await qmp.hmp("info network"), "t0: index=0,type=tap,fd=3\r\n");
    t.equal(spawnSync("ip", ["link", "show", ifname]).status, 0, "the tap interface exists");
    await qmp.cmd("quit");
    t.equal(await withTimeout(exited, 30000, "exit"), 0, err);
    await waitUntil("the interface to go", () => spawnSync("ip", ["link", "show", ifname]).status !== 0);
  },
);
