// qemu-e2k-static options and QEMU_* variables: help texts, errors that name the bad option,
// -strace format, -d/-D logging, -E/-U/-0/-s effects seen by guest programs.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import t from "tap";

import { LAUNCHERS, programsDir, runCommand, runGuest } from "./lib/guest-run";

const qemu = LAUNCHERS["qemu-e2k-static"];
const hello = path.join(programsDir, "hello.elf");
const helloText = readFileSync(path.join(programsDir, "hello.expected"), "utf8");
const tmp = mkdtempSync(path.join(tmpdir(), "qemu-e2k-options-"));
t.teardown(() => rmSync(tmp, { recursive: true, force: true }));

// Environment without QEMU_* settings from the caller.
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("QEMU_")) env[k] = v;
  return { ...env, ...extra };
}

const run = (args: string[], env: Record<string, string> = {}) =>
  runCommand(qemu, args, { env: cleanEnv(env) });

t.test("-h and -help print the usage with every option and exit 0", async (t) => {
  for (const opt of ["-h", "-help", "--help"]) {
    const r = await run([opt]);
    t.equal(r.status, 0, opt);
    const out = r.stdout.toString();
    t.match(out, /^usage: qemu-e2k \[options\] program/m);
    for (const o of [
      "-cpu",
      "-E",
      "-U",
      "-0",
      "-L",
      "-s",
      "-strace",
      "-d",
      "-D",
      "-one-insn-per-tb",
      "-accel",
    ])
      t.match(out, new RegExp(`^${o} `, "m"), `${opt} lists ${o}`);
    t.match(out, /QEMU_CPU/);
  }
});

t.test("-version", async (t) => {
  const r = await run(["-version"]);
  t.equal(r.status, 0);
  t.match(r.stdout.toString(), /^qemu-e2k version \d+\.\d+\.\d+/);
});

t.test("-cpu help lists the models with their isets and aliases", async (t) => {
  const r = await run(["-cpu", "help"]);
  t.equal(r.status, 0);
  const out = r.stdout.toString();
  for (const [m, v] of [
    ["e2c+", 2],
    ["e2s", 3],
    ["e8c", 4],
    ["e8c2", 5],
    ["e16c", 6],
  ] as const)
    t.match(out, new RegExp(`^\\s+${m.replace("+", "\\+")}\\s+iset v${v}\\b`, "m"), m);
  t.match(out, /elbrus-8c2/);
});

t.test("-d help lists the log items", async (t) => {
  const r = await run(["-d", "help"]);
  t.equal(r.status, 0);
  const out = r.stdout.toString();
  for (const item of ["in_asm", "op", "out_asm", "exec", "cpu", "int", "page", "unimp", "guest_errors"])
    t.match(out, new RegExp(`^${item}\\s+\\S`, "m"), item);
});

t.test("-accel help", async (t) => {
  const r = await run(["-accel", "help"]);
  t.equal(r.status, 0);
  t.match(r.stdout.toString(), /^tcg$/m);
});

t.test("bad options fail with status 1 and name what was wrong", async (t) => {
  const cases: [string[], RegExp][] = [
    [["-cpu", "foo", hello], /^qemu-e2k: -cpu foo: unknown CPU model/m],
    [["-cpu", "e8c,bogus=1", hello], /-cpu e8c,bogus=1: CPU properties are not supported/],
    [["-d", "in_asm,bogus", hello], /-d in_asm,bogus: unknown log item 'bogus'/],
    [["-s", "12q", hello], /-s 12q: invalid stack size/],
    [["-s", "0", hello], /-s 0: invalid stack size/],
    [["-E", "NOEQUALS", hello], /-E NOEQUALS: expected var=value/],
    [["-U", "A=B", hello], /-U A=B: expected a variable name/],
    [["-accel", "kvm", hello], /-accel kvm: unknown accelerator/],
    [["-accel", "tcg,turbo=on", hello], /-accel tcg,turbo=on: unknown property 'turbo=on'/],
    [["-bogus", hello], /unknown option '-bogus'/],
    [["-cpu"], /option '-cpu' needs an argument/],
    [[], /no program given/],
    [["-D", path.join(tmp, "no-such-dir", "log"), hello], /-D .*no-such-dir\/log: cannot open log file/],
    [
      ["-cpu", "e2s", path.join(programsDir, "mem_quad.elf")],
      /mem_quad\.elf: needs instruction set v5, but CPU model e2s has v3/,
    ],
  ];
  for (const [args, re] of cases) {
    const r = await run(args);
    t.equal(r.status, 1, `${args.join(" ")}: status`);
    t.match(r.stderr, re, `${args.join(" ")}: message`);
    t.equal(r.stdout.length, 0, `${args.join(" ")}: guest did not run`);
  }
});

