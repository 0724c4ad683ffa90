// e2k-objdump: layout of -d/-h/-t on the reference executables and on an e2k-as object, the
// disassembly of every reference program re-assembling to its bytes, and the error paths.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { encodeBundle } from "../../target/e2k/asm/encode";
import { disassembleBundle } from "../../target/e2k/disasm";
import { readElf } from "../../target/e2k/elf/read";
import { disassemblyText, isetOf } from "../../target/e2k/objdump/dump";
import { numericContext } from "./disasm-golden";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const fixtures = path.join(root, "tests", "fixtures");
const objdumpMain = path.join(root, "target", "e2k", "objdump", "main.ts");
const asMain = path.join(root, "target", "e2k", "asm", "main.ts");
const ldMain = path.join(root, "target", "e2k", "ld", "main.ts");

function run(main: string, args: readonly string[], cwd = root): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), main, ...args], {
    cwd,
    encoding: "utf8",
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const referenceElfs = ["programs", "bench"].flatMap((dir) =>
  readdirSync(path.join(fixtures, dir))
    .filter((f) => f.endsWith(".elf"))
    .map((f) => path.join(fixtures, dir, f)),
);

t.test("-d layout on a reference executable", async (t) => {
  const elf = readElf(readFileSync(path.join(fixtures, "programs", "hello.elf")));
  const text = disassemblyText(elf);
  t.match(
    text,
    /^\nDisassembly of section \.text:\n\n0{11}[0-9a-f]{5} <_start>:\n/,
    "section and symbol headers",
  );
  const blocks = text
    .split("\n\n")
    .slice(2)
    .filter((b) => b !== "");
  t.ok(blocks.length > 3, "several bundles");
  const widths = new Set<number>();
  for (const b of blocks) {
    if (/^[0-9a-f]{16} </.test(b)) continue;
    const m = /^( *[0-9a-f]+):\t\n((?: {2}\S.*\n?)*)$/.exec(b);
    t.ok(m, `bundle block: ${JSON.stringify(b)}`);
    if (m) widths.add((m[1] ?? "").length);
  }
  t.same([...widths], [8], "address column right-aligned, zeros dropped in groups of four");
});

t.test("every bundle of every reference program re-assembles to its bytes", async (t) => {
  for (const file of referenceElfs) {
    const elf = readElf(readFileSync(file));
    const iset = isetOf(elf);
    const text = elf.sectionByName(".text");
    if (!text) {
      t.fail(`${file}: no .text`);
      continue;
    }
    const bad: string[] = [];
    let bundles = 0;
    for (let off = 0; off < text.size;) {
      const d = disassembleBundle(text.data, off, { iset, targets: "units" });
      if (!d.ok) {
        bad.push(`+${off.toString(16)}: ${d.problems.join("; ")}`);
        off += 8;
        continue;
      }
      bundles++;
      const want = Buffer.from(text.data.subarray(off, off + d.length)).toString("hex");
      let got: string;
      try {
        const ops = d.lines.map((l, i) => ({ text: l, line: i + 1 }));
        got = Buffer.from(encodeBundle(ops, true, numericContext(iset)).bytes).toString("hex");
      } catch (e) {
        got = `error: ${(e as Error).message}`;
      }
      if (got !== want || d.problems.length) {
        bad.push(
          `+${off.toString(16)} ${JSON.stringify(d.lines)} ${d.problems.join("; ")}: ${want} -> ${got}`,
        );
      }
      off += d.length;
    }
    const name = path.basename(file);
    if (name === "sigill_opcode.elf") {
      // Its whole point is one illegal operation; it must be reported, not hidden.
      t.equal(bad.length, 1, `${name}: exactly the deliberate illegal bundle is flagged`);
      t.match(bad[0] ?? "", /unrecognized operation/, `${name}: reported as unrecognized`);
    } else t.same(bad, [], `${name}: ${bundles} bundles`);
  }
});

t.test("e2k-objdump on an e2k-as object (issue example)", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "objdump-"));
  writeFileSync(
    path.join(dir, "ex.S"),
    "\t.text\n\t.globl f\n\t.type f,@function\nf:\n{\n  addd,0 %dr1, 0x1234, %dr3\n  std,2 %dr2, [ %dr1 + 0x8 ]\n}\n{\n  disp %ctpr1, f\n}\n\t.size f, .-f\n",
  );
  const as = run(asMain, ["-mcpu=elbrus-v4", "-o", "ex.o", "ex.S"], dir);
  t.equal(as.code, 0, `e2k-as: ${as.err}`);
  const d = run(objdumpMain, ["-d", "ex.o"], dir);
  t.equal(d.code, 0);
  t.equal(
    d.out,
    "\nex.o:     file format elf64-e2k\n\n\nDisassembly of section .text:\n\n0000000000000000 <f>:\n" +
      "   0:\t\n  addd,0 %dr1, _f16s 0x1234, %dr3\n  std,2 %dr2, %dr1, 0x8\n\n" +
      "  10:\t\n  disp %ctpr1, 0x10\n\n",
    "objdump's layout (store printed gas's way: value first)",
  );
  const h = run(objdumpMain, ["-h", "ex.o"], dir);
  t.match(h.out, /\nSections:\nIdx Name {10}Size {6}VMA {15}LMA {15}File off {2}Algn\n/);
  t.match(
    h.out,
    /\n {2}0 \.text {9}00000018 {2}0{16} {2}0{16} {2}[0-9a-f]{8} {2}2\*\*3\n {18}CONTENTS, ALLOC, LOAD, RELOC, READONLY, CODE\n/,
  );
  const s = run(objdumpMain, ["-t", "ex.o"], dir);
  t.match(s.out, /\nSYMBOL TABLE:\n/);
  t.match(s.out, /\n0{16} g {5}F \.text\t0{14}18 f\n/);
  t.match(s.out, /\n0{16} l {4}d {2}\.text\t0{16} \.text\n/);
});

