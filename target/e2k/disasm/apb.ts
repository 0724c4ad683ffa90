// Asynchronous array-prefetch (APB) program entries: 16-byte pairs that are not bundles
// (ISA.md §13). objdump prints any bytes that do not split as a bundle this way.

function word(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) |
      ((bytes[at + 1] ?? 0) << 8) |
      ((bytes[at + 2] ?? 0) << 16) |
      ((bytes[at + 3] ?? 0) << 24)) >>>
    0
  );
}

/** The two `apb` lines of the 16-byte entry at `bytes[offset]`, or undefined if fewer bytes remain. */
export function apbLines(bytes: Uint8Array, offset: number): string[] | undefined {
  if (bytes.length - offset < 16) return undefined;
  const lines: string[] = [];
  for (let i = 0; i < 2; i++) {
    const w0 = word(bytes, offset + 8 * i);
    const w1 = word(bytes, offset + 8 * i + 4);
    const fmt = (w0 >>> 25) & 7;
    let s = `apb ${i === 0 ? "ct" : "dpl"}=${w0 >>> 31}`;
    if (fmt !== 0) s += `, dcd=${(w0 >>> 28) & 3}`;
    s += `, fmt=${fmt}`;
    if (fmt !== 0) {
      s += `, mrng=${(w0 >>> 20) & 0x1f}, d=${(w0 >>> 15) & 0x1f}, incr=${(w0 >>> 12) & 7}, ind=${(w0 >>> 8) & 0xf}`;
      s += `, asz=${(w0 >>> 5) & 7}, abs=${w0 & 0x1f}, disp=0x${w1.toString(16)}`;
    }
    lines.push(s);
  }
  return lines;
}
