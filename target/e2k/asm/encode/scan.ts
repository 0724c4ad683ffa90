// Text handling for one E2K operation: gas-style whitespace scrubbing and a cursor with the
// small lexical helpers the operand parsers share (skip-blank char/string matching, C-style
// numbers as strtoull reads them).
import { AsmError } from "../encoder-api";

const NAME_CHAR = /[A-Za-z0-9_.$]/;

/**
 * Normalises blanks the way gas's input scrubber does before the target parser sees a line:
 * the first blank run after the mnemonic becomes one space, later runs are dropped unless they
 * separate two name characters (then one space is kept).
 */
export function scrub(text: string): string {
  const t = text.replace(/[\t\r\n]+/g, " ").trim();
  let out = "";
  let firstGap = true;
  for (let i = 0; i < t.length; i++) {
    const c = t[i] as string;
    if (c !== " ") {
      out += c;
      continue;
    }
    let j = i;
    while (t[j + 1] === " ") j++;
    const prev = out[out.length - 1] ?? "";
    const next = t[j + 1] ?? "";
    if (firstGap || (NAME_CHAR.test(prev) && NAME_CHAR.test(next))) out += " ";
    firstGap = false;
    i = j;
  }
  return out;
}

/** Parses a C integer literal prefix (strtoull base 0: 0x hex, leading 0 octal, decimal, sign). */
export function parseCNumber(text: string, pos: number): { value: bigint; end: number } | undefined {
  let p = pos;
  while (text[p] === " ") p++;
  let neg = false;
  if (text[p] === "+" || text[p] === "-") {
    neg = text[p] === "-";
    p++;
  }
  let m: RegExpExecArray | null;
  let value: bigint;
  const rest = text.slice(p);
  if ((m = /^0[xX]([0-9a-fA-F]+)/.exec(rest))) value = BigInt("0x" + m[1]);
  else if ((m = /^0([0-7]*)/.exec(rest))) value = m[1] ? BigInt("0o" + m[1]) : 0n;
  else if ((m = /^[1-9][0-9]*/.exec(rest))) value = BigInt(m[0]);
  else return undefined;
  value = BigInt.asUintN(64, neg ? -value : value);
  return { value, end: p + m[0].length };
}

/** A read position inside one scrubbed operation text. */
export class Cursor {
  constructor(
    readonly text: string,
    public pos = 0,
  ) {}

  get rest(): string {
    return this.text.slice(this.pos);
  }

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? "";
  }

  /** Matches `c` after optional blanks. */
  char(c: string): boolean {
    if (this.text[this.pos] === c) {
      this.pos++;
      return true;
    }
    let p = this.pos;
    while (this.text[p] === " ") p++;
    if (this.text[p] === c) {
      this.pos = p + 1;
      return true;
    }
    return false;
  }

  /** Matches `s` after optional blanks. */
  str(s: string): boolean {
    let p = this.pos;
    while (this.text[p] === " ") p++;
    if (this.text.startsWith(s, p)) {
      this.pos = p + s.length;
      return true;
    }
    return false;
  }

  skipBlanks(): void {
    while (this.text[this.pos] === " ") this.pos++;
  }

  /** strtoull-style number; undefined (position unchanged) when no digits. */
  number(): bigint | undefined {
    const r = parseCNumber(this.text, this.pos);
    if (!r) return undefined;
    this.pos = r.end;
    return r.value;
  }

  /** Like number() but throws `message` when absent. */
  needNumber(message: string): bigint {
    const v = this.number();
    if (v === undefined) throw new AsmError(message);
    return v;
  }

  /** Text up to the next depth-0 `,` or `?` (or the end), cursor moved past it (not past the stop). */
  operand(stopAtQuestion = true): string {
    let depth = 0;
    let p = this.pos;
    for (; p < this.text.length; p++) {
      const c = this.text[p];
      if (c === "(" || c === "[") depth++;
      else if (c === ")" || c === "]") depth--;
      else if (depth === 0 && (c === "," || (stopAtQuestion && c === "?"))) break;
    }
    const s = this.text.slice(this.pos, p);
    this.pos = p;
    return s;
  }
}
