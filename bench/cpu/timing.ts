// Timing helpers of bench/cpu, also used by bench/startup: runs a command through sh so the shell's
// `times` builtin reports the child's user+system CPU time next to the wall-clock time.
import { spawnSync } from "node:child_process";

export interface Timed {
  wallMs: number;
  cpuMs: number;
  stdout: Buffer;
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

const TIMES_MARK = "\n--qemu-e2k-bench-times--\n";

function parseTimes(text: string): number {
  // `times` prints two lines: the shell's own, then its children's: "0m1.234s 0m0.010s".
  const lines = text.trim().split("\n");
  const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(lines[lines.length - 1] ?? "");
  if (!m) return NaN;
  return (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000;
}

export function timeCommand(cmd: string, args: readonly string[], cwd?: string): Timed {
  const script = `"$@"; s=$?; printf '${TIMES_MARK.replace(/\n/g, "\\n")}' >&2; times >&2; exit $s`;
  const start = process.hrtime.bigint();
  const r = spawnSync("sh", ["-c", script, "sh", cmd, ...args], { cwd, maxBuffer: 64 << 20 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const err = r.stderr.toString();
  const at = err.lastIndexOf(TIMES_MARK);
  return {
    wallMs,
    cpuMs: at >= 0 ? parseTimes(err.slice(at + TIMES_MARK.length)) : NaN,
    stdout: r.stdout,
    status: r.status,
    signal: r.signal,
    stderr: at >= 0 ? err.slice(0, at) : err,
  };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

export function fmt(ms: number, digits = 3): string {
  return Number.isFinite(ms) ? (ms / 1000).toFixed(digits) : "n/a";
}
