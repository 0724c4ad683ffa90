// Writes the assembled sections as an ELF64 relocatable object for EM_MCST_ELBRUS, laid out as
// gas writes one: the sections in creation order (.text, .data, .bss first), each followed by its
// .rela section, then .symtab, .strtab, .shstrtab. Symbol table: the STT_FILE symbol, the section
// symbols, the other local symbols (`.L` names dropped), then the global and undefined ones.
import {
  ET_REL,
  RELA_SIZE,
  SHF_INFO_LINK,
  SHN_ABS,
  SHN_COMMON,
  SHN_UNDEF,
  SHT_RELA,
  SHT_SYMTAB,
  SHT_STRTAB,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  STT_FILE,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
  SYM_SIZE,
} from "../elf/constants";
import { encodeRelocs, encodeSymbols, writeElf, type OutSection, type OutSymbol } from "../elf/write";
import type { AsmResult } from "./assembler";
import type { Section, SymbolInfo } from "./sections";

export interface ObjectOptions {
  /** e_flags (iset / model). */
  readonly flags: number;
  /** Name recorded in the STT_FILE symbol (MCST gas records the object file's name). */
  readonly fileSymbol: string;
}

const isLocalLabel = (name: string): boolean => name.startsWith(".L") || name.includes("\u0002");

export function writeObject(result: AsmResult, opts: ObjectOptions): Uint8Array {
  // Section indices: each section, then its .rela if it keeps relocations.
  const index = new Map<Section, number>();
  let next = 1;
  for (const s of result.sections) {
    index.set(s, next++);
    if (result.relocs.has(s)) next++;
  }
  const symtabIndex = next;
  const strtabIndex = next + 1;

  const symbols: OutSymbol[] = [
    { name: "", value: 0n, size: 0n, bind: STB_LOCAL, type: STT_NOTYPE, shndx: SHN_UNDEF },
  ];
  symbols.push({
    name: result.fileName ?? opts.fileSymbol,
    value: 0n,
    size: 0n,
    bind: STB_LOCAL,
    type: STT_FILE,
    shndx: SHN_ABS,
  });
  const sectionSym = new Map<Section, number>();
  for (const s of result.sections) {
    sectionSym.set(s, symbols.length);
    symbols.push({
      name: "",
      value: 0n,
      size: 0n,
      bind: STB_LOCAL,
      type: STT_SECTION,
      shndx: index.get(s) as number,
    });
  }
  const ordered = [...result.symbols.values()].sort((a, b) => a.order - b.order);
  const shndx = (s: SymbolInfo): number =>
    s.section === "abs"
      ? SHN_ABS
      : s.section === undefined
        ? s.common
          ? SHN_COMMON
          : SHN_UNDEF
        : (index.get(s.section) as number);
  // A common symbol's value is its alignment (ELF rule).
  const entry = (s: SymbolInfo, bind: number): OutSymbol => ({
    name: s.name,
    value: s.section === undefined ? (s.common?.align ?? 0n) : s.value,
    size: s.common && s.section === undefined ? s.common.size : (s.size ?? 0n),
    bind,
    type: s.elfType ?? (s.common ? STT_OBJECT : STT_NOTYPE),
    shndx: shndx(s),
  });
  for (const s of ordered) {
    if (s.global || s.weak || isLocalLabel(s.name)) continue;
    if (s.section === undefined) continue; // undefined and not global: listed with the globals below
    symbols.push(entry(s, STB_LOCAL));
  }
  const firstGlobal = symbols.length;
  const globalIndex = new Map<string, number>();
  for (const s of ordered) {
    const undefinedRef = s.section === undefined && s.used;
    if (!(s.global || s.weak || undefinedRef)) continue;
    if (isLocalLabel(s.name) && !s.global && s.section !== undefined) continue;
    globalIndex.set(s.name, symbols.length);
    symbols.push(entry(s, s.weak ? STB_WEAK : STB_GLOBAL));
  }
  const { symtab, strtab } = encodeSymbols(symbols);

  const out: OutSection[] = [];
  for (const s of result.sections) {
    out.push({
      name: s.name,
      type: s.type,
      flags: BigInt(s.flags),
      data: s.nobits ? new Uint8Array(0) : s.contents(),
      size: s.size,
      addralign: BigInt(s.outputAlign),
      entsize: s.entsize,
    });
    const relocs = result.relocs.get(s);
    if (relocs) {
      const encoded = encodeRelocs(
        relocs.map((r) => ({
          offset: BigInt(r.offset),
          type: r.type,
          symIndex:
            "section" in r.target
              ? (sectionSym.get(r.target.section) as number)
              : (globalIndex.get(r.target.symbol) ?? 0),
          addend: r.addend,
        })),
      );
      out.push({
        name: `.rela${s.name}`,
        type: SHT_RELA,
        flags: BigInt(SHF_INFO_LINK),
        data: encoded,
        link: symtabIndex,
        info: index.get(s) as number,
        addralign: 8n,
        entsize: RELA_SIZE,
      });
    }
  }
  out.push({
    name: ".symtab",
    type: SHT_SYMTAB,
    flags: 0n,
    data: symtab,
    link: strtabIndex,
    info: firstGlobal,
    addralign: 8n,
    entsize: SYM_SIZE,
  });
  out.push({ name: ".strtab", type: SHT_STRTAB, flags: 0n, data: strtab, addralign: 1n });
  return writeElf({ type: ET_REL, flags: opts.flags, entry: 0n, sections: out });
}