t.test("e2k-objdump on an e2k-as + e2k-ld executable equals that of the reference", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "objdump-"));
  const programs = path.join(fixtures, "programs");
  const as = run(
    asMain,
    [
      "-mcpu=elbrus-v3",
      "-I",
      path.join(programs, "include"),
      "-o",
      "hello.o",
      path.join(programs, "hello.S"),
    ],
    dir,
  );
  t.equal(as.code, 0, `e2k-as: ${as.err}`);
  const ld = run(ldMain, ["-o", "hello", "hello.o"], dir);
  t.equal(ld.code, 0, `e2k-ld: ${ld.err}`);
  const ours = run(objdumpMain, ["-d", "hello"], dir);
  const ref = run(objdumpMain, ["-d", path.join(programs, "hello.elf")]);
  t.equal(ours.code, 0);
  const body = (s: string): string => s.split("\n").slice(2).join("\n");
  t.match(ours.out, /^\nhello: {5}file format elf64-e2k\n/);
  t.equal(body(ours.out), body(ref.out), "same disassembly, addresses and symbols");
});

t.test("errors: clear message and exit status 1", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "objdump-"));
  const missing = run(objdumpMain, ["-d", path.join(dir, "nope.o")]);
  t.equal(missing.code, 1);
  t.match(missing.err, /nope\.o': No such file/);
  writeFileSync(path.join(dir, "text.o"), "not an object file at all, just text\n".repeat(4));
  const notElf = run(objdumpMain, ["-d", path.join(dir, "text.o")]);
  t.equal(notElf.code, 1);
  t.match(notElf.err, /text\.o: file format not recognized \(not an ELF file/);
  const bytes = Buffer.from(readFileSync(path.join(fixtures, "programs", "hello.elf")));
  bytes.writeUInt16LE(62, 18); // EM_X86_64
  writeFileSync(path.join(dir, "x86.elf"), bytes);
  const wrong = run(objdumpMain, ["-d", path.join(dir, "x86.elf")]);
  t.equal(wrong.code, 1);
  t.match(wrong.err, /x86\.elf: not an E2K file \(e_machine 62/);
  t.equal(wrong.out, "", "nothing printed for a file that failed");
  const noOpt = run(objdumpMain, [path.join(fixtures, "programs", "hello.elf")]);
  t.equal(noOpt.code, 1);
  t.match(noOpt.err, /At least one of the following switches/);
  const badOpt = run(objdumpMain, ["-q", "x"]);
  t.equal(badOpt.code, 1);
  t.match(badOpt.err, /invalid option -- 'q'/);
});
