// e2k-as front end: statements, comments, expressions, directives, sections, symbols, macros,
// repetition, conditionals, includes and error reporting — with a test-only fake encoder.
import t from "tap";
import { assemble, type AsmResult } from "../../target/e2k/asm/assembler";
import { R_E2K_64_ABS, R_E2K_64_ABS_LIT } from "../../target/e2k/elf/constants";
import { fakeEncoder, type FakeCall } from "./lib/asm-fake-encoder";

function asm(
  text: string,
  files: Record<string, string> = {},
  includeDirs: string[] = [],
  calls: FakeCall[] = [],
): AsmResult {
  return assemble([{ name: "t.s", text }], {
    iset: 3,
    includeDirs,
    encode: fakeEncoder(calls),
    readFile: (f) => files[f],
  });
}

const bytesOf = (r: AsmResult, name: string): number[] => [
  ...(r.sections.find((s) => s.name === name)?.contents() ?? []),
];
const errors = (r: AsmResult): string[] =>
  r.messages.filter((m) => m.kind === "Error").map((m) => `${m.loc?.file}:${m.loc?.line}: ${m.text}`);
const warnings = (r: AsmResult): string[] =>
  r.messages.filter((m) => m.kind === "Warning").map((m) => `${m.loc?.line}: ${m.text}`);
const sym = (r: AsmResult, name: string) => r.symbols.get(name);

t.test("comments and statement separators", async (t) => {
  const calls: FakeCall[] = [];
  const r = asm(
    [
      "# a comment line",
      "  .data ! trailing comment",
      "  .byte 1; .byte 2 /* inline */ ; .byte 3",
      "/* a block",
      "   comment over lines */ .byte 4",
      "  .byte '!, '#, ';  ! chars are not comments",
      '  .ascii "a!b;c{d}"',
      "  .text",
      "  { op ; op }",
      "  {",
      "    op",
      "    op ! comment inside a bundle",
      "    op",
      "  }",
      "  .byte 5, 6 ; .byte .Lnope",
    ].join("\n"),
    {},
    [],
    calls,
  );
  t.same(bytesOf(r, ".data"), [1, 2, 3, 4, 33, 35, 59, ...Buffer.from("a!b;c{d}")]);
  t.same(
    calls.map((c) => c.ops.length),
    [2, 3],
  );
  // the block comment kept line numbers: .byte .Lnope is on line 15 (a 1-byte field cannot be relocated)
  t.same(errors(r), ["t.s:15: can't relocate a 1-byte field to `.Lnope'"]);
  const r2 = asm("/*\n\n*/\n .data\n .byte 1 +\n");
  t.match(errors(r2)[0], /^t\.s:5: /);
});

t.test("expressions: gas precedence, numbers, comparisons, symbols", async (t) => {
  const r = asm(
    [
      " .equ N, 12",
      " .set M, N * 2",
      " K = (1 << 37) | N",
      " .data",
      "a: .quad 1 + 2 | 4, 10 - 2 - 3, 2 * 3 + 4, 7 / 2, -7 / 2, 7 % 3, 0x10, 010, 0b101, 'A, '\\n",
      " .quad K, M, ~0, 3 == 3, 3 <> 3, 2 < 3, 1 && 2, 0 || 0, 1 << 64 >> 1, -1 >> 60",
      "b: .quad b - a, . - a",
    ].join("\n"),
  );
  t.same(errors(r), []);
  const q = bytesOf(r, ".data");
  const words: bigint[] = [];
  for (let i = 0; i < q.length; i += 8) words.push(Buffer.from(q.slice(i, i + 8)).readBigInt64LE());
  t.same(words, [
    7n,
    5n,
    10n,
    3n,
    -3n,
    1n,
    16n,
    8n,
    5n,
    65n,
    10n,
    (1n << 37n) | 12n,
    24n,
    -1n,
    -1n,
    0n,
    -1n,
    1n,
    0n,
    0n,
    15n,
    21n * 8n,
    21n * 8n + 8n,
  ]);
  t.equal(sym(r, "N")?.value, 12n);
});

