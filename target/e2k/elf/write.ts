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
}

/** A string table under construction (offset 0 is the empty string). */
export class StringTable {
  private readonly parts: string[] = [""];
  private readonly offsets = new Map<string, number>([["", 0]]);
  private size = 1;

  add(s: string): number {
    const known = this.offsets.get(s);
    if (known !== undefined) return known;
    const off = this.size;
    this.offsets.set(s, off);
    this.parts.push(s);
    this.size += Buffer.byteLength(s, "latin1") + 1;
    return off;
  }

  bytes(): Uint8Array {
    return new Uint8Array(Buffer.from(this.parts.join("\0") + "\0", "latin1"));
  }
}

/** Encodes a symbol table (index 0 must be the null symbol) and its string table. */
export function encodeSymbols(symbols: readonly OutSymbol[]): { symtab: Uint8Array; strtab: Uint8Array } {
  const strings = new StringTable();
  const out = new Uint8Array(symbols.length * SYM_SIZE);
  const dv = new DataView(out.buffer);
  symbols.forEach((s, i) => {
    const o = i * SYM_SIZE;
    dv.setUint32(o, s.name === "" ? 0 : strings.add(s.name), true);
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
  const nameOffsets = sections.map((s) => shstr.add(s.name));
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
    end = Math.max(end, off + size);
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
