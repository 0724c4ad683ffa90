// ALU operations (ALS/ALES syllables): channel and `,sm` suffixes, the operand forms of every
// ALOPF format, RLP conditions, and the ALS words they produce (placement happens in wide.ts).
import { AsmError, type EncodeContext, type ExprValue } from "../encoder-api";
import type { AluOp } from "../../opcodes";
import { Cursor } from "./scan";
import { parseGenericReg, parseOperand, parseSpecialReg, evalConst, type OperandTerms } from "./operand";
import type { AlsOp, Pred, WideCommand } from "./wide";
import { ctcond, defaultIpdIfTaken, parsePred } from "./cond";
import { AAU_REGS, MMU_REGS, STATE_REGS } from "../../opcodes";

/** Operand format of a template position. */
type Fmt = "S" | "D" | "Q" | "P";

/** All rows of one mnemonic valid on an iset, merged as gas merges them into one template. */
export interface AluTemplate {
  readonly name: string;
  readonly rows: readonly AluOp[];
  readonly first: AluOp;
  readonly channels: number;
}

/** Explicit `_fNN` / `_ltsN` literal specifiers of the current operation. */
export interface LitSpec {
  minRow: number;
  maxRow: number;
  minCol: number;
  maxCol: number;
  /** Where in the operand text (specifiers removed) the specifier stood, when there was one. */
  at?: number;
}

export interface OpContext {
  readonly wc: WideCommand;
  readonly ctx: EncodeContext;
  readonly braced: boolean;
  readonly spec: LitSpec;
  /** The scrubbed operation text (for messages). */
  readonly orig: string;
}

/** Front-end switches that may be present on the context (`.ignore ld_st_style`, `strict_delay`). */
type OptionalContext = EncodeContext & { readonly ldStStyle?: boolean; readonly noStrictDelay?: boolean };

/** gas adds implicit delays only to brace-less operations, unless `no_strict_delay` is on. */
const strictDelay = (oc: OpContext): boolean => !oc.braced && !(oc.ctx as OptionalContext).noStrictDelay;

const LIT8_WARN: Record<string, string> = {
  pshufw: "'pshufw' uses only four low-order bits of literal8",
  pextrh: "use of 'pextrh' with count > %d leads to an undefined result",
  pinsh: "use of 'pinsh' with count > %d leads to an undefined result",
};

const isQuadResult = (op: AluOp): boolean => {
  const s = op.sizes;
  switch (op.format) {
    case "ALOPF11":
      return s[2] === "Q";
    case "ALOPF2":
    case "ALOPF22":
    case "ALOPF12":
      return s[1] === "Q";
    default:
      return false;
  }
};

const isQuadStore = (op: AluOp): boolean =>
  (op.format === "ALOPF13" && op.sizes[2] === "Q") ||
  (["ALOPF10", "AAURW", "AAURR", "ALOPF19"].includes(op.format) && op.sizes[0] === "Q");

function newAls(t: AluTemplate, wc: WideCommand): AlsOp & { sameSrc1Quad: boolean } {
  if (wc.als.length >= 6) throw new AsmError("An excessive ALF instruction");
  const op = t.first;
  let nReal: 1 | 2 = 1;
  let real: number[][] = [[0], [1], [2], [3], [4], [5]];
  let sameSrc1Quad = false;
  if (isQuadResult(op)) {
    nReal = 2;
    real =
      t.channels & 2 ? [[0, 1], [0, 1], [], [3, 4], [3, 4], []] : [[0, 2], [], [0, 2], [3, 5], [], [3, 5]];
    if (op.format === "ALOPF11" && op.mas && op.sizes[0] === "Q") sameSrc1Quad = true;
  } else if (isQuadStore(op)) {
    nReal = 2;
    real = [[], [], [2, 5], [], [], [2, 5]];
    if (op.sizes[0] === "Q") sameSrc1Quad = true;
  }
  const u = Array.from({ length: nReal }, () => ({ opc: op.opc, sm: false, src1: 0, src2: 0, dst: 0 }));
  const rowsDiffer = t.rows.some((r) => r.alesOpc2 !== op.alesOpc2);
  return {
    name: t.name,
    nReal,
    real,
    positions: [],
    u,
    needAles: false,
    ales: { opc2: 0, opce: 0 },
    rowFor: rowsDiffer ? (ch: number) => t.rows.find((r) => r.channels & (1 << ch)) : undefined,
    explicitAles25V4: op.explicitAles25V4,
    needMas: false,
    mas: 0,
    preds: [undefined, undefined, undefined, undefined],
    src2Lit: undefined,
    chosen: -1,
    sameSrc1Quad,
  };
}

