// -strace and -d/-D output of build/qemu-e2k-static on programs of tests/tcg/e2k (issue 3): the
// QEMU linux-user formats ("PID write(1,0xADDR,LEN) = RET", "PID exit_group(N)", "--- SIGxxx {...} ---"),
// the sections each -d item produces, and -D sending the log to a file.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import t from "tap";

import { buildDir, repoRoot, runGuest } from "../linux-user/lib/guest-run";
import { assembleProgram } from "../linux-user/lib/toolchain";

const srcDir = path.join(repoRoot, "tests", "tcg", "e2k");
const qemu = path.join(buildDir, "qemu-e2k-static");
const outDir = mkdtempSync(path.join(tmpdir(), "qemu-e2k-tcg-logs-"));
t.teardown(() => rmSync(outDir, { recursive: true, force: true }));

async function build(name: string): Promise<string> {
  return assembleProgram(path.join(srcDir, `${name}.S`), outDir, "elbrus-v3");
}

/** e_entry of an ELF64 as 16 hex digits, the way the logs print guest addresses */
function entryHex(elf: string): string {
  return readFileSync(elf).readBigUInt64LE(24).toString(16).padStart(16, "0");
}

t.setTimeout(300_000);
const passing = await build("bitfield"); // prints "ok ..." lines, exit_group(0)
const trapping = await build("div_zero_trap"); // one line, then SIGFPE
const passingExpected = readFileSync(path.join(srcDir, "bitfield.expected"), "latin1");

t.test("-strace: write and exit_group lines in QEMU's format", async (t) => {
  const r = await runGuest(qemu, ["-strace"], passing, []);
  t.equal(r.status, 0, "exit status");
  t.equal(r.stdout.toString("latin1"), passingExpected, "guest stdout unchanged");
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  const pids = new Set<string>();
  const bad: string[] = [];
  let written = 0;
  for (const l of lines) {
    const m = /^(\d+) (?:write\(1,0x[0-9a-f]+,(\d+)\) = (\d+)|exit_group\(0\))$/.exec(l);
    if (!m || (m[2] !== undefined && m[2] !== m[3])) {
      bad.push(l);
      continue;
    }
    pids.add(m[1] ?? "");
    written += Number(m[3] ?? "0");
  }
  t.same(bad, [], "every line is a write returning its length or exit_group(0)");
  t.equal(pids.size, 1, "one pid on every line");
  t.equal(written, Buffer.byteLength(passingExpected, "latin1"), "the writes add up to stdout");
  t.match(lines.at(-1) ?? "", /^\d+ exit_group\(0\)$/, "last line is exit_group(0)");
});

t.test("QEMU_STRACE=1 is -strace", async (t) => {
  const r = await runGuest(qemu, [], passing, [], { env: { ...process.env, QEMU_STRACE: "1" } });
  t.match(r.stderr, /^\d+ exit_group\(0\)$/m);
});

t.test("-strace: the fatal SIGFPE", async (t) => {
  const r = await runGuest(qemu, ["-strace"], trapping, []);
  t.equal(r.status, 128 + 8, "killed by SIGFPE");
  t.match(r.stderr, /^\d+ write\(1,0x[0-9a-f]+,19\) = 19$/m, "the write before the trap");
  t.notMatch(r.stderr, /exit_group/, "no exit_group");
});

