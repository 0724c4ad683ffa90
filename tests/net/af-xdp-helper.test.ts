// qemu-e2k-xdp-helper: the privileged helper creates the sockets and loads the program,
// the command runs with only CAP_IPC_LOCK and uses them through inhibit=on,sock-fds=…
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import t from "tap";
import { afXdpUnavailable, driver, makeVethNs, root, runInNs, sh, startInNs } from "./af-xdp-netns";

const helper = path.join(root, "build", "native", "qemu-e2k-xdp-helper");
const drv = path.join(root, "tests", "net", "af-xdp-driver.ts");
const why = afXdpUnavailable();

const xdpAttached = (ns: string, dev: string) => /\bxdp/.test(sh("ip", ["-n", ns, "link", "show", dev]));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (why) {
  t.comment(`skipping AF_XDP helper tests: ${why}`);
  t.pass("skipped");
} else {
  t.ok(existsSync(helper), `${helper} is built (make native)`);

  t.test("echo through helper-made sockets, command holding only CAP_IPC_LOCK", async (t) => {
    const v = makeVethNs();
    t.teardown(() => v.del());
    const count = 300;
    const echo = startInNs(
      v.ns,
      [
        helper,
        "--ifname",
        v.a,
        "--",
        "node",
        "--import",
        "tsx",
        drv,
        JSON.stringify({ kind: "echo", count, ms: 15000 }),
        "-netdev",
        `af-xdp,id=e0,ifname=${v.a}`,
      ],
      30000,
    );
    // Ping only once the echo side's netdev is up (and the watcher had time to map it).
    await echo.ready;
    await sleep(300);
    const ping = await driver(v.ns, { kind: "ping", netdev: `af-xdp,id=p0,ifname=${v.b}`, count, size: 128 });
    const e = await echo.done;
    const res = JSON.parse(e.stdout.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
    t.same(ping.errors, [], `${count} frames went out and came back unchanged`);
    t.equal(res.capEff, "0000000000004000", "the command's effective capabilities are CAP_IPC_LOCK only");
    t.equal(res.netdev, `af-xdp,id=e0,ifname=${v.a},inhibit=on,sock-fds=3`, "sock-fds added to the netdev");
    for (let i = 0; i < 100 && xdpAttached(v.ns, v.a); i++) await sleep(50);
    t.notOk(xdpAttached(v.ns, v.a), "program detached once the command exited");
  });

  t.test("map-path variant: pinned XSKMAP, the command makes and inserts its sockets", async (t) => {
    const v = makeVethNs();
    t.teardown(() => v.del());
    const count = 200;
    const scen = JSON.stringify({ kind: "echo", count, ms: 15000 });
    // bpffs is mounted inside the command's own mount namespace (ip netns exec makes one).
    const script =
      'mount -t bpf bpf /sys/fs/bpf && exec "$0" --ifname "$1" --map-path /sys/fs/bpf/qe2k-test -- ' +
      'node --import tsx "$2" "$3" -netdev "af-xdp,id=e0,ifname=$1"';
    const echo = startInNs(v.ns, ["sh", "-c", script, helper, v.a, drv, scen], 30000);
    await echo.ready;
    await sleep(300);
    const ping = await driver(v.ns, { kind: "ping", netdev: `af-xdp,id=p0,ifname=${v.b}`, count, size: 90 });
    const e = await echo.done;
    const res = JSON.parse(e.stdout.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
    t.same(ping.errors, [], `${count} frames out and back through the map-path netdev`);
    t.equal(res.netdev, `af-xdp,id=e0,ifname=${v.a},inhibit=on,map-path=/sys/fs/bpf/qe2k-test`);
    t.equal(res.capEff, "0000008000006000", "CAP_IPC_LOCK, CAP_NET_RAW and CAP_BPF only");
    for (let i = 0; i < 100 && xdpAttached(v.ns, v.a); i++) await sleep(50);
    t.notOk(xdpAttached(v.ns, v.a), "program detached once the command exited");
  });

  t.test("helper errors", async (t) => {
    const v = makeVethNs();
    t.teardown(() => v.del());
    const run = (args: string[]) => runInNs(v.ns, [helper, ...args], 10000);
    let r = await run(["--ifname", "nosuch", "--", "true"]);
    t.equal(r.code, 1);
    t.match(r.stderr, "qemu-e2k-xdp-helper: failed to get ifindex for 'nosuch': No such device");
    r = await run(["--ifname", v.a, "--", "true", "-netdev", "af-xdp,id=x,ifname=other"]);
    t.match(r.stderr, `the command has no '-netdev af-xdp,...,ifname=${v.a}'`);
    r = await run([
      "--ifname",
      v.a,
      "--queues",
      "2",
      "--",
      "true",
      "-netdev",
      `af-xdp,id=x,ifname=${v.a},queues=3`,
    ]);
    t.match(r.stderr, "netdev has queues=3 but --queues is 2");
    r = await run(["--ifname", v.a, "--mode", "fast", "--", "true"]);
    t.match(r.stderr, "--mode must be 'native' or 'skb', not 'fast'");
    r = await run(["--ifname", "lo", "--mode", "native", "--", "true", "-netdev", "af-xdp,id=x,ifname=lo"]);
    t.match(r.stderr, "cannot attach the XDP program to 'lo' in native mode: Operation not supported");
    r = await run(["--ifname", v.a]);
    t.match(r.stderr, "no command given after '--'");
    t.notOk(xdpAttached(v.ns, v.a), "nothing left attached");
  });

  t.test("a program already attached by someone else is reported", async (t) => {
    const v = makeVethNs();
    t.teardown(() => v.del());
    const holder = spawn(
      "ip",
      [
        "netns",
        "exec",
        v.ns,
        helper,
        "--ifname",
        v.a,
        "--",
        "sh",
        "-c",
        "sleep 60",
        "sh",
        "-netdev",
        `af-xdp,id=h,ifname=${v.a}`,
      ],
      { stdio: "ignore" },
    );
    const closed = new Promise((r) => holder.once("close", r));
    t.teardown(() => holder.kill("SIGKILL"));
    for (let i = 0; i < 100 && !xdpAttached(v.ns, v.a); i++) await sleep(50);
    const r = await driver(v.ns, {
      kind: "errors",
      netdevs: [`af-xdp,id=n0,ifname=${v.a}`, `af-xdp,id=n0,ifname=${v.a},mode=skb`],
    });
    const results = r.results as string[];
    t.match(
      results[0],
      /^failed to create AF_XDP socket for xva queue_id: 0: .*another XDP program is attached/,
    );
    t.match(
      results[1],
      /^failed to create AF_XDP socket for xva queue_id: 0: .*another XDP program is attached/,
    );
    holder.kill("SIGKILL");
    await closed;
    for (let i = 0; i < 100 && xdpAttached(v.ns, v.a); i++) await sleep(50);
    t.notOk(xdpAttached(v.ns, v.a), "the holder's program went away with it (SIGKILL)");
  });
}
