// CPU benchmarks (`make bench`): every ELF in tests/fixtures/bench with -cpu e8c2 under
// build/qemu-e2k-static with the JIT (default backend) and with the interpreter
// (-accel tcg,interp=on), runs interleaved, exact output checked; best and median wall time and
// median CPU time per benchmark, then the ratios of the best wall times and their geometric means.
// Options (or environment):
//   --runs N (BENCH_RUNS, default 3)   --only NAME[,NAME] (BENCH_ONLY)
//   --backends jit,interp (BENCH_BACKENDS; default both)
//   QEMU_E2K_REF=/path/to/other-qemu-e2k: also time that emulator (same -cpu), interleaved.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { fmt, median, timeCommand } from "./timing";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const benchDir = path.join(root, "tests", "fixtures", "bench");

function option(name: string, env: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return (i >= 0 ? process.argv[i + 1] : undefined) ?? process.env[env] ?? fallback;
}

const runs = Number(option("runs", "BENCH_RUNS", "3"));
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`bench/cpu: --runs ${option("runs", "BENCH_RUNS", "3")}: expected a positive integer`);
  process.exit(2);
}
const backends = option("backends", "BENCH_BACKENDS", "jit,interp").split(",");
for (const b of backends) {
  if (b !== "jit" && b !== "interp") {
    console.error(`bench/cpu: --backends ${b}: expected jit and/or interp`);
    process.exit(2);
  }
}
const only = option("only", "BENCH_ONLY", "");
const runtime = path.join(root, "build", "qemu-e2k-static");
if (!existsSync(runtime)) {
  console.error("bench/cpu: build/qemu-e2k-static is missing (run make)");
  process.exit(2);
}
const cpu = ["-cpu", "e8c2"];
const emulators: { name: string; cmd: string; opts: string[] }[] = backends.map((b) =>
  b === "jit"
    ? { name: "jit", cmd: runtime, opts: cpu }
    : { name: "interp", cmd: runtime, opts: [...cpu, "-accel", "tcg,interp=on"] },
);
const ref = process.env.QEMU_E2K_REF;
if (ref) {
  if (!existsSync(ref)) {
    console.error(`bench/cpu: QEMU_E2K_REF=${ref}: no such file`);
    process.exit(2);
  }
  emulators.push({ name: "reference", cmd: ref, opts: cpu });
}

const names = readdirSync(benchDir)
  .filter((f) => f.endsWith(".elf"))
  .map((f) => f.slice(0, -4))
  .filter((n) => !only || only.split(",").includes(n))
  .sort();
if (names.length === 0) {
  console.error(`bench/cpu: no benchmark matches --only ${only}`);
  process.exit(2);
}

console.log(`bench/cpu: -cpu e8c2, ${runs} run(s) each, interleaved; seconds`);
console.log("");
const header = ["program", ...emulators.flatMap((e) => [`${e.name} wall min`, "wall median", "CPU median"])];
console.log(`| ${header.join(" | ")} |`);
console.log(`|${header.map(() => " ---: ").join("|")}|`);
let failed = false;
const best: number[][] = emulators.map(() => []); // best wall per benchmark, per emulator
const measured: string[] = []; // the benchmarks in `best` (not those with wrong output)
for (const name of names) {
  const elf = path.join(benchDir, `${name}.elf`);
  const expected = readFileSync(path.join(benchDir, `${name}.expected`));
  const walls = emulators.map((): number[] => []);
  const cpus = emulators.map((): number[] => []);
  const errors: string[] = [];
  for (let i = 0; i < runs; i++) {
    emulators.forEach((e, k) => {
      const r = timeCommand(e.cmd, [...e.opts, elf], benchDir);
      if (r.status !== 0 || !r.stdout.equals(expected)) {
        errors.push(
          `${e.name}: status ${r.status ?? r.signal}, stdout ${JSON.stringify(r.stdout.toString().slice(0, 80))}, ` +
            `want ${JSON.stringify(expected.toString())} ${r.stderr.trim().slice(0, 200)}`,
        );
        return;
      }
      walls[k]?.push(r.wallMs);
      cpus[k]?.push(r.cpuMs);
    });
    if (errors.length) break;
  }
  if (errors.length) {
    failed = true;
    console.log(`| ${name} | WRONG OUTPUT: ${errors[0]} |`);
    continue;
  }
  emulators.forEach((_, k) => best[k]?.push(Math.min(...(walls[k] ?? []))));
  measured.push(name);
  const cells = emulators.flatMap((_, k) => [
    fmt(Math.min(...(walls[k] ?? []))),
    fmt(median(walls[k] ?? [])),
    fmt(median(cpus[k] ?? [])),
  ]);
  console.log(`| ${name} | ${cells.join(" | ")} |`);
}

// Ratios of best wall times against the first emulator (the JIT by default), with geometric means.
const geomean = (xs: readonly number[]): number =>
  Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
const base = best[0] ?? [];
if (emulators.length > 1 && base.length > 0) {
  const others = emulators.slice(1);
  console.log("");
  console.log(`best wall time relative to ${emulators[0]?.name} (higher = slower than it)`);
  console.log("");
  console.log(`| program | ${others.map((e) => `${e.name} / ${emulators[0]?.name}`).join(" | ")} |`);
  console.log(`| --- |${others.map(() => " ---: ").join("|")}|`);
  const ratios = others.map((_, j) => (best[j + 1] ?? []).map((w, i) => w / (base[i] ?? NaN)));
  measured.forEach((name, i) => {
    console.log(`| ${name} | ${ratios.map((r) => (r[i] ?? NaN).toFixed(2)).join(" | ")} |`);
  });
  console.log(`| geometric mean | ${ratios.map((r) => geomean(r).toFixed(2)).join(" | ")} |`);
}
process.exit(failed ? 1 : 0);