type Als = ReturnType<typeof newAls>;

function encodeReg(als: Als, argIdx: 1 | 2 | 3 | 4, fmt: Fmt | undefined, reg: number): void {
  if (reg >= 192 && reg <= 223 && argIdx >= 1 && argIdx <= 3)
    throw new AsmError(`special register not allowed in position of SRC${argIdx}`);
  als.u.forEach((u, i) => {
    let v = reg;
    if (als.nReal === 2 && fmt === "Q" && (argIdx !== 1 || !als.sameSrc1Quad)) v = (v & 0xfe) + i;
    if (argIdx === 1) u.src1 = v;
    else if (argIdx === 2) u.src2 = v;
    else u.dst = v;
  });
}

function shortSrc1(als: Als, v: number): void {
  for (const u of als.u) u.src1 = 0xc0 | v;
}

const specIsDefault = (s: LitSpec): boolean =>
  s.minCol === 0 && s.maxCol === 7 && s.minRow === 0 && s.maxRow === 2;

/** gas encode_src2: register, 4-bit immediate or a literal placement. */
function encodeSrc2(
  oc: OpContext,
  als: Als,
  fmt: Fmt | undefined,
  e: { reg?: number; lit?: ExprValue },
): void {
  if (e.reg !== undefined) {
    encodeReg(als, 2, fmt, e.reg);
    return;
  }
  const v = e.lit as ExprValue;
  const s = oc.spec;
  if (v.kind === "const" && v.value >= 0n && v.value <= 15n && specIsDefault(s)) {
    for (const u of als.u) u.src2 = 0xc0 | Number(v.value);
    return;
  }
  if (v.kind === "const" && fmt !== "D") {
    const sv = BigInt.asIntN(64, v.value);
    if (sv < -(1n << 31n) || sv >= 1n << 32n)
      oc.wc.warnings.push(
        `constant 0x${BigInt.asUintN(64, v.value).toString(16)} does not fit a 32-bit operand; its low 32 bits are used`,
      );
  }
  let minRow = s.minRow;
  let maxRow = s.maxRow;
  if (v.kind === "reloc") {
    if (minRow === 0 && maxRow === 2) minRow = maxRow = 2;
    else if (!(minRow === 1 && maxRow === 1) && (minRow !== 2 || maxRow !== 2))
      throw new AsmError("Wrong size for symbol specified");
  } else if (minRow === 0 && maxRow === 2) {
    const val = BigInt.asIntN(64, v.value);
    if (fmt === "D" && (val < -2147483648n || val > 2147483647n)) minRow = 2;
    else if (val < -32768n || val > 32767n) minRow = 1;
  }
  als.src2Lit = oc.wc.addLiteral(v, minRow, maxRow, s.minCol, s.maxCol);
}

function parseAlsPredOptional(oc: OpContext, cur: Cursor, als: Als): void {
  cur.char(" ");
  if (!cur.char("?")) return;
  for (let i = 0; i < 2; i++) {
    if (i === 1 && !cur.char(",")) break;
    const p = parsePred(cur, true);
    if (!p) throw new AsmError(`invalid predicate \`${cur.rest}'`);
    if (p.num > 31)
      oc.wc.warnings.push(
        `%${p.fld >> 5 === 3 ? "pred" : "pcnt"}${p.num} is out of range; it wraps to %${p.fld >> 5 === 3 ? "pred" : "pcnt"}${p.num & 31}`,
      );
    const idx = p.fld >> 5 === 3 ? 0 : 2;
    if (als.preds[idx])
      throw new AsmError(
        `two %${idx === 0 ? "pred" : "pcnt"} predicates acting on the same ALS are not allowed`,
      );
    als.preds[idx] = p;
  }
}

