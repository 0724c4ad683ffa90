// QMP over a unix socket with a real client speaking JSON: greeting, negotiation, queries,
// errors with QEMU's classes and texts, netdev_add/netdev_del (also 1000 cycles with a
// flat fd count and memory), `info network`, quit.
import t from "tap";
import fs from "node:fs";
import path from "node:path";
import { QmpClient, freePort, tempDir } from "../net/qemu-ref";
import { startEmulator, withTimeout } from "./emulator";

function fdCount(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}
function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m?.[1] ?? 0);
}

t.test("QMP session", async (t) => {
  const dir = tempDir("e2k-qmp-");
  const sock = path.join(dir, "qmp.sock");
  const [p1, p2] = [await freePort("udp"), await freePort("udp")];
  const emu = startEmulator([
    "-M",
    "none",
    "-qmp",
    `unix:${sock},server=on,wait=off`,
    "-netdev",
    "hubport,id=hp0,hubid=0",
    "-netdev",
    `dgram,id=dg,local.type=inet,local.host=127.0.0.1,local.port=${p1},remote.type=inet,remote.host=127.0.0.1,remote.port=${p2}`,
  ]);
  t.teardown(() => emu.kill());
  const qmp = await QmpClient.connect(sock, 60000);
  t.teardown(() => qmp.close());
  const greeting = await qmp.greeting;
  t.match(greeting, {
    QMP: { version: { qemu: { major: Number, minor: Number, micro: Number } }, capabilities: ["oob"] },
  });

  t.same(await qmp.cmd("query-status"), {
    error: { class: "CommandNotFound", desc: "Expecting capabilities negotiation with 'qmp_capabilities'" },
  });
  t.same(await qmp.cmd("qmp_capabilities"), { return: {} });
  t.same(await qmp.cmd("qmp_capabilities"), {
    error: {
      class: "CommandNotFound",
      desc: "Capabilities negotiation is already complete, command ignored",
    },
  });
  t.same(await qmp.cmd("query-status"), { return: { status: "running", singlestep: false, running: true } });
  t.match(await qmp.cmd("query-version"), {
    return: { qemu: { major: 0, minor: 1, micro: 0 }, package: "qemu-e2k" },
  });
  t.same(await qmp.cmd("nope"), {
    error: { class: "CommandNotFound", desc: "The command nope has not been found" },
  });
  t.same(await qmp.cmd("query-status", { x: 1 }), {
    error: { class: "GenericError", desc: "Parameter 'x' is unexpected" },
  });

  // Raw protocol errors and id echo.
  const raw = (o: unknown) =>
    new Promise<Record<string, unknown>>((resolve) => {
      (qmp as unknown as { waiters: ((o: Record<string, unknown>) => void)[] }).waiters.push(resolve);
      qmp.send(o);
    });
  t.same(await raw({ foo: 1 }), {
    error: { class: "GenericError", desc: "QMP input member 'foo' is unexpected" },
  });
  t.same(await raw({ execute: "query-status", id: 7 }), {
    return: { status: "running", singlestep: false, running: true },
    id: 7,
  });
  t.same(await raw([1]), { error: { class: "GenericError", desc: "QMP input must be a JSON object" } });

  // netdev_add / netdev_del
  t.same(await qmp.cmd("netdev_add", { type: "hubport", id: "hp1", hubid: 0, netdev: "dg" }), { return: {} });
  t.same(await qmp.cmd("netdev_add", { type: "hubport", id: "hp1", hubid: 0 }), {
    error: { class: "GenericError", desc: "Duplicate ID 'hp1'" },
  });
  t.same(await qmp.cmd("netdev_add", { type: "hubport", id: "h2" }), {
    error: { class: "GenericError", desc: "Parameter 'hubid' is missing" },
  });
  t.same(await qmp.cmd("netdev_add", { type: "hubport", id: "h2", hubid: "x" }), {
    error: { class: "GenericError", desc: "Invalid parameter type for 'hubid', expected: integer" },
  });
  t.same(await qmp.cmd("netdev_add", { type: "hubport", id: "h2", hubid: 1, zz: 2 }), {
    error: { class: "GenericError", desc: "Parameter 'zz' is unexpected" },
  });
  t.same(await qmp.cmd("netdev_del"), {
    error: { class: "GenericError", desc: "Parameter 'id' is missing" },
  });
  t.same(await qmp.cmd("netdev_del", { id: "zz" }), {
    error: { class: "DeviceNotFound", desc: "Device 'zz' not found" },
  });

  t.equal(
    await qmp.hmp("info network"),
    "hub 0\r\n" + ` \\ hp1: dg: index=0,type=dgram,udp=127.0.0.1:${p1}/127.0.0.1:${p2}\r\n` + " \\ hp0\r\n",
  );
  t.equal(await qmp.hmp("info foo"), "unknown command: 'info foo'\r\n");
  t.equal(await qmp.hmp("bar"), "unknown command: 'bar'\r\n");
  t.equal(await qmp.hmp("info status"), "VM status: running\r\n");
  t.same(await qmp.cmd("netdev_del", { id: "hp1" }), { return: {} });
  t.same(await qmp.cmd("netdev_del", { id: "hp1" }), {
    error: { class: "DeviceNotFound", desc: "Device 'hp1' not found" },
  });
  t.equal(
    await qmp.hmp("info network"),
    "hub 0\r\n \\ hp0\r\n" + `dg: index=0,type=dgram,udp=127.0.0.1:${p1}/127.0.0.1:${p2}\r\n`,
  );

  // 1000 add/del cycles of a netdev that owns a socket: fds and memory stay flat.
  const pid = emu.proc.pid as number;
  const cycle = async (i: number) => {
    const port = 20000 + (i % 20000);
    const r1 = await qmp.cmd("netdev_add", {
      type: "dgram",
      id: "cyc",
      local: { type: "inet", host: "127.0.0.1", port: String(port) },
      remote: { type: "inet", host: "127.0.0.1", port: String(p2) },
    });
    if (!("return" in r1)) throw new Error(`netdev_add failed: ${JSON.stringify(r1)}`);
    const r2 = await qmp.cmd("netdev_del", { id: "cyc" });
    if (!("return" in r2)) throw new Error(`netdev_del failed: ${JSON.stringify(r2)}`);
  };
  for (let i = 0; i < 50; i++) await cycle(i);
  const fds0 = fdCount(pid);
  const rss0 = rssKiB(pid);
  const start = Date.now();
  for (let i = 50; i < 1050; i++) await cycle(i);
  await new Promise((r) => setTimeout(r, 200));
  const fds1 = fdCount(pid);
  const rss1 = rssKiB(pid);
  t.comment(`1000 cycles in ${Date.now() - start} ms; fds ${fds0} -> ${fds1}; RSS ${rss0} -> ${rss1} KiB`);
  t.equal(fds1, fds0, "fd count is flat");
  t.ok(rss1 - rss0 < 24 * 1024, `RSS grew by ${rss1 - rss0} KiB (< 24 MiB)`);

  // quit: the SHUTDOWN event, the reply, a clean exit, the socket file removed.
  t.same(await qmp.cmd("quit"), { return: {} });
  t.match(qmp.events, [{ event: "SHUTDOWN", data: { guest: false, reason: "host-qmp-quit" } }]);
  const ex = await withTimeout(emu.exited, 20000, "exit after quit");
  t.same(ex, { code: 0, signal: null });
  t.notOk(fs.existsSync(sock), "QMP socket removed");
});

