// bench/net: packet rates of the af-xdp netdev against the raw C AF_XDP reference
// (xsk-ref.c) on the same veth pair, back to back in one run (`make bench-net`).
// Method and options: bench/net/harness.ts (NET.md §7).
//   node --import tsx bench/net/run.ts [--secs 3] [--reps 3] [--modes skb,native] [--tests tx,rx,l2fwd]
import path from "node:path";
import { compareWithReference, root, runBench } from "./harness";

runBench("bench/net", () =>
  compareWithReference("bench", "af-xdp netdev", (mode, test, secs) => [
    "node",
    "--import",
    "tsx",
    path.join(root, "bench", "net", "netdev-bench.ts"),
    test,
    "vA",
    mode,
    String(secs),
  ]),
);
