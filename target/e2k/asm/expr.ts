// gas expressions: numbers (decimal, 0x, 0b, leading-0 octal, 'c character constants), symbols,
// `.`, numeric local label references (1b / 1f), unary - ~ ! +, and the binary operators with
// gas's precedence (high to low): * / % << >>, | & ^ ! (or-not), + -, == != <> < <= > >=, &&, ||.
// Comparisons yield -1 for true as gas does. Values are 64-bit; a value can also be relocatable:
// symbol + addend, where the symbol may be a label whose section and offset are known.
import { AsmError } from "./encoder-api";

export type Value =
  | { readonly kind: "abs"; readonly value: bigint }
  | {
      readonly kind: "rel";
      readonly symbol: string;
      readonly addend: bigint;
      /** Section and offset of the symbol when it is a label already defined. */
      readonly section?: string;
      readonly offset?: bigint;
    };

/** What an expression may refer to. */
export interface ExprScope {
  /** A symbol's current meaning: undefined if not (yet) defined. */
  lookup(name: string): Value | undefined;
  /** The location counter `.`. */
  dot(): Value;
  /** Name of numeric local label N, backward (`Nb`) or forward (`Nf`) reference. */
  localLabel(n: string, forward: boolean): string;
}

const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);
const abs = (value: bigint): Value => ({ kind: "abs", value: wrap(value) });

type Tok =
  | { t: "num"; v: bigint }
  | { t: "sym"; v: string }
  | { t: "op"; v: string }
  | { t: "(" }
  | { t: ")" }
  | { t: "end" };

const OPS = [
  "<<",
  ">>",
  "==",
  "!=",
  "<>",
  "<=",
  ">=",
  "&&",
  "||",
  "+",
  "-",
  "*",
  "/",
  "%",
  "|",
  "&",
  "^",
  "!",
  "~",
  "<",
  ">",
];

const ESCAPES: Record<string, number> = {
  n: 10,
  t: 9,
  r: 13,
  b: 8,
  f: 12,
  v: 11,
  a: 7,
  "\\": 92,
  "'": 39,
  '"': 34,
  "0": 0,
};

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    if (c === "(") {
      toks.push({ t: "(" });
      i++;
      continue;
    }
    if (c === ")") {
      toks.push({ t: ")" });
      i++;
      continue;
    }
    if (c === "'") {
      const n = text[i + 1];
      if (n === undefined) throw new AsmError("bad character constant");
      if (n === "\\") {
        const e = text[i + 2] ?? "";
        const code = ESCAPES[e];
        if (code === undefined) throw new AsmError(`bad escape in character constant: \\${e}`);
        toks.push({ t: "num", v: BigInt(code) });
        i += 3;
      } else {
        toks.push({ t: "num", v: BigInt(n.charCodeAt(0)) });
        i += 2;
      }
      continue;
    }
    if (/[0-9]/.test(c)) {
      const local = /^([0-9]+)([bf])(?![A-Za-z0-9_.$])/.exec(text.slice(i));
      if (local && !/^0[xb]/i.test(text.slice(i))) {
        toks.push({ t: "sym", v: `\u0001${local[1]}${local[2]}` });
        i += local[0].length;
        continue;
      }
      const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)(?![A-Za-z0-9_.$])/.exec(text.slice(i));
      if (!m) throw new AsmError(`bad number in expression: \`${text.slice(i).split(/[\s,)]/)[0]}'`);
      const s = m[1] as string;
      let v: bigint;
      if (/^0[bB]/.test(s)) v = BigInt(s);
      else if (/^0[0-9]+$/.test(s)) {
        if (/[89]/.test(s)) throw new AsmError(`bad octal number \`${s}'`);
        v = BigInt("0o" + s.slice(1));
      } else v = BigInt(s);
      if (v >= 1n << 64n) throw new AsmError(`constant \`${s}' does not fit in 64 bits`);
      toks.push({ t: "num", v });
      i += s.length;
      continue;
    }
    if (/[A-Za-z_.$]/.test(c)) {
      const m = /^[A-Za-z_.$][A-Za-z0-9_.$]*/.exec(text.slice(i)) as RegExpExecArray;
      toks.push({ t: "sym", v: m[0] });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) throw new AsmError(`invalid character '${c}' in expression`);
    toks.push({ t: "op", v: op });
    i += op.length;
  }
  toks.push({ t: "end" });
  return toks;
}

const RANK: Record<string, number> = {
  "*": 8,
  "/": 8,
  "%": 8,
  "<<": 8,
  ">>": 8,
  "|": 7,
  "&": 7,
  "^": 7,
  "!": 7,
  "+": 5,
  "-": 5,
  "==": 4,
  "!=": 4,
  "<>": 4,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  "&&": 3,
  "||": 2,
};

function needAbs(v: Value, op: string): bigint {
  if (v.kind !== "abs") throw new AsmError(`invalid operands for \`${op}': \`${v.symbol}' is not a constant`);
  return v.value;
}