function parseMasInline(oc: OpContext, cur: Cursor, als: Als): void {
  if (!cur.str(",mas=")) return;
  const text = cur.operand();
  const v = evalConst(text, oc.ctx);
  if (v.kind !== "const") throw new AsmError("mas value expected after mas=");
  if (v.value >= 0x80n || v.value < 0n)
    throw new AsmError(`illegal mas value \`0x${BigInt.asUintN(32, v.value).toString(16)}'`);
  als.mas = Number(v.value);
  if (als.mas !== 0) als.needMas = true;
}

type Arg = { reg?: number; lit?: ExprValue };

/** gas parse_three_args_for_ld_st: `a, b, dst`, `[ a + b ], dst`, stores `src3, [ a + b ]`. */
function parseLdSt(
  oc: OpContext,
  cur: Cursor,
  als: Als,
  fmts: readonly Fmt[],
  forStore: boolean,
  needMas: boolean,
): void {
  const args: Arg[] = [];
  const terms: OperandTerms[] = [];
  let i = 0;
  for (; i < 3; i++) {
    const start = cur.pos;
    const text = cur.operand();
    const t = parseOperand(text, oc.ctx);
    if (t.invalid) throw new AsmError(`invalid expression at \`${cur.text.slice(start, cur.pos)}'`);
    if (t.regs.length === 0 && t.lit === undefined)
      throw new AsmError(`empty operand at \`${cur.text.slice(start)}'`);
    if (t.regs.length === 2 && t.lit !== undefined) {
      if (t.lit.kind === "const" && t.lit.value === 0n) t.lit = undefined;
      else
        throw new AsmError(
          `excessive number of terms in an instruction's operand at \`${cur.text.slice(start, cur.pos)}'`,
        );
    }
    const add = (a: Arg): void => {
      if (args.length === 3) throw new AsmError("excessive number of operands for an instruction");
      args.push(a);
    };
    if (t.lit !== undefined) {
      const fit =
        t.constFirst && fmts[0] !== "Q" && t.lit.kind === "const" && t.lit.value >= 0n && t.lit.value <= 31n;
      if (fit) add({ lit: t.lit });
      if (t.regs[0] !== undefined) add({ reg: t.regs[0] });
      if (!fit) add({ lit: t.lit });
    } else {
      add({ reg: t.regs[0] });
      if (t.regs[1] !== undefined) add({ reg: t.regs[1] });
    }
    terms.push(t);
    if (needMas) parseMasInline(oc, cur, als);
    if (i < 2) {
      if (cur.atEnd || cur.peek() === "?") {
        if (i === 0) throw new AsmError("insufficient number of operands for an instruction");
        break;
      }
      if (!cur.char(",")) throw new AsmError(`missing comma at \`${cur.rest}'`);
    }
  }
  if (i === 3) i = 2;
  // `.ignore ld_st_style`: stores are written `st a, b, value` (objdump's order).
  const traditional = forStore && !(oc.ctx as OptionalContext).ldStStyle;
  if (traditional) i = 0;
  const last = terms[i] as OperandTerms;
  if (last.regs.length !== 1 || last.lit !== undefined)
    throw new AsmError(`Register should be specified for ${forStore ? "SRC3" : "DST"}`);
  if (traditional) {
    const tmp = args[0] as Arg;
    args[0] = args[1] as Arg;
    if (args.length === 3) args[1] = args[2] as Arg;
    args[args.length - 1] = tmp;
  }
  if (args.length === 2) {
    if (!forStore && !needMas)
      oc.wc.warnings.push(`\`${als.name}' written with two operands; gas reads \`a, b' as \`a, 0, b'`);
    args[2] = args[1] as Arg;
    const zero: Arg = { lit: { kind: "const", value: 0n } };
    if ((args[0] as Arg).reg !== undefined) args[1] = zero;
    else {
      args[1] = args[0] as Arg;
      args[0] = zero;
    }
  }
  const [a0, a1, a2] = args as [Arg, Arg, Arg];
  encodeReg(als, forStore ? 3 : 4, fmts[2], a2.reg as number);
  if (a0.reg !== undefined) encodeReg(als, 1, fmts[0], a0.reg);
  else if (a0.lit?.kind === "const" && a0.lit.value >= 0n && a0.lit.value <= 31n)
    shortSrc1(als, Number(a0.lit.value));
  else throw new AsmError("Invalid argument in position of SRC1.");
  encodeSrc2(oc, als, fmts[1], a1);
}

