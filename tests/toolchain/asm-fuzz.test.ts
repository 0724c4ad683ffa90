// Random statements through the e2k-as front end (and the real encoder): whatever the input,
// the assembler reports errors and never throws or reports an internal error. Deterministic
// (fixed seed); E2K_AS_FUZZ=N runs N files instead of the default 300.
import t from "tap";
import { assemble } from "../../target/e2k/asm/assembler";
import { encodeBundle } from "../../target/e2k/asm/encode/index";
import { writeObject } from "../../target/e2k/asm/object";
import { readElf } from "../../target/e2k/elf/read";

const PIECES = [
  ".data",
  ".text",
  ".bss",
  ".section .rodata",
  '.section .x,"aw",@progbits',
  ".pushsection .rodata",
  ".popsection",
  ".byte",
  ".short",
  ".word",
  ".quad",
  ".ascii",
  ".asciz",
  ".skip",
  ".align",
  ".p2align",
  ".set",
  ".equ",
  ".globl",
  ".type",
  ".size",
  ".macro",
  ".endm",
  ".rept",
  ".endr",
  ".irp",
  ".if",
  ".else",
  ".endif",
  ".include",
  ".fill",
  "{",
  "}",
  ";",
  ",",
  ":",
  "label:",
  "1:",
  "1b",
  "1f",
  "x",
  "y",
  "M",
  "\\x",
  "\\@",
  "=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "<<",
  ">>",
  "|",
  "&",
  "^",
  "~",
  "(",
  ")",
  "[",
  "]",
  "'",
  "'a",
  '"',
  '"str"',
  '"\\n"',
  "!",
  "/*",
  "*/",
  "#",
  "0",
  "1",
  "8",
  "-1",
  "0x7fffffffffffffff",
  "0xffffffffffffffff",
  "0b101",
  "077",
  "99999999999999999999999",
  ".",
  "@function",
  "%dr1",
  "%r2",
  "%pred0",
  "addd,0",
  "addd",
  "0, 1, %dr3",
  "disp %ctpr1,",
  "ct %ctpr1",
  "setwd wsz = 4, nfx = 1",
  "nop 3",
  "ldd,0 [ %dr1 + 8 ], %dr2",
  "\t",
  " ",
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const count = Number(process.env.E2K_AS_FUZZ ?? 300);
const seed = 20261201;
const rand = rng(seed);
let internal = 0;
let thrown = 0;
let objects = 0;
for (let f = 0; f < count; f++) {
  const lines: string[] = [];
  const nLines = 1 + Math.floor(rand() * 12);
  for (let l = 0; l < nLines; l++) {
    const n = Math.floor(rand() * 7);
    const words: string[] = [];
    for (let w = 0; w < n; w++) words.push(PIECES[Math.floor(rand() * PIECES.length)] as string);
    lines.push(words.join(rand() < 0.5 ? " " : ""));
  }
  const text = lines.join("\n");
  try {
    const r = assemble([{ name: "f.s", text }], {
      iset: 2 + Math.floor(rand() * 5),
      includeDirs: [],
      encode: encodeBundle,
      readFile: (name) => (name === "str" ? " .byte 1\n" : undefined),
    });
    const bad = r.messages.filter((m) => m.text.startsWith("internal error"));
    if (bad.length > 0) {
      internal++;
      if (internal <= 5) t.fail(`internal error for input:\n${text}`, { messages: bad.map((m) => m.text) });
    }
    if (r.errors === 0) {
      readElf(writeObject(r, { flags: 0x3000000, fileSymbol: "f.o" }));
      objects++;
    }
  } catch (e) {
    thrown++;
    if (thrown <= 5) t.fail(`exception for input:\n${text}`, { error: String(e) });
  }
}
t.equal(thrown, 0, `no exception escapes the assembler (${count} random files, seed ${seed})`);
t.equal(internal, 0, "no internal errors");
t.comment(`${objects} of ${count} random files assembled without errors and gave a readable object`);
