// bench/net: packet rates of the af-xdp netdev against the raw C AF_XDP reference
// (xsk-ref.c) on the same veth pair, back to back in one run (`make bench-net`).
// Method (NET.md §7): namespaces A and B, veth vA (A) <-> vB (B); the measured process
// on CPU 0 with one socket on vA queue 0; frames for rx/l2fwd made by xdp-gen on CPU 1
// (BPF_PROG_RUN live frames leaving vB by XDP_TX); frames sent by tx/l2fwd dropped by an
// XDP_DROP program on vB with threaded NAPI on CPU 1. 64-byte frames.
// Options: --secs S (default 3), --reps N (default 3, medians), --modes skb,native,
//          --tests tx,rx,l2fwd.
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
const bin = (name: string) => path.join(root, "build", "native", name);

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
}
const secs = Number(arg("secs", "3"));
const reps = Number(arg("reps", "3"));
const modes = arg("modes", "skb,native").split(",");
const tests = arg("tests", "tx,rx,l2fwd").split(",");

const sh = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const nsA = `benchA${process.pid}`;
const nsB = `benchB${process.pid}`;

function setup(mode: string, test: string): void {
  teardown();
  sh("ip", ["netns", "add", nsA]);
  sh("ip", ["netns", "add", nsB]);
  sh("ip", ["-n", nsA, "link", "add", "vA", "type", "veth", "peer", "name", "vB", "netns", nsB]);
  sh("ip", ["-n", nsA, "link", "set", "vA", "up"]);
  sh("ip", ["-n", nsB, "link", "set", "vB", "up"]);
  // skb mode: vA gets NAPI (needed for XDP frames from vB) from GRO instead of a native program.
  if (mode === "skb" && test !== "tx") sh("ip", ["netns", "exec", nsA, "ethtool", "-K", "vA", "gro", "on"]);
}

function teardown(): void {
  for (const ns of [nsA, nsB]) {
    try {
      sh("ip", ["netns", "del", ns]);
    } catch {
      // not there
    }
  }
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

interface Sample {
  mpps: number;
  cpu: number; // CPU seconds per second of the measured process
  usPerPkt: number; // its CPU time per packet: steadier than rates on a shared machine
}

async function measure(impl: "ref" | "netdev", mode: string, test: string): Promise<Sample> {
  setup(mode, test);
  try {
    const cmd =
      impl === "ref"
        ? [bin("xsk-ref"), test, "vA", mode, String(secs)]
        : [
            "node",
            "--import",
            "tsx",
            path.join(root, "bench", "net", "netdev-bench.ts"),
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
    return {
      mpps: pkts / Number(r.secs) / 1e6,
      cpu: Number(r.cpu) / Number(r.secs),
      usPerPkt: pkts > 0 ? (Number(r.cpu) * 1e6) / pkts : Infinity,
    };
  } finally {
    teardown();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

async function main(): Promise<void> {
  for (const b of ["xsk-ref", "xdp-gen"]) {
    if (!existsSync(bin(b))) throw new Error(`${bin(b)} missing: run 'make'`);
  }
  if (process.getuid?.() !== 0) throw new Error("bench/net needs root (namespaces, XDP)");
  const rows: string[] = [];
  process.stdout.write(
    `bench/net: 64-byte frames, ${secs} s per run, median of ${reps}, netdev vs raw C (xsk-ref)\n`,
  );
  for (const mode of modes) {
    for (const test of tests) {
      const ref: Sample[] = [];
      const nd: Sample[] = [];
      for (let i = 0; i < reps; i++) {
        ref.push(await measure("ref", mode, test));
        nd.push(await measure("netdev", mode, test));
      }
      const r = median(ref.map((s) => s.mpps));
      const n = median(nd.map((s) => s.mpps));
      const ru = median(ref.map((s) => s.usPerPkt));
      const nu = median(nd.map((s) => s.usPerPkt));
      const cpuOf = (xs: Sample[]) => median(xs.map((s) => s.cpu)).toFixed(2);
      const row =
        `| ${mode} | ${test} | ${r.toFixed(3)} Mpps, ${ru.toFixed(2)} µs/pkt, cpu ${cpuOf(ref)} ` +
        `| ${n.toFixed(3)} Mpps, ${nu.toFixed(2)} µs/pkt, cpu ${cpuOf(nd)} ` +
        `| ${((n / r) * 100).toFixed(0)} % | ${((ru / nu) * 100).toFixed(0)} % |`;
      rows.push(row);
      process.stdout.write(
        `${row}   [ref ${ref.map((s) => s.mpps.toFixed(3)).join(" ")}; netdev ${nd.map((s) => s.mpps.toFixed(3)).join(" ")}]\n`,
      );
    }
  }
  process.stdout.write(
    "\n| mode | test | raw C (xsk-ref) | af-xdp netdev | rate ratio | CPU-cost ratio (raw/netdev) |\n" +
      "|---|---|---|---|---|---|\n",
  );
  process.stdout.write(rows.join("\n") + "\n");
}

main().catch((e: unknown) => {
  teardown();
  process.stderr.write(`bench/net: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
