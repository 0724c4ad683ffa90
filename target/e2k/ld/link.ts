// e2k-ld's linker: combines ELF64 E2K relocatable objects into a static executable laid out as
// MCST ld lays out the reference programs (layout.ts), resolving symbols and applying the
// R_E2K_* relocations (elf/reloc.ts).
import {
  EM_MCST_ELBRUS,
  ET_EXEC,
  ET_REL,
  EF_E2K_INCOMPAT,
  EHDR_SIZE,
  PHDR_SIZE,
  PF_R,
  PF_W,
  PF_X,
  PT_LOAD,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_TLS,
  SHF_WRITE,
  SHN_ABS,
  SHN_COMMON,
  SHN_UNDEF,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  STT_FILE,
  STT_NOTYPE,
  STT_SECTION,
  SYM_SIZE,
  e2kFlagsToMach,
  e2kMachIset,
} from "../elf/constants";
import { readElf, type ElfFile, type ElfSection, type ElfSymbol } from "../elf/read";
import { applyReloc, relocName, RelocError } from "../elf/reloc";
import { encodeSymbols, writeElf, type OutSection, type OutSymbol } from "../elf/write";
import { MAX_PAGE, TEXT_BASE, alignUp, dataSegmentBase, place, type Placed } from "./layout";

export class LinkError extends Error {
  override name = "LinkError";
}

