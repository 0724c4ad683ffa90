// ELF64 little-endian reader: header, section headers, symbols, RELA relocations and program
// headers. Used by e2k-ld (input objects) and e2k-objdump. Every offset is bounds-checked: a
// malformed file gives an ElfError naming what is wrong, never an exception from a DataView.
import {
  EHDR_SIZE,
  ELFCLASS64,
  ELFDATA2LSB,
  PHDR_SIZE,
  RELA_SIZE,
  SHDR_SIZE,
  SHT_NOBITS,
  SHT_RELA,
  SHT_SYMTAB,
  SYM_SIZE,
} from "./constants";

export class ElfError extends Error {
  override name = "ElfError";
}

export interface ElfHeader {
  readonly type: number;
  readonly machine: number;
  readonly version: number;
  readonly entry: bigint;
  readonly phoff: number;
  readonly shoff: number;
  readonly flags: number;
  readonly phnum: number;
  readonly shnum: number;
  readonly shstrndx: number;
  /** e_ident[EI_OSABI]. */
  readonly osabi: number;
}

export interface ElfSection {
  readonly index: number;
  readonly name: string;
  readonly type: number;
  readonly flags: bigint;
  readonly addr: bigint;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly addralign: bigint;
  readonly entsize: number;
  /** File contents (empty for SHT_NOBITS). */
  readonly data: Uint8Array;
}

export interface ElfSymbol {
  readonly index: number;
  readonly name: string;
  readonly value: bigint;
  readonly size: bigint;
  /** STB_* (st_info >> 4). */
  readonly bind: number;
  /** STT_* (st_info & 0xf). */
  readonly type: number;
  readonly other: number;
  readonly shndx: number;
}

export interface ElfReloc {
  readonly offset: bigint;
  readonly type: number;
  readonly symIndex: number;
  readonly addend: bigint;
}

export interface ElfRelocSection {
  /** The SHT_RELA section itself. */
  readonly section: ElfSection;
  /** Index of the section the relocations apply to (sh_info). */
  readonly target: number;
  readonly relocs: readonly ElfReloc[];
}

export interface ElfProgramHeader {
  readonly type: number;
  readonly flags: number;
  readonly offset: number;
  readonly vaddr: bigint;
  readonly paddr: bigint;
  readonly filesz: number;
  readonly memsz: number;
  readonly align: bigint;
}

export interface ElfFile {
  readonly header: ElfHeader;
  readonly sections: readonly ElfSection[];
  readonly programHeaders: readonly ElfProgramHeader[];
  /** Entries of the first SHT_SYMTAB (empty if none), index 0 included. */
  readonly symbols: readonly ElfSymbol[];
  readonly relocations: readonly ElfRelocSection[];
  sectionByName(name: string): ElfSection | undefined;
}

function cstring(bytes: Uint8Array, start: number, what: string): string {
  if (start >= bytes.length) {
    if (start === 0 && bytes.length === 0) return "";
    throw new ElfError(`${what}: string offset ${start} beyond its string table (${bytes.length} bytes)`);
  }
  let end = start;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return new TextDecoder("latin1").decode(bytes.subarray(start, end));
}

