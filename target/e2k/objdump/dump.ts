// The text e2k-objdump prints for an ELF file, in GNU/MCST objdump's layout:
// -d (disassembly of code sections), -h (section headers), -t (symbol table).
import { disassembleBundle, fapbLines } from "../disasm";
import {
  EM_MCST_ELBRUS,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHN_ABS,
  SHN_COMMON,
  SHN_UNDEF,
  SHT_NOBITS,
  SHT_NULL,
  SHT_RELA,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  STT_FILE,
  STT_FUNC,
  STT_OBJECT,
  STT_SECTION,
  e2kFlagsToMach,
  e2kMachIset,
} from "../elf/constants";
import type { ElfFile, ElfSection, ElfSymbol } from "../elf/read";

export const FILE_FORMAT = "elf64-e2k";

const SHT_REL_TYPE = 9;

/** Thrown for a file objdump cannot handle; the message names the problem. */
export class ObjdumpError extends Error {
  override name = "ObjdumpError";
}

/** Instruction-set version recorded in e_flags (objdump's decoder choice); generic -> v2. */
export function isetOf(elf: ElfFile): number {
  if (elf.header.machine !== EM_MCST_ELBRUS) {
    throw new ObjdumpError(`not an E2K file (e_machine ${elf.header.machine}, expected ${EM_MCST_ELBRUS})`);
  }
  const mach = e2kFlagsToMach(elf.header.flags);
  if (mach === 0) return 2;
  const iset = e2kMachIset(mach);
  if (iset === undefined || iset < 2) {
    throw new ObjdumpError(`unsupported E2K machine ${mach} in e_flags 0x${elf.header.flags.toString(16)}`);
  }
  return iset;
}

const hex16 = (v: bigint): string => v.toString(16).padStart(16, "0");

/** The sections BFD shows (it hides symbol/string/relocation tables and the null section). */
function bfdSections(elf: ElfFile): ElfSection[] {
  return elf.sections.filter(
    (s) => ![SHT_NULL, SHT_SYMTAB, SHT_STRTAB, SHT_RELA, SHT_REL_TYPE].includes(s.type) && s.name !== "",
  );
}

function symbolsIn(elf: ElfFile, sec: ElfSection): ElfSymbol[] {
  return elf.symbols.filter(
    (s) =>
      s.index !== 0 &&
      s.shndx === sec.index &&
      s.type !== STT_FILE &&
      (s.name !== "" || s.type === STT_SECTION),
  );
}

/** `addr:` column as objdump prints it: leading zeros dropped in groups of 4, at least one digit. */
function addressColumn(addr: bigint, end: bigint): string {
  const endText = hex16(end);
  let skip = 0;
  while (endText[skip] === "0") skip++;
  if (skip !== 0) skip = (skip - 1) & -4;
  const text = hex16(addr).slice(skip);
  const trimmed = text.replace(/^0+/, "");
  return (trimmed === "" ? "0" : trimmed).padStart(text.length, " ");
}

/** -d: disassembly of every executable section. */
export function disassemblyText(elf: ElfFile): string {
  const iset = isetOf(elf);
  let out = "";
  for (const sec of bfdSections(elf)) {
    if ((Number(sec.flags) & SHF_EXECINSTR) === 0 || sec.type === SHT_NOBITS) continue;
    out += `\nDisassembly of section ${sec.name}:\n`;
    const syms = symbolsIn(elf, sec);
    // Symbol starts within the section, named by the preferred symbol at each address.
    const starts = new Map<number, string>();
    const rank = (s: ElfSymbol): number =>
      s.type === STT_SECTION ? 0 : s.bind === STB_GLOBAL ? 3 : s.bind === STB_WEAK ? 2 : 1;
    const best = new Map<number, ElfSymbol>();
    for (const s of syms) {
      const off = Number(s.value - sec.addr);
      if (off < 0 || off >= Math.max(sec.size, 1)) continue;
      const cur = best.get(off);
      if (!cur || rank(s) > rank(cur)) best.set(off, s);
    }
    for (const [off, s] of best) starts.set(off, s.type === STT_SECTION ? sec.name : s.name);
    if (!starts.has(0)) starts.set(0, sec.name);
    const bounds = [...starts.keys()].sort((a, b) => a - b);
    const data = sec.data;
    const end = sec.addr + BigInt(sec.size);
    for (let bi = 0; bi < bounds.length; bi++) {
      const start = bounds[bi] ?? 0;
      const stop = Math.min(bounds[bi + 1] ?? sec.size, sec.size);
      out += `\n${hex16(sec.addr + BigInt(start))} <${starts.get(start)}>:\n`;
      let off = start;
      while (off < stop) {
        const addr = sec.addr + BigInt(off);
        const col = addressColumn(addr, end);
        const view = data.subarray(0, stop);
        let zeros = 0;
        while (off + zeros < stop && data[off + zeros] === 0) zeros++;
        let skip = off + zeros === stop ? zeros : zeros & ~7;
        // An APB entry pair whose `ct` half is zero: the zero run ends 8 bytes into 16 bytes that
        // are not a bundle. Keep those 16 bytes together so the `fapb` text is complete.
        const apbAfterZeros =
          skip >= 8 &&
          off + skip + 8 <= stop &&
          !disassembleBundle(view, off + skip, { iset, address: addr + BigInt(skip) }).ok;
        if (apbAfterZeros) skip -= 8;
        if (skip >= 8 || (off + zeros === stop && zeros < 3 && zeros > 0)) {
          // objdump abbreviates a run of zero bytes (we keep to whole bundles).
          out += `\t...\n`;
          off += skip;
          continue;
        }
        const d = apbAfterZeros ? undefined : disassembleBundle(view, off, { iset, address: addr });
        let lines: readonly string[];
        let length: number;
        if (d?.ok) {
          lines = d.lines;
          length = d.length;
        } else {
          const apb = fapbLines(view, off);
          lines = apb ?? [];
          length = apb ? 16 : stop - off;
        }
        out += `${col}:\t\n${lines.map((l) => `  ${l}\n`).join("")}\n`;
        off += length;
      }
    }
  }
  return out;
}

