// bench/net for the virtio-net path (issue 6): virtio-net-pci + af-xdp with an in-process
// guest driver (virtio-net-bench.ts) against the raw C reference (xsk-ref) on the same veth,
// back to back, with the generator/sink and method of run.ts (NET.md §7).
//   node --import tsx bench/net/virtio-run.ts [--secs 3] [--reps 3] [--modes skb,native] [--tests tx,rx,l2fwd]
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { threadSinkNapi } from "./sink-napi";

let napiWarned = false;
function warnNapi(): boolean {
  process.stderr.write("bench/net: could not make vB's NAPI a thread on CPU 1; the sink shares CPU 0\n");
  return true;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = (name: string): string => path.join(root, "build", "native", name);
const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
};
const secs = Number(arg("secs", "3"));
const reps = Number(arg("reps", "3"));
const modes = arg("modes", "skb,native").split(",");
const tests = arg("tests", "tx,rx,l2fwd").split(",");
const sh = (cmd: string, args: string[]): string =>
  execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const nsA = `vbenchA${process.pid}`;
const nsB = `vbenchB${process.pid}`;

function teardown(): void {
  for (const ns of [nsA, nsB]) {
    try {
      sh("ip", ["netns", "del", ns]);
    } catch {
      // not there
    }
  }
}

function setup(mode: string, test: string): void {
  teardown();
  sh("ip", ["netns", "add", nsA]);
  sh("ip", ["netns", "add", nsB]);
  sh("ip", ["-n", nsA, "link", "add", "vA", "type", "veth", "peer", "name", "vB", "netns", nsB]);
  sh("ip", ["-n", nsA, "link", "set", "vA", "up"]);
  sh("ip", ["-n", nsB, "link", "set", "vB", "up"]);
  if (mode === "skb" && test !== "tx") sh("ip", ["netns", "exec", nsA, "ethtool", "-K", "vA", "gro", "on"]);
}

interface Proc {
  lines: Record<string, unknown>[];
  ready: Promise<void>;
  done: Promise<void>;
  err: () => string;
}

function run(ns: string, cpu: string, cmd: string[]): Proc {
  const p = spawn("ip", ["netns", "exec", ns, "taskset", "-c", cpu, ...cmd], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  let buf = "";
  let err = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => (onReady = r));
  p.stdout.on("data", (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        const o = JSON.parse(line) as Record<string, unknown>;
        lines.push(o);
        if (o.ready) onReady();
      } catch {
        // not JSON
      }
    }
  });
  p.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const done = new Promise<void>((r) =>
    p.once("close", () => {
      onReady();
      r();
    }),
  );
  return { lines, ready, done, err: () => err };
}

async function measure(
  impl: "ref" | "virtio",
  mode: string,
  test: string,
): Promise<{ mpps: number; us: number }> {
  setup(mode, test);
  try {
    const cmd =
      impl === "ref"
        ? [bin("xsk-ref"), test, "vA", mode, String(secs)]
        : [
            "node",
            "--import",
            "tsx",
            path.join(root, "bench/net/virtio-net-bench.ts"),
            test,
            "vA",
            mode,
            String(secs),
          ];
    const sink = test !== "rx" ? run(nsB, "1", [bin("xdp-gen"), "sink", "vB", String(secs + 30)]) : undefined;
    if (sink) {
      await sink.ready;
      if (!threadSinkNapi(nsB, "vB", "1")) napiWarned ||= warnNapi();
    }
    const m = run(nsA, "0", cmd);
    await m.ready;
    const gen = test !== "tx" ? run(nsB, "1", [bin("xdp-gen"), "gen", "vB", String(secs + 0.6)]) : undefined;
    await m.done;
    await gen?.done;
    const r = m.lines.find((l) => "pkts" in l);
    if (!r) throw new Error(`${impl} ${mode} ${test} failed: ${m.err()}`);
    const pkts = Number(r.pkts);
    return { mpps: pkts / Number(r.secs) / 1e6, us: pkts > 0 ? (Number(r.cpu) * 1e6) / pkts : Infinity };
  } finally {
    teardown();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  for (const b of ["xsk-ref", "xdp-gen"])
    if (!existsSync(bin(b))) throw new Error(`${bin(b)} missing: run 'make'`);
  if (process.getuid?.() !== 0) throw new Error("bench/net needs root (namespaces, XDP)");
  process.stdout.write(
    `virtio-net + af-xdp vs raw C: 64-byte frames, ${secs} s per run, median of ${reps}\n`,
  );
  const rows: string[] = [];
  for (const mode of modes) {
    for (const test of tests) {
      const ref = [];
      const vn = [];
      for (let i = 0; i < reps; i++) {
        ref.push(await measure("ref", mode, test));
        vn.push(await measure("virtio", mode, test));
      }
      const r = median(ref.map((s) => s.mpps));
      const v = median(vn.map((s) => s.mpps));
      const ru = median(ref.map((s) => s.us));
      const vu = median(vn.map((s) => s.us));
      const row =
        `| ${mode} | ${test} | ${r.toFixed(3)} Mpps, ${ru.toFixed(2)} µs/pkt | ${v.toFixed(3)} Mpps, ${vu.toFixed(2)} µs/pkt ` +
        `| ${((v / r) * 100).toFixed(0)} % | ${((ru / vu) * 100).toFixed(0)} % |`;
      rows.push(row);
      process.stdout.write(
        `${row}   [ref ${ref.map((s) => s.mpps.toFixed(3)).join(" ")}; virtio ${vn.map((s) => s.mpps.toFixed(3)).join(" ")}]\n`,
      );
    }
  }
  process.stdout.write(
    "\n| mode | test | raw C (xsk-ref) | virtio-net + af-xdp | rate ratio | CPU-cost ratio (raw/virtio) |\n|---|---|---|---|---|---|\n" +
      rows.join("\n") +
      "\n",
  );
}

main().catch((e: unknown) => {
  teardown();
  process.stderr.write(`bench/net virtio: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