/** Parses an ELF64 little-endian file. Throws ElfError for anything malformed. */
export function readElf(bytes: Uint8Array): ElfFile {
  if (bytes.length < EHDR_SIZE)
    throw new ElfError(`file too short for an ELF header (${bytes.length} bytes)`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46)
    throw new ElfError("not an ELF file (bad magic)");
  if (bytes[4] !== ELFCLASS64) throw new ElfError(`unsupported ELF class ${bytes[4]} (only ELF64)`);
  if (bytes[5] !== ELFDATA2LSB)
    throw new ElfError(`unsupported data encoding ${bytes[5]} (only little-endian)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number): number => dv.getUint16(o, true);
  const u32 = (o: number): number => dv.getUint32(o, true);
  const u64 = (o: number): bigint => dv.getBigUint64(o, true);
  const i64 = (o: number): bigint => dv.getBigInt64(o, true);
  const small = (v: bigint, what: string): number => {
    if (v > BigInt(bytes.length))
      throw new ElfError(`${what} 0x${v.toString(16)} beyond the end of the file`);
    return Number(v);
  };

  const header: ElfHeader = {
    type: u16(16),
    machine: u16(18),
    version: u32(20),
    entry: u64(24),
    phoff: small(u64(32), "e_phoff"),
    shoff: small(u64(40), "e_shoff"),
    flags: u32(48),
    phnum: u16(56),
    shnum: u16(60),
    shstrndx: u16(62),
    osabi: bytes[7] ?? 0,
  };
  if (header.shnum > 0 && u16(58) !== SHDR_SIZE)
    throw new ElfError(`e_shentsize ${u16(58)} is not ${SHDR_SIZE}`);
  if (header.phnum > 0 && u16(54) !== PHDR_SIZE)
    throw new ElfError(`e_phentsize ${u16(54)} is not ${PHDR_SIZE}`);
  if (header.shoff + header.shnum * SHDR_SIZE > bytes.length)
    throw new ElfError(
      `section header table (${header.shnum} entries at 0x${header.shoff.toString(16)}) beyond the end of the file`,
    );
  if (header.phoff + header.phnum * PHDR_SIZE > bytes.length)
    throw new ElfError(
      `program header table (${header.phnum} entries at 0x${header.phoff.toString(16)}) beyond the end of the file`,
    );

  interface RawSection {
    nameOff: number;
    type: number;
    flags: bigint;
    addr: bigint;
    offset: number;
    size: number;
    link: number;
    info: number;
    addralign: bigint;
    entsize: number;
  }
  const raw: RawSection[] = [];
  for (let i = 0; i < header.shnum; i++) {
    const o = header.shoff + i * SHDR_SIZE;
    const type = u32(o + 4);
    const offset = u64(o + 24);
    const size = u64(o + 32);
    if (type !== SHT_NOBITS && i !== 0 && offset + size > BigInt(bytes.length))
      throw new ElfError(
        `section ${i}: contents (0x${size.toString(16)} bytes at 0x${offset.toString(16)}) beyond the end of the file`,
      );
    raw.push({
      nameOff: u32(o),
      type,
      flags: u64(o + 8),
      addr: u64(o + 16),
      offset: type === SHT_NOBITS ? Number(offset > BigInt(bytes.length) ? 0n : offset) : Number(offset),
      size: Number(size > 0xffffffffffffn ? 0xffffffffffffn : size),
      link: u32(o + 40),
      info: u32(o + 44),
      addralign: u64(o + 48),
      entsize: Number(u64(o + 56) & 0xffffffffn),
    });
  }
  if (header.shnum > 0 && header.shstrndx >= header.shnum)
    throw new ElfError(`e_shstrndx ${header.shstrndx} out of range (${header.shnum} sections)`);
  const contents = (r: RawSection): Uint8Array =>
    r.type === SHT_NOBITS ? new Uint8Array(0) : bytes.subarray(r.offset, r.offset + r.size);
  const shstr = header.shnum > 0 ? contents(raw[header.shstrndx] as RawSection) : new Uint8Array(0);
  const sections: ElfSection[] = raw.map((r, index) => ({
    index,
    name: index === 0 ? "" : cstring(shstr, r.nameOff, `section ${index} name`),
    type: r.type,
    flags: r.flags,
    addr: r.addr,
    offset: r.offset,
    size: r.size,
    link: r.link,
    info: r.info,
    addralign: r.addralign,
    entsize: r.entsize,
    data: contents(r),
  }));

  const programHeaders: ElfProgramHeader[] = [];
  for (let i = 0; i < header.phnum; i++) {
    const o = header.phoff + i * PHDR_SIZE;
    programHeaders.push({
      type: u32(o),
      flags: u32(o + 4),
      offset: small(u64(o + 8), `program header ${i} p_offset`),
      vaddr: u64(o + 16),
      paddr: u64(o + 24),
      filesz: small(u64(o + 32), `program header ${i} p_filesz`),
      memsz: Number(u64(o + 40) & 0xffffffffffffn),
      align: u64(o + 48),
    });
  }

  const symbols: ElfSymbol[] = [];
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab) {
    if (symtab.link >= sections.length) throw new ElfError(`.symtab sh_link ${symtab.link} out of range`);
    const strtab = (sections[symtab.link] as ElfSection).data;
    const sdv = new DataView(symtab.data.buffer, symtab.data.byteOffset, symtab.data.byteLength);
    const count = Math.floor(symtab.data.length / SYM_SIZE);
    for (let i = 0; i < count; i++) {
      const o = i * SYM_SIZE;
      const info = symtab.data[o + 4] ?? 0;
      symbols.push({
        index: i,
        name: cstring(strtab, sdv.getUint32(o, true), `symbol ${i} name`),
        bind: info >> 4,
        type: info & 0xf,
        other: symtab.data[o + 5] ?? 0,
        shndx: sdv.getUint16(o + 6, true),
        value: sdv.getBigUint64(o + 8, true),
        size: sdv.getBigUint64(o + 16, true),
      });
    }
  }

  const relocations: ElfRelocSection[] = [];
  for (const s of sections) {
    if (s.type !== SHT_RELA) continue;
    const relocs: ElfReloc[] = [];
    const count = Math.floor(s.size / RELA_SIZE);
    for (let i = 0; i < count; i++) {
      const o = s.offset + i * RELA_SIZE;
      const info = u64(o + 8);
      const symIndex = Number(info >> 32n);
      if (symtab && symIndex >= symbols.length)
        throw new ElfError(
          `${s.name} entry ${i}: symbol index ${symIndex} out of range (${symbols.length} symbols)`,
        );
      relocs.push({ offset: u64(o), type: Number(info & 0xffffffffn), symIndex, addend: i64(o + 16) });
    }
    relocations.push({ section: s, target: s.info, relocs });
  }

  return {
    header,
    sections,
    programHeaders,
    symbols,
    relocations,
    sectionByName: (name) => sections.find((s) => s.name === name),
  };
}