function binary(op: string, l: Value, r: Value): Value {
  if (op === "+") {
    if (l.kind === "abs" && r.kind === "abs") return abs(l.value + r.value);
    if (l.kind === "rel" && r.kind === "abs") return { ...l, addend: wrap(l.addend + r.value) };
    if (l.kind === "abs" && r.kind === "rel") return { ...r, addend: wrap(r.addend + l.value) };
    throw new AsmError(
      `can't add two symbols (\`${(l as { symbol: string }).symbol}' + \`${(r as { symbol: string }).symbol}')`,
    );
  }
  if (op === "-") {
    if (r.kind === "abs") {
      if (l.kind === "abs") return abs(l.value - r.value);
      return { ...l, addend: wrap(l.addend - r.value) };
    }
    if (l.kind === "rel" && l.section !== undefined && l.section === r.section)
      return abs((l.offset ?? 0n) + l.addend - ((r.offset ?? 0n) + r.addend));
    if (l.kind === "rel" && l.section !== undefined && r.section !== undefined)
      throw new AsmError(
        `can't resolve \`${l.symbol}' {${l.section} section} - \`${r.symbol}' {${r.section} section}`,
      );
    throw new AsmError(`can't subtract \`${r.symbol}': not a label defined earlier in the same section`);
  }
  const a = needAbs(l, op);
  const b = needAbs(r, op);
  switch (op) {
    case "*":
      return abs(a * b);
    case "/":
    case "%":
      if (b === 0n) throw new AsmError("division by zero");
      return abs(op === "/" ? a / b : a % b);
    case "<<":
      return abs(b < 0n || b >= 64n ? 0n : a << b);
    case ">>":
      return abs(b < 0n || b >= 64n ? 0n : BigInt.asUintN(64, a) >> b);
    case "|":
      return abs(a | b);
    case "&":
      return abs(a & b);
    case "^":
      return abs(a ^ b);
    case "!":
      return abs(a | ~b);
    case "==":
      return abs(a === b ? -1n : 0n);
    case "!=":
    case "<>":
      return abs(a !== b ? -1n : 0n);
    case "<":
      return abs(a < b ? -1n : 0n);
    case "<=":
      return abs(a <= b ? -1n : 0n);
    case ">":
      return abs(a > b ? -1n : 0n);
    case ">=":
      return abs(a >= b ? -1n : 0n);
    case "&&":
      return abs(a !== 0n && b !== 0n ? 1n : 0n);
    case "||":
      return abs(a !== 0n || b !== 0n ? 1n : 0n);
  }
  throw new AsmError(`unknown operator \`${op}'`);
}

/** Evaluates a whole gas expression; throws AsmError for anything malformed. */
export function evaluate(text: string, scope: ExprScope): Value {
  const trimmed = text.trim();
  if (trimmed === "") throw new AsmError("missing expression");
  const toks = tokenize(trimmed);
  let pos = 0;
  const peek = (): Tok => toks[pos] as Tok;

  const primary = (): Value => {
    const tok = toks[pos++] as Tok;
    switch (tok.t) {
      case "num":
        return abs(tok.v);
      case "sym": {
        if (tok.v === ".") return scope.dot();
        if (tok.v.startsWith("\u0001")) {
          const name = scope.localLabel(tok.v.slice(1, -1), tok.v.endsWith("f"));
          return scope.lookup(name) ?? { kind: "rel", symbol: name, addend: 0n };
        }
        return scope.lookup(tok.v) ?? { kind: "rel", symbol: tok.v, addend: 0n };
      }
      case "(": {
        const v = expression(0);
        if (peek().t !== ")") throw new AsmError(`missing ')' in \`${trimmed}'`);
        pos++;
        return v;
      }
      case "op":
        if (tok.v === "-") return binary("-", abs(0n), unaryOperand("-"));
        if (tok.v === "+") return unaryOperand("+");
        if (tok.v === "~") return abs(~needAbs(unaryOperand("~"), "~"));
        if (tok.v === "!") return abs(needAbs(unaryOperand("!"), "!") === 0n ? 1n : 0n);
        throw new AsmError(`invalid expression \`${trimmed}'`);
      default:
        throw new AsmError(`invalid expression \`${trimmed}'`);
    }
  };
  const unaryOperand = (op: string): Value => {
    const v = primary();
    if (op === "-" && v.kind === "rel") throw new AsmError(`can't negate symbol \`${v.symbol}'`);
    return v;
  };
  const expression = (minRank: number): Value => {
    let left = primary();
    for (;;) {
      const tok = peek();
      if (tok.t !== "op") break;
      const rank = RANK[tok.v];
      if (rank === undefined || rank <= minRank) break;
      pos++;
      const right = expression(rank);
      left = binary(tok.v, left, right);
    }
    return left;
  };
  const v = expression(0);
  if (peek().t !== "end") throw new AsmError(`junk at end of expression \`${trimmed}'`);
  return v;
}
