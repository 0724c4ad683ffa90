// Text of the ALU operations of a bundle (ALS/ALES), in MCST objdump's form where that form is
// complete, and in a full gas-readable form where objdump's is not (docs/objdump.md).
import type { AluOp, OperandSize } from "../opcodes";
import type { RawBundle } from "./bundle";
import { isPairOp, masOf, matchAls, pairChannels } from "./alu-match";
import { ctcondText } from "./ctcond";
import {
  dstText,
  hex,
  isRegisterByte,
  literalPlacement,
  type Problems,
  src1Text,
  src2Text,
  src3Text,
} from "./operands";
import { aauRegName, stateRegName } from "./reg-names";

/** A two-ALC operation writing a special register has (byte & ~1) in its first ALS (ISA.md §3.1). */
const PAIR_SPECIAL: Readonly<Record<number, string>> = { 0xcc: "%tst", 0xce: "%tcd", 0xde: "%empty" };

const MERGE_FORMATS = new Set(["MERGE", "ALOPF11_MERGE", "ALOPF21_MERGE"]);

/** Text of the CDS conditions that apply to channel `ch` (ISA.md §2.12), objdump's order. */
export function predicateText(b: RawBundle, ch: number, mrgc: boolean, am = false): string {
  const cluster = ch < 3 ? 0 : 1;
  const wanted = mrgc ? 2 + cluster : cluster;
  const maskBit = am ? 3 : ch % 3;
  const negBit = am ? 2 : ch % 3;
  let out = "";
  for (const w of b.cds) {
    if (w === undefined) continue;
    for (const e of [w & 0xffff, w >>> 16]) {
      if (e >>> 14 !== wanted || ((e >>> 10) & 0xf & (1 << maskBit)) === 0) continue;
      out += out === "" ? (mrgc ? ", " : " ? ") : mrgc ? " " : ", ";
      if ((e >>> 7) & 7 & (1 << negBit)) out += "~";
      const src = e & 0x7f;
      if ((src & 0x60) === 0x40) out += `%pcnt${src & 0x1f}`;
      else if ((src & 0x60) === 0x60) out += `%pred${src & 0x1f}`;
      else out += "<invalid predicate>";
    }
  }
  return out;
}

function size(op: AluOp, i: number): OperandSize {
  return op.sizes[i] ?? op.sizes[op.sizes.length - 1] ?? "D";
}

/** `%aadD [ %aastiI ( + _f32s,_ltsN 0x.. ) ]` of staa/ldaa (ISA.md §13). */
function aauAddress(b: RawBundle, als: number, where: string, pr: Problems): string {
  const opce1 = (als >>> 8) & 0xffff;
  const lt = opce1 & 3;
  const ind = (opce1 >>> 7) & 0xf;
  const d = (opce1 >>> 11) & 0x1f;
  let lit = "";
  if (lt !== 0) {
    const w = b.lts[lt - 1];
    if (w === undefined) {
      pr.list.push(`${where}: references missing literal LTS${lt - 1}`);
      lit = " + <non-existent literal>";
    } else lit = ` + _f32s,_lts${lt - 1} ${hex(w)}`;
  }
  return `%aad${d} [ %aasti${ind}${lit} ]`;
}

