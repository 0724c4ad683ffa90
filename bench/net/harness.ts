// The harness bench/net/run.ts (af-xdp netdev) and bench/net/virtio-run.ts (virtio-net + af-xdp)
// share: options, the veth/namespace set-up, the generator and sink processes, one measured
// run, and the table of medians against the raw C reference (xsk-ref). Method: NET.md §7 —
// namespaces A and B, veth vA (A) <-> vB (B); the measured process on CPU 0 with one socket on
// vA queue 0; frames for rx/l2fwd made by xdp-gen on CPU 1 (BPF_PROG_RUN live frames leaving
// vB by XDP_TX); frames sent by tx/l2fwd dropped by an XDP_DROP program on vB with threaded
// NAPI on CPU 1. 64-byte frames.
// Options: --secs S (default 3), --reps N (default 3, medians), --modes skb,native,
//          --tests tx,rx,l2fwd.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { threadSinkNapi } from "./sink-napi";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const bin = (name: string): string => path.join(root, "build", "native", name);

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
}

export interface BenchOptions {
  secs: number;
  reps: number;
  modes: string[];
  tests: string[];
}

export function benchOptions(): BenchOptions {
  return {
    secs: Number(arg("secs", "3")),
    reps: Number(arg("reps", "3")),
    modes: arg("modes", "skb,native").split(","),
    tests: arg("tests", "tx,rx,l2fwd").split(","),
  };
}

const sh = (cmd: string, args: string[]): string =>
  execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** A pair of namespaces joined by the veth vA <-> vB, named after `prefix` and our pid. */
export class VethPair {
  readonly nsA: string;
  readonly nsB: string;
  constructor(prefix: string) {
    this.nsA = `${prefix}A${process.pid}`;
    this.nsB = `${prefix}B${process.pid}`;
  }

  setup(mode: string, test: string): void {
    this.teardown();
    sh("ip", ["netns", "add", this.nsA]);
    sh("ip", ["netns", "add", this.nsB]);
    sh("ip", ["-n", this.nsA, "link", "add", "vA", "type", "veth", "peer", "name", "vB", "netns", this.nsB]);
    sh("ip", ["-n", this.nsA, "link", "set", "vA", "up"]);
    sh("ip", ["-n", this.nsB, "link", "set", "vB", "up"]);
    // skb mode: vA gets NAPI (needed for XDP frames from vB) from GRO instead of a native program.
    if (mode === "skb" && test !== "tx")
      sh("ip", ["netns", "exec", this.nsA, "ethtool", "-K", "vA", "gro", "on"]);
  }

  teardown(): void {
    for (const ns of [this.nsA, this.nsB]) {
      try {
        sh("ip", ["netns", "del", ns]);
      } catch {
        // not there
      }
    }
  }
}

interface Proc {
  lines: Record<string, unknown>[];
  ready: Promise<void>;
  done: Promise<void>;
  err: () => string;
}

/** Runs cmd in namespace ns on CPU cpu, collecting the JSON lines it prints. */
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

export interface Sample {
  mpps: number;
  cpu: number; // CPU seconds per second of the measured process
  usPerPkt: number; // its CPU time per packet: steadier than rates on a shared machine
  /** The measured program's result line (extra fields such as native frame counts). */
  line: Record<string, unknown>;
}

let napiWarned = false;

