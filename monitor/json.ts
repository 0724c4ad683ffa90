// JSON as QEMU's monitor writes it (`{"return": {}, "id": 1}`: a space after ':' and ','),
// and a splitter that cuts a byte stream into top-level JSON values (QMP input may hold
// several objects per line or one object over several lines).

export function qmpStringify(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return `[${v.map(qmpStringify).join(", ")}]`;
  if (typeof v === "object") {
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${JSON.stringify(k)}: ${qmpStringify(x)}`);
    return `{${parts.join(", ")}}`;
  }
  return "null";
}

// Feed text; complete top-level values come back as their source text. A value is
// complete when its brackets balance outside strings; stray closing brackets and text
// that is not inside a value are returned as-is so the caller can report them.
export class JsonStreamSplitter {
  private buf = "";
  private depth = 0;
  private inString = false;
  private escape = false;
  private start = -1;
  // Bound on one value, so a client cannot make us buffer without limit.
  static readonly MAX_VALUE = 16 << 20;

  feed(text: string): string[] {
    const out: string[] = [];
    const base = this.buf.length;
    this.buf += text;
    for (let i = base; i < this.buf.length; i++) {
      const c = this.buf[i] as string;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === "\\") this.escape = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (this.depth === 0) {
        if (c === " " || c === "\t" || c === "\r" || c === "\n") continue;
        this.start = i;
        if (c === "{" || c === "[") {
          this.depth = 1;
          continue;
        }
        // A scalar or garbage at top level: take it up to the next whitespace.
        let j = i;
        while (j < this.buf.length && !/[\s{[]/.test(this.buf[j] as string)) j++;
        out.push(this.buf.slice(i, j));
        i = j - 1;
        this.start = -1;
        continue;
      }
      if (c === '"') this.inString = true;
      else if (c === "{" || c === "[") this.depth++;
      else if (c === "}" || c === "]") {
        this.depth--;
        if (this.depth === 0) {
          out.push(this.buf.slice(this.start, i + 1));
          this.start = -1;
        }
      }
    }
    if (this.depth === 0 && !this.inString) {
      this.buf = "";
    } else if (this.start > 0) {
      this.buf = this.buf.slice(this.start);
      this.start = 0;
    }
    if (this.buf.length > JsonStreamSplitter.MAX_VALUE) {
      this.reset();
      out.push("\u0000too-long");
    }
    return out;
  }

  reset(): void {
    this.buf = "";
    this.depth = 0;
    this.inString = false;
    this.escape = false;
    this.start = -1;
  }
}