t.test(
  "-strace: the taken signal is shown as --- SIGFPE {si_signo=SIGFPE, si_code=1, si_addr=0x...} ---",
  async (t) => {
    const r = await runGuest(qemu, ["-strace"], trapping, []);
    const lines = r.stderr.split("\n");
    const write = lines.findIndex((l) => /^\d+ write\(1,/.test(l));
    const taken = lines.findIndex((l) =>
      /^--- SIGFPE \{si_signo=SIGFPE, si_code=1, si_addr=0x[0-9a-f]+\} ---$/.test(l),
    );
    const uncaught = lines.findIndex((l) => l.startsWith("qemu: uncaught target signal 8"));
    t.ok(
      taken > write && write >= 0,
      `the signal line follows the write (stderr: ${r.stderr.slice(0, 300)})`,
    );
    t.ok(uncaught > taken, "and precedes QEMU's 'uncaught target signal' line");
  },
);

t.test("-d in_asm: IN: sections with the guest's bundles", async (t) => {
  const r = await runGuest(qemu, ["-d", "in_asm"], trapping, []);
  t.equal(r.status, 128 + 8);
  t.match(r.stderr, /^IN:$/m, "IN: header");
  t.match(r.stderr, new RegExp(`^0x${entryHex(trapping)}: HS [0-9a-f]{8}`, "m"), "the entry bundle");
  t.match(r.stderr, /^\s+udivd,5,sm /m, "disassembled operations");
});

t.test("-d in_asm: mova channels and AAU operations of aau_apb", async (t) => {
  const apb = await build("aau_apb");
  const r = await runGuest(qemu, ["-d", "in_asm"], apb, []);
  t.equal(r.status, 0);
  t.equal(
    r.stdout.toString("latin1"),
    readFileSync(path.join(srcDir, "aau_apb.expected"), "latin1"),
    "guest stdout unchanged",
  );
  t.match(r.stderr, /^\s+movad,0 area=0, ind=0, am=1, be=0, %b\[0\]$/m, "the loop's mova");
  t.match(r.stderr, /^\s+movad,3 area=0, ind=0, am=0, be=1, %r15$/m, "a big-endian mova on channel 3");
  t.match(r.stderr, /^\s+staad,2 aad=5, aasti=6, incr=3, am=1, lts=0, %b\[2\] /m, "the array store");
});

t.test("-strace: a faulting ldaa reports SIGSEGV at the array address", async (t) => {
  const r = await runGuest(qemu, ["-strace"], await build("aau_fault"), []);
  t.equal(r.status, 128 + 11, "killed by SIGSEGV");
  t.match(
    r.stderr,
    /^--- SIGSEGV \{si_signo=SIGSEGV, si_code=1, si_addr=0x100\} ---$/m,
    "aad.base 0 + literal 0x100",
  );
});

t.test("-d op: OP: sections with IR per bundle", async (t) => {
  const r = await runGuest(qemu, ["-d", "op"], passing, []);
  t.match(r.stderr, /^OP:$/m, "OP: header");
  t.match(r.stderr, new RegExp(`^ ---- 0x${entryHex(passing)}$`, "m"), "bundle marker for the entry");
});

t.test("-d cpu: register dump before the first block", async (t) => {
  const r = await runGuest(qemu, ["-d", "cpu"], passing, []);
  t.match(r.stderr, new RegExp(`^pc=${entryHex(passing)}\\b`, "m"), "pc of the entry");
  t.match(r.stderr, /%dr0 +=[0-9a-f]{16}/, "window registers");
  t.match(r.stderr, /%dg0 +=[0-9a-f]{16}/, "global registers");
});

t.test("-d exec: one Trace line per executed block", async (t) => {
  const r = await runGuest(qemu, ["-d", "exec"], passing, []);
  const lines = r.stderr.split("\n").filter((l) => l.startsWith("Trace: "));
  t.ok(lines.length > 10, "many blocks");
  t.match(lines[0] ?? "", new RegExp(`^Trace: \\[${entryHex(passing)}\\]`), "the first is the entry");
});

t.test("-d int: the exception and the signal it becomes", async (t) => {
  const r = await runGuest(qemu, ["-d", "int"], trapping, []);
  t.match(r.stderr, /division by zero.*SIGFPE/, "exc_div -> SIGFPE");
});

t.test("-D file: the log goes to the file, not to stderr", async (t) => {
  const log = path.join(outDir, "in_asm.log");
  const r = await runGuest(qemu, ["-d", "in_asm", "-D", log], passing, []);
  t.equal(r.status, 0);
  t.equal(r.stdout.toString("latin1"), passingExpected, "guest stdout unchanged");
  t.notMatch(r.stderr, /^IN:$/m, "nothing on stderr");
  const text = readFileSync(log, "utf8");
  t.match(text, /^IN:$/m, "IN: in the file");
  t.match(text, new RegExp(`^0x${entryHex(passing)}: HS `, "m"), "the entry bundle in the file");
});

// QEMU_E2K_JIT_STATS=1 (docs/jit.md): the run's counters on stderr at exit. On jit_link, whose
// code rewrites a block that another block's exit is linked to, the direct links are made, undone
// by the rewrite and made again (the program's own checks prove the rewritten code ran).
t.test("QEMU_E2K_JIT_STATS: direct links made, undone and remade on jit_link", async (t) => {
  const linked = await build("jit_link");
  const r = await runGuest(qemu, [], linked, [], { env: { ...process.env, QEMU_E2K_JIT_STATS: "1" } });
  t.equal(r.status, 0, "exit status");
  t.equal(
    r.stdout.toString("latin1"),
    readFileSync(path.join(srcDir, "jit_link.expected"), "latin1"),
    "the rewritten bundle ran after each rewrite",
  );
  const m =
    /^qemu-e2k: (\d+) bundles, (\d+) dispatches; jit: (\d+) blocks compiled, 0 refused, \d+ bytes, 0 flushes, (\d+) links$/m.exec(
      r.stderr,
    );
  t.ok(m, `a statistics line: ${r.stderr}`);
  const bundles = Number(m?.[1]),
    dispatches = Number(m?.[2]),
    compiled = Number(m?.[3]),
    links = Number(m?.[4]);
  t.ok(dispatches < bundles / 4, `chaining: ${dispatches} dispatches for ${bundles} bundles`);
  // Every compiled block's exits link at most once per generation of links; the two rewrites
  // each undo them all, so more links than blocks shows exits linked again after an undo.
  t.ok(links > compiled, `${links} links for ${compiled} blocks`);
  const interp = await runGuest(qemu, ["-accel", "tcg,interp=on"], linked, [], {
    env: { ...process.env, QEMU_E2K_JIT_STATS: "1" },
  });
  t.match(
    interp.stderr,
    / 0 blocks compiled, 0 refused, 0 bytes, 0 flushes, 0 links$/m,
    "the interpreter links nothing",
  );
});