function parseSrc1(oc: OpContext, cur: Cursor, als: Als, fmt: Fmt | undefined): void {
  cur.char(" ");
  const reg = parseGenericReg(cur);
  if (reg) {
    als.u.forEach((u, i) => {
      u.src1 = reg.value + (i === 1 && fmt === "Q" && !als.sameSrc1Quad ? 1 : 0);
    });
    return;
  }
  const start = cur.pos;
  const text = cur.operand();
  let v: ExprValue | undefined;
  try {
    v = text.trim() === "" ? undefined : evalConst(text, oc.ctx);
  } catch {
    v = undefined;
  }
  // gas reads a specifier per operand: one written on src2 (`0x11, _f32s 0x..., ...`) leaves src1's
  // 5-bit literal alone; one on src1 itself asks for a long literal, which src1 cannot hold.
  const at = oc.spec.at;
  const onSrc1 = at !== undefined && at >= start && at <= cur.pos;
  if (v?.kind === "const" && v.value >= 0n && v.value <= 31n && (!onSrc1 || specIsDefault(oc.spec))) {
    shortSrc1(als, Number(v.value));
    return;
  }
  throw new AsmError("invalid first argument (src1)");
}

function parseSrc2(oc: OpContext, cur: Cursor, als: Als, fmt: Fmt | undefined): void {
  const t = parseOperand(cur.operand(), oc.ctx);
  if (t.invalid) throw new AsmError("invalid operand at position of SRC2");
  if (t.regs.length === 0 && t.lit === undefined) throw new AsmError("empty operand at position of SRC2");
  if (t.regs.length > 1 || (t.regs.length === 1 && t.lit !== undefined))
    throw new AsmError("illegal operand at position of SRC2");
  encodeSrc2(oc, als, fmt, t.regs.length === 1 ? { reg: t.regs[0] as number } : { lit: t.lit as ExprValue });
}

function parseSrc3(
  cur: Cursor,
  als: Als,
  fmt: Fmt | undefined,
  intoAles: boolean,
  commaExpected: boolean,
): void {
  if (commaExpected && !cur.char(","))
    throw new AsmError(`comma followed by src3 expected at \`${cur.rest}'`);
  cur.char(" ");
  const bracket = cur.char("[");
  const reg = parseGenericReg(cur);
  if (!reg) throw new AsmError(`invalid src3 at \`${cur.rest}'`);
  if (bracket && !cur.char("]")) throw new AsmError(`can't find enclosing bracket at \`${cur.rest}'`);
  if (intoAles) als.ales.opce = reg.value;
  else
    als.u.forEach((u, i) => {
      u.dst = reg.value + (i === 1 && fmt === "Q" ? 1 : 0);
    });
  if (intoAles && als.nReal === 2) (als.u[1] as { dst: number }).dst = reg.value + (fmt === "Q" ? 1 : 0);
}

function parseDst(cur: Cursor, als: Als, fmt: Fmt | undefined): void {
  if (!cur.char(",")) throw new AsmError(`comma followed by dst expected at \`${cur.rest}'`);
  const reg = parseGenericReg(cur);
  if (reg) {
    als.u.forEach((u, i) => {
      u.dst = reg.value + (i === 1 && fmt === "Q" ? 1 : 0);
    });
    return;
  }
  let sp = parseSpecialReg(cur);
  if (sp === 0) throw new AsmError(`invalid third argument (dst) at \`${cur.rest}'`);
  if (als.nReal === 2) sp &= 0xfe;
  als.u.forEach((u, i) => (u.dst = sp | i));
}

function needPred(cur: Cursor, allowPcnt: boolean, what: string): Pred {
  const p = parsePred(cur, allowPcnt);
  if (!p) throw new AsmError(`${what} expected at \`${cur.rest}'`);
  return p;
}