t.test("expression errors", async (t) => {
  const r = asm(
    [" .data", " .quad 1 / 0", " .quad 3 +", " .quad (1", " .quad 09", " .quad x * 2", " .quad 1 2"].join(
      "\n",
    ),
  );
  t.same(
    errors(r).map((e) => e.split(": ")[0]),
    ["t.s:2", "t.s:3", "t.s:4", "t.s:5", "t.s:6", "t.s:7"],
  );
  t.match(errors(r)[0], /division by zero/);
  t.match(errors(r)[2], /missing '\)'/);
  t.match(errors(r)[5], /junk at end of expression/);
});

t.test("data directives", async (t) => {
  const r = asm(
    [
      " .data",
      " .byte 1, 255, -1",
      " .short 0x1234",
      " .hword 2",
      " .word 0x04000001",
      " .long 3",
      " .dword 0x1122334455667788",
      ' .asciz "A\\n\\t\\\\\\"\\101\\x42"',
      ' .string "s"',
      ' .ascii "x", "y"',
      " .skip 3",
      " .space 2, 0xee",
      " .byte 256",
    ].join("\n"),
  );
  t.same(
    bytesOf(r, ".data"),
    [
      1, 255, 255, 0x34, 0x12, 2, 0, 1, 0, 0, 4, 3, 0, 0, 0, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
      65, 10, 9, 92, 34, 65, 66, 0, 115, 0, 120, 121, 0, 0, 0, 0xee, 0xee, 0,
    ],
  );
  t.same(warnings(r), ["13: value 0x100 truncated to 0x0"]);
});

t.test("alignment", async (t) => {
  const r = asm(
    [
      " .data",
      " .byte 1",
      " .align 8",
      " .byte 2",
      " .balign 4, 0xff",
      " .p2align 4",
      " .byte 3",
      " .align 3",
    ].join("\n"),
  );
  t.same(bytesOf(r, ".data"), [1, 0, 0, 0, 0, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0, 0, 0, 0, 3]);
  t.match(errors(r)[0], /^t\.s:8: alignment not a power of 2/);
  t.equal(r.sections.find((s) => s.name === ".data")?.align, 16);
  const b = asm([" .bss", " .align 64", " .skip 10"].join("\n"));
  t.equal(b.sections.find((s) => s.name === ".bss")?.align, 64);
  t.equal(b.sections.find((s) => s.name === ".bss")?.size, 10);
});

