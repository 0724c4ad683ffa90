// Identifies the operation in an ALS (+ ALES) syllable from the opcode table (ISA.md §4.3).
import { ALU_OPS, type AluOp } from "../opcodes";
import type { RawBundle } from "./bundle";
import { aauRegName } from "./reg-names";

const BY_OPC: readonly AluOp[][] = (() => {
  const t: AluOp[][] = Array.from({ length: 128 }, () => []);
  for (const op of ALU_OPS) t[op.opc]?.push(op);
  return t;
})();

const SHORT_FORMATS = new Set(["ALOPF1", "MERGE", "ALOPF2", "ALOPF3", "ALOPF7", "ALOPF8"]);
/** Long formats whose whole ALES (opc2 and opce) is fixed by the row. */
const FULL_ALES = new Set([
  "ALOPF10",
  "ALOPF19",
  "AAURR",
  "AAURW",
  "ALOPF11",
  "ALOPF11_MERGE",
  "ALOPF13",
  "ALOPF15",
  "ALOPF16",
  "ALOPF17",
  "ALOPF12",
  "ALOPF12_IBRANCHD",
  "ALOPF12_ICALLD",
  "ALOPF22",
]);
/** Formats whose ALS[23:16] is a fixed extension byte. */
const EXT_IN_SRC1 = new Set(["ALOPF2", "ALOPF12", "ALOPF12_IBRANCHD", "ALOPF12_PSHUFH", "ALOPF22"]);

/** MAS of an ALU channel from a CS1 MAS syllable (ISA.md §5.2), 0 when none. */
export function masOf(b: RawBundle, ch: number): number {
  if (b.cs1 === undefined || b.cs1 >>> 28 !== 6) return 0;
  const shift = [21, -1, 14, 7, -1, 0][ch] ?? -1;
  return shift < 0 ? 0 : (b.cs1 >>> shift) & 0x7f;
}

function alesOf(op: AluOp): number | undefined {
  if (typeof op.alesOpc2 !== "number") return undefined;
  return (op.alesOpc2 << 8) | (op.alesOpce ?? 0xc0);
}

function rowMatches(op: AluOp, als: number, ales: number | undefined, mas: number): boolean {
  const src1 = (als >>> 16) & 0xff;
  if (EXT_IN_SRC1.has(op.format) && src1 !== op.alsExt) return false;
  if (SHORT_FORMATS.has(op.format)) {
    if (ales !== undefined) return false;
    if (op.format === "ALOPF7" || op.format === "ALOPF8") return ((als >>> 5) & 7) === op.cmpOpce;
    return true;
  }
  if (ales === undefined || typeof op.alesOpc2 !== "number") return false;
  if (FULL_ALES.has(op.format)) {
    if (ales !== alesOf(op)) return false;
  } else if (ales >>> 8 !== op.alesOpc2) return false;
  // aaurr*/aaurw* are the ldaa*/staa* encodings with MAS 0x3f (ISA.md §4.3).
  // aaurr*/aaurw* are the ldaa*/staa* encodings with MAS 0x3f (ISA.md §4.3).
  if (op.format === "AAURR" || op.format === "AAURW")
    return mas === 0x3f && aauRegName((als >>> 8) & 0xffff) !== undefined;
  return true;
}

export type AlsMatch =
  | { readonly kind: "op"; readonly op: AluOp }
  | { readonly kind: "ambiguous"; readonly ops: readonly AluOp[] }
  | { readonly kind: "unrecognized" };

const PLOG = /^q?plog_/;
const PLOG_NUMBERED = /^q?plog_0x[0-9a-f]{2}$/;

/** The table row encoded by ALSch of the bundle on the iset. */
export function matchAls(b: RawBundle, ch: number, iset: number): AlsMatch {
  const als = b.als[ch];
  if (als === undefined) return { kind: "unrecognized" };
  const ales = b.ales[ch];
  const mas = masOf(b, ch);
  let found = (BY_OPC[(als >>> 24) & 0x7f] ?? []).filter(
    (op) =>
      op.isetMin <= iset &&
      iset <= op.isetMax &&
      (op.channels & (1 << ch)) !== 0 &&
      rowMatches(op, als, ales, mas),
  );
  // With MAS 0x3f an AAU register access wins over the staa*/ldaa* reading of the same bits.
  if (found.some((op) => op.format === "AAURR" || op.format === "AAURW")) {
    found = found.filter((op) => op.format !== "ALOPF10" && op.format !== "ALOPF19");
  }
  const first = found[0];
  if (first === undefined) return { kind: "unrecognized" };
  if (found.length === 1) return { kind: "op", op: first };
  // plog/qplog tables: the named forms (plog_and, ...) alias numbered ones; print the number.
  if (found.every((op) => PLOG.test(op.name))) {
    const numbered = found.find((op) => PLOG_NUMBERED.test(op.name));
    if (numbered) return { kind: "op", op: numbered };
  }
  // Spellings of one encoding (aaurw/aaurws, ...): print the shortest.
  const same = (a: AluOp): boolean =>
    a.format === first.format && a.sizes.join("") === first.sizes.join("") && alesOf(a) === alesOf(first);
  if (found.every(same)) {
    return { kind: "op", op: found.reduce((a, o) => (o.name.length < a.name.length ? o : a)) };
  }
  return { kind: "ambiguous", ops: found };
}

/** Does the row describe a two-ALC operation (its result is a Q operand, ISA.md §4.2)? */
export function isPairOp(op: AluOp): boolean {
  return op.sizes[op.sizes.length - 1] === "Q";
}

/** The two channels a pair operation occupies when written on channel `ch`, or undefined. */
export function pairChannels(op: AluOp, ch: number): readonly [number, number] | undefined {
  if (op.channels === 0b100100) return [2, 5];
  const base = ch < 3 ? 0 : 3;
  const inCluster = [base, base + 1, base + 2].filter((c) => (op.channels & (1 << c)) !== 0);
  if (inCluster.length !== 2) return undefined;
  return [inCluster[0] ?? 0, inCluster[1] ?? 0];
}
