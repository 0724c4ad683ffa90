// Start-up cost (`make bench-startup`): hello under build/qemu-e2k (sh launcher), build/qemu-e2k-static
// and, if set, $QEMU_E2K_REF (e.g. the OpenE2K fork), interleaved; milliseconds. --runs N (default 30).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { median, timeCommand } from "../cpu/timing";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const hello = path.join(root, "tests", "fixtures", "programs", "hello.elf");
const expected = readFileSync(path.join(root, "tests", "fixtures", "programs", "hello.expected"));
const i = process.argv.indexOf("--runs");
const runs = Number((i >= 0 ? process.argv[i + 1] : undefined) ?? process.env.BENCH_RUNS ?? "30");
if (!Number.isInteger(runs) || runs < 1) {
  console.error("bench/startup: --runs: expected a positive integer");
  process.exit(2);
}

const launchers: { name: string; cmd: string; args: string[] }[] = [
  { name: "build/qemu-e2k (sh launcher)", cmd: path.join(root, "build", "qemu-e2k"), args: [hello] },
  { name: "build/qemu-e2k-static", cmd: path.join(root, "build", "qemu-e2k-static"), args: [hello] },
  {
    name: "node build/js/qemu-e2k.mjs (spawn fallback)",
    cmd: process.execPath,
    args: [path.join(root, "build", "js", "qemu-e2k.mjs"), hello],
  },
];
if (process.env.QEMU_E2K_REF)
  launchers.push({ name: "$QEMU_E2K_REF", cmd: process.env.QEMU_E2K_REF, args: [hello] });
for (const l of launchers) {
  if (l.cmd !== process.execPath && !existsSync(l.cmd)) {
    console.error(`bench/startup: ${l.cmd} is missing (run make)`);
    process.exit(2);
  }
}

const times = launchers.map((): number[] => []);
for (let r = 0; r < runs; r++) {
  launchers.forEach((l, k) => {
    const t = timeCommand(l.cmd, l.args);
    if (t.status !== 0 || !t.stdout.equals(expected)) {
      console.error(
        `bench/startup: ${l.name}: wrong result (status ${t.status ?? t.signal}) ${t.stderr.trim()}`,
      );
      process.exit(1);
    }
    times[k]?.push(t.wallMs);
  });
}
console.log(`bench/startup: hello, ${runs} interleaved runs; wall-clock milliseconds`);
console.log("");
console.log("| launcher | min | median |");
console.log("| --- | ---: | ---: |");
launchers.forEach((l, k) => {
  const xs = times[k] ?? [];
  console.log(`| ${l.name} | ${Math.min(...xs).toFixed(1)} | ${median(xs).toFixed(1)} |`);
});
