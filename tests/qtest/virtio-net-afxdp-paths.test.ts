// The same frames through virtio-net-pci + af-xdp on both data paths (native batches straight
// between guest buffers and UMEM, and the TypeScript reference): what reaches the wire, the
// used rings and the RX buffers must be identical (libqos/afxdp-paths.ts does the work in a
// namespace; root, skipped with the reason otherwise).
import t from "tap";
import path from "node:path";
import { afXdpUnavailable, makeVethNs, root, sh } from "../net/af-xdp-netns";

const why = afXdpUnavailable();
if (why) {
  t.comment(`skipping: ${why}`);
  t.pass("skipped");
} else {
  t.test("native batches and the TypeScript path give the same wire and guest state", (t) => {
    const v = makeVethNs();
    t.teardown(() => v.del());
    // No IPv6: the kernel would otherwise send its own frames on the link.
    v.run("sysctl", ["-qw", `net.ipv6.conf.${v.a}.disable_ipv6=1`]);
    v.run("sysctl", ["-qw", `net.ipv6.conf.${v.b}.disable_ipv6=1`]);
    const run = (mode: string): Record<string, unknown> => {
      const out = sh("ip", [
        "netns",
        "exec",
        v.ns,
        "node",
        "--import",
        "tsx",
        path.join(root, "tests", "qtest", "libqos", "afxdp-paths.ts"),
        v.a,
        v.b,
        mode,
      ]);
      return JSON.parse(out.trim().split("\n").pop()!) as Record<string, unknown>;
    };
    const nat = run("auto");
    const js = run("off");
    t.equal(nat.wireFrames, nat.expectedWire, `native: ${String(nat.wireFrames)} frames on the wire`);
    t.equal(js.wireFrames, js.expectedWire, `TypeScript: ${String(js.wireFrames)} frames on the wire`);
    t.ok(Number(nat.nativeTx) > 0 && Number(nat.nativeRx) > 0, "the native batches carried the frames");
    t.equal(js.nativeTx, 0, "off: no native batches");
    for (const k of ["wire", "usedTx", "usedRx", "rxBufs", "txChains", "rxChains"])
      t.equal(nat[k], js[k], `same ${k}`);
    t.equal(nat.broken, false, "device not broken");
    t.end();
  });
}
