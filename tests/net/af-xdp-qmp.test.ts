// qemu-e2k -M none with af-xdp netdevs: a two-netdev forwarder joined by a hub, and 1000
// netdev_add/netdev_del cycles over QMP with flat fd count and memory.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import t from "tap";
import { afXdpUnavailable, driver, makeVethNs, root, sh } from "./af-xdp-netns";

const why = afXdpUnavailable();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const xdpAttached = (ns: string, dev: string) => /\bxdp/.test(sh("ip", ["-n", ns, "link", "show", dev]));

// A line-oriented QMP client: one command at a time, events skipped.
class Qmp {
  private buf = "";
  private waiters: ((line: Record<string, unknown>) => void)[] = [];
  private constructor(private readonly sock: net.Socket) {
    sock.on("data", (d: Buffer) => {
      this.buf += d.toString();
      let i: number;
      while ((i = this.buf.indexOf("\n")) >= 0) {
        const line = this.buf.slice(0, i).trim();
        this.buf = this.buf.slice(i + 1);
        if (!line) continue;
        const msg = JSON.parse(line) as Record<string, unknown>;
        if ("event" in msg) continue;
        this.waiters.shift()?.(msg);
      }
    });
  }
  static async connect(file: string): Promise<Qmp> {
    for (let i = 0; i < 400 && !existsSync(file); i++) await sleep(50);
    const sock = net.connect(file);
    const q = new Qmp(sock);
    await q.next(); // greeting
    await q.cmd("qmp_capabilities");
    return q;
  }
  private next(): Promise<Record<string, unknown>> {
    return new Promise((r) => this.waiters.push(r));
  }
  cmd(execute: string, args?: object): Promise<Record<string, unknown>> {
    const p = this.next();
    this.sock.write(JSON.stringify(args ? { execute, arguments: args } : { execute }) + "\n");
    return p;
  }
  close(): void {
    this.sock.destroy();
  }
}

function startSystem(
  ns: string,
  args: string[],
): { proc: ChildProcess; exited: Promise<number | null>; err: () => string } {
  const proc = spawn(
    "ip",
    ["netns", "exec", ns, "node", "--import", "tsx", path.join(root, "system", "main.ts"), ...args],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let err = "";
  proc.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  return { proc, exited, err: () => err };
}

const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const rssKiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);

// Each cycle maps, pins and unpins a 32 MiB UMEM and attaches/detaches the program (~0.1 s
// here); allow for a loaded CI machine.
t.setTimeout(20 * 60 * 1000);

if (why) {
  t.comment(`skipping af-xdp QMP tests: ${why}`);
  t.pass("skipped");
} else {
  t.test("-M none forwarder: two af-xdp netdevs joined by a hub", async (t) => {
    const v = makeVethNs();
    t.teardown(() => v.del());
    sh("ip", ["-n", v.ns, "link", "add", "xvc", "type", "veth", "peer", "name", "xvd"]);
    sh("ip", ["-n", v.ns, "link", "set", "xvc", "up"]);
    sh("ip", ["-n", v.ns, "link", "set", "xvd", "up"]);
    const sockPath = path.join(os.tmpdir(), `qmp-fwd-${process.pid}.sock`);
    t.teardown(() => rmSync(sockPath, { force: true }));
    const sys = startSystem(v.ns, [
      "-M",
      "none",
      "-netdev",
      `af-xdp,id=a,ifname=${v.a}`,
      "-netdev",
      "af-xdp,id=b,ifname=xvc",
      "-netdev",
      "hubport,id=p0,hubid=0,netdev=a",
      "-netdev",
      "hubport,id=p1,hubid=0,netdev=b",
      "-qmp",
      `unix:${sockPath},server=on,wait=off`,
    ]);
    t.teardown(() => sys.proc.kill("SIGKILL"));
    const qmp = await Qmp.connect(sockPath);
    const info = await qmp.cmd("human-monitor-command", { "command-line": "info network" });
    t.match(String(info.return), /a: index=0,type=af-xdp,af-xdp0 to xva/, "info network lists the netdev");
    const r = await driver(v.ns, {
      kind: "pair",
      a: `af-xdp,id=n0,ifname=${v.b}`,
      b: "af-xdp,id=n1,ifname=xvd",
      count: 2000,
      size: 64,
    });
    t.same(r.errors, [], "2000 frames each way through the forwarder, exact contents");
    await qmp.cmd("quit");
    qmp.close();
    t.equal(await sys.exited, 0, `exit status 0 ${sys.err()}`);
    t.notOk(xdpAttached(v.ns, v.a), "no XDP program left on xva");
    t.notOk(xdpAttached(v.ns, "xvc"), "no XDP program left on xvc");
  });

  t.test("1000 netdev_add/netdev_del cycles over QMP", async (t) => {
    const v = makeVethNs();
    t.teardown(() => v.del());
    const sockPath = path.join(os.tmpdir(), `qmp-cyc-${process.pid}.sock`);
    t.teardown(() => rmSync(sockPath, { force: true }));
    const sys = startSystem(v.ns, ["-M", "none", "-qmp", `unix:${sockPath},server=on,wait=off`]);
    t.teardown(() => sys.proc.kill("SIGKILL"));
    const qmp = await Qmp.connect(sockPath);
    const pid = sys.proc.pid as number;
    const args = { type: "af-xdp", id: "n0", ifname: v.a };
    const cycle = async () => {
      const a = await qmp.cmd("netdev_add", args);
      if (!("return" in a)) throw new Error(`netdev_add: ${JSON.stringify(a)}`);
      const d = await qmp.cmd("netdev_del", { id: "n0" });
      if (!("return" in d)) throw new Error(`netdev_del: ${JSON.stringify(d)}`);
    };
    for (let i = 0; i < 50; i++) await cycle();
    const fd0 = fdCount(pid);
    const rss0 = rssKiB(pid);
    for (let i = 50; i < 1000; i++) await cycle();
    const fd1 = fdCount(pid);
    const rss1 = rssKiB(pid);
    t.equal(fd1, fd0, `fd count flat over 950 cycles (${fd0} -> ${fd1})`);
    t.ok(rss1 - rss0 < 16 * 1024, `RSS flat (${rss0} KiB -> ${rss1} KiB)`);
    const dup = await qmp.cmd("netdev_add", args);
    t.ok("return" in dup, "a netdev can still be made");
    const again = await qmp.cmd("netdev_add", args);
    t.match(again, { error: { class: "GenericError", desc: "Duplicate ID 'n0'" } });
    await qmp.cmd("quit");
    qmp.close();
    t.equal(await sys.exited, 0, "quit");
    t.notOk(xdpAttached(v.ns, v.a), "no XDP program left");
  });
}
