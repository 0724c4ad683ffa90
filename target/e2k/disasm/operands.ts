// Operand bytes -> text (ISA.md §3.1), in MCST objdump's spelling: `%dr5`, `%qb[3]`, `%g7`,
// `0x1f`, `_f16s 0x1234`, `_f32s 0x...`, `_f64 0x...`.
import type { OperandSize } from "../opcodes";
import type { RawBundle } from "./bundle";

/** Collects what is wrong with a bundle while it is being printed. */
export interface Problems {
  readonly list: string[];
}

const PREFIX: Record<OperandSize, string> = { S: "", D: "d", Q: "q", P: "qp" };

/** Register text for a byte in 0x00..0xBF / 0xE0..0xFF, or undefined for the 0xC0..0xDF range. */
function register(byte: number, size: OperandSize): string | undefined {
  const p = PREFIX[size];
  if (byte < 0x80) return `%${p}b[${byte}]`;
  if (byte < 0xc0) return `%${p}r${byte & 0x3f}`;
  if (byte >= 0xe0) return `%${p}g${byte & 0x1f}`;
  return undefined;
}

export const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

export function src1Text(byte: number, size: OperandSize): string {
  return register(byte, size) ?? hex(byte & 0x1f);
}

/** src3 (ALES[7:0] or a store's ALS[7:0]): registers only. */
export function src3Text(byte: number, size: OperandSize, where: string, pr: Problems): string {
  const r = register(byte, size);
  if (r !== undefined) return r;
  pr.list.push(`${where}: operand byte ${hex(byte)} is not a register`);
  return "<illegal operand>";
}

/**
 * `explicit`: literal references gas would not produce on its own (see literalPlacement); they
 * are printed with their placement (`_f16s,_lts0lo`, `_f32s,_lts2`, ...) so they re-assemble.
 */
export function src2Text(
  b: RawBundle,
  byte: number,
  size: OperandSize,
  where: string,
  pr: Problems,
  explicit: ReadonlySet<number> = new Set(),
): string {
  const r = register(byte, size);
  if (r !== undefined) return r;
  if (byte < 0xd0) return hex(byte & 0xf);
  const n = byte & 3;
  if ((byte & 0xf8) === 0xd0) {
    const hi = (byte & 4) !== 0;
    if (n > 1) {
      pr.list.push(`${where}: illegal 16-bit literal reference ${hex(byte)}`);
      return `<illegal _f16s,_lts${n}${hi ? "hi" : "lo"}>`;
    }
    const w = b.lts[n];
    if (w === undefined) {
      pr.list.push(`${where}: references missing literal LTS${n}`);
      return `<nonexistent _f16s,_lts${n}${hi ? "hi" : "lo"}>`;
    }
    const at = explicit.has(byte) ? `,_lts${n}${hi ? "hi" : "lo"}` : "";
    return `_f16s${at} ${hex(hi ? w >>> 16 : w & 0xffff)}`;
  }
  if ((byte & 0xfc) === 0xd8) {
    const w = b.lts[n];
    if (w === undefined) {
      pr.list.push(`${where}: references missing literal LTS${n}`);
      return `<nonexistent _f32s,_lts${n}>`;
    }
    return `_f32s${explicit.has(byte) ? `,_lts${n}` : ""} ${hex(w)}`;
  }
  if (n === 3) {
    pr.list.push(`${where}: operand byte 0xdf is not a source`);
    return "<illegal _f64,_lts3>";
  }
  const lo = b.lts[n];
  const hiWord = b.lts[n + 1];
  if (lo === undefined || hiWord === undefined) {
    pr.list.push(`${where}: references missing literals LTS${n}/LTS${n + 1}`);
    return `<nonexistent _f64,_lts${n}>`;
  }
  return `_f64${explicit.has(byte) ? `,_lts${n}` : ""} ${hex((BigInt(hiWord) << 32n) | BigInt(lo))}`;
}

const SPECIAL_DST: Readonly<Record<number, string>> = {
  0xcd: "%tst",
  0xce: "%tc",
  0xcf: "%tcd",
  0xd1: "%ctpr1",
  0xd2: "%ctpr2",
  0xd3: "%ctpr3",
  0xde: "%empty.lo",
  // objdump prints `%empty.hi`, which gas does not read.
  0xdf: "%empty",
};

export function dstText(byte: number, size: OperandSize, where: string, pr: Problems): string {
  const r = register(byte, size);
  if (r !== undefined) return r;
  const s = SPECIAL_DST[byte];
  if (s !== undefined) return s;
  pr.list.push(`${where}: reserved special destination ${hex(byte)}`);
  return "<reserved special register>";
}

/** True for operand bytes naming a register (not a literal or special). */
export function isRegisterByte(byte: number): boolean {
  return byte < 0xc0 || byte >= 0xe0;
}

/**
 * Literal references of a bundle that gas's automatic placement would not reproduce: a literal
 * after an unused literal word, a lone 16-bit literal in a low half (gas fills high halves
 * first), or literals laid out other than gas lays them out in the order we print them (gas
 * follows source order). `refs` are the src2 bytes (0xD0..0xDE) of the bundle's operations in
 * channel order; `usedWords` the LTS words used otherwise (setwd, staa/ldaa literals).
 */
export function literalPlacement(refs: readonly number[], usedWords: ReadonlySet<number>): Set<number> {
  const used = new Set(usedWords);
  for (const r of refs) {
    const n = r & 3;
    used.add(n);
    if ((r & 0xfc) === 0xdc) used.add(n + 1);
  }
  const explicit = new Set<number>();
  for (const r of refs) {
    const n = r & 3;
    for (let j = 0; j < n; j++) if (!used.has(j)) explicit.add(r);
    if ((r & 0xf8) === 0xd0 && (r & 4) === 0 && !refs.includes(r | 4)) explicit.add(r);
  }
  // Only 16-bit literals: gas gives them high/low halves in source order; we print in channel
  // order, so name the placement when the two differ. (Mixes with wider literals follow rules of
  // gas's we do not model; their text relies on the automatic placement.)
  if (new Set(refs).size === refs.length && usedWords.size === 0 && refs.every((r) => (r & 0xf8) === 0xd0)) {
    const expected = gasLayout(refs, usedWords);
    if (expected === undefined || expected.some((e, i) => e !== refs[i]))
      for (const r of refs) explicit.add(r);
  }
  return explicit;
}

/** src2 bytes gas would give literals of these kinds, allocated in order; undefined if no room. */
function gasLayout(refs: readonly number[], reserved: ReadonlySet<number>): number[] | undefined {
  const taken = new Set(reserved);
  const free = (from = 0): number => {
    let w = from;
    while (taken.has(w)) w++;
    return w;
  };
  let openLow: number | undefined;
  const out: number[] = [];
  for (const r of refs) {
    if ((r & 0xf8) === 0xd0) {
      if (openLow !== undefined) {
        out.push(0xd0 | openLow);
        openLow = undefined;
        continue;
      }
      const w = free();
      if (w > 1) return undefined;
      taken.add(w);
      openLow = w;
      out.push(0xd4 | w);
    } else if ((r & 0xfc) === 0xd8) {
      const w = free();
      if (w > 3) return undefined;
      taken.add(w);
      out.push(0xd8 | w);
    } else {
      let w = free();
      while (taken.has(w + 1)) w = free(w + 1);
      if (w > 2) return undefined;
      taken.add(w);
      taken.add(w + 1);
      out.push(0xdc | w);
    }
  }
  return out;
}
