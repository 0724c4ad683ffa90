// The af-xdp netdev on veth pairs in fresh network namespaces: frames both ways with exact
// contents (native, skb, copy mode), the native->skb fallback, queues/start-queue, every
// option error, and teardown (no XDP program left; fd/memory flatness is in af-xdp-qmp.test.ts).
import t from "tap";
import { afXdpUnavailable, driver, makeVethNs, sh } from "./af-xdp-netns";

const why = afXdpUnavailable();
if (why) {
  t.comment(`skipping AF_XDP tests: ${why}`);
  t.pass("skipped");
} else {
  const xdpAttached = (ns: string, dev: string) => /\bxdp/.test(sh("ip", ["-n", ns, "link", "show", dev]));

  // The assertions pair() uses (tap's subtest type is not exported under a stable name).
  interface Checks {
    teardown(fn: () => void): void;
    same(found: unknown, wanted: unknown, message: string): boolean;
    equal(found: unknown, wanted: unknown, message: string): boolean;
    notOk(value: unknown, message: string): boolean;
  }

  const pair = async (t: Checks, a: string, b: string, count: number, size: number, modes: string[]) => {
    const v = makeVethNs();
    t.teardown(() => v.del());
    const r = await driver(v.ns, {
      kind: "pair",
      a: `af-xdp,id=na,ifname=${v.a},${a}`,
      b: `af-xdp,id=nb,ifname=${v.b},${b}`,
      count,
      size,
    });
    t.same(r.errors, [], `${count} frames of ${size} bytes each way, exact contents`);
    t.same(r.modes, modes, "attach modes");
    t.equal(r.left, 0, "netdev_del removed every queue");
    t.notOk(xdpAttached(v.ns, v.a), "no XDP program left on a");
    t.notOk(xdpAttached(v.ns, v.b), "no XDP program left on b");
  };

  t.test("native mode (mode unset picks native on veth), 64-byte frames", (t) =>
    pair(t, "queues=1", "queues=1", 2000, 64, ["native", "native"]),
  );
  t.test("mode=native, full-size frames", (t) =>
    pair(t, "mode=native", "mode=native", 500, 1514, ["native", "native"]),
  );
  t.test("mode=skb with force-copy", (t) =>
    pair(t, "mode=skb,force-copy=on", "mode=skb,force-copy=on", 1000, 64, ["skb", "skb"]),
  );
  t.test("skb on one end, native on the other", (t) =>
    pair(t, "mode=skb", "mode=native", 500, 333, ["skb", "native"]),
  );

  t.test("a peer that cannot take frames: they wait in the RX ring, none dropped", async (t) => {
    const v = makeVethNs();
    t.teardown(() => v.del());
    const r = await driver(v.ns, {
      kind: "backpressure",
      a: `af-xdp,id=na,ifname=${v.a}`,
      b: `af-xdp,id=nb,ifname=${v.b}`,
      count: 1500,
    });
    const closed = r.whileClosed as { got: number; refused: number; queued: number };
    t.equal(closed.got, 0, "nothing delivered while the peer refused");
    t.equal(closed.refused, 1, "one refusal, then reading stopped");
    t.equal(closed.queued, 1, "only the refused frame waits in the peer's queue");
    t.same(r.errors, [], "all 1500 frames arrived in order once the peer flushed");
    t.match(r.stats, { rxDropped: 0, rxRingFull: 0 }, "the kernel dropped nothing");
  });

  t.test("native -> skb fallback on lo, and mode=native refused there", async (t) => {
    const v = makeVethNs();
    t.teardown(() => v.del());
    const ok = await driver(v.ns, { kind: "error", netdev: "af-xdp,id=n0,ifname=lo" });
    t.same(ok, { ok: true, queues: 1, modes: ["skb"] }, "mode unset falls back to skb");
    const bad = await driver(v.ns, { kind: "error", netdev: "af-xdp,id=n0,ifname=lo,mode=native" });
    t.match(
      bad.error,
      /^failed to create AF_XDP socket for lo queue_id: 0: Operation not supported \(the driver/,
    );
    t.notOk(xdpAttached(v.ns, "lo"), "nothing left on lo");
  });

  t.test("queues and start-queue on a multi-queue veth", async (t) => {
    const v = makeVethNs(4);
    t.teardown(() => v.del());
    try {
      v.run("ethtool", ["-L", v.a, "rx", "4", "tx", "4"]);
    } catch (e) {
      t.comment(`ethtool -L failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const q = Number(/RX:\s+(\d+)/.exec(v.run("ethtool", ["-l", v.a]).split("Current")[1] ?? "")?.[1] ?? "1");
    t.equal(q, 4, "4 active RX queues");
    const two = await driver(v.ns, {
      kind: "error",
      netdev: `af-xdp,id=n0,ifname=${v.a},queues=2,start-queue=2`,
    });
    t.same(two, { ok: true, queues: 2, modes: ["native", "native"] }, "queues 2 and 3");
    const beyond = await driver(v.ns, {
      kind: "error",
      netdev: `af-xdp,id=n0,ifname=${v.a},queues=2,start-queue=3`,
    });
    t.equal(
      beyond.error,
      `failed to create AF_XDP socket for ${v.a} queue_id: 4: Invalid argument ` +
        `(queue 4 is beyond the 4 active queue(s) of '${v.a}': lower queues/start-queue or add channels with ethtool -L ${v.a})`,
    );
    t.notOk(xdpAttached(v.ns, v.a), "failure removed every queue and the program");
  });

  t.test("option errors, with QEMU 10.1's texts", async (t) => {
    const v = makeVethNs();
    t.teardown(() => v.del());
    const a = v.a;
    const cases: [string, string | RegExp][] = [
      ["ifname=nosuch", "failed to get ifindex for 'nosuch': No such device"],
      [`ifname=${a},queues=0`, `invalid number of queues (0) for '${a}'`],
      [`ifname=${a},inhibit=on`, "'inhibit=on' requires 'sock-fds' or 'map-path'"],
      [`ifname=${a},sock-fds=3`, "'sock-fds' and 'map-path' require 'inhibit=on'"],
      [`ifname=${a},map-path=/sys/fs/bpf/x`, "'sock-fds' and 'map-path' require 'inhibit=on'"],
      [`ifname=${a},inhibit=on,sock-fds=3,map-path=/x`, "'sock-fds' and 'map-path' are mutually exclusive"],
      [`ifname=${a},map-start-index=1`, "'map-start-index' requires 'map-path'"],
      [`ifname=${a},inhibit=on,map-path=/x,map-start-index=-1`, "'map-start-index' cannot be negative (-1)"],
      [`ifname=${a},inhibit=on,sock-fds=3:4`, "expected 1 socket fds, got 2"],
      [`ifname=${a},queues=2,inhibit=on,sock-fds=3`, "expected 2 socket fds, got 1"],
      [`ifname=${a},inhibit=on,sock-fds=99`, "sock-fds=99: file descriptor 99 is not open"],
      [
        `ifname=${a},inhibit=on,sock-fds=1`,
        /^failed to create umem for xva queue_index: 0: .*\(fd 1 is not an AF_XDP socket\)$/,
      ],
      [
        `ifname=${a},inhibit=on,map-path=/sys/fs/bpf/nope`,
        "failed to insert AF_XDP socket into map /sys/fs/bpf/nope: No such file or directory",
      ],
      [
        `ifname=${a},start-queue=1`,
        /^failed to create AF_XDP socket for xva queue_id: 1: Invalid argument \(queue 1 is beyond/,
      ],
      [`ifname=${a},mode=bogus`, "Parameter 'mode' does not accept value 'bogus'"],
      [`ifname=${a},force-copy=maybe`, "Parameter 'force-copy' expects 'on' or 'off'"],
      [`ifname=${a},queues=x`, "Parameter 'queues' expects an int64 value"],
      [`ifname=${a},bogus=1`, "Invalid parameter 'bogus'"],
      ["queues=1", "Parameter 'ifname' is missing"],
    ];
    const r = await driver(v.ns, { kind: "errors", netdevs: cases.map(([opts]) => `af-xdp,id=n0,${opts}`) });
    const results = r.results as string[];
    cases.forEach(([opts, want], i) => {
      if (typeof want === "string") t.equal(results[i], want, opts);
      else t.match(results[i], want, opts);
    });
    t.notOk(xdpAttached(v.ns, a), "no XDP program left after the failures");
  });

  t.test("locked-memory and capability limits are named with the fix", async (t) => {
    const v = makeVethNs();
    t.teardown(() => v.del());
    const hasSetpriv = (() => {
      try {
        sh("setpriv", ["--version"]);
        return true;
      } catch {
        return false;
      }
    })();
    if (!hasSetpriv) {
      t.comment("setpriv (util-linux) is not installed: limits not checked");
      return;
    }
    const { runInNs } = await import("./af-xdp-netns");
    const drv = new URL("./af-xdp-driver.ts", import.meta.url).pathname;
    const scen = JSON.stringify({ kind: "error", netdev: `af-xdp,id=n0,ifname=${v.a}` });
    // Without CAP_IPC_LOCK the 32 MiB UMEM exceeds RLIMIT_MEMLOCK (8 MiB here, or set it).
    const noLock = await runInNs(v.ns, [
      "prlimit",
      "--memlock=8388608",
      "setpriv",
      "--inh-caps=-ipc_lock",
      "--bounding-set=-ipc_lock",
      "node",
      "--import",
      "tsx",
      drv,
      scen,
    ]);
    t.match(
      noLock.stdout,
      /failed to create umem for xva queue_index: 0: .*32 MiB of locked memory.*CAP_IPC_LOCK/,
    );
    // Without CAP_NET_RAW/NET_ADMIN/BPF/SYS_ADMIN no AF_XDP socket can be made.
    const noNet = await runInNs(v.ns, [
      "setpriv",
      "--inh-caps=-net_raw,-net_admin,-bpf,-sys_admin",
      "--bounding-set=-net_raw,-net_admin,-bpf,-sys_admin",
      "node",
      "--import",
      "tsx",
      drv,
      scen,
    ]);
    t.match(noNet.stdout, /Operation not permitted.*CAP_NET_RAW.*inhibit=on,sock-fds/);
    t.notOk(xdpAttached(v.ns, v.a), "nothing left behind");
  });
}
