// Register names and operand expressions (`%r1`, `%db[3]`, `[ %dr1 + 8 ]`, `sym + 4`, ...):
// an operand is a sum of at most two registers and one constant or symbol, as gas's
// expression parser with E2K registers as operands sees it.
import { AsmError, type EncodeContext, type ExprValue } from "../encoder-api";
import { Cursor } from "./scan";

/** Register prefix letters: d/x (64/80-bit view), q, qp or none. */
export type RegPrefix = "" | "d" | "x" | "q" | "qp";

export interface GenericReg {
  readonly prefix: RegPrefix;
  /** Operand byte (b: idx, r: 0x80+idx, g: 0xE0+idx) or 256+idx for %aastiN. */
  readonly value: number;
}

/** Parses `%r5`, `%db[3]`, `%qg2`, `%aasti4` ... at the cursor; undefined (cursor kept) if none. */
export function parseGenericReg(cur: Cursor): GenericReg | undefined {
  const save = cur.pos;
  cur.skipBlanks();
  if (cur.peek() !== "%") {
    cur.pos = save;
    return undefined;
  }
  cur.pos++;
  const t = cur.text;
  let prefix: RegPrefix = "";
  if (t[cur.pos] === "d" || t[cur.pos] === "x") prefix = t[cur.pos++] as RegPrefix;
  else if (t.startsWith("qp", cur.pos)) {
    prefix = "qp";
    cur.pos += 2;
  } else if (t[cur.pos] === "q") {
    prefix = "q";
    cur.pos++;
  }
  let kind: "b" | "g" | "r" | "aasti";
  if (t.startsWith("b[", cur.pos) || t.startsWith("r[", cur.pos)) {
    kind = "b";
    cur.pos += 2;
  } else if (t[cur.pos] === "g") {
    kind = "g";
    cur.pos++;
  } else if (t[cur.pos] === "r") {
    kind = "r";
    cur.pos++;
  } else if (t.startsWith("aasti", cur.pos)) {
    kind = "aasti";
    cur.pos += 5;
  } else {
    cur.pos = save;
    return undefined;
  }
  const n = cur.number();
  if (n === undefined) {
    cur.pos = save;
    return undefined;
  }
  if (kind === "b" && !cur.char("]")) throw new AsmError("`]' expected");
  const limit = { b: 128n, r: 64n, g: 32n, aasti: 16n }[kind];
  if (n >= limit) throw new AsmError("Illegal register index");
  const idx = Number(n);
  const base = { b: 0, r: 0x80, g: 0xe0, aasti: 256 }[kind];
  return { prefix, value: base + idx };
}

const SPECIALS: readonly [string, number][] = [
  ["%tst", 0xcd],
  ["%tcd", 0xcf],
  ["%tc", 0xce],
  ["%ctpr1", 0xd1],
  ["%ctpr2", 0xd2],
  ["%ctpr3", 0xd3],
  ["%empty", 0xdf],
];

/** Special destination registers (`%empty`, `%ctpr1`, `%tst`, ...); 0 when none. */
export function parseSpecialReg(cur: Cursor): number {
  for (const [name, code] of SPECIALS) if (cur.str(name)) return code;
  return 0;
}

/** The terms of one operand expression. */
export interface OperandTerms {
  readonly regs: number[];
  lit: ExprValue | undefined;
  /** A constant is the left operand of the outermost `+` (gas keeps it in src1 when it fits). */
  readonly constFirst: boolean;
  /** The expression could not be reduced to registers + one literal (gas: "invalid expression"). */
  readonly invalid: boolean;
}

function unwrap(s: string): string {
  for (;;) {
    const t = s.trim();
    const open = t[0];
    const close = open === "[" ? "]" : open === "(" ? ")" : "";
    if (!close || t[t.length - 1] !== close) return t;
    let depth = 0;
    let whole = true;
    for (let i = 0; i < t.length; i++) {
      const c = t[i];
      if (c === "(" || c === "[") depth++;
      else if (c === ")" || c === "]") depth--;
      if (depth === 0 && i < t.length - 1) {
        whole = false;
        break;
      }
    }
    if (!whole) return t;
    s = t.slice(1, -1);
  }
}

