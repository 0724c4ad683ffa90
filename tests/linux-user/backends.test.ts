// The two CPU backends agree (issue 4): every program of tests/fixtures/programs (each -cpu of its
// .isets) and the faster benchmarks of tests/fixtures/bench (-cpu e8c2) give the same stdout and
// exit status under the x86-64 JIT (the default) and the IR interpreter (-accel tcg,interp=on),
// and both equal the expected files. The slow benchmarks (tens of seconds under the interpreter)
// are left to `make bench`, which checks their output under both backends.
import { readFileSync } from "node:fs";
import path from "node:path";
import t from "tap";

import { GuestResult, ISET_CPU, LAUNCHERS, loadPrograms, repoRoot, runGuest } from "./lib/guest-run";
import { mapLimit } from "./lib/pool";

const runtime = LAUNCHERS["qemu-e2k-static"];
const benchDir = path.join(repoRoot, "tests", "fixtures", "bench");
const FAST_BENCHES = ["fib", "sieve"];
const BACKENDS = { jit: [] as string[], interp: ["-accel", "tcg,interp=on"] };

interface Case {
  label: string;
  cpu: string;
  elf: string;
  args: string[];
  expected: Buffer;
  exit: number;
  timeoutMs: number;
  results?: { jit: GuestResult; interp: GuestResult };
}

t.setTimeout(1800_000);

const cases: Case[] = [];
for (const p of loadPrograms()) {
  for (const iset of p.isets) {
    const cpu = ISET_CPU[iset];
    if (!cpu) continue;
    cases.push({
      label: `${p.name} -cpu ${cpu}`,
      cpu,
      elf: p.elf,
      args: p.args,
      expected: p.expected,
      exit: p.exit,
      timeoutMs: 20_000,
    });
  }
}
for (const name of FAST_BENCHES) {
  cases.push({
    label: `bench ${name} -cpu e8c2`,
    cpu: "e8c2",
    elf: path.join(benchDir, `${name}.elf`),
    args: [],
    expected: readFileSync(path.join(benchDir, `${name}.expected`)),
    exit: 0,
    timeoutMs: 180_000,
  });
}

await mapLimit(cases, 2, async (c) => {
  const run = (opts: string[]): Promise<GuestResult> =>
    runGuest(runtime, ["-cpu", c.cpu, ...opts], c.elf, c.args, { timeoutMs: c.timeoutMs });
  c.results = { jit: await run(BACKENDS.jit), interp: await run(BACKENDS.interp) };
});

t.ok(cases.length > 100, `${cases.length} cases (programs x cpus, and benchmarks)`);
for (const c of cases) {
  t.test(c.label, async (tt) => {
    const r = c.results;
    if (!r) return tt.fail("not run");
    for (const [name, res] of [
      ["jit", r.jit],
      ["interp", r.interp],
    ] as const) {
      tt.notOk(res.timedOut, `${name}: finished within ${c.timeoutMs / 1000} s`);
      tt.equal(
        res.status,
        c.exit,
        `${name}: exit status${res.stderr ? ` (stderr: ${res.stderr.slice(0, 200)})` : ""}`,
      );
      tt.equal(res.stdout.toString("latin1"), c.expected.toString("latin1"), `${name}: stdout as expected`);
    }
    tt.equal(r.jit.status, r.interp.status, "same exit status under both backends");
    tt.ok(r.jit.stdout.equals(r.interp.stdout), "same stdout under both backends");
  });
}