function stateReg(cur: Cursor, iset: number): { num: number; wait: boolean; nop: boolean } {
  const start = cur.pos;
  cur.skipBlanks();
  const m = /^%[a-z][a-z0-9._]*/.exec(cur.rest);
  if (!cur.rest.startsWith("%")) throw new AsmError(`CU register expected at \`${cur.rest}'`);
  if (!m) throw new AsmError(`invalid register name at \`${cur.rest}'`);
  const reg = STATE_REGS.get(m[0].slice(1));
  if (!reg) throw new AsmError(`invalid CU register at \`${cur.text.slice(start)}'`);
  if (iset < reg.isetMin || iset > reg.isetMax)
    throw new AsmError(`CU register \`${m[0]}' is not available on elbrus-v${iset}`);
  cur.pos += m[0].length;
  return { num: reg.num, wait: reg.rwWait, nop: reg.rrNop };
}

function regName(cur: Cursor, flavour: string): string {
  const start = cur.pos;
  cur.skipBlanks();
  if (!cur.rest.startsWith("%"))
    throw new AsmError(`${flavour} register expected at \`${cur.text.slice(start)}'`);
  const m = /^%[a-z][a-z0-9._]*/.exec(cur.rest);
  if (!m) throw new AsmError(`invalid register name at \`${cur.text.slice(start)}'`);
  return m[0];
}

/** Parses the AAU address `%aadD [ %aastiI (+ lit) ]` into opce1 bits (and a literal). */
function parseAad(oc: OpContext, cur: Cursor, als: Als, leadingComma: boolean): void {
  if (!cur.str(leadingComma ? ",%aad" : "%aad")) throw new AsmError(", %aad expected ");
  const d = cur.number();
  if (d === undefined) throw new AsmError("%aad index expected");
  if (d > 31n) throw new AsmError("invalid %aad index specified");
  for (const u of als.u) u.src1 |= Number(d) << 3;
  const text = cur.operand();
  const t = parseOperand(text, oc.ctx);
  const r = t.regs[0];
  if (r === undefined || r < 256 || r > 256 + 15) throw new AsmError("%aasti<idx> expected");
  if (t.regs.length > 1) throw new AsmError("Illegal argument for AASTI");
  const idx = r - 256;
  for (const u of als.u) {
    u.src1 |= idx >> 1;
    u.src2 |= (idx & 1) << 7;
  }
  if (t.lit !== undefined) {
    const s = oc.spec;
    if (s.minRow !== s.maxRow || !(s.minCol === s.maxCol || s.minCol + 1 === s.maxCol))
      throw new AsmError("Literal format or position in %aasti not specified");
    if (s.minRow !== 1) throw new AsmError("Wrong literal format in %aasti");
    if (s.minCol !== 0 && s.minCol !== 2 && s.minCol !== 4)
      throw new AsmError("Wrong literal position in %aasti");
    for (const u of als.u) u.src2 |= (s.minCol >> 1) + 1;
    oc.wc.addLiteral(t.lit, 1, 1, s.minCol, s.minCol);
  }
}

function parseMasRequired(oc: OpContext, cur: Cursor, als: Als): void {
  if (cur.peek() === "?") return;
  if (!cur.str(",mas=")) return;
  const v = evalConst(cur.operand(), oc.ctx);
  if (v.kind !== "const") throw new AsmError("mas value expected after mas=");
  if (v.value >= 0x80n || v.value < 0n)
    throw new AsmError(`illegal mas value \`0x${BigInt.asUintN(32, v.value).toString(16)}'`);
  als.mas = Number(v.value);
  if (als.mas !== 0) als.needMas = true;
}

