// e2k-ld: symbol resolution across objects, relocation arithmetic, entry selection, the data
// segment placement rule, and the errors (undefined / duplicate symbols, foreign input).
import t from "tap";
import { assemble } from "../../target/e2k/asm/assembler";
import { writeObject } from "../../target/e2k/asm/object";
import { readElf } from "../../target/e2k/elf/read";
import { link, LinkError } from "../../target/e2k/ld/link";
import { dataSegmentBase } from "../../target/e2k/ld/layout";
import { PF_R, PF_W, PF_X } from "../../target/e2k/elf/constants";
import { fakeEncoder } from "./lib/asm-fake-encoder";
import { readFileSync } from "node:fs";

function obj(name: string, text: string, flags = 0x3000000): { name: string; bytes: Uint8Array } {
  const r = assemble([{ name, text }], { iset: 3, includeDirs: [], encode: fakeEncoder() });
  if (r.errors > 0) throw new Error(r.messages.map((m) => m.text).join("; "));
  return { name, bytes: writeObject(r, { flags, fileSymbol: name.replace(/\.s$/, ".o") }) };
}

const a = obj(
  "a.s",
  [
    " .text",
    " .global _start",
    "_start: { disp helper }",
    " { lit table + 8 }",
    " { lit local_msg }",
    " .section .rodata",
    'local_msg: .asciz "m"',
    " .data",
    " .quad helper, counter",
  ].join("\n"),
);
const b = obj(
  "b.s",
  [
    " .text",
    " .global helper, table, counter",
    " .align 8",
    "helper: { op }",
    " .data",
    "table: .quad 1, 2, 3",
    " .bss",
    "counter: .skip 8",
  ].join("\n"),
);

t.test("links two objects: layout, symbols and relocations", async (t) => {
  const out = link([a, b]);
  t.same(out.warnings, []);
  const elf = readElf(out.bytes);
  const text = elf.sectionByName(".text");
  const rodata = elf.sectionByName(".rodata");
  const data = elf.sectionByName(".data");
  const bss = elf.sectionByName(".bss");
  if (!text || !rodata || !data || !bss) throw new Error("missing section");
  t.equal(text.addr, 0x100b0n, "text after the ELF header and two program headers");
  t.equal(elf.header.entry, 0x100b0n);
  t.equal(text.size, 8 + 16 + 16 + 8);
  const sym = (n: string): bigint => elf.symbols.find((s) => s.name === n)?.value ?? -1n;
  const helper = sym("helper");
  t.equal(helper, 0x100b0n + 40n);
  // disp: (helper - _start) / 8 in bits 27:0 of the word at bundle offset 4
  const tdv = Buffer.from(text.data);
  t.equal(tdv.readUInt32LE(4) & 0x0fffffff, 40 / 8);
  // 64-bit literal relocations: high word first
  const hiLo = (o: number): bigint => (BigInt(tdv.readUInt32LE(o)) << 32n) | BigInt(tdv.readUInt32LE(o + 4));
  t.equal(hiLo(16), sym("table") + 8n);
  t.equal(hiLo(32), rodata.addr);
  const ddv = Buffer.from(data.data);
  t.equal(ddv.readBigUInt64LE(0), helper);
  t.equal(ddv.readBigUInt64LE(8), bss.addr);
  t.equal(sym("counter"), bss.addr);
  const [textSeg, dataSeg] = elf.programHeaders;
  t.equal(textSeg?.flags, PF_R | PF_X);
  t.equal(dataSeg?.flags, PF_R | PF_W);
  t.equal(
    Number(dataSeg?.vaddr ?? 0n) % 0x1000,
    (dataSeg?.offset ?? 0) % 0x1000,
    "data offset congruent to its address",
  );
  t.equal(dataSeg?.memsz, Number(bss.addr + BigInt(bss.size) - data.addr));
  t.ok(
    elf.symbols.some((s) => s.name === "a.o" && s.type === 4) && elf.symbols.some((s) => s.name === "b.o"),
  );
});

t.test("entry point selection", async (t) => {
  const e = readElf(link([a, b], { entry: "helper" }).bytes);
  t.equal(e.header.entry, e.symbols.find((s) => s.name === "helper")?.value);
  const n = readElf(link([a, b], { entry: "0x10100" }).bytes);
  t.equal(n.header.entry, 0x10100n);
  const noStart = obj("c.s", " .text\nf: { op }\n");
  const w = link([noStart]);
  t.same(w.warnings, ["cannot find entry symbol _start; defaulting to 0000000000010078"]);
  t.equal(readElf(w.bytes).programHeaders.length, 1, "no data: one PT_LOAD");
});

