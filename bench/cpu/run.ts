// CPU benchmarks (`make bench`): every ELF in tests/fixtures/bench under build/qemu-e2k-static,
// exact output checked, wall and CPU time per benchmark. Options (or environment):
//   --runs N (BENCH_RUNS, default 3)   --accel tcg,interp=on (BENCH_ACCEL)   --only NAME[,NAME]
//   QEMU_E2K_REF=/path/to/other-qemu-e2k: also time that emulator, interleaved run by run.
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
const accel = option("accel", "BENCH_ACCEL", "");
const only = option("only", "BENCH_ONLY", "");
const runtime = path.join(root, "build", "qemu-e2k-static");
if (!existsSync(runtime)) {
  console.error("bench/cpu: build/qemu-e2k-static is missing (run make)");
  process.exit(2);
}
const emulators: { name: string; cmd: string; opts: string[] }[] = [
  { name: "qemu-e2k-static", cmd: runtime, opts: accel ? ["-accel", accel] : [] },
];
if (process.env.QEMU_E2K_REF) emulators.push({ name: "reference", cmd: process.env.QEMU_E2K_REF, opts: [] });

const names = readdirSync(benchDir)
  .filter((f) => f.endsWith(".elf"))
  .map((f) => f.slice(0, -4))
  .filter((n) => !only || only.split(",").includes(n))
  .sort();
if (names.length === 0) {
  console.error(`bench/cpu: no benchmark matches --only ${only}`);
  process.exit(2);
}

console.log(`bench/cpu: ${runs} run(s) each${accel ? `, -accel ${accel}` : ""}; seconds`);
console.log("");
const header = ["program", ...emulators.flatMap((e) => [`${e.name} wall min`, "wall median", "CPU median"])];
console.log(`| ${header.join(" | ")} |`);
console.log(`|${header.map(() => " ---: ").join("|")}|`);
let failed = false;
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
  const cells = emulators.flatMap((_, k) => [
    fmt(Math.min(...(walls[k] ?? []))),
    fmt(median(walls[k] ?? [])),
    fmt(median(cpus[k] ?? [])),
  ]);
  console.log(`| ${name} | ${cells.join(" | ")} |`);
}
process.exit(failed ? 1 : 0);
