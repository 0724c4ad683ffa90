// Operand-list splitting and string literals for data directives.
import { AsmError } from "./encoder-api";

/** Splits at commas outside quotes, parentheses and brackets. */
export function splitOperands(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      cur += c;
      if (c === "\\" && i + 1 < text.length) cur += text[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "'") {
      const n = text[i + 1] === "\\" ? 3 : 2;
      cur += text.slice(i, i + n);
      i += n - 1;
      continue;
    } else if (c === "(" || c === "[") depth++;
    else if ((c === ")" || c === "]") && depth > 0) depth--;
    else if (c === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
      continue;
    }
    cur += c;
  }
  if (cur.trim() !== "" || out.length > 0) out.push(cur.trim());
  return out;
}

const SIMPLE: Record<string, number> = {
  n: 10,
  t: 9,
  r: 13,
  b: 8,
  f: 12,
  v: 11,
  a: 7,
  "\\": 92,
  '"': 34,
  "'": 39,
};

/** Parses one gas string literal `"..."` (C escapes, octal \NNN, hex \xHH) into bytes. */
export function parseString(text: string): Uint8Array {
  const t = text.trim();
  if (t.length < 2 || t[0] !== '"' || t[t.length - 1] !== '"')
    throw new AsmError(`expected a string in quotes, got \`${t}'`);
  const bytes: number[] = [];
  for (let i = 1; i < t.length - 1; i++) {
    const c = t[i] as string;
    if (c === '"') throw new AsmError(`unexpected '"' inside string \`${t}'`);
    if (c !== "\\") {
      const code = c.charCodeAt(0);
      if (code > 0xff) for (const b of Buffer.from(c, "utf8")) bytes.push(b);
      else bytes.push(code);
      continue;
    }
    const e = t[i + 1];
    if (e === undefined || i + 1 >= t.length - 1)
      throw new AsmError(`bad escape at the end of string \`${t}'`);
    if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(t.slice(i + 1)) as RegExpExecArray;
      bytes.push(parseInt(m[0], 8) & 0xff);
      i += m[0].length;
    } else if (e === "x" || e === "X") {
      const m = /^[0-9a-fA-F]+/.exec(t.slice(i + 2));
      if (!m) throw new AsmError(`bad \\x escape in string \`${t}'`);
      bytes.push(parseInt(m[0].slice(-2), 16));
      i += 1 + m[0].length;
    } else {
      const code = SIMPLE[e];
      if (code === undefined) throw new AsmError(`unknown escape '\\${e}' in string`);
      bytes.push(code);
      i++;
    }
  }
  return new Uint8Array(bytes);
}