t.test("errors: undefined and duplicate symbols, foreign or bad input", async (t) => {
  t.throws(() => link([a]), /a\.s: undefined reference to `helper'/);
  t.throws(() => link([a, b, b]), /multiple definition of `helper'/);
  t.throws(() => link([]), LinkError);
  t.throws(
    () => link([{ name: "junk", bytes: new Uint8Array([1, 2, 3]) }]),
    /junk: file format not recognized/,
  );
  const exe = new Uint8Array(readFileSync(new URL("../fixtures/programs/hello.elf", import.meta.url)));
  t.throws(() => link([{ name: "hello.elf", bytes: exe }]), /not a relocatable object/);
  const other = exe.slice();
  other[18] = 62; // EM_X86_64
  t.throws(() => link([{ name: "x86", bytes: other }]), /not an E2K object/);
});

t.test("e_flags: the newest iset of the inputs", async (t) => {
  const v5 = obj("d.s", " .data\n .byte 1\n", 0x5000000);
  t.equal(readElf(link([a, b, v5]).bytes).header.flags, 0x5000000);
});

t.test("DATA_SEGMENT_ALIGN: next page + same offset, or the page start when that saves a page", async (t) => {
  // alu_arith: text ends at 0x1272e, data+bss end at 0x13760: no saving, keep the offset.
  t.equal(
    dataSegmentBase(0x1272en, (b) => b + 0x32n),
    0x1372en,
  );
  // sieve: text ends at 0x108c7, data+bss 0x2740 bytes: start at the page boundary.
  t.equal(
    dataSegmentBase(0x108c7n, (b) => ((b + 15n) & ~15n) + 0x2740n),
    0x11000n,
  );
});

t.test("linker-script symbols: _end, _edata, __bss_start always; end/etext when referenced", async (t) => {
  const user = obj(
    "e.s",
    [" .text", " .global _start", "_start: { lit end }", " { lit _end }", " .bss", " .skip 3"].join("\n"),
  );
  const elf = readElf(link([user]).bytes);
  const v = (n: string): bigint | undefined => elf.symbols.find((s) => s.name === n)?.value;
  const bss = elf.sectionByName(".bss");
  t.equal(bss?.size, 8, ".bss rounded up to 8 bytes as the default script does");
  t.equal(v("_end"), (bss?.addr ?? 0n) + 8n);
  t.equal(v("end"), v("_end"));
  t.equal(v("__bss_start"), bss?.addr);
  t.equal(v("etext"), undefined, "not referenced: not provided");
  const text = Buffer.from(elf.sectionByName(".text")?.data ?? []);
  t.equal((BigInt(text.readUInt32LE(8)) << 32n) | BigInt(text.readUInt32LE(12)), v("_end"));
});

t.test("common symbols are allocated at the end of .bss; a definition overrides them", async (t) => {
  const c1 = obj(
    "c1.s",
    [
      " .text",
      " .global _start",
      "_start: { lit shared }",
      " { lit only }",
      " .comm shared, 8, 8",
      " .comm only, 100, 64",
      " .bss",
      " .skip 4",
    ].join("\n"),
  );
  const c2 = obj("c2.s", [" .comm shared, 16, 16"].join("\n"));
  const elf = readElf(link([c1, c2]).bytes);
  const bss = elf.sectionByName(".bss");
  const v = (n: string): bigint | undefined => elf.symbols.find((s) => s.name === n)?.value;
  const shared = v("shared") ?? 0n;
  const only = v("only") ?? 0n;
  t.equal(shared % 16n, 0n);
  t.equal(only % 64n, 0n);
  t.ok(shared >= (bss?.addr ?? 0n) + 4n && only >= shared + 16n, "after the .bss input sections, in order");
  t.equal((bss?.addr ?? 0n) + BigInt(bss?.size ?? 0), alignUp8(only + 100n));
  const text = Buffer.from(elf.sectionByName(".text")?.data ?? []);
  t.equal((BigInt(text.readUInt32LE(8)) << 32n) | BigInt(text.readUInt32LE(12)), shared);
  const def = obj("c3.s", [" .data", " .global shared", "shared: .quad 5"].join("\n"));
  const e2 = readElf(link([c1, def]).bytes);
  t.equal(e2.symbols.find((s) => s.name === "shared")?.value, e2.sectionByName(".data")?.addr);
});

function alignUp8(v: bigint): bigint {
  return (v + 7n) & ~7n;
}

t.test("input section order: .text.startup/.hot before other code; TLS refused", async (t) => {
  const o = obj(
    "s.s",
    [
      " .text",
      " .global _start",
      "_start: { op }",
      ' .section .text.startup,"ax",@progbits',
      "boot: { op ; op }",
      ' .section .text.extra,"ax",@progbits',
      "extra: { op }",
    ].join("\n"),
  );
  const elf = readElf(link([o]).bytes);
  const v = (n: string): bigint | undefined => elf.symbols.find((s) => s.name === n)?.value;
  const text = elf.sectionByName(".text")?.addr ?? 0n;
  t.equal(v("boot"), text);
  t.equal(v("_start"), text + 8n);
  t.equal(v("extra"), text + 16n);
  const tls = obj("tls.s", [' .section .tdata,"awT",@progbits', " .byte 1"].join("\n"));
  t.throws(() => link([o, tls]), /tls\.s: thread-local section \.tdata is not supported/);
});
