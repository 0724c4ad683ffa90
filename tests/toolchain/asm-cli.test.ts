// The e2k-as and e2k-ld command lines: options, messages in gas's FILE:LINE: Error: form, exit
// status, -I, stdin input (the cpp | e2k-as pipeline), and no output file after errors.
import t from "tap";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readElf } from "../../target/e2k/elf/read";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const AS = path.join(root, "target/e2k/asm/main.ts");
const LD = path.join(root, "target/e2k/ld/main.ts");
// Resolved here: the tools run in a temporary directory where a bare "tsx" would not be found.
const TSX = import.meta.resolve("tsx");
const dir = mkdtempSync(path.join(tmpdir(), "e2k-as-cli-"));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

function run(
  tool: string,
  args: string[],
  input?: string,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", TSX, tool, ...args], {
    cwd: dir,
    input,
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

t.test("--help and --version", async (t) => {
  const h = run(AS, ["--help"]);
  t.equal(h.status, 0);
  t.match(h.stdout, /-mcpu=CPU/);
  t.match(h.stdout, /-I DIR/);
  t.match(run(AS, ["--version"]).stdout, /^e2k-as /);
  t.match(run(LD, ["--help"]).stdout, /-e SYMBOL/);
});

t.test("bad options", async (t) => {
  const m = run(AS, ["-mcpu=elbrus-v9", "x.s"]);
  t.equal(m.status, 1);
  t.match(m.stderr, /invalid -mcpu argument `elbrus-v9'/);
  const u = run(AS, ["--frob"]);
  t.equal(u.status, 1);
  t.match(u.stderr, /unrecognized option '--frob'/);
  const n = run(AS, ["missing.s"]);
  t.equal(n.status, 1);
  t.match(n.stderr, /can't open missing\.s for reading: No such file or directory/);
  t.notMatch(n.stderr, /\n\s+at /, "no stack trace");
});

t.test("every bad statement reported with FILE:LINE, exit 1, no object written", async (t) => {
  writeFileSync(
    path.join(dir, "bad.s"),
    [
      " .data",
      " .byte 1",
      " .bogus",
      " .byte 2 +",
      " .text",
      " {",
      "  addd,9 0, 1, %dr1",
      " }",
      " .byte 3",
    ].join("\n") + "\n",
  );
  const r = run(AS, ["-o", "bad.o", "bad.s"]);
  t.equal(r.status, 1);
  const lines = r.stderr.trim().split("\n");
  t.equal(lines[0], "bad.s: Assembler messages:");
  t.match(lines[1], /^bad\.s:3: Error: unknown pseudo-op: `\.bogus'$/);
  t.match(lines[2], /^bad\.s:4: Error: /);
  t.match(lines[3], /^bad\.s:7: Error: /);
  t.equal(lines.length, 4);
  t.notOk(existsSync(path.join(dir, "bad.o")));
  t.notMatch(r.stderr, /\n\s+at /, "no stack trace");
});

t.test("-I, -mcpu, -o and the STT_FILE symbol; then e2k-ld", async (t) => {
  mkdirSync(path.join(dir, "inc"), { recursive: true });
  writeFileSync(path.join(dir, "inc", "defs.inc"), " .equ VALUE, 0x42\n");
  writeFileSync(
    path.join(dir, "ok.s"),
    [
      ' .include "defs.inc"',
      " .text",
      " .global _start",
      "_start:",
      " {",
      "  addd,0 0, VALUE, %dr1",
      " }",
      " .data",
      " .byte VALUE",
    ].join("\n") + "\n",
  );
  const r = run(AS, ["-mcpu=elbrus-8c", "-I", "inc", "-o", "ok.o", "ok.s"]);
  t.equal(r.stderr, "");
  t.equal(r.status, 0);
  const elf = readElf(new Uint8Array(readFileSync(path.join(dir, "ok.o"))));
  t.equal(elf.header.flags, 0x13000010);
  t.equal(elf.symbols[1]?.name, "ok.o");
  t.equal(elf.sectionByName(".text")?.size, 16, "one bundle with a literal");
  const missing = run(AS, ["-o", "ok2.o", "ok.s"]);
  t.equal(missing.status, 1);
  t.match(missing.stderr, /ok\.s:1: Error: can't open defs\.inc for reading/);
  const l = run(LD, ["-o", "ok", "ok.o"]);
  t.equal(l.status, 0, l.stderr);
  const exe = readElf(new Uint8Array(readFileSync(path.join(dir, "ok"))));
  t.equal(exe.header.entry, exe.sectionByName(".text")?.addr);
  const u = run(LD, ["-e", "nowhere", "-o", "ok3", "ok.o"]);
  t.equal(u.status, 0);
  t.match(u.stderr, /warning: cannot find entry symbol nowhere; defaulting to 00000000000100b0/);
  const e = run(LD, ["-o", "x", "nofile.o"]);
  t.equal(e.status, 1);
  t.match(e.stderr, /cannot find nofile\.o/);
});

t.test("reads standard input (cpp | e2k-as)", async (t) => {
  const r = run(AS, ["-o", "stdin.o"], " .data\n .byte 7\n .byte )\n");
  t.equal(r.status, 1);
  t.match(r.stderr, /^\{standard input\}: Assembler messages:\n\{standard input\}:3: Error: /);
  const ok = run(AS, ["-o", "stdin.o", "-"], " .data\n .byte 7\n");
  t.equal(ok.status, 0);
  t.same(
    [
      ...(readElf(new Uint8Array(readFileSync(path.join(dir, "stdin.o")))).sectionByName(".data")?.data ??
        []),
    ],
    [7],
  );
});