t.test("QEMU_* variables act like the options; the command line wins", async (t) => {
  let r = await run([hello], { QEMU_CPU: "nonsense" });
  t.equal(r.status, 1);
  t.match(r.stderr, /-cpu nonsense: unknown CPU model/);
  t.match(r.stderr, /QEMU_CPU/);
  r = await run(["-cpu", "e16c", hello], { QEMU_CPU: "e2s" });
  t.equal(r.status, 0, "-cpu overrides QEMU_CPU");
  t.equal(r.stdout.toString(), helloText);
  r = await run([hello], { QEMU_STRACE: "1" });
  t.match(r.stderr, /^\d+ write\(1,0x[0-9a-f]+,26\) = 26$/m, "QEMU_STRACE");
  r = await run([hello], { QEMU_ACCEL: "tcg,interp=on" });
  t.equal(r.status, 0, "QEMU_ACCEL=tcg,interp=on");
  t.equal(r.stdout.toString(), helloText);
  r = await run([hello], { QEMU_ACCEL: "tcg,interp=maybe" });
  t.equal(r.status, 1);
  t.match(r.stderr, /unknown property 'interp=maybe'/);
});

t.test("-strace prints QEMU-style lines: pid name(args) = result", async (t) => {
  const r = await run(["-strace", path.join(programsDir, "fileio.elf")], {});
  t.equal(r.status, 0);
  const pid = /^(\d+) /m.exec(r.stderr)?.[1];
  t.ok(pid, "lines start with the pid");
  t.match(
    r.stderr,
    new RegExp(`^${pid} open\\("e2k-fileio\\.tmp",O_RDWR\\|O_CREAT\\|O_TRUNC,0644\\) = 3$`, "m"),
  );
  t.match(r.stderr, new RegExp(`^${pid} lseek\\(3,0,SEEK_SET\\) = 0$`, "m"));
  t.match(r.stderr, /^\d+ close\(3\) = 0$/m);
  t.match(r.stderr, /= -1 errno=9 \(Bad file descriptor\)$/m, "errors as -1 errno=N (text)");
  t.match(r.stderr, /= -1 errno=2 \(No such file or directory\)$/m);
  t.match(r.stderr, /^\d+ exit_group\(0\)$/m, "exit_group printed before it runs");
  const m = await run(["-strace", path.join(programsDir, "mmap.elf")]);
  t.match(
    m.stderr,
    /^\d+ mmap\(NULL,12288,PROT_READ\|PROT_WRITE,MAP_PRIVATE\|MAP_ANONYMOUS,-1,0x0\) = 0x[0-9a-f]+$/m,
  );
  t.match(m.stderr, /^\d+ mprotect\(0x[0-9a-f]+,4096,PROT_READ\) = 0$/m);
  t.match(m.stderr, /^\d+ munmap\(0x[0-9a-f]+,\d+\) = 0$/m);
  t.match(m.stderr, /= -1 errno=22 \(Invalid argument\)$/m);
  const c = await run(["-strace", path.join(programsDir, "clock.elf")]);
  t.match(c.stderr, /^\d+ clock_gettime\(CLOCK_MONOTONIC,0x[0-9a-f]+\) = 0$/m);
  const b = await run(["-strace", path.join(programsDir, "brk.elf")]);
  t.match(b.stderr, /^\d+ brk\(NULL\) = 0x[0-9a-f]+$/m);
});

