// The sink's receive work on its own CPU (NET.md §7): vB's NAPI made a kernel thread and
// pinned to CPU 1. veth only has NAPI once an XDP program is attached (or GRO is on), so
// this must run after the XDP_DROP sink is ready; written before that, `threaded` fails with
// EIO and the sink's work would run in softirq on the measured process's CPU, charged to it.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Pids of the kernel threads named napi/<ifname>-<id>. */
function napiThreads(ifname: string): Set<number> {
  const out = new Set<number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, "utf8").startsWith(`napi/${ifname}-`)) out.add(Number(d));
    } catch {
      // the process went away
    }
  }
  return out;
}

/** Makes ifname's NAPI (in namespace ns) a thread on `cpu`; returns false when that failed. */
export function threadSinkNapi(ns: string, ifname: string, cpu: string): boolean {
  const before = napiThreads(ifname);
  try {
    execFileSync("ip", ["netns", "exec", ns, "sh", "-c", `echo 1 > /sys/class/net/${ifname}/threaded`], {
      stdio: "ignore",
    });
  } catch {
    return false;
  }
  // Only the threads this call created: other namespaces may have a vB of their own.
  const mine = [...napiThreads(ifname)].filter((p) => !before.has(p));
  for (const p of mine) execFileSync("taskset", ["-pc", cpu, String(p)], { stdio: "ignore" });
  return mine.length > 0;
}
