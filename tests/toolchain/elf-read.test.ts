// The ELF reader against a reference executable built by MCST binutils and against damaged input.
import t from "tap";
import { readFileSync } from "node:fs";
import { ElfError, readElf } from "../../target/e2k/elf/read";
import { EM_MCST_ELBRUS, ET_EXEC, PT_LOAD, SHT_SYMTAB } from "../../target/e2k/elf/constants";

const hello = new Uint8Array(readFileSync(new URL("../fixtures/programs/hello.elf", import.meta.url)));

t.test("reads the reference hello.elf", async (t) => {
  const elf = readElf(hello);
  t.equal(elf.header.machine, EM_MCST_ELBRUS);
  t.equal(elf.header.type, ET_EXEC);
  t.equal(elf.header.entry, 0x10078n);
  t.equal(elf.header.flags, 0x3000000);
  t.same(
    elf.sections.map((s) => s.name),
    ["", ".text", ".rodata", ".symtab", ".strtab", ".shstrtab"],
  );
  const text = elf.sectionByName(".text");
  t.equal(text?.addr, 0x10078n);
  t.equal(text?.size, 0x78);
  t.equal(elf.sections[3]?.type, SHT_SYMTAB);
  t.equal(elf.programHeaders.length, 1);
  t.equal(elf.programHeaders[0]?.type, PT_LOAD);
  t.equal(elf.programHeaders[0]?.filesz, 0x10a);
  const start = elf.symbols.find((s) => s.name === "_start");
  t.equal(start?.value, 0x10078n);
  t.ok(elf.symbols.some((s) => s.name === "hello.o" && s.type === 4));
  const rodata = elf.sectionByName(".rodata");
  t.equal(new TextDecoder().decode(rodata?.data.subarray(0, 5)), "Hello");
});

t.test("rejects damaged files with an ElfError", async (t) => {
  t.throws(() => readElf(new Uint8Array(10)), /too short/);
  try {
    readElf(new Uint8Array(10));
  } catch (e) {
    t.ok(e instanceof ElfError, "an ElfError");
  }
  const bad = hello.slice();
  bad[0] = 0;
  t.throws(() => readElf(bad), /bad magic/);
  const truncated = hello.slice(0, 0x200);
  t.throws(() => readElf(truncated), /beyond the end of the file/);
  const class32 = hello.slice();
  class32[4] = 1;
  t.throws(() => readElf(class32), /ELF class/);
});
