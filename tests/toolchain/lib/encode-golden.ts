// Helpers for the encoder tests: reading golden records and a minimal expression evaluator
// (numbers, + - * << >> | & ^ ~ and parentheses; any other name is a symbol -> relocation).
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import {
  AsmError,
  type EncodeContext,
  type ExprValue,
  type SourceOp,
} from "../../../target/e2k/asm/encoder-api";

export interface GoldenRecord {
  readonly src: string;
  readonly hex?: string;
  readonly error?: string;
  readonly class: string;
  readonly mnemonics: readonly string[];
  readonly warnings?: readonly string[];
}

const FIXTURES = fileURLToPath(new URL("../../fixtures/golden/", import.meta.url));

export function readGolden(name: string): GoldenRecord[] {
  const text = gunzipSync(readFileSync(FIXTURES + name)).toString("utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as GoldenRecord);
}

/** Splits a golden `src` into (braced, operations). */
export function splitSource(src: string): { braced: boolean; ops: SourceOp[] } {
  const lines = src.split("\n");
  const braced = lines[0]?.trim() === "{";
  const body = braced ? lines.slice(1, -1) : lines;
  return {
    braced,
    ops: body.map((text, i) => ({ text: text.trim(), line: i + 2 })).filter((o) => o.text !== ""),
  };
}

type Tok = { t: "num"; v: bigint } | { t: "sym"; v: string } | { t: "op"; v: string };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === " ") {
      i++;
      continue;
    }
    const rest = s.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(rest))) {
      const t = m[0];
      out.push({ t: "num", v: /^0[0-7]+$/.test(t) ? BigInt("0o" + t.slice(1)) : BigInt(t) });
      i += t.length;
    } else if ((m = /^[A-Za-z_.$][A-Za-z0-9_.$]*/.exec(rest))) {
      out.push({ t: "sym", v: m[0] });
      i += m[0].length;
    } else if ((m = /^(<<|>>|[-+*/|&^~()])/.exec(rest))) {
      out.push({ t: "op", v: m[0] });
      i += m[0].length;
    } else throw new AsmError(`bad expression`);
  }
  return out;
}

/** A small constant/symbol expression evaluator standing in for the assembler front end. */
export function evalExpr(text: string): ExprValue {
  const toks = tokenize(text);
  let p = 0;
  const peek = (): Tok | undefined => toks[p];
  const isOp = (v: string): boolean => peek()?.t === "op" && peek()?.v === v;
  const asConst = (v: ExprValue): bigint => {
    if (v.kind !== "const") throw new AsmError("bad expression");
    return v.value;
  };
  const unary = (): ExprValue => {
    const t = toks[p++];
    if (!t) throw new AsmError("bad expression");
    if (t.t === "num") return { kind: "const", value: t.v };
    if (t.t === "sym") return { kind: "reloc", symbol: t.v, addend: 0n };
    if (t.v === "-") return { kind: "const", value: -asConst(unary()) };
    if (t.v === "~") return { kind: "const", value: ~asConst(unary()) };
    if (t.v === "+") return unary();
    if (t.v === "(") {
      const v = or();
      if (!isOp(")")) throw new AsmError("bad expression");
      p++;
      return v;
    }
    throw new AsmError("bad expression");
  };
  const mul = (): ExprValue => {
    let v = unary();
    while (isOp("*") || isOp("/")) {
      const o = (toks[p++] as Tok).v;
      const r = asConst(unary());
      v = { kind: "const", value: o === "*" ? asConst(v) * r : asConst(v) / r };
    }
    return v;
  };
  const add = (): ExprValue => {
    let v = mul();
    while (isOp("+") || isOp("-")) {
      const o = (toks[p++] as Tok).v;
      const r = mul();
      if (v.kind === "reloc" && r.kind === "const")
        v = { kind: "reloc", symbol: v.symbol, addend: o === "+" ? v.addend + r.value : v.addend - r.value };
      else if (v.kind === "const" && r.kind === "reloc" && o === "+")
        v = { kind: "reloc", symbol: r.symbol, addend: r.addend + v.value };
      else v = { kind: "const", value: o === "+" ? asConst(v) + asConst(r) : asConst(v) - asConst(r) };
    }
    return v;
  };
  const shift = (): ExprValue => {
    let v = add();
    while (isOp("<<") || isOp(">>")) {
      const o = (toks[p++] as Tok).v;
      const r = asConst(add());
      v = { kind: "const", value: o === "<<" ? asConst(v) << r : asConst(v) >> r };
    }
    return v;
  };
  const or = (): ExprValue => {
    let v = shift();
    while (isOp("|") || isOp("&") || isOp("^")) {
      const o = (toks[p++] as Tok).v;
      const r = asConst(shift());
      const l = asConst(v);
      v = { kind: "const", value: o === "|" ? l | r : o === "&" ? l & r : l ^ r };
    }
    return v;
  };
  const v = or();
  if (p !== toks.length) throw new AsmError("bad expression");
  return v.kind === "const" ? { kind: "const", value: BigInt.asIntN(64, v.value) } : v;
}

export const goldenContext = (iset: number): EncodeContext => ({ iset, evalExpr });

export const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