export interface LinkInput {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface LinkOptions {
  /** Entry symbol (or number); default `_start`. */
  readonly entry?: string;
}

export interface LinkResult {
  readonly bytes: Uint8Array;
  readonly warnings: readonly string[];
}

const OUTPUTS = [".text", ".rodata", ".data", ".bss"] as const;
type OutName = (typeof OUTPUTS)[number];

function outputFor(s: ElfSection): OutName | undefined {
  if ((BigInt(SHF_ALLOC) & s.flags) === 0n) return undefined;
  const is = (base: string): boolean => s.name === base || s.name.startsWith(base + ".");
  if (s.type === SHT_NOBITS) return ".bss";
  if (is(".text") || (s.flags & BigInt(SHF_EXECINSTR)) !== 0n) return ".text";
  if (is(".data") || (s.flags & BigInt(SHF_WRITE)) !== 0n) return ".data";
  return ".rodata";
}

interface Obj {
  readonly name: string;
  readonly elf: ElfFile;
  /** Address of each placed input section by section index. */
  readonly addr: Map<number, bigint>;
}

interface GlobalDef {
  readonly obj: Obj;
  readonly sym: ElfSymbol;
}

export function link(inputs: readonly LinkInput[], opts: LinkOptions = {}): LinkResult {
  if (inputs.length === 0) throw new LinkError("no input files");
  const warnings: string[] = [];
  const errors: string[] = [];
  const objs: Obj[] = inputs.map((inp) => {
    let elf: ElfFile;
    try {
      elf = readElf(inp.bytes);
    } catch (e) {
      throw new LinkError(`${inp.name}: file format not recognized (${(e as Error).message})`);
    }
    if (elf.header.machine !== EM_MCST_ELBRUS)
      throw new LinkError(
        `${inp.name}: not an E2K object (e_machine ${elf.header.machine}, expected ${EM_MCST_ELBRUS})`,
      );
    if (elf.header.type !== ET_REL)
      throw new LinkError(`${inp.name}: not a relocatable object (e_type ${elf.header.type})`);
    return { name: inp.name, elf, addr: new Map() };
  });

  // e_flags: the newest iset among the inputs; a CPU model only when every input names the same one.
  let flags = objs[0]?.elf.header.flags ?? 0;
  for (const o of objs.slice(1)) {
    const f = o.elf.header.flags;
    if (f === flags) continue;
    const isetOf = (x: number): number => e2kMachIset(e2kFlagsToMach(x)) ?? 0;
    if ((f & EF_E2K_INCOMPAT) !== 0 || (flags & EF_E2K_INCOMPAT) !== 0)
      warnings.push(
        `${o.name}: mixing objects built for different CPU models (e_flags 0x${f.toString(16)} and 0x${flags.toString(16)})`,
      );
    if (isetOf(f) > isetOf(flags)) flags = f;
  }

  // Global symbols.
  const globals = new Map<string, GlobalDef>();
  const commons = new Map<string, { obj: Obj; sym: ElfSymbol; size: bigint; align: bigint }>();
  for (const o of objs) {
    for (const s of o.elf.symbols) {
      if (s.index === 0 || s.bind === STB_LOCAL || s.shndx === SHN_UNDEF) continue;
      if (s.shndx === SHN_COMMON) {
        // Common symbols: the largest size and alignment win; a real definition overrides them.
        const c = commons.get(s.name);
        const align = s.value > 0n ? s.value : 1n;
        if (!c) commons.set(s.name, { obj: o, sym: s, size: s.size, align });
        else
          commons.set(s.name, {
            ...c,
            size: s.size > c.size ? s.size : c.size,
            align: align > c.align ? align : c.align,
          });
        continue;
      }
      const prev = globals.get(s.name);
      if (prev && prev.sym.bind !== STB_WEAK && s.bind !== STB_WEAK) {
        errors.push(`${o.name}: multiple definition of \`${s.name}'; first defined in ${prev.obj.name}`);
        continue;
      }
      if (!prev || prev.sym.bind === STB_WEAK) globals.set(s.name, { obj: o, sym: s });
    }
  }

  // Group input sections by output section.
  const groups = new Map<OutName, Array<{ obj: Obj; sec: ElfSection }>>(OUTPUTS.map((n) => [n, []]));
  for (const o of objs)
    for (const s of o.elf.sections) {
      const out = outputFor(s);
      if (!out) continue;
      if ((s.flags & BigInt(SHF_TLS)) !== 0n) {
        errors.push(`${o.name}: thread-local section ${s.name} is not supported`);
        continue;
      }
      groups.get(out)?.push({ obj: o, sec: s });
    }
  // The default script places .text.unlikely, .text.exit, .text.startup, .text.hot (each with its
  // sub-names) before the other code; the sort is stable, so file order holds within a rank.
  const textRank = (name: string): number => {
    const ranks = [".text.unlikely", ".text.exit", ".text.startup", ".text.hot"];
    const i = ranks.findIndex((r) => name === r || name.startsWith(r + "."));
    return i < 0 ? ranks.length : i;
  };
  groups.get(".text")?.sort((x, y) => textRank(x.sec.name) - textRank(y.sec.name));
  // Commons not defined elsewhere are allocated at the end of .bss (ld's *(COMMON)), each as a
  // pseudo input section with a negative index in the object that declared it first.
  const commonIndex = new Map<string, { obj: Obj; index: number }>();
  for (const [name, c] of commons) {
    if (globals.has(name)) continue;
    const index = -1 - commonIndex.size;
    commonIndex.set(name, { obj: c.obj, index });
    groups.get(".bss")?.push({
      obj: c.obj,
      sec: {
        index,
        name: "COMMON",
        type: SHT_NOBITS,
        flags: BigInt(SHF_ALLOC | SHF_WRITE),
        addr: 0n,
        offset: 0,
        size: Number(c.size),
        link: 0,
        info: 0,
        addralign: c.align,
        entsize: 0,
        data: new Uint8Array(0),
      },
    });
  }
  const pieces = (n: OutName): Array<{ size: bigint; align: bigint }> =>
    (groups.get(n) ?? []).map(({ sec }) => ({
      size: BigInt(sec.size),
      align: sec.addralign > 0n ? sec.addralign : 1n,
    }));
  const nonEmpty = (n: OutName): boolean => (groups.get(n) ?? []).some(({ sec }) => sec.size > 0);
  const hasData = nonEmpty(".data") || nonEmpty(".bss");
  const phnum = hasData ? 2 : 1;

  const placed = new Map<OutName, Placed>();
  let dot = TEXT_BASE + BigInt(EHDR_SIZE + phnum * PHDR_SIZE);
  for (const n of [".text", ".rodata"] as const) {
    if (!nonEmpty(n)) continue;
    const p = place(dot, pieces(n));
    placed.set(n, p);
    dot = p.addr + p.size;
  }
  const textEnd = dot;
  const layoutData = (base: bigint): { end: bigint; data?: Placed; bss?: Placed } => {
    let d = base;
    let data: Placed | undefined;
    let bss: Placed | undefined;
    if (nonEmpty(".data")) {
      data = place(d, pieces(".data"));
      d = data.addr + data.size;
    }
    if (nonEmpty(".bss")) {
      // The default script ends .bss with `. = ALIGN(. != 0 ? 8 : 1)`.
      const p = place(d, pieces(".bss"));
      bss = { ...p, size: alignUp(p.addr + p.size, 8n) - p.addr };
      d = bss.addr + bss.size;
    }
    return { end: alignUp(d, 8n), data, bss };
  };
  const dataBase = dataSegmentBase(textEnd, (b) => layoutData(b).end);
  const dataLayout = layoutData(dataBase);
  if (dataLayout.data) placed.set(".data", dataLayout.data);
  if (dataLayout.bss) placed.set(".bss", dataLayout.bss);

  // Symbols the default linker script defines: always __bss_start, _edata, _end; the PROVIDEd
  // ones (etext, edata, end ...) only when an input refers to them.
  const lastOut = (): OutName => [...OUTPUTS].reverse().find((n) => placed.has(n)) ?? ".text";
  const pick = (...names: OutName[]): OutName => names.find((n) => placed.has(n)) ?? lastOut();
  const edata = dataLayout.data ? dataLayout.data.addr + dataLayout.data.size : dataBase;
  const etextPlaced = placed.get(".text");
  const etext = etextPlaced ? etextPlaced.addr + etextPlaced.size : textEnd;
  const linkerSyms = new Map<string, { value: bigint; out: OutName; provide: boolean }>([
    ["__bss_start", { value: edata, out: pick(".bss", ".data"), provide: false }],
    ["_edata", { value: edata, out: pick(".data", ".bss"), provide: false }],
    ["_end", { value: dataLayout.end, out: pick(".bss", ".data"), provide: false }],
    ["edata", { value: edata, out: pick(".data", ".bss"), provide: true }],
    ["end", { value: dataLayout.end, out: pick(".bss", ".data"), provide: true }],
    ["etext", { value: etext, out: ".text", provide: true }],
    ["_etext", { value: etext, out: ".text", provide: true }],
    ["__etext", { value: etext, out: ".text", provide: true }],
  ]);
  for (const name of [...linkerSyms.keys()]) {
    const referenced = objs.some((o) =>
      o.elf.symbols.some((s) => s.name === name && s.shndx === SHN_UNDEF && s.index > 0),
    );
    const sym = linkerSyms.get(name);
    if (globals.has(name) || (sym?.provide && !referenced)) linkerSyms.delete(name);
  }

  for (const [n, p] of placed)
    (groups.get(n) ?? []).forEach(({ obj, sec }, i) => obj.addr.set(sec.index, p.pieces[i] as bigint));

  // Output contents.
  const contents = new Map<OutName, Uint8Array>();
  for (const [n, p] of placed) {
    if (n === ".bss") continue;
    const buf = new Uint8Array(Number(p.size));
    for (const { obj, sec } of groups.get(n) ?? []) {
      if (sec.type === SHT_NOBITS) continue;
      buf.set(sec.data, Number((obj.addr.get(sec.index) as bigint) - p.addr));
    }
    contents.set(n, buf);
  }

  // Symbol values.
  const symbolValue = (o: Obj, s: ElfSymbol): bigint | undefined => {
    if (s.shndx === SHN_ABS) return s.value;
    if (s.shndx === SHN_UNDEF || s.shndx === SHN_COMMON) {
      const c = commonIndex.get(s.name);
      if (c) return c.obj.addr.get(c.index);
      const g = globals.get(s.name);
      if (!g) return linkerSyms.get(s.name)?.value ?? (s.bind === STB_WEAK ? 0n : undefined);
      return symbolValue(g.obj, g.sym);
    }
    const base = o.addr.get(s.shndx);
    if (base === undefined) return s.type === STT_SECTION ? 0n : s.value;
    return base + (s.type === STT_SECTION ? 0n : s.value);
  };

  // Relocations.
  const undefinedReported = new Set<string>();
  for (const o of objs) {
    for (const rs of o.elf.relocations) {
      const target = o.elf.sections[rs.target];
      if (!target) continue;
      const out = outputFor(target);
      const secAddr = o.addr.get(rs.target);
      if (!out || secAddr === undefined) continue;
      const outPlaced = placed.get(out) as Placed;
      const buf = contents.get(out);
      for (const r of rs.relocs) {
        const sym = o.elf.symbols[r.symIndex];
        if (!sym) {
          errors.push(`${o.name}: relocation against missing symbol index ${r.symIndex}`);
          continue;
        }
        const s = symbolValue(o, sym);
        if (s === undefined) {
          const key = `${o.name}\0${sym.name}`;
          if (!undefinedReported.has(key)) errors.push(`${o.name}: undefined reference to \`${sym.name}'`);
          undefinedReported.add(key);
          continue;
        }
        if (!buf) {
          errors.push(`${o.name}: ${relocName(r.type)} in section ${target.name} which has no contents`);
          continue;
        }
        const p = secAddr + r.offset;
        try {
          applyReloc(buf, Number(p - outPlaced.addr), r.type, s, r.addend, p);
        } catch (e) {
          if (e instanceof RelocError)
            errors.push(`${o.name}:(${target.name}+0x${r.offset.toString(16)}): ${e.message}`);
          else throw e;
        }
      }
    }
  }
  if (errors.length > 0) throw new LinkError(errors.join("\n"));

  // Entry point.
  const entryName = opts.entry ?? "_start";
  let entry: bigint;
  const g = globals.get(entryName);
  const textAddr = placed.get(".text")?.addr ?? TEXT_BASE;
  if (g) entry = symbolValue(g.obj, g.sym) as bigint;
  else if (opts.entry !== undefined && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(opts.entry))
    entry = BigInt(opts.entry);
  else {
    entry = textAddr;
    warnings.push(
      `cannot find entry symbol ${entryName}; defaulting to ${textAddr.toString(16).padStart(16, "0")}`,
    );
  }

  // File offsets: the text segment maps the file from 0; the data segment keeps addr ≡ offset (mod page).
  const textSegEnd = Number(textEnd - TEXT_BASE);
  const offsetOf = new Map<OutName, number>();
  for (const n of [".text", ".rodata"] as const) {
    const p = placed.get(n);
    if (p) offsetOf.set(n, Number(p.addr - TEXT_BASE));
  }
  const phdrs = [
    {
      type: PT_LOAD,
      flags: PF_R | PF_X,
      offset: 0,
      vaddr: TEXT_BASE,
      filesz: textSegEnd,
      memsz: textSegEnd,
      align: MAX_PAGE,
    },
  ];
  if (hasData) {
    const first = (placed.get(".data") ?? placed.get(".bss")) as Placed;
    const page = Number(MAX_PAGE);
    const want = Number(first.addr % MAX_PAGE);
    let off = Math.floor(textSegEnd / page) * page + want;
    if (off < textSegEnd) off += page;
    const data = placed.get(".data");
    const bss = placed.get(".bss");
    const end = bss ? bss.addr + bss.size : (data as Placed).addr + (data as Placed).size;
    if (data) offsetOf.set(".data", off + Number(data.addr - first.addr));
    if (bss) offsetOf.set(".bss", off + (data ? Number(data.addr + data.size - first.addr) : 0));
    phdrs.push({
      type: PT_LOAD,
      flags: PF_R | PF_W,
      offset: off,
      vaddr: first.addr,
      filesz: data ? Number(data.addr + data.size - first.addr) : 0,
      memsz: Number(end - first.addr),
      align: MAX_PAGE,
    });
  }

  // Sections and symbol table.
  const outSections: OutSection[] = [];
  const outIndex = new Map<OutName, number>();
  for (const n of OUTPUTS) {
    const p = placed.get(n);
    if (!p) continue;
    outIndex.set(n, outSections.length + 1);
    outSections.push({
      name: n,
      type: n === ".bss" ? SHT_NOBITS : SHT_PROGBITS,
      flags: BigInt(
        SHF_ALLOC | (n === ".text" ? SHF_EXECINSTR : 0) | (n === ".data" || n === ".bss" ? SHF_WRITE : 0),
      ),
      addr: p.addr,
      data: contents.get(n) ?? new Uint8Array(0),
      size: Number(p.size),
      addralign: p.align,
      offset: offsetOf.get(n),
    });
  }
  const symbols: OutSymbol[] = [
    { name: "", value: 0n, size: 0n, bind: STB_LOCAL, type: STT_NOTYPE, shndx: SHN_UNDEF },
  ];
  for (const n of OUTPUTS) {
    const idx = outIndex.get(n);
    if (idx !== undefined)
      symbols.push({
        name: "",
        value: (placed.get(n) as Placed).addr,
        size: 0n,
        bind: STB_LOCAL,
        type: STT_SECTION,
        shndx: idx,
      });
  }
  const shndxOf = (o: Obj, s: ElfSymbol): number => {
    if (s.shndx === SHN_ABS) return SHN_ABS;
    if (s.shndx === SHN_COMMON) return outIndex.get(".bss") ?? SHN_ABS;
    const sec = o.elf.sections[s.shndx];
    const out = sec ? outputFor(sec) : undefined;
    return (out && outIndex.get(out)) ?? SHN_ABS;
  };
  for (const o of objs) {
    for (const s of o.elf.symbols) {
      if (s.index === 0 || s.bind !== STB_LOCAL || s.type === STT_SECTION) continue;
      if (s.type === STT_FILE) {
        symbols.push({ name: s.name, value: 0n, size: 0n, bind: STB_LOCAL, type: STT_FILE, shndx: SHN_ABS });
        continue;
      }
      symbols.push({
        name: s.name,
        value: symbolValue(o, s) ?? 0n,
        size: s.size,
        bind: STB_LOCAL,
        type: s.type,
        other: s.other,
        shndx: shndxOf(o, s),
      });
    }
  }
  const firstGlobal = symbols.length;
  const globalSyms: OutSymbol[] = [];
  for (const [name, c] of commons)
    if (!globals.has(name))
      globalSyms.push({
        name,
        value: symbolValue(c.obj, c.sym) ?? 0n,
        size: c.size,
        bind: STB_GLOBAL,
        type: c.sym.type,
        shndx: outIndex.get(".bss") ?? SHN_ABS,
      });
  for (const [name, gd] of globals)
    globalSyms.push({
      name,
      value: symbolValue(gd.obj, gd.sym) ?? 0n,
      size: gd.sym.size,
      bind: gd.sym.bind === STB_WEAK ? STB_WEAK : STB_GLOBAL,
      type: gd.sym.type,
      other: gd.sym.other,
      shndx: shndxOf(gd.obj, gd.sym),
    });
  for (const [name, ls] of linkerSyms)
    globalSyms.push({
      name,
      value: ls.value,
      size: 0n,
      bind: STB_GLOBAL,
      type: STT_NOTYPE,
      shndx: outIndex.get(ls.out) ?? SHN_ABS,
    });
  symbols.push(...hashTableOrder(globalSyms));
  const { symtab, strtab } = encodeSymbols(symbols);
  const symtabIndex = outSections.length + 1;
  outSections.push({
    name: ".symtab",
    type: SHT_SYMTAB,
    flags: 0n,
    data: symtab,
    link: symtabIndex + 1,
    info: firstGlobal,
    addralign: 8n,
    entsize: SYM_SIZE,
  });
  outSections.push({ name: ".strtab", type: SHT_STRTAB, flags: 0n, data: strtab, addralign: 1n });

  const bytes = writeElf({
    type: ET_EXEC,
    flags,
    entry,
    sections: outSections,
    phdrs,
    tableNamesFirst: true,
  });
  return { bytes, warnings };
}

/**
 * ld writes the global symbols by walking its symbol hash table: BFD's string hash modulo the
 * default table size (4051), bucket by bucket, the most recently entered first within a bucket.
 * Reproduced so that the symbol table comes out in ld's order.
 */
export function hashTableOrder<T extends { readonly name: string }>(entries: readonly T[]): T[] {
  const mask = (1n << 64n) - 1n;
  const bucket = (name: string): number => {
    let h = 0n;
    const bytes = Buffer.from(name, "latin1");
    for (const c of bytes) {
      const v = BigInt(c);
      h = (h + v + (v << 17n)) & mask;
      h ^= h >> 2n;
    }
    const len = BigInt(bytes.length);
    h = (h + len + (len << 17n)) & mask;
    h ^= h >> 2n;
    return Number(h % 4051n);
  };
  return entries
    .map((e, i) => ({ e, i, b: bucket(e.name) }))
    .sort((x, y) => x.b - y.b || y.i - x.i)
    .map((x) => x.e);
}
