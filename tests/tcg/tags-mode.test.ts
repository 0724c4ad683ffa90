// Tag mode on and off (issue 3, native/target/e2k/tags.h): tests/tcg/e2k/tags_basic.S creates
// tags, keeps them across a call, then overwrites every tagged register. The `-d cpu` state dump
// (one per block) must show tag mode switched on along the way and off again at the end, on both
// backends; a program that makes no tag never enters it.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import t from "tap";

import { buildDir, repoRoot, runCommand } from "../linux-user/lib/guest-run";

const srcDir = path.join(repoRoot, "tests", "tcg", "e2k");
const includeDir = path.join(repoRoot, "tests", "fixtures", "programs", "include");
const qemu = path.join(buildDir, "qemu-e2k-static");
const outDir = mkdtempSync(path.join(tmpdir(), "qemu-e2k-tags-"));
t.teardown(() => rmSync(outDir, { recursive: true, force: true }));

async function build(name: string): Promise<string> {
  const obj = path.join(outDir, `${name}.o`);
  const elf = path.join(outDir, `${name}.elf`);
  const a = await runCommand(path.join(buildDir, "e2k-as"), [
    "-mcpu=elbrus-v4",
    "-I",
    includeDir,
    "-I",
    srcDir,
    path.join(srcDir, `${name}.S`),
    "-o",
    obj,
  ]);
  if (a.status !== 0) throw new Error(`e2k-as ${name}: ${a.stderr}`);
  const l = await runCommand(path.join(buildDir, "e2k-ld"), ["-e", "_start", obj, "-o", elf]);
  if (l.status !== 0) throw new Error(`e2k-ld ${name}: ${l.stderr}`);
  return elf;
}

/** The tags= field of every -d cpu state dump, in order. */
async function tagStates(
  elf: string,
  accel: string[],
  log: string,
): Promise<{ status: number; states: string[] }> {
  const r = await runCommand(qemu, ["-cpu", "e8c", ...accel, "-d", "cpu", "-D", log, elf], {
    timeoutMs: 30000,
  });
  const states = [...readFileSync(log, "utf8").matchAll(/ tags=(\w+)/g)].map((m) => m[1] ?? "");
  return { status: r.status, states };
}

const BACKENDS: Record<string, string[]> = { interp: ["-accel", "tcg,interp=on"], default: [] };

for (const [backend, accel] of Object.entries(BACKENDS)) {
  t.test(`tags_basic turns tag mode on and off (${backend})`, async (t) => {
    const elf = await build("tags_basic");
    const { status, states } = await tagStates(elf, accel, path.join(outDir, `basic-${backend}.log`));
    t.equal(status, 0, "exit status");
    t.ok(states.length > 10, "one state dump per block");
    t.equal(states[0], "off", "starts without tags");
    t.ok(states.includes("live"), "tag mode switched on");
    t.equal(states[states.length - 1], "off", "tag mode off again once every tag is overwritten");
  });
  t.test(`a program without tags never enters tag mode (${backend})`, async (t) => {
    const elf = await build("upsr_align_check");
    const { states } = await tagStates(elf, accel, path.join(outDir, `plain-${backend}.log`));
    t.ok(states.length > 3, "state dumps");
    t.notOk(states.includes("live"), "no block ran in tag mode");
  });
}