t.test("SIGTERM tears down and exits 0; SIGINT too", async (t) => {
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    const dir = tempDir("e2k-sig-");
    const emu = startEmulator([
      "-M",
      "none",
      "-qmp",
      `unix:${path.join(dir, "q.sock")},server=on,wait=off`,
      "-netdev",
      `stream,id=s0,server=on,addr.type=unix,addr.path=${path.join(dir, "s.sock")}`,
    ]);
    t.teardown(() => emu.kill());
    const qmp = await QmpClient.connect(path.join(dir, "q.sock"), 60000);
    await qmp.greeting;
    emu.proc.kill(sig);
    const ex = await withTimeout(emu.exited, 20000, `exit after ${sig}`);
    qmp.close();
    t.same(ex, { code: 0, signal: null }, `${sig}: exit status 0`);
    t.match(emu.err(), `terminating on signal ${sig === "SIGTERM" ? 15 : 2}`);
  }
});

t.test("-monitor stdio: banner, info network, quit", async (t) => {
  const emu = startEmulator(["-M", "none", "-monitor", "stdio", "-netdev", "hubport,id=p0,hubid=2"], "pipe");
  t.teardown(() => emu.kill());
  emu.proc.stdin?.write("info network\n");
  emu.proc.stdin?.write("info version\n");
  emu.proc.stdin?.write("netdev_add hubport,id=p1,hubid=2\n");
  emu.proc.stdin?.write("netdev_add hubport,id=p1,hubid=2\n");
  emu.proc.stdin?.write("info network\nquit\n");
  const ex = await withTimeout(emu.exited, 60000, "exit after quit");
  t.same(ex, { code: 0, signal: null });
  const out = emu.out();
  t.match(out, /^QEMU 0\.1\.0 monitor - type 'help' for more information\r\n\(qemu\) /);
  t.match(out, "(qemu) hub 2\r\n \\ p0\r\n(qemu) ");
  t.match(out, "0.1.0 (qemu-e2k)\r\n");
  t.match(out, "Error: Duplicate ID 'p1' for netdev\r\n");
  t.match(out, "hub 2\r\n \\ p1\r\n \\ p0\r\n");
  t.match(emu.err(), "qemu-e2k: warning: hub port p0 has no peer");
});