/** One measured run of `cmd` (protocol: {"ready":true}, then {"pkts","secs","cpu"}). */
export async function measure(
  veth: VethPair,
  name: string,
  cmd: string[],
  mode: string,
  test: string,
  secs: number,
): Promise<Sample> {
  veth.setup(mode, test);
  try {
    const sink =
      test !== "rx" ? run(veth.nsB, "1", [bin("xdp-gen"), "sink", "vB", String(secs + 30)]) : undefined;
    if (sink) {
      await sink.ready;
      if (!threadSinkNapi(veth.nsB, "vB", "1") && !napiWarned) {
        process.stderr.write(
          "bench/net: could not make vB's NAPI a thread on CPU 1; the sink shares CPU 0\n",
        );
        napiWarned = true;
      }
    }
    const m = run(veth.nsA, "0", cmd);
    await m.ready;
    const gen =
      test !== "tx" ? run(veth.nsB, "1", [bin("xdp-gen"), "gen", "vB", String(secs + 0.6)]) : undefined;
    await m.done;
    await gen?.done;
    const r = m.lines.find((l) => "pkts" in l);
    if (!r) throw new Error(`${name} ${mode} ${test} failed: ${m.err()}`);
    const pkts = Number(r.pkts);
    return {
      mpps: pkts / Number(r.secs) / 1e6,
      cpu: Number(r.cpu) / Number(r.secs),
      usPerPkt: pkts > 0 ? (Number(r.cpu) * 1e6) / pkts : Infinity,
      line: r,
    };
  } finally {
    veth.teardown();
  }
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/**
 * Measures the raw C reference and `label` (the command made by `cmdFor`) back to back, `reps`
 * times per mode and test, and prints one row per pair and the table of medians.
 */
export async function compareWithReference(
  prefix: string,
  label: string,
  cmdFor: (mode: string, test: string, secs: number) => string[],
): Promise<void> {
  const o = benchOptions();
  for (const b of ["xsk-ref", "xdp-gen"])
    if (!existsSync(bin(b))) throw new Error(`${bin(b)} missing: run 'make'`);
  if (process.getuid?.() !== 0) throw new Error("bench/net needs root (namespaces, XDP)");
  const veth = new VethPair(prefix);
  const cleanup = (): void => veth.teardown();
  process.once("exit", cleanup);
  process.stdout.write(
    `bench/net: 64-byte frames, ${o.secs} s per run, median of ${o.reps}, ${label} vs raw C (xsk-ref)\n`,
  );
  const rows: string[] = [];
  for (const mode of o.modes) {
    for (const test of o.tests) {
      const ref: Sample[] = [];
      const it: Sample[] = [];
      for (let i = 0; i < o.reps; i++) {
        ref.push(
          await measure(veth, "ref", [bin("xsk-ref"), test, "vA", mode, String(o.secs)], mode, test, o.secs),
        );
        it.push(await measure(veth, label, cmdFor(mode, test, o.secs), mode, test, o.secs));
      }
      const r = median(ref.map((s) => s.mpps));
      const n = median(it.map((s) => s.mpps));
      const ru = median(ref.map((s) => s.usPerPkt));
      const nu = median(it.map((s) => s.usPerPkt));
      const cpuOf = (xs: Sample[]): string => median(xs.map((s) => s.cpu)).toFixed(2);
      const row =
        `| ${mode} | ${test} | ${r.toFixed(3)} Mpps, ${ru.toFixed(2)} µs/pkt, cpu ${cpuOf(ref)} ` +
        `| ${n.toFixed(3)} Mpps, ${nu.toFixed(2)} µs/pkt, cpu ${cpuOf(it)} ` +
        `| ${((n / r) * 100).toFixed(0)} % | ${((ru / nu) * 100).toFixed(0)} % |`;
      rows.push(row);
      const last = it[it.length - 1]?.line;
      const native =
        last && "nativeTx" in last ? ` (native batches: ${last.nativeTx} tx, ${last.nativeRx} rx)` : "";
      process.stdout.write(
        `${row}   [ref ${ref.map((s) => s.mpps.toFixed(3)).join(" ")}; ${label} ${it.map((s) => s.mpps.toFixed(3)).join(" ")}]${native}\n`,
      );
    }
  }
  process.stdout.write(
    `\n| mode | test | raw C (xsk-ref) | ${label} | rate ratio | CPU-cost ratio (raw/${label}) |\n` +
      "|---|---|---|---|---|---|\n" +
      rows.join("\n") +
      "\n",
  );
}

/** Runs main, tearing the namespaces down and exiting non-zero on failure. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    process.stderr.write(`${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