function operandsText(
  b: RawBundle,
  ch: number,
  op: AluOp,
  iset: number,
  pair: boolean,
  explicit: ReadonlySet<number>,
  pr: Problems,
): string {
  const als = b.als[ch] ?? 0;
  const ales = b.ales[ch] ?? 0;
  const where = `ALS${ch} (${op.name})`;
  const s1 = (als >>> 16) & 0xff;
  const s2 = (als >>> 8) & 0xff;
  const low = als & 0xff;
  const src2 = (i: number): string => src2Text(b, s2, size(op, i), where, pr, explicit);
  const dstOf = (low: number, sz: OperandSize, w: string, p: Problems): string =>
    (pair ? PAIR_SPECIAL[low] : undefined) ?? dstText(low, sz, w, p);
  switch (op.format) {
    case "ALOPF1":
    case "MERGE":
    case "ALOPF11":
    case "ALOPF11_MERGE":
      return `${src1Text(s1, size(op, 0))}, ${src2(1)}, ${dstOf(low, size(op, 2), where, pr)}`;
    case "ALOPF11_LIT8":
      return `${src1Text(s1, size(op, 0))}, ${src2(1)}, ${hex(ales & 0xff)}, ${dstOf(low, size(op, 2), where, pr)}`;
    case "ALOPF21":
    case "ALOPF21_MERGE":
      return (
        `${src1Text(s1, size(op, 0))}, ${src2(1)}, ${src3Text(ales & 0xff, size(op, 2), where, pr)}, ` +
        dstOf(low, size(op, op.format === "ALOPF21" ? 3 : 2), where, pr)
      );
    case "ALOPF2":
    case "ALOPF12":
    case "ALOPF22":
      return `${src2(0)}, ${dstOf(low, size(op, 1), where, pr)}`;
    case "ALOPF12_PSHUFH":
      return `${src2(0)}, ${hex(ales & 0xff)}, ${dstOf(low, size(op, 1), where, pr)}`;
    case "ALOPF12_IBRANCHD":
      return `${src2(0)}, ${dstOf(low, size(op, 1), where, pr)}${ctcondText((b.ss ?? 0) & 0x1ff, pr)}`;
    case "ALOPF12_ICALLD":
      return `wbs = ${hex(s1)}, ${src2(0)}, ${dstOf(low, size(op, 1), where, pr)}${ctcondText((b.ss ?? 0) & 0x1ff, pr)}`;
    case "ALOPF3":
    case "ALOPF13":
      // objdump prints `a, b, src3`, which gas reads as `src3, a, b`: print gas's order.
      return `${src3Text(low, size(op, 2), where, pr)}, ${src1Text(s1, size(op, 0))}, ${src2(1)}`;
    case "ALOPF7":
    case "ALOPF17":
      return `${src1Text(s1, size(op, 0))}, ${src2(1)}, %pred${low & 0x1f}`;
    case "ALOPF8":
      return `${src2(0)}, %pred${low & 0x1f}`;
    case "ALOPF10":
      return `${src3Text(low, size(op, 0), where, pr)}, ${aauAddress(b, als, where, pr)}`;
    case "ALOPF19":
      return `${aauAddress(b, als, where, pr)}, ${dstOf(low, size(op, 0), where, pr)}`;
    case "ALOPF15":
    case "ALOPF16": {
      const num = op.format === "ALOPF15" ? low : s1;
      let reg = stateRegName(num, iset);
      if (reg === undefined) {
        pr.list.push(`${where}: no state register ${hex(num)} on elbrus-v${iset}`);
        reg = `<state register ${hex(num)}>`;
      }
      return op.format === "ALOPF15" ? `${src2(0)}, ${reg}` : `${reg}, ${dstOf(low, size(op, 0), where, pr)}`;
    }
    case "AAURW":
    case "AAURR": {
      const opce1 = (als >>> 8) & 0xffff;
      let reg = aauRegName(opce1);
      if (reg === undefined) {
        pr.list.push(`${where}: no AAU register for opce1 ${hex(opce1)}`);
        reg = `<aau register ${hex(opce1)}>`;
      }
      return op.format === "AAURW"
        ? `${src3Text(low, size(op, 0), where, pr)}, ${reg}`
        : `${reg}, ${dstOf(low, size(op, 0), where, pr)}`;
    }
    default:
      pr.list.push(`${where}: format ${op.format} has no printer`);
      return "";
  }
}

/** ALS of the second channel of a pair operation as gas would write it for `first`. */
function expectedPartner(op: AluOp, first: number): number {
  const bump = (byte: number): number => (isRegisterByte(byte) ? (byte + 1) & 0xff : byte | 1);
  let s1 = (first >>> 16) & 0xff;
  let s2 = (first >>> 8) & 0xff;
  const low = bump(first & 0xff);
  // Size index of src1/src2 by format; address operands of memory operations stay unchanged.
  const idx: Readonly<Record<string, readonly [number, number]>> = {
    ALOPF1: [0, 1],
    ALOPF11: [0, 1],
    ALOPF21: [0, 1],
    ALOPF2: [-1, 0],
    ALOPF12: [-1, 0],
    ALOPF22: [-1, 0],
  };
  const [i1, i2] = op.mas ? [-1, -1] : (idx[op.format] ?? [-1, -1]);
  if (i1 >= 0 && op.sizes[i1] === "Q" && isRegisterByte(s1)) s1 = bump(s1);
  if (i2 >= 0 && op.sizes[i2] === "Q" && isRegisterByte(s2)) s2 = bump(s2);
  return ((first & 0xff000000) | (s1 << 16) | (s2 << 8) | low) >>> 0;
}

const NO_SRC2_LITERAL = new Set(["ALOPF10", "ALOPF19", "AAURR", "AAURW", "ALOPF16"]);