const FLAG_NAMES: readonly [string, (s: ElfSection, relocated: boolean) => boolean][] = [
  ["CONTENTS", (s) => s.type !== SHT_NOBITS],
  ["ALLOC", (s) => (Number(s.flags) & SHF_ALLOC) !== 0],
  ["LOAD", (s) => (Number(s.flags) & SHF_ALLOC) !== 0 && s.type !== SHT_NOBITS],
  ["RELOC", (_s, r) => r],
  ["READONLY", (s) => (Number(s.flags) & SHF_WRITE) === 0],
  ["CODE", (s) => (Number(s.flags) & SHF_EXECINSTR) !== 0],
  [
    "DATA",
    (s) =>
      (Number(s.flags) & SHF_ALLOC) !== 0 && (Number(s.flags) & SHF_EXECINSTR) === 0 && s.type !== SHT_NOBITS,
  ],
];

/** -h: the section header table. */
export function sectionHeadersText(elf: ElfFile): string {
  isetOf(elf);
  let out = "\nSections:\nIdx Name          Size      VMA               LMA               File off  Algn\n";
  bfdSections(elf).forEach((s, idx) => {
    const relocated = elf.relocations.some((r) => r.target === s.index && r.relocs.length > 0);
    const lma = lmaOf(elf, s);
    let align = 0;
    while (1n << BigInt(align + 1) <= s.addralign) align++;
    out +=
      `${String(idx).padStart(3)} ${s.name.padEnd(13)} ${s.size.toString(16).padStart(8, "0")}  ` +
      `${hex16(s.addr)}  ${hex16(lma)}  ${s.offset.toString(16).padStart(8, "0")}  2**${align}\n`;
    const flags = FLAG_NAMES.filter(([, f]) => f(s, relocated)).map(([n]) => n);
    out += `                  ${flags.join(", ")}\n`;
  });
  return out;
}

function lmaOf(elf: ElfFile, s: ElfSection): bigint {
  for (const ph of elf.programHeaders) {
    if (ph.type !== 1) continue;
    if (s.addr >= ph.vaddr && s.addr < ph.vaddr + BigInt(ph.memsz)) return s.addr - ph.vaddr + ph.paddr;
  }
  return s.addr;
}

/** -t: the symbol table. */
export function symbolTableText(elf: ElfFile): string {
  isetOf(elf);
  if (elf.symbols.length === 0) return "\nSYMBOL TABLE:\nno symbols\n\n";
  let out = "\nSYMBOL TABLE:\n";
  for (const s of elf.symbols) {
    if (s.index === 0) continue;
    const sec = elf.sections[s.shndx];
    let secName: string;
    if (s.shndx === SHN_UNDEF) secName = "*UND*";
    else if (s.shndx === SHN_ABS) secName = "*ABS*";
    else if (s.shndx === SHN_COMMON) secName = "*COM*";
    else secName = sec?.name ?? `<section ${s.shndx}>`;
    const undefinedOrCommon = s.shndx === SHN_UNDEF || s.shndx === SHN_COMMON;
    const bind = undefinedOrCommon ? " " : s.bind === STB_LOCAL ? "l" : s.bind === STB_GLOBAL ? "g" : " ";
    const weak = s.bind === STB_WEAK ? "w" : " ";
    const debug = s.type === STT_SECTION || s.type === STT_FILE ? "d" : " ";
    const kind = s.type === STT_FUNC ? "F" : s.type === STT_FILE ? "f" : s.type === STT_OBJECT ? "O" : " ";
    const name = s.type === STT_SECTION ? (sec?.name ?? "") : s.name;
    const value = s.shndx === SHN_COMMON ? s.size : s.value;
    out += `${hex16(value)} ${bind}${weak}  ${" "}${debug}${kind} ${secName}\t${hex16(s.size)} ${name}\n`;
  }
  return out + "\n";
}