t.test("-D sends the log to a file; stdout stays the guest's", async (t) => {
  const log = path.join(tmp, "strace.log");
  const r = await run(["-strace", "-D", log, hello]);
  t.equal(r.status, 0);
  t.equal(r.stdout.toString(), helloText);
  t.notMatch(r.stderr, /write\(/, "nothing on stderr");
  t.match(readFileSync(log, "utf8"), /^\d+ write\(1,0x[0-9a-f]+,26\) = 26\n\d+ exit_group\(0\)\n$/);
  const pageLog = path.join(tmp, "page.log");
  const p = await run(["-d", "page", "-D", pageLog, hello], {});
  t.equal(p.status, 0);
  const text = readFileSync(pageLog, "utf8");
  t.match(text, /^0000000000010000-0000000000011000 0000000000001000 r-x$/m, "the text segment");
  t.match(text, /rw-$/m, "the stack");
  t.match(text, /^entry\s+0x0000000000010078$/m);
  const envLog = path.join(tmp, "env.log");
  const e = await run([hello], { QEMU_LOG: "page", QEMU_LOG_FILENAME: envLog });
  t.equal(e.status, 0);
  t.match(readFileSync(envLog, "utf8"), /r-x$/m, "QEMU_LOG + QEMU_LOG_FILENAME");
});

t.test("-d int and guest_errors report a guest fault in the log", async (t) => {
  const r = await run(["-d", "int", path.join(programsDir, "sigsegv_load.elf")]);
  t.equal(r.status, 128 + 11);
  t.match(r.stderr, /guest exception at pc 0x[0-9a-f]+: .* -> SIGSEGV/);
  t.match(r.stderr, /^qemu: uncaught target signal 11 \(Segmentation fault\) - core dumped$/m);
});

t.test("-E, -U and -0 keep the initial stack valid (argv_env's own checks)", async (t) => {
  // The environment edits themselves are checked by the native test of build_guest_env.
  const prog = path.join(programsDir, "argv_env.elf");
  const args = readFileSync(path.join(programsDir, "argv_env.args"), "utf8").trim().split(/\s+/);
  const expected = readFileSync(path.join(programsDir, "argv_env.expected"), "utf8");
  const r = await runGuest(qemu, ["-E", "E2K_TEST=1", "-U", "HOME", "-0", "renamed"], prog, args, {
    env: cleanEnv({ QEMU_SET_ENV: "A=1,B=2", QEMU_UNSET_ENV: "PATH" }),
  });
  t.equal(r.status, 0);
  t.equal(r.stdout.toString(), expected, "argc/argv/envp as the program expects");
  t.equal(r.stderr, "");
});

t.test("-s sets the guest stack size (shown by -d page)", async (t) => {
  const r = await run(["-s", "1M", "-d", "page", hello]);
  t.equal(r.status, 0);
  t.match(r.stderr, /^[0-9a-f]{16}-[0-9a-f]{16} 0000000000100000 rw-$/m, "a 1 MiB stack mapping");
  const big = Array.from({ length: 8 }, () => "x".repeat(16 * 1024));
  const tooSmall = await run(["-s", "64k", hello, ...big]);
  t.equal(tooSmall.status, 1, "arguments larger than the stack are refused");
  t.match(tooSmall.stderr, /do not fit the guest stack/);
});

t.test("-one-insn-per-tb and -accel tcg,interp=on still run programs exactly", async (t) => {
  for (const opts of [
    ["-one-insn-per-tb"],
    ["-accel", "tcg,interp=on"],
    ["-accel", "tcg"],
    ["-singlestep"],
  ]) {
    const r = await run([...opts, path.join(programsDir, "calls.elf")]);
    t.equal(r.status, 0, opts.join(" "));
    t.equal(
      r.stdout.toString(),
      readFileSync(path.join(programsDir, "calls.expected"), "utf8"),
      opts.join(" "),
    );
  }
});

t.test("the guest's argv[0] and -0", async (t) => {
  // auxv checks AT_EXECFN/AT_ENTRY itself; here only that -0 does not break start-up.
  const r = await run(["-0", "/some/other/name", path.join(programsDir, "auxv.elf")]);
  t.equal(r.status, 0);
  t.equal(r.stdout.toString(), readFileSync(path.join(programsDir, "auxv.expected"), "utf8"));
});

t.test("each CPU log item writes to the -D log and leaves the guest's output alone", async (t) => {
  for (const item of ["in_asm", "op", "exec", "cpu"]) {
    const log = path.join(tmp, `${item}.log`);
    const r = await run(["-d", item, "-D", log, hello]);
    t.equal(r.status, 0, item);
    t.equal(r.stdout.toString(), helloText, `${item}: stdout unchanged`);
    t.ok(readFileSync(log, "utf8").length > 0, `${item}: log written`);
  }
});
