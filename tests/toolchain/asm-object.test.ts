// The ELF relocatable object e2k-as writes: header, section order, symbol table (STT_FILE,
// section symbols, locals, globals, undefined), RELA sections, and -mcpu -> e_flags.
import t from "tap";
import { assemble } from "../../target/e2k/asm/assembler";
import { parseCpu } from "../../target/e2k/asm/mcpu";
import { writeObject } from "../../target/e2k/asm/object";
import {
  EM_MCST_ELBRUS,
  ET_REL,
  R_E2K_64_ABS,
  R_E2K_64_ABS_LIT,
  SHN_ABS,
  SHN_COMMON,
  SHN_UNDEF,
  STB_GLOBAL,
  STB_LOCAL,
  STT_FILE,
  STT_FUNC,
  STT_SECTION,
} from "../../target/e2k/elf/constants";
import { readElf } from "../../target/e2k/elf/read";
import { fakeEncoder } from "./lib/asm-fake-encoder";

t.test("-mcpu values and e_flags", async (t) => {
  t.same(parseCpu("elbrus-v2"), { iset: 2, flags: 0x2000000 });
  t.same(parseCpu("elbrus-v3"), { iset: 3, flags: 0x3000000 });
  t.same(parseCpu("elbrus-v5"), { iset: 5, flags: 0x5000000 });
  t.same(parseCpu("elbrus-v6"), { iset: 6, flags: 0x6000000 });
  t.same(parseCpu("elbrus-8c"), { iset: 4, flags: 0x13000010 });
  t.same(parseCpu("elbrus-16c"), { iset: 6, flags: 0x16000010 });
  t.same(parseCpu("elbrus-4c"), { iset: 3, flags: 0x3000010 });
  t.equal(parseCpu("elbrus-v7"), undefined);
  t.equal(parseCpu("x86"), undefined);
});

t.test("object layout as gas writes it", async (t) => {
  const src = [
    " .equ NR_write, 4",
    " .section .rodata",
    'msg: .asciz "hi"',
    " .text",
    " .global _start",
    " .type _start, @function",
    "_start:",
    " { lit msg }",
    " { lit ext_fn }",
    ".Lhidden: { op }",
    " .size _start, . - _start",
    " .data",
    "ptr: .quad _start + 8, msg",
  ].join("\n");
  const r = assemble([{ name: "x.s", text: src }], { iset: 3, includeDirs: [], encode: fakeEncoder() });
  t.equal(r.errors, 0);
  const elf = readElf(writeObject(r, { flags: 0x3000000, fileSymbol: "x.o" }));
  t.equal(elf.header.type, ET_REL);
  t.equal(elf.header.machine, EM_MCST_ELBRUS);
  t.equal(elf.header.flags, 0x3000000);
  t.same(
    elf.sections.map((s) => s.name),
    ["", ".text", ".rela.text", ".data", ".rela.data", ".bss", ".rodata", ".symtab", ".strtab", ".shstrtab"],
  );
  const text = elf.sectionByName(".text");
  t.equal(text?.size, 40);
  t.equal(text?.addralign, 8n);
  t.equal(elf.sectionByName(".rodata")?.addralign, 16n);
  const syms = elf.symbols.map((s) => [s.name, s.bind, s.type, s.shndx]);
  t.same(syms, [
    ["", STB_LOCAL, 0, SHN_UNDEF],
    ["x.o", STB_LOCAL, STT_FILE, SHN_ABS],
    ["", STB_LOCAL, STT_SECTION, 1],
    ["", STB_LOCAL, STT_SECTION, 3],
    ["", STB_LOCAL, STT_SECTION, 5],
    ["", STB_LOCAL, STT_SECTION, 6],
    ["NR_write", STB_LOCAL, 0, SHN_ABS],
    ["msg", STB_LOCAL, 0, 6],
    ["ptr", STB_LOCAL, 0, 3],
    ["_start", STB_GLOBAL, STT_FUNC, 1],
    ["ext_fn", STB_GLOBAL, 0, SHN_UNDEF],
  ]);
  const symtab = elf.sectionByName(".symtab");
  t.equal(symtab?.info, 9, "sh_info = first global");
  t.equal(elf.symbols.find((s) => s.name === "_start")?.size, 40n);
  const relText = elf.relocations.find((r) => r.section.name === ".rela.text");
  t.equal(relText?.target, 1);
  t.same(
    relText?.relocs.map((r) => [
      r.offset,
      r.type,
      elf.symbols[r.symIndex]?.name || `sec${elf.symbols[r.symIndex]?.shndx}`,
      r.addend,
    ]),
    [
      [8n, R_E2K_64_ABS_LIT, "sec6", 0n],
      [24n, R_E2K_64_ABS_LIT, "ext_fn", 0n],
    ],
  );
  const relData = elf.relocations.find((r) => r.section.name === ".rela.data");
  t.same(
    relData?.relocs.map((r) => [
      r.offset,
      r.type,
      elf.symbols[r.symIndex]?.name || `sec${elf.symbols[r.symIndex]?.shndx}`,
      r.addend,
    ]),
    [
      [0n, R_E2K_64_ABS, "_start", 8n],
      [8n, R_E2K_64_ABS, "sec6", 0n],
    ],
  );
});