/** Encodes one ALU operation (everything after the mnemonic is in `cur`). */
export function parseAluOp(oc: OpContext, t: AluTemplate, cur: Cursor): AlsOp {
  const wc = oc.wc;
  const op = t.first;
  const fmts = op.sizes as readonly Fmt[];
  const als = newAls(t, wc);
  // Channel, `,sm`, channel again (gas accepts them in either order).
  const chn = (): boolean => {
    const save = cur.pos;
    cur.char(" ");
    if (cur.char(",")) {
      const n = cur.number();
      if (n !== undefined) {
        if (n > 5n || !(t.channels & (1 << Number(n))))
          throw new AsmError(`illegal channel number for \`${t.name}'`);
        als.positions = [Number(n)];
        return true;
      }
    }
    cur.pos = save;
    return false;
  };
  chn();
  if (cur.str(",sm") || cur.str(", sm") || cur.str(",s") || cur.str(", s"))
    for (const u of als.u) u.sm = true;
  if (als.positions.length !== 1 && !chn()) {
    for (let i = 0; i < 6; i++) if (t.channels & (1 << i)) als.positions.push(i);
  }
  if (als.nReal === 2) als.positions = als.positions.filter((p) => (als.real[p] ?? []).length === 2);
  // Speculative operations with an explicit ALC may be named by a `%dt_alN` condition.
  if (als.positions.length === 1 && als.u[0]?.sm)
    for (const r of als.real[als.positions[0] as number] ?? []) wc.explicitAlces |= 1 << r;
  const setAles = (opc2: number, opce: number): void => {
    als.needAles = true;
    als.ales = { opc2, opce };
  };
  const tableAles = (): void => setAles((op.alesOpc2 as number) ?? 1, op.alesOpce ?? 0xc0);
  switch (op.format) {
    case "ALOPF1":
    case "ALOPF11":
    case "ALOPF11_MERGE":
      if (t.rows.some((r) => r.alesOpc2 !== undefined)) tableAles();
      parseLdSt(oc, cur, als, fmts, false, op.mas);
      if (op.format === "ALOPF11_MERGE") {
        if (!cur.char(",")) throw new AsmError(`comma expected at \`${cur.rest}'`);
        als.preds[1] = needPred(cur, true, "predicate");
      }
      break;
    case "ALOPF3":
    case "ALOPF13":
      if (op.format === "ALOPF13") tableAles();
      parseLdSt(oc, cur, als, fmts, true, op.mas);
      break;
    case "ALOPF2":
    case "ALOPF12":
    case "ALOPF22":
    case "ALOPF12_IBRANCHD":
    case "ALOPF12_ICALLD": {
      if (op.format === "ALOPF12_ICALLD") {
        cur.str("wbs=");
        const w = evalConst(cur.operand(), oc.ctx);
        if (w.kind !== "const") throw new AsmError("wbs value expected");
        for (const u of als.u) u.src1 = Number(w.value & 0xffn);
        if (!cur.char(",")) throw new AsmError("comma expected after WBS");
      }
      parseSrc2(oc, cur, als, fmts[0]);
      parseDst(cur, als, fmts[1]);
      if (op.format === "ALOPF12_IBRANCHD" || op.format === "ALOPF12_ICALLD") {
        wc.startSs();
        if (wc.ss.isSet("ctop") && wc.ss.get("ctop") !== 0)
          throw new AsmError(
            `cannot encode \`${t.name}', SS.ctop in the current wide command is already busy`,
          );
        wc.ss.set("ctop", 0, false);
        ctcond(wc, cur, op.format === "ALOPF12_IBRANCHD" ? "ibranch" : "other");
        defaultIpdIfTaken(wc);
      }
      if (op.format !== "ALOPF12_ICALLD") for (const u of als.u) u.src1 = op.alsExt ?? 0xc0;
      if (op.format === "ALOPF12") tableAles();
      else if (op.format !== "ALOPF2" || op.opc === 0x58) setAles(1, 0xc0);
      if (op.format === "ALOPF2" && (op.opc === 0x61 || op.opc === 0x63)) {
        const d = (als.u[0] as { dst: number }).dst;
        if (d >= 0xd1 && d <= 0xd3) {
          if (als.positions[0] !== 0)
            throw new AsmError(
              `\`${op.opc === 0x61 ? "movtd" : "getpl"}' to \`%ctpr{1,2,3}' registers may be encoded in the 0-th channel only`,
            );
          als.positions = [0];
        }
      }
      break;
    }
    case "ALOPF12_PSHUFH": {
      parseSrc2(oc, cur, als, fmts[0]);
      if (!cur.char(",")) throw new AsmError("`, order' expected for PSHUFH");
      const n = cur.number();
      if (n === undefined) throw new AsmError("`, order' expected for PSHUFH");
      parseDst(cur, als, fmts[1]);
      for (const u of als.u) u.src1 = op.alsExt ?? 0xc0;
      setAles((op.alesOpc2 as number) ?? 1, Number(n & 0xffn));
      break;
    }
    case "ALOPF11_LIT8": {
      tableAles();
      parseSrc1(oc, cur, als, fmts[0]);
      if (!cur.char(",")) throw new AsmError("`, literal8' expected");
      parseSrc2(oc, cur, als, fmts[1]);
      if (!cur.char(",")) throw new AsmError("`, literal8' expected");
      const n = cur.number();
      if (n === undefined) throw new AsmError("`, literal8' expected");
      const v = BigInt.asUintN(32, n);
      if (v > 0xffn) throw new AsmError("value of literal8 is out of range");
      if (op.lit8Max !== undefined && v > BigInt(op.lit8Max)) {
        const w = LIT8_WARN[t.name] ?? `use of '${t.name}' with count > %d leads to a zero result`;
        wc.warnings.push(w.replace("%d", String(op.lit8Max)));
      }
      als.ales.opce = Number(v);
      parseDst(cur, als, fmts[2]);
      break;
    }
    case "ALOPF7":
    case "ALOPF17": {
      parseSrc1(oc, cur, als, fmts[0]);
      if (!cur.char(",")) throw new AsmError(`comma expected at \`${cur.rest}'`);
      parseSrc2(oc, cur, als, fmts[1]);
      if (!cur.char(",")) throw new AsmError(`comma expected at \`${cur.rest}'`);
      const p = needPred(cur, false, "%pred");
      if (p.neg) throw new AsmError("negated predicate is irrelevant in dst2");
      const u = als.u[0] as { dst: number };
      if (als.positions.length === 1) wc.explicitIntCmp |= 1 << (als.positions[0] as number);
      if (op.format === "ALOPF7") u.dst = ((op.cmpOpce ?? 0) << 5) | (p.num & 0x1f);
      else {
        u.dst = p.num & 0x1f;
        setAles((op.alesOpc2 as number) ?? 2, op.alesOpce ?? 0xc0);
      }
      break;
    }
    case "ALOPF8": {
      parseSrc2(oc, cur, als, fmts[0]);
      if (!cur.char(",")) throw new AsmError(`comma expected at \`${cur.rest}'`);
      const p = needPred(cur, false, "%pred");
      if (p.neg) throw new AsmError("negated predicate is irrelevant in ALF8.dst2");
      const u = als.u[0] as { dst: number; src1: number };
      u.dst = ((op.cmpOpce ?? 0) << 5) | (p.num & 0x1f);
      u.src1 = 0xc0;
      break;
    }
    case "ALOPF15": {
      parseSrc2(oc, cur, als, fmts[0]);
      if (!cur.char(",")) throw new AsmError(`comma expected at \`${cur.rest}'`);
      const r = stateReg(cur, wc.iset);
      const u = als.u[0] as { dst: number; src1: number };
      u.dst = r.num;
      u.src1 = 0xc0;
      setAles(1, 0xc0);
      if (strictDelay(oc) && r.wait) {
        if (wc.cs1 !== undefined) throw new AsmError("Cannot encode WAIT because CS1 is busy");
        wc.cs1 = ((3 << 28) | 2) >>> 0;
        wc.cs1ByCommand = true;
      }
      break;
    }
    case "ALOPF16": {
      const r = stateReg(cur, wc.iset);
      const u = als.u[0] as { src1: number; src2: number };
      u.src1 = r.num;
      parseDst(cur, als, fmts[0]);
      u.src2 = 0xc0;
      setAles(1, 0xc0);
      if (strictDelay(oc) && r.nop) wc.nop = 4;
      break;
    }
    case "ALOPF21":
    case "ALOPF21_MERGE":
      setAles(op.alesOpc2 as number, 0);
      parseSrc1(oc, cur, als, fmts[0]);
      if (!cur.char(",")) throw new AsmError(`comma followed with src2 expected at \`${cur.rest}'`);
      parseSrc2(oc, cur, als, fmts[1]);
      parseSrc3(cur, als, fmts[2], true, true);
      parseDst(cur, als, fmts[3]);
      if (op.format === "ALOPF21_MERGE") {
        if (!cur.char(",")) throw new AsmError(`comma expected at \`${cur.rest}'`);
        als.preds[1] = needPred(cur, true, "predicate");
      }
      break;
    case "MERGE":
      parseSrc1(oc, cur, als, fmts[0]);
      if (!cur.char(",")) throw new AsmError(`comma expected at \`${cur.rest}'`);
      parseSrc2(oc, cur, als, fmts[1]);
      parseDst(cur, als, fmts[2]);
      if (!cur.char(",")) throw new AsmError(`comma expected at \`${cur.rest}'`);
      als.preds[1] = needPred(cur, true, "predicate");
      break;
    case "ALOPF19":
      setAles(t.name === "ldaaqp" ? 2 : 1, 0xc0);
      cur.char(" ");
      parseAad(oc, cur, als, false);
      parseDst(cur, als, fmts[0]);
      parseMasRequired(oc, cur, als);
      break;
    case "ALOPF10":
      setAles(t.name === "staaqp" ? 2 : 1, 0xc0);
      cur.char(" ");
      parseSrc3(cur, als, fmts[0], false, false);
      parseAad(oc, cur, als, true);
      parseMasRequired(oc, cur, als);
      break;
    case "AAURW":
    case "AAURR": {
      setAles(1, 0xc0);
      als.needMas = true;
      als.mas = 0x3f;
      cur.char(" ");
      if (op.format === "AAURW") {
        parseSrc3(cur, als, fmts[0], false, false);
        if (!cur.char(",")) throw new AsmError("`,' expected");
      }
      const name = regName(cur, "AAU");
      const reg = AAU_REGS.get(name.slice(1));
      if (!reg) throw new AsmError(`invalid AAU register at \`${cur.rest}'`);
      cur.skipBlanks();
      cur.pos += name.length;
      let opce1 = reg.cls << 2;
      if (reg.ind !== undefined) opce1 |= reg.ind << 7;
      if (reg.d !== undefined) opce1 |= reg.d << 11;
      for (const u of als.u) {
        u.src2 = opce1 & 0xff;
        u.src1 = opce1 >> 8;
      }
      if (op.format === "AAURR") parseDst(cur, als, fmts[0]);
      break;
    }
    case "MMURR":
    case "MMURW": {
      const isRead = op.format === "MMURR";
      let reg;
      if (isRead) {
        shortSrc1(als, 0);
        const name = regName(cur, "MU");
        reg = MMU_REGS.get(name.slice(1));
        if (!reg) throw new AsmError(`invalid MU register at \`${cur.rest}'`);
        if (wc.iset < reg.isetMin)
          throw new AsmError(`MU register \`${name}' is not available for elbrus-v${wc.iset}`);
        cur.skipBlanks();
        cur.pos += name.length;
        const rc = reg.readChannel as number;
        if (als.positions.length === 1) {
          if (als.positions[0] !== rc) throw new AsmError(`\`mmurr ${name}' can be encoded in ALC${rc} only`);
        } else als.positions = [rc];
        encodeSrc2(oc, als, fmts[1], { lit: { kind: "const", value: BigInt(reg.addr) } });
        parseDst(cur, als, fmts[2]);
      } else {
        cur.char(" ");
        parseSrc3(cur, als, fmts[2], false, false);
        if (!cur.char(",")) throw new AsmError(`\`,' expected`);
        const name = regName(cur, "MU");
        reg = MMU_REGS.get(name.slice(1));
        if (!reg) throw new AsmError(`invalid MU register at \`${cur.rest}'`);
        if (wc.iset < reg.isetMin)
          throw new AsmError(`MU register \`${name}' is not available for elbrus-v${wc.iset}`);
        cur.skipBlanks();
        cur.pos += name.length;
        if (!reg.writable) throw new AsmError(`\`${name}' is not writable`);
        if (wc.iset < reg.writable) throw new AsmError(`\`${name}' is not writable on \`elbrus-v${wc.iset}'`);
        encodeSrc2(oc, als, fmts[1], { lit: { kind: "const", value: BigInt(reg.addr) } });
        shortSrc1(als, 0);
      }
      als.needMas = true;
      als.mas = reg.mas;
      break;
    }
    default:
      throw new AsmError(`unsupported operation format ${op.format} for \`${t.name}'`);
  }
  if (op.format !== "ALOPF12_IBRANCHD" && op.format !== "ALOPF12_ICALLD") parseAlsPredOptional(oc, cur, als);
  if (strictDelay(oc)) {
    if (op.format === "ALOPF15") wc.nop = 5;
    else if (op.format === "ALOPF8") wc.nop = 2;
    else if (op.format === "ALOPF7" || op.format === "ALOPF17") wc.nop = op.implicitNops;
  }
  wc.als.push(als);
  return als;
}