t.test("-nic with -M none: the netdev exists, the NIC is reported as not created", async (t) => {
  const dir = tempDir("e2k-nic-");
  const q = path.join(dir, "q.sock");
  const emu = startEmulator([
    "-M",
    "none",
    "-qmp",
    `unix:${q},server=on,wait=off`,
    "-nic",
    "hubport,hubid=3",
  ]);
  t.teardown(() => emu.kill());
  const qmp = await QmpClient.connect(q, 60000);
  t.teardown(() => qmp.close());
  await qmp.greeting;
  await qmp.cmd("qmp_capabilities");
  t.equal(await qmp.hmp("info network"), "hub 3\r\n \\ __org.qemu.nic0\r\n");
  await qmp.cmd("quit");
  t.same(await withTimeout(emu.exited, 30000, "exit"), { code: 0, signal: null });
  t.match(
    emu.err(),
    "qemu-e2k: warning: requested NIC (anonymous, model unspecified) was not created (not supported by this machine?)",
  );
});

t.test("command-line errors name the option and exit 1", async (t) => {
  const cases: [string[], string][] = [
    [
      ["-M", "none", "-netdev", "socket,id=a,foo=1"],
      "qemu-e2k: -netdev socket,id=a,foo=1: Invalid parameter 'foo'\n",
    ],
    [
      ["-M", "none", "-object", "filter-dump,id=f0,file=/tmp/x.pcap"],
      "qemu-e2k: -object filter-dump,id=f0,file=/tmp/x.pcap: Parameter 'netdev' is missing\n",
    ],
    [
      ["-M", "bogus"],
      "qemu-e2k: -machine bogus: unsupported machine type\nUse -machine help to list supported machines\n",
    ],
    [["-M", "none", "-qmp", "foo:bar"], "qemu-e2k: -qmp foo:bar: 'foo' is not a valid char driver\n"],
  ];
  for (const [args, err] of cases) {
    const emu = startEmulator(args);
    const ex = await withTimeout(emu.exited, 60000, args.join(" "));
    t.equal(ex.code, 1, args.join(" "));
    t.equal(emu.err(), err);
  }
  const help = startEmulator(["-netdev", "help"]);
  t.same(await withTimeout(help.exited, 60000, "-netdev help"), { code: 0, signal: null });
  t.match(help.out(), /^Available netdev backend types:\n(.+\n)+$/);
});
