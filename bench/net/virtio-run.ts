// bench/net for the virtio-net path (issue 6): virtio-net-pci + af-xdp with an in-process
// guest driver (virtio-net-bench.ts) against the raw C reference (xsk-ref) on the same veth,
// back to back, with the generator/sink and method of bench/net/harness.ts (NET.md §7).
//   node --import tsx bench/net/virtio-run.ts [--secs 3] [--reps 3] [--modes skb,native] [--tests tx,rx,l2fwd]
//        [--native-batch auto|off]   (virtio-net-pci's x-native-batch; default auto)
import path from "node:path";
import { compareWithReference, root, runBench } from "./harness";

const i = process.argv.indexOf("--native-batch");
const nativeBatch = i >= 0 ? (process.argv[i + 1] ?? "auto") : "auto";

runBench("bench/net virtio", () =>
  compareWithReference("vbench", "virtio-net + af-xdp", (mode, test, secs) => [
    "node",
    "--import",
    "tsx",
    path.join(root, "bench", "net", "virtio-net-bench.ts"),
    test,
    "vA",
    mode,
    String(secs),
    nativeBatch,
  ]),
);