t.test(".file overrides the STT_FILE name", async (t) => {
  const r = assemble([{ name: "y.s", text: ' .file "src.c"\n .data\n .byte 1\n' }], {
    iset: 2,
    includeDirs: [],
    encode: fakeEncoder(),
  });
  const elf = readElf(writeObject(r, { flags: 0x2000000, fileSymbol: "y.o" }));
  t.equal(elf.symbols[1]?.name, "src.c");
  t.equal(elf.symbols[1]?.type, STT_FILE);
});

t.test("section alignment as MCST gas writes it (md_section_align)", async (t) => {
  const align = (src: string): Record<string, bigint> => {
    const r = assemble([{ name: "a.s", text: src }], { iset: 3, includeDirs: [], encode: fakeEncoder() });
    const elf = readElf(writeObject(r, { flags: 0x3000000, fileSymbol: "a.o" }));
    return Object.fromEntries(
      elf.sections.filter((s) => s.index > 0 && (s.flags & 2n) !== 0n).map((s) => [s.name, s.addralign]),
    );
  };
  // empty .data/.bss: 1 even after .align; non-empty: at least 16; .text: 8
  t.same(align(" .data\n .align 64\n .bss\n .byte 0\n"), { ".text": 8n, ".data": 1n, ".bss": 16n });
  t.same(align(" .data\n .align 32\n .byte 1\n"), { ".text": 8n, ".data": 32n, ".bss": 1n });
  // .rodata gets the rule only when `.section` selected it
  t.same(align(" .section .rodata\n .byte 1\n"), { ".text": 8n, ".data": 1n, ".bss": 1n, ".rodata": 16n });
  t.same(align(" .pushsection .rodata\n .byte 1\n .popsection\n"), {
    ".text": 8n,
    ".data": 1n,
    ".bss": 1n,
    ".rodata": 1n,
  });
  t.same(align(' .section .rodata.str,"a"\n .byte 1\n'), {
    ".text": 8n,
    ".data": 1n,
    ".bss": 1n,
    ".rodata.str": 1n,
  });
});

t.test(".lcomm, .comm, .ident, .uaword and friends", async (t) => {
  const r = assemble(
    [
      {
        name: "c.s",
        text: [
          " .data",
          " .byte 1",
          " .uahalf 0x102",
          " .uaword 3",
          " .uadword 4",
          " .lcomm buf, 10",
          " .lcomm small, 3, 16",
          " .comm shared, 24, 32",
          " .comm shared, 40",
          ' .ident "e2k-as test"',
          ' .seg .rodata,"a"',
          " .byte 9",
          " .lcomm bad, 4, 3",
        ].join("\n"),
      },
    ],
    { iset: 3, includeDirs: [], encode: fakeEncoder() },
  );
  t.same(
    r.messages.map((m) => `${m.loc?.line}: ${m.text}`),
    ['9: size of "shared" is already 24; not changing to 40', "13: .lcomm alignment not a power of 2"],
  );
  const elf = readElf(writeObject({ ...r, errors: 0 }, { flags: 0x3000000, fileSymbol: "c.o" }));
  t.same([...(elf.sectionByName(".data")?.data ?? [])], [1, 2, 1, 3, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0]);
  const bss = elf.sectionByName(".bss");
  t.equal(bss?.size, 16 + 3);
  t.equal(bss?.addralign, 16n);
  const sym = (n: string) => elf.symbols.find((s) => s.name === n);
  t.equal(sym("buf")?.value, 0n);
  t.equal(sym("buf")?.bind, STB_LOCAL);
  t.equal(sym("small")?.value, 16n);
  t.same(
    [sym("shared")?.shndx, sym("shared")?.value, sym("shared")?.size, sym("shared")?.bind],
    [SHN_COMMON, 32n, 24n, STB_GLOBAL],
  );
  t.same(new TextDecoder().decode(elf.sectionByName(".comment")?.data), "\0e2k-as test\0");
  t.equal(elf.sectionByName(".comment")?.entsize, 1);
  t.same([...(elf.sectionByName(".rodata")?.data ?? [])], [9]);
});
