// Source text handling for e2k-as: block comments, line comments and the split of a line into
// statements, the way gas's input scrubber sees them. `!` starts a comment anywhere, `#` only
// as the first non-blank character of a line, `/* ... */` may span lines (line numbers are
// kept), and `;`, `{`, `}` separate statements outside strings and character constants.

/** A physical source line with where it came from, for messages. */
export interface SourceLine {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** One piece of a line: a statement, or the opening / closing brace of a wide instruction. */
export type Piece =
  { readonly kind: "stmt"; readonly text: string } | { readonly kind: "open" } | { readonly kind: "close" };

/** Replaces every `/* ... *\/` by spaces (newlines inside it are kept so line numbers stay right).
 * Returns the text and, if a comment is not closed, the line where it starts. */
export function stripBlockComments(text: string): { text: string; unterminatedAt?: number } {
  let out = "";
  let i = 0;
  let line = 1;
  let inString = false;
  let lineStart = true;
  let inLineComment = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "\n") {
      out += c;
      line++;
      i++;
      inString = false;
      inLineComment = false;
      lineStart = true;
      continue;
    }
    if (inLineComment) {
      out += c;
      i++;
      continue;
    }
    if (inString) {
      out += c;
      if (c === "\\" && i + 1 < text.length && text[i + 1] !== "\n") {
        out += text[i + 1];
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const startLine = line;
      const end = text.indexOf("*/", i + 2);
      if (end < 0) return { text: out, unterminatedAt: startLine };
      const body = text.slice(i, end + 2);
      out += body.replace(/[^\n]/g, " ");
      for (const ch of body) if (ch === "\n") line++;
      i = end + 2;
      continue;
    }
    if (c === "'" && i + 1 < text.length && text[i + 1] !== "\n") {
      // Character constant 'c or '\c: its character is never a quote or comment start.
      const n = text[i + 1] === "\\" && i + 2 < text.length && text[i + 2] !== "\n" ? 3 : 2;
      out += text.slice(i, i + n);
      i += n;
      lineStart = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "!") inLineComment = true;
    else if (c === "#" && lineStart) inLineComment = true;
    if (c !== " " && c !== "\t") lineStart = false;
    out += c;
    i++;
  }
  return { text: out };
}

/** Splits file text into lines (after block comments are gone). */
export function toLines(file: string, text: string): SourceLine[] {
  const parts = text.split("\n");
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts.map((t, i) => ({ file, line: i + 1, text: t.replace(/\r$/, "") }));
}

/** Removes a `!` comment (anywhere outside strings) or a `#` comment (first non-blank character). */
export function stripLineComment(text: string): string {
  if (/^\s*#/.test(text)) return "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "'") i += text[i + 1] === "\\" ? 2 : 1;
    else if (c === "!") return text.slice(0, i);
  }
  return text;
}

/** Splits a comment-free line at `;`, `{` and `}` outside strings and character constants. */
export function splitStatements(text: string): Piece[] {
  const pieces: Piece[] = [];
  let cur = "";
  let inString = false;
  const flush = (): void => {
    const s = cur.trim();
    if (s !== "") pieces.push({ kind: "stmt", text: s });
    cur = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      cur += c;
      if (c === "\\" && i + 1 < text.length) cur += text[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      cur += c;
    } else if (c === "'") {
      // gas character constant: 'c or '\c, no closing quote.
      const n = text[i + 1] === "\\" ? 3 : 2;
      cur += text.slice(i, i + n);
      i += n - 1;
    } else if (c === ";") flush();
    else if (c === "{") {
      flush();
      pieces.push({ kind: "open" });
    } else if (c === "}") {
      flush();
      pieces.push({ kind: "close" });
    } else cur += c;
  }
  flush();
  return pieces;
}

/** Characters gas allows in symbol names. */
export const SYMBOL_START = /[A-Za-z_.$]/;
export const SYMBOL_CHAR = /[A-Za-z0-9_.$]/;

/** If `text` starts with `label:`, returns the label and the rest. */
export function takeLabel(text: string): { label: string; rest: string } | undefined {
  const m = /^([A-Za-z_.$][A-Za-z0-9_.$]*|[0-9]+)\s*:(?!=)/.exec(text);
  if (!m) return undefined;
  return { label: m[1] as string, rest: text.slice(m[0].length).trim() };
}

/** Honours the C preprocessor's line markers (`# 12 "file.S" ...`, as gas does), so that after
 * `cpp | e2k-as` messages name the original file and line. */
export function applyLineMarkers(lines: readonly SourceLine[]): SourceLine[] {
  let file: string | undefined;
  let next = 0;
  return lines.map((l) => {
    const m = /^#\s*(?:line\s+)?([0-9]+)(?:\s+"((?:[^"\\]|\\.)*)")?/.exec(l.text);
    if (m) {
      next = Number(m[1]);
      if (m[2] !== undefined) file = m[2];
      return { file: l.file, line: l.line, text: "" };
    }
    if (file === undefined) return l;
    return { file, line: next++, text: l.text };
  });
}
