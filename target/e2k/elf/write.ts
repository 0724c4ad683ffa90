// ELF64 little-endian writer shared by e2k-as (relocatable objects) and e2k-ld (executables).
// The caller lists the sections in file order (index 1..n; `.shstrtab` is appended as the last
// one); a section either has a fixed file offset (the linker's loaded sections) or is placed
// after everything before it at its alignment. Program headers follow the ELF header; the
// section header table comes last.
import {
  EHDR_SIZE,
  ELFCLASS64,
  ELFDATA2LSB,
  EM_MCST_ELBRUS,
  EV_CURRENT,
  PHDR_SIZE,
  SHDR_SIZE,
  SHT_NOBITS,
  SHT_STRTAB,
  SYM_SIZE,
  RELA_SIZE,
} from "./constants";

export interface OutSection {
  readonly name: string;
  readonly type: number;
  readonly flags: bigint;
  readonly addr?: bigint;
  /** Contents; for SHT_NOBITS only `size` counts. */
  readonly data: Uint8Array;
  readonly size?: number;
  readonly link?: number;
  readonly info?: number;
  readonly addralign: bigint;
  readonly entsize?: number;
  /** Fixed file offset, or undefined to place the section after the previous ones. */
  readonly offset?: number;
}

export interface OutSymbol {
  readonly name: string;
  readonly value: bigint;
  readonly size: bigint;
  readonly bind: number;
  readonly type: number;
  readonly other?: number;
  readonly shndx: number;
}

export interface OutReloc {
  readonly offset: bigint;
  readonly type: number;
  readonly symIndex: number;
  readonly addend: bigint;
}

export interface OutPhdr {
  readonly type: number;
  readonly flags: number;
  readonly offset: number;
  readonly vaddr: bigint;
  readonly filesz: number;
  readonly memsz: number;
  readonly align: bigint;
}

export interface ElfImage {
  readonly type: number;
  readonly flags: number;
  readonly entry: bigint;
  readonly sections: readonly OutSection[];
  readonly phdrs?: readonly OutPhdr[];
  /** Put the names .symtab, .strtab, .shstrtab first in .shstrtab (what ld does; gas adds the
   * section names in section order). */
  readonly tableNamesFirst?: boolean;
}

/**
 * A string table built the way BFD builds one (elf-strtab.c): strings are laid out in the order
 * they were first added, except that a string which is the tail of another one ("_start" of
 * "__bss_start") shares that one's bytes. Add every string, then read offsets.
 */
export class StringTable {
  private readonly order: string[] = [];
  private readonly seen = new Set<string>([""]);
  private offsets: Map<string, number> | undefined;
  private image: Uint8Array | undefined;

  add(s: string): void {
    if (this.seen.has(s)) return;
    if (this.offsets) throw new Error("string table already laid out");
    this.seen.add(s);
    this.order.push(s);
  }

  private layout(): void {
    if (this.offsets) return;
    const bytes = new Map(this.order.map((s) => [s, Buffer.from(s, "latin1")]));
    // Sort by reversed contents (shorter first on a tie), then walk from the longest end so
    // that each string that is a tail of the kept one before it shares its bytes.
    const sorted = [...this.order].sort((a, b) => {
      const x = bytes.get(a) as Buffer;
      const y = bytes.get(b) as Buffer;
      for (let i = x.length - 1, j = y.length - 1; i >= 0 && j >= 0; i--, j--)
        if (x[i] !== y[j]) return (x[i] as number) - (y[j] as number);
      return x.length - y.length;
    });
    const owner = new Map<string, string>();
    let keep: string | undefined;
    for (let k = sorted.length - 1; k >= 0; k--) {
      const s = sorted[k] as string;
      if (keep !== undefined && keep.length > s.length && keep.endsWith(s)) owner.set(s, keep);
      else keep = s;
    }
    const offsets = new Map<string, number>([["", 0]]);
    let size = 1;
    for (const s of this.order) {
      if (owner.has(s)) continue;
      offsets.set(s, size);
      size += (bytes.get(s) as Buffer).length + 1;
    }
    for (const [s, o] of owner) offsets.set(s, (offsets.get(o) as number) + o.length - s.length);
    const image = new Uint8Array(size);
    for (const s of this.order)
      if (!owner.has(s)) image.set(bytes.get(s) as Buffer, offsets.get(s) as number);
    this.offsets = offsets;
    this.image = image;
  }

  offset(s: string): number {
    this.layout();
    const o = this.offsets?.get(s);
    if (o === undefined) throw new Error(`string "${s}" was not added to the table`);
    return o;
  }

  bytes(): Uint8Array {
    this.layout();
    return this.image as Uint8Array;
  }
}

/** Encodes a symbol table (index 0 must be the null symbol) and its string table. */
export function encodeSymbols(symbols: readonly OutSymbol[]): { symtab: Uint8Array; strtab: Uint8Array } {
  const strings = new StringTable();
  for (const s of symbols) strings.add(s.name);
  const out = new Uint8Array(symbols.length * SYM_SIZE);
  const dv = new DataView(out.buffer);
  symbols.forEach((s, i) => {
    const o = i * SYM_SIZE;
    dv.setUint32(o, strings.offset(s.name), true);
    out[o + 4] = ((s.bind & 0xf) << 4) | (s.type & 0xf);
    out[o + 5] = s.other ?? 0;
    dv.setUint16(o + 6, s.shndx, true);
    dv.setBigUint64(o + 8, BigInt.asUintN(64, s.value), true);
    dv.setBigUint64(o + 16, BigInt.asUintN(64, s.size), true);
  });
  return { symtab: out, strtab: strings.bytes() };
}