/** src2 literal references of the bundle's operations, and LTS words used by other fields. */
export function literalUse(b: RawBundle, iset: number): [number[], Set<number>] {
  const refs: number[] = [];
  const words = new Set<number>();
  for (let ch = 0; ch < 6; ch++) {
    const als = b.als[ch];
    if (als === undefined) continue;
    const m = matchAls(b, ch, iset);
    if (m.kind !== "op") continue;
    if (NO_SRC2_LITERAL.has(m.op.format)) {
      const lt = (als >>> 8) & 3;
      if ((m.op.format === "ALOPF10" || m.op.format === "ALOPF19") && lt) words.add(lt - 1);
      continue;
    }
    const s2 = (als >>> 8) & 0xff;
    if (s2 >= 0xd0 && s2 <= 0xde) refs.push(s2);
  }
  if (b.cs1 !== undefined && [0, 1].includes(b.cs1 >>> 28)) words.add(0);
  return [refs, words];
}

/** Lines for every ALS of the bundle, in channel order. */
export function aluLines(b: RawBundle, iset: number, pr: Problems, allLiteralsExplicit = false): string[] {
  const lines: string[] = [];
  const consumed = new Set<number>();
  const [refs, words] = literalUse(b, iset);
  const explicit = allLiteralsExplicit ? new Set(refs) : literalPlacement(refs, words);
  for (let ch = 0; ch < 6; ch++) {
    const als = b.als[ch];
    if (als === undefined || consumed.has(ch)) continue;
    const m = matchAls(b, ch, iset);
    const sm = als >>> 31 ? ",sm" : "";
    if (m.kind !== "op") {
      const what =
        m.kind === "ambiguous"
          ? `ambiguous (${m.ops.map((o) => o.name).join(", ")})`
          : "unrecognized operation";
      pr.list.push(
        `ALS${ch}: ${what} ${hex(als)}${b.ales[ch] !== undefined ? ` ALES ${hex(b.ales[ch] ?? 0)}` : ""}`,
      );
      lines.push(`${m.kind === "ambiguous" ? "ambiguous" : "unrecognized"},${ch}${sm}`);
      continue;
    }
    const op = m.op;
    // Fields the operation fixes but that no operand prints (e.g. src1 of cctop*, src2 of rrd).
    if (op.fixedSrc1 !== undefined && ((als >>> 16) & 0xff) !== op.fixedSrc1) {
      pr.list.push(`ALS${ch}: ${op.name} needs src1 ${hex(op.fixedSrc1)}, has ${hex((als >>> 16) & 0xff)}`);
    }
    if (op.fixedSrc2 !== undefined && ((als >>> 8) & 0xff) !== op.fixedSrc2) {
      pr.list.push(`ALS${ch}: ${op.name} needs src2 ${hex(op.fixedSrc2)}, has ${hex((als >>> 8) & 0xff)}`);
    }
    if ((op.format === "ALOPF10" || op.format === "ALOPF19") && (als >>> 11) & 1) {
      pr.list.push(`ALS${ch}: ${op.name} with reserved aaopc bit (ALS bit 11) set`);
    }
    let paired = false;
    if (isPairOp(op)) {
      const pair = pairChannels(op, ch);
      const partner = pair && pair[0] === ch ? pair[1] : undefined;
      const pm = partner !== undefined ? matchAls(b, partner, iset) : undefined;
      if (
        partner === undefined ||
        pm?.kind !== "op" ||
        pm.op !== op ||
        b.als[partner] !== expectedPartner(op, als) ||
        b.ales[partner] !== b.ales[ch]
      ) {
        pr.list.push(`ALS${ch}: ${op.name} needs a matching second half on its partner channel`);
      } else {
        consumed.add(partner);
        paired = true;
      }
    }
    let text = `${op.name},${ch}${sm} ${operandsText(b, ch, op, iset, paired, explicit, pr)}`;
    const mas = masOf(b, ch);
    if (op.mas && mas !== 0) text += `, mas = ${hex(mas)}`;
    if (MERGE_FORMATS.has(op.format)) text += predicateText(b, ch, true);
    if (op.format !== "ALOPF12_IBRANCHD" && op.format !== "ALOPF12_ICALLD")
      text += predicateText(b, ch, false);
    lines.push(text);
    if ((op.format === "ALOPF10" || op.format === "ALOPF19") && (als >>> 10) & 1) {
      lines.push(`incr,${ch} %aaincr${(als >>> 12) & 7}${predicateText(b, ch, false, true)}`);
    }
  }
  return lines;
}