t.test("sections: .section, .pushsection/.popsection, .previous, flags, .bss contents", async (t) => {
  const r = asm(
    [
      " .section .rodata",
      'msg: .ascii "hi"',
      " .text",
      " .pushsection .rodata",
      " .byte 1",
      " .popsection",
      " { op }",
      ' .section .mydata,"aw",@progbits',
      " .byte 7",
      " .previous",
      " { op }",
      ' .section .note.x,"",@note',
      " .bss",
      " .byte 0",
      " .byte 1",
      ' .section .bad,"q"',
    ].join("\n"),
  );
  t.same(
    r.sections.map((s) => s.name),
    [".text", ".data", ".bss", ".rodata", ".mydata", ".note.x"],
  );
  t.same(bytesOf(r, ".rodata"), [104, 105, 1]);
  t.equal(bytesOf(r, ".text").length, 16);
  t.equal(r.sections.find((s) => s.name === ".mydata")?.flags, 3);
  t.equal(r.sections.find((s) => s.name === ".note.x")?.type, 7);
  t.same(
    errors(r).map((e) => e.split(": ")[0]),
    ["t.s:15", "t.s:16"],
  );
  t.match(errors(r)[0], /non-zero value in section `\.bss'/);
});

t.test("symbols: labels, .globl, .type, .size, .set/.equ/=, .equiv", async (t) => {
  const r = asm(
    [
      " .text",
      " .globl f",
      " .type f, @function",
      "f: { op }",
      "g: h: { op ; op }",
      " .size f, . - f",
      " .size later, 4 * 2",
      " .type obj, @object",
      " .set v, 1",
      " .set v, 2",
      " .equiv w, 1",
      " .equiv w, 2",
      "f: { op }",
      " .type f, @banana",
    ].join("\n"),
  );
  t.equal(sym(r, "f")?.global, true);
  t.equal(sym(r, "f")?.elfType, 2);
  t.equal(sym(r, "f")?.size, 16n);
  t.equal(sym(r, "g")?.value, 8n);
  t.equal(sym(r, "h")?.value, 8n);
  t.equal(sym(r, "v")?.value, 2n);
  t.equal(sym(r, "later")?.size, 8n);
  t.same(
    errors(r).map((e) => e.replace(/: .*/, "")),
    ["t.s:12", "t.s:13", "t.s:14"],
  );
  t.match(errors(r)[1], /symbol `f' is already defined/);
});

t.test("relocations and fixups", async (t) => {
  const r = asm(
    [
      " .text",
      " .globl ext_g",
      "start: { disp fwd }",
      " { lit msg + 4 }",
      " { lit CONST }",
      " { lit ext }",
      " { lit ext_g }",
      "fwd: { op }",
      " .section .rodata",
      'msg: .ascii "abcdefgh"',
      " .data",
      " .quad msg, start, ext + 1, CONST",
      " .word msg",
      " .equ CONST, 0x1122334455667788",
    ].join("\n"),
  );
  t.same(errors(r), []);
  const text = r.sections.find((s) => s.name === ".text");
  const dv = Buffer.from(text?.contents() ?? []);
  // disp to a label of the same section is resolved: (fwd - start) / 8 = 72 / 8
  t.equal(dv.readUInt32LE(4) & 0x0fffffff, (8 + 16 * 4) / 8);
  // a constant defined later is patched into the literal (high word first)
  t.equal(dv.readUInt32LE(24 + 8), 0x11223344);
  t.equal(dv.readUInt32LE(24 + 12), 0x55667788);
  const kept = r.relocs.get(text as NonNullable<typeof text>) ?? [];
  t.same(
    kept.map((k) => [
      k.offset,
      k.type,
      "section" in k.target ? k.target.section.name : k.target.symbol,
      k.addend,
    ]),
    [
      [8 + 8, R_E2K_64_ABS_LIT, ".rodata", 4n],
      [40 + 8, R_E2K_64_ABS_LIT, "ext", 0n],
      [56 + 8, R_E2K_64_ABS_LIT, "ext_g", 0n],
    ],
  );
  const data = r.sections.find((s) => s.name === ".data");
  const dk = r.relocs.get(data as NonNullable<typeof data>) ?? [];
  t.same(
    dk.map((k) => [
      k.offset,
      k.type,
      "section" in k.target ? k.target.section.name : k.target.symbol,
      k.addend,
    ]),
    [
      [0, R_E2K_64_ABS, ".rodata", 0n],
      [8, R_E2K_64_ABS, ".text", 0n],
      [16, R_E2K_64_ABS, "ext", 1n],
      [32, 0, ".rodata", 0n],
    ],
  );
  t.equal(Buffer.from(data?.contents() ?? []).readBigUInt64LE(24), 0x1122334455667788n);
});

t.test("numeric local labels", async (t) => {
  const r = asm(
    [" .text", "1: { op }", " { disp 1f }", " { disp 1b }", "1: { op }", " { disp 1b }"].join("\n"),
  );
  t.same(errors(r), []);
  const b = Buffer.from(r.sections[0]?.contents() ?? []);
  t.equal(b.readUInt32LE(8 + 4), 2); // from 8 to 24
  t.equal(b.readUInt32LE(16 + 4) & 0x0fffffff, 0x0ffffffe); // from 16 back to 0
  t.equal(b.readUInt32LE(32 + 4) & 0x0fffffff, 0x0fffffff); // from 32 back to 24
});

t.test("macros: gas argument rules", async (t) => {
  const calls: FakeCall[] = [];
  const r = asm(
    [
      " .macro PRINT text",
      " .pushsection .rodata",
      '.Lp\\@: .asciz "\\text"',
      " .popsection",
      " { lit .Lp\\@ }",
      " .endm",
      " .macro PAIR a, b=7, c",
      " .data",
      " .byte \\a, \\b, \\c\\()0",
      " .text",
      " .endm",
      " .macro VA first, rest:vararg",
      " .data",
      " .byte \\first, \\rest",
      " .endm",
      " .macro NEEDS x:req",
      " .byte \\x",
      " .endm",
      " .text",
      ' PRINT "say \\"hi\\"\\n"',
      ' print "two"',
      " Pair 1",
      " PAIR 1, 2, 3",
      " PAIR 4, c=5",
      " PAIR 1 + 1, 2",
      " PAIR 6 7",
      " VA 1, 2, 3",
      " NEEDS",
      " PAIR 1, 2, 3, 4",
      " PAIR d=1",
    ].join("\n"),
    {},
    [],
    calls,
  );
  t.same(bytesOf(r, ".rodata"), [...Buffer.from('say "hi"\n\0two\0')]);
  t.same(
    calls.map((c) => c.ops[0]),
    ["lit .Lp0", "lit .Lp1"],
  );
  t.same(bytesOf(r, ".data"), [1, 7, 0, 1, 2, 30, 4, 7, 50, 2, 2, 0, 6, 7, 0, 1, 2, 3]);
  t.same(
    errors(r).map((e) => e.replace(/: .*/, "")),
    ["t.s:28", "t.s:29", "t.s:30"],
  );
  t.match(errors(r)[0], /Missing value for required parameter `x' of macro `NEEDS'/);
  t.match(errors(r)[1], /too many positional arguments/);
  t.match(errors(r)[2], /Parameter named `d' does not exist/);
});

t.test("macro names are case-insensitive: a CALL macro captures call", async (t) => {
  const r = asm([" .macro CALL x", " call \\x", " .endm", " .text", " CALL 1"].join("\n"));
  t.equal(errors(r).length, 1);
  t.match(errors(r)[0], /^t\.s:5: macros nested too deeply/);
  const d = asm([" .macro m", " .endm", " .macro M", " .endm"].join("\n"));
  t.match(errors(d)[0], /^t\.s:3: Macro `M' was already defined/);
  const u = asm([" .macro m", " .byte 1"].join("\n"));
  t.match(errors(u)[0], /^t\.s:1: missing \.endm/);
});

t.test("macro .exitm and .purgem", async (t) => {
  const calls: FakeCall[] = [];
  const r = asm(
    [
      " .data",
      " .macro m",
      " .byte 1",
      " .exitm",
      " .byte 2",
      " .endm",
      " m",
      " .purgem m",
      " .text",
      " m",
    ].join("\n"),
    {},
    [],
    calls,
  );
  t.same(bytesOf(r, ".data"), [1]);
  t.same(
    calls.map((c) => c.ops),
    [["m"]],
    "after .purgem the name is an operation again",
  );
  t.same(errors(r), []);
});

t.test(".rept, .irp, .irpc", async (t) => {
  const calls: FakeCall[] = [];
  const r = asm(
    [
      " .text",
      " .rept 3",
      " { op }",
      " .endr",
      " .data",
      " .irp r, 1, 2, 3",
      " .byte \\r * 2",
      " .endr",
      " .irpc c, 789",
      " .byte \\c",
      " .endr",
      " .rept 2",
      " .rept 2",
      " .byte 9",
      " .endr",
      " .endr",
    ].join("\n"),
    {},
    [],
    calls,
  );
  t.equal(calls.length, 3);
  t.same(
    calls.map((c) => c.offset),
    [0, 8, 16],
  );
  t.same(bytesOf(r, ".data"), [2, 4, 6, 7, 8, 9, 9, 9, 9, 9]);
  t.same(errors(r), []);
  t.match(errors(asm(" .rept 2\n .byte 1\n"))[0], /missing \.endr/);
});

t.test("conditionals", async (t) => {
  const r = asm(
    [
      " .data",
      " .equ X, 1",
      " .if X",
      " .byte 1",
      " .else",
      " .byte 2",
      " .endif",
      " .ifdef Y",
      " .byte 3",
      " .elseif X == 1",
      " .byte 4",
      " .endif",
      " .ifndef Y",
      " .if 0",
      " .byte 5",
      " .bogus directive is skipped",
      " .endif",
      " .byte 6",
      " .endif",
      " .ifc a,a",
      " .byte 7",
      " .endif",
    ].join("\n"),
  );
  t.same(bytesOf(r, ".data"), [1, 4, 6, 7]);
  t.same(errors(r), []);
  t.match(errors(asm(" .if 1\n"))[0], /missing \.endif/);
  t.match(errors(asm(" .endif\n"))[0], /^t\.s:1: "\.endif" without "\.if"/);
});

t.test(".include searches -I directories and reports errors in the included file", async (t) => {
  const files = { "inc/defs.inc": " .equ A, 5\n .byte A\n .byte )\n", "defs2.inc": " .byte 9\n" };
  const r = asm(
    [" .data", ' .include "defs.inc"', ' .include "defs2.inc"', " .byte A + 1", ' .include "none.inc"'].join(
      "\n",
    ),
    files,
    ["inc"],
  );
  t.same(bytesOf(r, ".data"), [5, 9, 6]);
  t.same(
    errors(r).map((e) => e.replace(/: .*/, "")),
    ["inc/defs.inc:3", "t.s:5"],
  );
  t.match(errors(r)[1], /can't open none\.inc for reading/);
});

t.test("wide instructions: braced and brace-less, errors keep going", async (t) => {
  const calls: FakeCall[] = [];
  const r = asm(
    [
      " .text",
      " op",
      " {",
      "   op",
      "   bad one",
      " }",
      " bad two",
      " }",
      " { op",
      " { op }",
      " .data",
      " {",
    ].join("\n"),
    {},
    [],
    calls,
  );
  t.same(
    calls.map((c) => [c.ops, c.braced]),
    [
      [["op"], false],
      [["op", "bad one"], true],
      [["bad two"], false],
      [["op", "op"], true],
    ],
  );
  t.same(
    errors(r).map((e) => e.replace(/: .*/, "")),
    ["t.s:5", "t.s:7", "t.s:8", "t.s:10", "t.s:12"],
  );
  t.match(errors(r)[0], /bad operation `bad one'/);
  t.match(errors(r)[2], /`}' without a matching `{'/);
  t.match(errors(r)[4], /missing `}'/);
});

t.test("unknown directives and many errors in one file", async (t) => {
  const r = asm(
    [" .data", " .frobnicate 1", " .byte 1", " .quad", " .skip -1", " .byte 2", " .align"].join("\n"),
  );
  t.same(bytesOf(r, ".data"), [1, 2]);
  t.equal(r.errors, 3);
  t.same(
    errors(r).map((e) => e.replace(/: .*/, "")),
    ["t.s:2", "t.s:5", "t.s:7"],
  );
  t.match(errors(r)[0], /unknown pseudo-op: `\.frobnicate'/);
});

t.test("C preprocessor line markers name the original file and line", async (t) => {
  const r = asm(
    [
      '# 1 "prog.S"',
      '# 1 "<built-in>"',
      '# 1 "prog.S"',
      " .data",
      "",
      " .byte )",
      '# 40 "inc.h" 1',
      " .byte (",
    ].join("\n"),
  );
  t.same(
    errors(r).map((e) => e.replace(/: .*/, "")),
    ["prog.S:3", "inc.h:40"],
  );
});

t.test("MCST .ignore/.accept ld_st_style and strict_delay reach the encoder", async (t) => {
  const calls: FakeCall[] = [];
  asm(
    [
      " op",
      " .ignore ld_st_style",
      " op",
      " .ignore strict_delay",
      " op",
      " .accept ld_st_style",
      " .ignore whatever",
      " op",
      " .accept strict_delay",
      " op",
    ].join("\n"),
    {},
    [],
    calls,
  );
  t.same(
    calls.map((c) => [c.ldStStyle, c.noStrictDelay]),
    [
      [false, false],
      [true, false],
      [true, true],
      [false, true],
      [false, false],
    ],
  );
});

t.test(".section: MCST compilers' quoted type first, changed attributes, junk", async (t) => {
  const r = asm(
    [
      ' .section .mine,"@progbits","aw"',
      " .byte 1",
      ' .section .mine,"a"',
      ' .section .q,"a",@progbits,junk',
    ].join("\n"),
  );
  const mine = r.sections.find((s) => s.name === ".mine");
  t.equal(mine?.type, 1);
  t.equal(mine?.flags, 3);
  t.same(warnings(r), ["3: ignoring changed section attributes for .mine"]);
  t.same(
    errors(r).map((e) => e.replace(/: .*/, "")),
    ["t.s:4"],
  );
});

t.test("character constants that look like quotes or comment starts", async (t) => {
  const r = asm(
    [" .data", " .byte '\", '!, '/ ! a comment with \" in it", " .byte 1 /* c */, '*"].join("\n"),
  );
  t.same(errors(r), []);
  t.same(bytesOf(r, ".data"), [34, 33, 47, 1, 42]);
});
