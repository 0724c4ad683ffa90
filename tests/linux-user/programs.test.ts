// Acceptance (issue 3): every program of tests/fixtures/programs — the reference .elf and the one
// our own e2k-as/e2k-ld build from the .S — under build/qemu-e2k and build/qemu-e2k-static, with
// the -cpu of each iset in its .isets: exact stdout and exit status (programs/README.md).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import t from "tap";

import {
  GuestResult,
  ISET_CPU,
  LAUNCHERS,
  LauncherName,
  ProgramSpec,
  loadPrograms,
  runGuest,
} from "./lib/guest-run";
import { mapLimit } from "./lib/pool";
import { buildWithToolchain } from "./lib/toolchain";

// Reference-ELF cases known not to pass yet, with the reason. Empty: all pass today; a regression
// fails the test. (The anchor's own failures, D1–D4 in programs/README.md, pass here.)
const KNOWN_FAILING_REFERENCE = new Map<string, string>();

interface Case {
  program: ProgramSpec;
  iset: number;
  launcher: LauncherName;
  kind: "reference" | "toolchain";
  elf?: string;
  todo?: string;
  /** toolchain build identical to the reference ELF apart from the iset in e_flags */
  sameAsReference?: boolean;
  result?: GuestResult;
}

// The reference ELFs are the v3 builds (mem_quad: v5); builds for other isets differ only in the
// e_flags word (programs/README.md, "Building").
function sameAsReference(built: Buffer, reference: Buffer): boolean {
  if (built.length !== reference.length || built.length < 52) return false;
  const a = Buffer.from(built);
  a.writeUInt32LE(reference.readUInt32LE(48), 48);
  return a.equals(reference);
}

// 520 guest runs and 260 assembler+linker runs: allow for a loaded machine (2 jobs at a time).
t.setTimeout(1800_000);

const programs = loadPrograms();
const buildDir = mkdtempSync(path.join(tmpdir(), "qemu-e2k-programs-"));
t.teardown(() => rmSync(buildDir, { recursive: true, force: true }));

// Our toolchain's executables, one per program and iset.
const builds = new Map<string, { elf?: string; error?: string }>();
const buildJobs = programs.flatMap((p) => p.isets.map((iset) => ({ p, iset })));
await mapLimit(buildJobs, 2, async ({ p, iset }) => {
  builds.set(`${p.name}/${iset}`, await buildWithToolchain(p.name, iset, buildDir));
});

const cases: Case[] = [];
for (const program of programs) {
  for (const iset of program.isets) {
    for (const launcher of Object.keys(LAUNCHERS) as LauncherName[]) {
      cases.push({
        program,
        iset,
        launcher,
        kind: "reference",
        elf: program.elf,
        todo: KNOWN_FAILING_REFERENCE.get(program.name),
      });
      const b = builds.get(`${program.name}/${iset}`);
      cases.push({
        program,
        iset,
        launcher,
        kind: "toolchain",
        elf: b?.elf,
        todo: b?.elf ? undefined : `our toolchain cannot build it yet (${b?.error ?? "not built"})`,
        sameAsReference: b?.elf ? sameAsReference(readFileSync(b.elf), readFileSync(program.elf)) : false,
      });
    }
  }
}

await mapLimit(cases, 2, async (c) => {
  if (!c.elf) return;
  const cpu = ISET_CPU[c.iset] ?? "e8c";
  c.result = await runGuest(LAUNCHERS[c.launcher], ["-cpu", cpu], c.elf, c.program.args);
});

let passed = 0;
for (const c of cases) {
  const cpu = ISET_CPU[c.iset] ?? "?";
  const name = `${c.program.name} -cpu ${cpu} (${c.launcher}, ${c.kind} elf)`;
  const r = c.result;
  const ok =
    r !== undefined && !r.timedOut && r.status === c.program.exit && r.stdout.equals(c.program.expected);
  if (ok) passed++;
  // A toolchain build that differs from the reference ELF and fails is the toolchain's to fix
  // (todo, with the reason); one identical to the reference must behave exactly like it.
  if (!ok && !c.todo && c.kind === "toolchain" && !c.sameAsReference)
    c.todo = "our toolchain's executable differs from the reference build and does not pass yet";
  t.test(name, { todo: c.todo ?? false }, async (t) => {
    if (!r) {
      t.fail(`not run: ${c.todo ?? "no executable"}`);
      return;
    }
    t.notOk(r.timedOut, "finishes within 20 s");
    t.equal(r.stdout.toString("latin1"), c.program.expected.toString("latin1"), "stdout");
    t.equal(r.status, c.program.exit, `exit status (stderr: ${r.stderr.trim().slice(0, 300)})`);
  });
}

t.test("summary", async (t) => {
  const reference = cases.filter((c) => c.kind === "reference");
  const mustPass = reference.filter((c) => !c.todo);
  const refPassed = mustPass.filter(
    (c) => c.result && c.result.status === c.program.exit && c.result.stdout.equals(c.program.expected),
  );
  t.comment(
    `passing: ${passed}/${cases.length} cases (reference elf ${refPassed.length}/${reference.length})`,
  );
  const toolchain = cases.filter((c) => c.kind === "toolchain");
  t.comment(
    `our toolchain: ${toolchain.filter((c) => c.elf).length}/${toolchain.length} cases built, ` +
      `${toolchain.filter((c) => c.sameAsReference).length} identical to the reference`,
  );
  t.equal(refPassed.length, mustPass.length, "every reference case not marked todo passes");
  t.ok(mustPass.length >= 2 * 130, "all 130 program/iset pairs are checked on both launchers");
});
