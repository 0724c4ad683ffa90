// Operands of `.section NAME[,"FLAGS"[,@TYPE]]` (also `.pushsection`, `.seg`). MCST's compilers
// also write the type first and quoted, `.section NAME,"@progbits","FLAGS"`; MCST gas accepts
// that, and so do we.
import { SHF_ALLOC, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS, SHF_TLS, SHF_WRITE } from "../elf/constants";
import { SHT_FINI_ARRAY, SHT_INIT_ARRAY, SHT_NOBITS, SHT_NOTE, SHT_PROGBITS } from "../elf/constants";
import { AsmError } from "./encoder-api";
import { splitOperands } from "./strings";

export interface SectionSpec {
  readonly name: string;
  /** SHF_* bits when FLAGS was given. */
  readonly flags: number | undefined;
  /** SHT_* when @TYPE was given. */
  readonly type: number | undefined;
}

const FLAG_BITS: Record<string, number> = {
  a: SHF_ALLOC,
  w: SHF_WRITE,
  x: SHF_EXECINSTR,
  M: SHF_MERGE,
  S: SHF_STRINGS,
  T: SHF_TLS,
};

const TYPES: Record<string, number> = {
  progbits: SHT_PROGBITS,
  nobits: SHT_NOBITS,
  note: SHT_NOTE,
  init_array: SHT_INIT_ARRAY,
  fini_array: SHT_FINI_ARRAY,
};

const unquote = (s: string): string => s.replace(/^"(.*)"$/, "$1");

export function parseSectionDirective(operands: string): SectionSpec {
  const parts = splitOperands(operands);
  const name = unquote(parts[0] ?? "");
  if (!/^[A-Za-z_.$][A-Za-z0-9_.$-]*$/.test(name))
    throw new AsmError(`bad section name \`${parts[0] ?? ""}'`);
  let rest = parts.slice(1);
  let type: number | undefined;
  if (rest[0] === '"@progbits"') {
    type = SHT_PROGBITS;
    rest = rest.slice(1);
  }
  let flags: number | undefined;
  if (rest[0] !== undefined) {
    const flagText = unquote(rest[0]);
    flags = 0;
    for (const f of flagText) {
      const bit = FLAG_BITS[f];
      if (bit === undefined) throw new AsmError(`unknown section attribute '${f}' in \`${flagText}'`);
      flags |= bit;
    }
  }
  if (rest[1] !== undefined) {
    const t = TYPES[rest[1].replace(/^[@%]/, "")];
    if (t === undefined) throw new AsmError(`unknown section type \`${rest[1]}'`);
    type = t;
  }
  if (rest.length > 2) throw new AsmError(`junk at end of .section: \`${rest.slice(2).join(", ")}'`);
  return { name, flags, type };
}
