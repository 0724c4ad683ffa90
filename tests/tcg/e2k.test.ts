// Issue 3 acceptance: the E2K assembly tests of tests/tcg/e2k, one program per operation class.
// Each NAME.S is assembled with build/e2k-as + build/e2k-ld for every iset it applies to and run
// under build/qemu-e2k-static with the interpreter and with the default backend; stdout must equal
// NAME.expected and the exit status NAME.exit (default 0; death by signal N = 128 + N).
//   NAME.isets  isets to build for when not all of 3 4 5 6
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import t from "tap";

import { GuestResult, ISET_CPU, buildDir, repoRoot, runCommand, runGuest } from "../linux-user/lib/guest-run";
import { mapLimit } from "../linux-user/lib/pool";

const srcDir = path.join(repoRoot, "tests", "tcg", "e2k");
const includeDir = path.join(repoRoot, "tests", "fixtures", "programs", "include");
const qemu = path.join(buildDir, "qemu-e2k-static");
const BACKENDS = { interp: ["-accel", "tcg,interp=on"], default: [] as string[] } as const;
type Backend = keyof typeof BACKENDS;

// Cases that fail because the emulator is wrong: program -> (backend or "all") -> failing CHECK and
// reason. The expectation stays correct; the case runs as tap `todo` until the owner fixes it.
const KNOWN_BUGS: Record<string, Partial<Record<Backend | "all", string>>> = {};

interface Spec {
  name: string;
  expected: string;
  exit: number;
  isets: number[];
}

function optional(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

function loadSpecs(): Spec[] {
  return readdirSync(srcDir)
    .filter((f) => f.endsWith(".S"))
    .sort()
    .map((f) => {
      const base = path.join(srcDir, f.slice(0, -2));
      return {
        name: f.slice(0, -2),
        expected: readFileSync(`${base}.expected`, "latin1"),
        exit: Number(optional(`${base}.exit`) ?? "0"),
        isets: (optional(`${base}.isets`) ?? "3 4 5 6").split(/\s+/).map(Number),
      };
    });
}

async function build(spec: Spec, iset: number, outDir: string): Promise<{ elf?: string; error?: string }> {
  const dir = path.join(outDir, `v${iset}`);
  mkdirSync(dir, { recursive: true });
  const obj = path.join(dir, `${spec.name}.o`);
  const elf = path.join(dir, `${spec.name}.elf`);
  const a = await runCommand(
    path.join(buildDir, "e2k-as"),
    [`-mcpu=elbrus-v${iset}`, "-I", includeDir, "-I", srcDir, path.join(srcDir, `${spec.name}.S`), "-o", obj],
    { timeoutMs: 60000 },
  );
  if (a.status !== 0) return { error: `e2k-as: ${a.stderr.trim().slice(0, 300)}` };
  const l = await runCommand(path.join(buildDir, "e2k-ld"), ["-e", "_start", obj, "-o", elf], {
    timeoutMs: 60000,
  });
  if (l.status !== 0) return { error: `e2k-ld: ${l.stderr.trim().slice(0, 300)}` };
  return { elf };
}

t.setTimeout(900_000);
const specs = loadSpecs();
const outDir = mkdtempSync(path.join(tmpdir(), "qemu-e2k-tcg-"));
t.teardown(() => rmSync(outDir, { recursive: true, force: true }));

interface Case {
  spec: Spec;
  iset: number;
  backend: Backend;
  elf?: string;
  buildError?: string;
  result?: GuestResult;
}
const cases: Case[] = [];
await mapLimit(
  specs.flatMap((spec) => spec.isets.map((iset) => ({ spec, iset }))),
  2,
  async ({ spec, iset }) => {
    const b = await build(spec, iset, outDir);
    for (const backend of Object.keys(BACKENDS) as Backend[])
      cases.push({ spec, iset, backend, elf: b.elf, buildError: b.error });
  },
);
cases.sort(
  (a, b) => a.spec.name.localeCompare(b.spec.name) || a.iset - b.iset || a.backend.localeCompare(b.backend),
);
await mapLimit(cases, 2, async (c) => {
  if (!c.elf) return;
  const cpu = ISET_CPU[c.iset] ?? "e8c";
  c.result = await runGuest(qemu, ["-cpu", cpu, ...BACKENDS[c.backend]], c.elf, [], { timeoutMs: 10000 });
});

for (const c of cases) {
  const cpu = ISET_CPU[c.iset];
  const bug = KNOWN_BUGS[c.spec.name]?.[c.backend] ?? KNOWN_BUGS[c.spec.name]?.all;
  t.test(`${c.spec.name} v${c.iset} -cpu ${cpu} (${c.backend})`, { todo: bug ?? false }, async (t) => {
    t.equal(c.buildError, undefined, "assembles and links");
    const r = c.result;
    if (!r) return;
    t.notOk(r.timedOut, "finishes within 10 s");
    t.equal(r.stdout.toString("latin1"), c.spec.expected, "stdout");
    t.equal(r.status, c.spec.exit, `exit status (stderr: ${r.stderr.trim().slice(0, 200)})`);
  });
}
