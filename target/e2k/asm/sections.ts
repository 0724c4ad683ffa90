// Sections and symbols of the object being assembled.
import { SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS } from "../elf/constants";
import type { SourceLine } from "./source";

/** Where a statement came from. */
export type Loc = Pick<SourceLine, "file" | "line">;

export interface Fixup {
  readonly offset: number;
  readonly type: number;
  readonly symbol: string;
  readonly addend: bigint;
  readonly loc: Loc;
}

export class Section {
  private buf = new Uint8Array(256);
  private length = 0;
  /** Size of a SHT_NOBITS section (no contents kept). */
  private nobitsSize = 0;
  align: number;
  /** MCST gas's md_section_align rule applies: `.data`, `.bss`, and `.rodata` once selected by
   * `.section`, are 16-byte aligned when not empty and 1-byte aligned when empty. */
  lasAlignment = false;
  /** sh_entsize (e.g. 1 for the string-merging .comment). */
  entsize = 0;
  readonly fixups: Fixup[] = [];

  constructor(
    readonly name: string,
    readonly type: number,
    readonly flags: number,
    align: number,
  ) {
    this.align = align;
  }

  get nobits(): boolean {
    return this.type === SHT_NOBITS;
  }

  get size(): number {
    return this.nobits ? this.nobitsSize : this.length;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** Appends bytes (for NOBITS sections the caller checks they are zero). */
  append(bytes: Uint8Array): void {
    if (this.nobits) {
      this.nobitsSize += bytes.length;
      return;
    }
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Appends n copies of a byte. */
  fill(n: number, byte = 0): void {
    if (this.nobits) {
      this.nobitsSize += n;
      return;
    }
    this.reserve(n);
    this.buf.fill(byte, this.length, this.length + n);
    this.length += n;
  }

  /** The sh_addralign MCST gas writes for this section. */
  get outputAlign(): number {
    if (!this.lasAlignment) return this.align;
    return this.size === 0 ? 1 : Math.max(this.align, 16);
  }

  contents(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/** Default type, flags and alignment of a section by name (MCST gas: `.text` 8 bytes, others 1). */
export function sectionDefaults(name: string): { type: number; flags: number; align: number } {
  const is = (base: string): boolean => name === base || name.startsWith(base + ".");
  if (is(".text")) return { type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, align: 8 };
  if (is(".bss") || is(".tbss")) return { type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE, align: 1 };
  if (is(".data") || is(".tdata")) return { type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, align: 1 };
  if (is(".rodata")) return { type: SHT_PROGBITS, flags: SHF_ALLOC, align: 1 };
  return { type: SHT_PROGBITS, flags: 0, align: 1 };
}

export interface SymbolInfo {
  readonly name: string;
  /** Section of a label, "abs" for a constant, undefined while undefined. */
  section: Section | "abs" | undefined;
  value: bigint;
  global: boolean;
  weak: boolean;
  /** STT_* from .type, or undefined. */
  elfType: number | undefined;
  size: bigint | undefined;
  /** `.set`/`.equ` whose value was not known when it was defined. */
  deferred: { text: string; loc: Loc } | undefined;
  /** Pending `.size` expression not known when it was given. */
  deferredSize: { text: string; loc: Loc } | undefined;
  /** Order of first appearance (gas keeps definition order in the symbol table). */
  readonly order: number;
  /** True for labels (defined by `name:`), false for `.set` names. */
  isLabel: boolean;
  /** Referenced by a relocation or expression. */
  used: boolean;
  /** A `.comm` symbol: size and alignment (the linker allocates it in .bss). */
  common?: { size: bigint; align: bigint };
}