interface Piece {
  readonly sign: 1 | -1;
  readonly text: string;
}

/** Splits at depth-0 binary `+`/`-`. */
function splitSum(s: string): Piece[] {
  const out: Piece[] = [];
  let depth = 0;
  let start = 0;
  let sign: 1 | -1 = 1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (depth === 0 && (c === "+" || c === "-")) {
      const before = s.slice(start, i).trim();
      if (before === "" || /[-+*/%&|^~!<>=(]$/.test(before)) continue;
      out.push({ sign, text: before });
      sign = c === "+" ? 1 : -1;
      start = i + 1;
    }
  }
  out.push({ sign, text: s.slice(start).trim() });
  return out;
}

function regOnly(text: string): number | undefined {
  const cur = new Cursor(text);
  const r = parseGenericReg(cur);
  if (r) return cur.rest.trim() === "" ? r.value : undefined;
  const sp = parseSpecialReg(cur);
  if (sp !== 0 && cur.rest.trim() === "") return sp;
  return undefined;
}

function addValues(a: ExprValue | undefined, b: ExprValue): ExprValue | "invalid" {
  if (!a) return b;
  if (a.kind === "const" && b.kind === "const") return { kind: "const", value: a.value + b.value };
  if (a.kind === "reloc" && b.kind === "reloc") return "invalid";
  const [sym, c] = a.kind === "reloc" ? [a, b as { value: bigint }] : [b as ExprValue & { kind: "reloc" }, a];
  return { kind: "reloc", symbol: sym.symbol, addend: sym.addend + c.value };
}

/** Evaluates a register-free expression; gas treats `[ ]` like `( )`. */
export function evalConst(text: string, ctx: EncodeContext): ExprValue {
  if (/%/.test(text)) throw new AsmError("bad expression");
  return ctx.evalExpr(text.replace(/\[/g, "(").replace(/\]/g, ")"));
}

/** Reduces an operand expression to registers and one literal. */
export function parseOperand(text: string, ctx: EncodeContext): OperandTerms {
  const regs: number[] = [];
  let lit: ExprValue | undefined;
  let invalid = false;
  const walk = (s: string, sign: 1 | -1): void => {
    const t = unwrap(s);
    if (!t.includes("%")) {
      const v = evalConst(t, ctx);
      const signed: ExprValue =
        sign === 1
          ? v
          : v.kind === "const"
            ? { kind: "const", value: -v.value }
            : { kind: "reloc", symbol: v.symbol, addend: -v.addend };
      if (sign === -1 && v.kind === "reloc") invalid = true;
      const sum = addValues(lit, signed);
      if (sum === "invalid") invalid = true;
      else lit = sum;
      return;
    }
    const pieces = splitSum(t);
    if (pieces.length === 1) {
      const r = regOnly(t);
      if (r === undefined) throw new AsmError("bad expression");
      if (sign === -1) invalid = true;
      regs.push(r);
      return;
    }
    for (const p of pieces) walk(p.text, (p.sign * sign) as 1 | -1);
  };
  const top = unwrap(text);
  if (top === "" && text.trim() !== "") throw new AsmError("bad expression");
  if (top === "") return { regs, lit, constFirst: false, invalid: false };
  walk(top, 1);
  const pieces = splitSum(top);
  let constFirst = false;
  if (pieces.length >= 2 && pieces[pieces.length - 1]?.sign === 1) {
    const left = pieces.slice(0, -1);
    constFirst = left.every((p) => !p.text.includes("%") && /^[-+0-9a-fA-FxX()<>|&^~*/ ]+$/.test(p.text));
  }
  if (
    regs.length > 2 ||
    (regs.length === 2 && lit !== undefined && !(lit.kind === "const" && lit.value === 0n))
  )
    invalid = invalid || regs.length > 2;
  return { regs, lit, constFirst, invalid };
}