export function encodeRelocs(relocs: readonly OutReloc[]): Uint8Array {
  const out = new Uint8Array(relocs.length * RELA_SIZE);
  const dv = new DataView(out.buffer);
  relocs.forEach((r, i) => {
    const o = i * RELA_SIZE;
    dv.setBigUint64(o, BigInt.asUintN(64, r.offset), true);
    dv.setBigUint64(o + 8, (BigInt(r.symIndex) << 32n) | BigInt(r.type >>> 0), true);
    dv.setBigInt64(o + 16, BigInt.asIntN(64, r.addend), true);
  });
  return out;
}

const alignUp = (v: number, a: number): number => (a > 1 ? Math.ceil(v / a) * a : v);

/** Serialises an ELF64 file for EM_MCST_ELBRUS. */
export function writeElf(image: ElfImage): Uint8Array {
  const shstr = new StringTable();
  const sections: OutSection[] = [...image.sections];
  sections.push({ name: ".shstrtab", type: SHT_STRTAB, flags: 0n, data: new Uint8Array(0), addralign: 1n });
  if (image.tableNamesFirst) for (const n of [".symtab", ".strtab", ".shstrtab"]) shstr.add(n);
  for (const s of sections) shstr.add(s.name);
  const nameOffsets = sections.map((s) => shstr.offset(s.name));
  const shstrBytes = shstr.bytes();
  sections[sections.length - 1] = { ...(sections[sections.length - 1] as OutSection), data: shstrBytes };

  const phdrs = image.phdrs ?? [];
  let end = EHDR_SIZE + phdrs.length * PHDR_SIZE;
  const offsets: number[] = [];
  for (const s of sections) {
    const size = s.type === SHT_NOBITS ? 0 : s.data.length;
    let off: number;
    if (s.offset !== undefined) off = s.offset;
    else off = alignUp(end, Number(s.addralign > 0n ? s.addralign : 1n));
    offsets.push(off);
    // A NOBITS section occupies no file space: what follows may start before its offset.
    if (s.type !== SHT_NOBITS) end = Math.max(end, off + size);
  }
  const shoff = alignUp(end, 8);
  const total = shoff + (sections.length + 1) * SHDR_SIZE;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);

  out.set([0x7f, 0x45, 0x4c, 0x46, ELFCLASS64, ELFDATA2LSB, EV_CURRENT], 0);
  dv.setUint16(16, image.type, true);
  dv.setUint16(18, EM_MCST_ELBRUS, true);
  dv.setUint32(20, EV_CURRENT, true);
  dv.setBigUint64(24, image.entry, true);
  dv.setBigUint64(32, BigInt(phdrs.length > 0 ? EHDR_SIZE : 0), true);
  dv.setBigUint64(40, BigInt(shoff), true);
  dv.setUint32(48, image.flags >>> 0, true);
  dv.setUint16(52, EHDR_SIZE, true);
  dv.setUint16(54, phdrs.length > 0 ? PHDR_SIZE : 0, true);
  dv.setUint16(56, phdrs.length, true);
  dv.setUint16(58, SHDR_SIZE, true);
  dv.setUint16(60, sections.length + 1, true);
  dv.setUint16(62, sections.length, true);

  phdrs.forEach((p, i) => {
    const o = EHDR_SIZE + i * PHDR_SIZE;
    dv.setUint32(o, p.type, true);
    dv.setUint32(o + 4, p.flags, true);
    dv.setBigUint64(o + 8, BigInt(p.offset), true);
    dv.setBigUint64(o + 16, p.vaddr, true);
    dv.setBigUint64(o + 24, p.vaddr, true);
    dv.setBigUint64(o + 32, BigInt(p.filesz), true);
    dv.setBigUint64(o + 40, BigInt(p.memsz), true);
    dv.setBigUint64(o + 48, p.align, true);
  });

  sections.forEach((s, i) => {
    const off = offsets[i] as number;
    if (s.type !== SHT_NOBITS) out.set(s.data, off);
    const o = shoff + (i + 1) * SHDR_SIZE;
    dv.setUint32(o, nameOffsets[i] as number, true);
    dv.setUint32(o + 4, s.type, true);
    dv.setBigUint64(o + 8, s.flags, true);
    dv.setBigUint64(o + 16, s.addr ?? 0n, true);
    dv.setBigUint64(o + 24, BigInt(off), true);
    dv.setBigUint64(o + 32, BigInt(s.type === SHT_NOBITS ? (s.size ?? 0) : s.data.length), true);
    dv.setUint32(o + 40, s.link ?? 0, true);
    dv.setUint32(o + 44, s.info ?? 0, true);
    dv.setBigUint64(o + 48, s.addralign, true);
    dv.setBigUint64(o + 56, BigInt(s.entsize ?? 0), true);
  });
  return out;
}
