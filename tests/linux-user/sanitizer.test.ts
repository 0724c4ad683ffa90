// The runtime built with ASan + UBSan (build/native/qemu-e2k-static-asan, meson.build) on a few
// programs that cover the loader, syscalls with struct conversion, mmap/brk, -strace, deep
// recursion and guest faults, guest signal handlers and longjmp (tests/tcg/e2k/signal_handler.S,
// longjmp.S): same
// results as the normal build and no sanitizer report.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import t from "tap";

import { buildDir, loadPrograms, repoRoot, runGuest } from "./lib/guest-run";
import { helloWithMessageAt } from "./lib/patch-hello";
import { mapLimit } from "./lib/pool";
import { assembleProgram } from "./lib/toolchain";

const asan = path.join(buildDir, "native", "qemu-e2k-static-asan");
const PROGRAMS = [
  "hello",
  "argv_env",
  "auxv",
  "brk",
  "mmap",
  "fileio",
  "ids_uname",
  "clock",
  "calls",
  "crc32",
  "fp_x80",
  "sigsegv_load",
  "sigsegv_store",
  "sigill_opcode",
  "sigfpe_div",
];

// Leak checking needs ptrace-like access that CI containers may lack; everything else aborts.
const env = {
  ...process.env,
  ASAN_OPTIONS: "detect_leaks=0:abort_on_error=0:exitcode=99",
  UBSAN_OPTIONS: "print_stacktrace=1:halt_on_error=1:exitcode=98",
};

const tmp = mkdtempSync(path.join(tmpdir(), "qemu-e2k-asan-"));
t.teardown(() => rmSync(tmp, { recursive: true, force: true }));

const programs = loadPrograms().filter((p) => PROGRAMS.includes(p.name));

// Run everything first: tap ends the root test if it sees assertions and then goes idle.
const results = await mapLimit(programs, 2, async (p) => ({
  p,
  r: await runGuest(asan, ["-strace", "-cpu", "e8c2"], p.elf, p.args, { env }),
}));

t.test("set-up", async (t) => {
  t.ok(existsSync(asan), `${asan} is built (make native)`);
  t.equal(programs.length, PROGRAMS.length, "all chosen programs exist");
});

for (const { p, r } of results) {
  t.test(`${p.name} under ASan+UBSan`, async (t) => {
    t.notMatch(
      r.stderr,
      /AddressSanitizer|runtime error:|UndefinedBehaviorSanitizer|LeakSanitizer/,
      "no report",
    );
    t.equal(r.stdout.toString("latin1"), p.expected.toString("latin1"), "stdout");
    t.equal(r.status, p.exit, "exit status");
    t.match(r.stderr, /^\d+ (exit|exit_group)\(|uncaught target signal/m, "-strace ran");
  });
}

t.test("bad guest pointers under ASan are -EFAULT, not a report", async (t) => {
  for (const addr of [0xdead0000n, 0x100_0001_00f0n, 0xffff_ffff_ffff_fff0n]) {
    const file = path.join(tmp, `hello-${addr.toString(16)}`);
    writeFileSync(file, helloWithMessageAt(addr), { mode: 0o755 });
    const r = await runGuest(asan, ["-strace", "-d", "page,int,guest_errors,unimp"], file, [], { env });
    t.equal(r.status, 0, `0x${addr.toString(16)}: exits normally`);
    t.match(r.stderr, /= -1 errno=14 \(Bad address\)/, `0x${addr.toString(16)}: -EFAULT`);
    t.notMatch(r.stderr, /AddressSanitizer|runtime error:/, `0x${addr.toString(16)}: no report`);
  }
});

// tcg tests of the signal and longjmp paths: name, exit status
const TCG_PROGRAMS: [string, number][] = [
  ["signal_handler", 128 + 10],
  ["longjmp", 0],
];
for (const [name, status] of TCG_PROGRAMS) {
  t.test(`${name}.S under ASan`, async (t) => {
    const src = path.join(repoRoot, "tests", "tcg", "e2k", name);
    const elf = await assembleProgram(`${src}.S`, tmp, "elbrus-v5");
    for (const backend of [[], ["-accel", "tcg,interp=on"]]) {
      const r = await runGuest(asan, ["-strace", "-cpu", "e8c2", ...backend], elf, [], { env });
      t.notMatch(r.stderr, /AddressSanitizer|runtime error:|UndefinedBehaviorSanitizer/, "no report");
      t.equal(r.stdout.toString("utf8"), readFileSync(`${src}.expected`, "utf8"), "stdout");
      t.equal(r.status, status, "exit status");
    }
  });
}
