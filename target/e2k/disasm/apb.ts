// Asynchronous array-prefetch (APB) program entries: 16-byte pairs that are not bundles
// (ISA.md §13). Each 8-byte half is one entry (APS word + displacement word); the first is the
// `ct` entry, the second the `dpl` one. We print them as gas's `fapb` statements with every field,
// so that the text assembles back to the same 16 bytes (objdump's `apb` text drops `si` and the
// `be`/`am`/`area` split, and cannot be assembled).

function word(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) |
      ((bytes[at + 1] ?? 0) << 8) |
      ((bytes[at + 2] ?? 0) << 16) |
      ((bytes[at + 3] ?? 0) << 24)) >>>
    0
  );
}

/** One `fapb` statement for the entry with APS word `aps` and displacement `disp`. */
function fapbText(first: boolean, aps: number, disp: number): string {
  const bits = (at: number, n: number): number => (aps >>> at) & ((1 << n) - 1);
  const si = bits(30, 1);
  const fields: [string, number][] = [
    [first ? "ct" : "dpl", bits(31, 1)],
    ["si", si],
    ["dcd", bits(28, 2)],
    ["fmt", bits(25, 3)],
    ["mrng", bits(20, 5)],
    ["d", bits(15, 5)],
  ];
  // With si=1 bits 14..8 are be/am/area, otherwise incr/ind.
  if (si) fields.push(["be", bits(14, 1)], ["am", bits(13, 1)], ["area", bits(8, 5)]);
  else fields.push(["incr", bits(12, 3)], ["ind", bits(8, 4)]);
  fields.push(["asz", bits(5, 3)], ["abs", bits(0, 5)]);
  return `fapb ${fields.map(([n, v]) => `${n}=${v}`).join(", ")}, disp=0x${disp.toString(16)}`;
}

/** The two `fapb` lines of the 16-byte entry at `bytes[offset]`, or undefined if fewer bytes remain. */
export function fapbLines(bytes: Uint8Array, offset: number): string[] | undefined {
  if (bytes.length - offset < 16) return undefined;
  return [0, 1].map((i) => fapbText(i === 0, word(bytes, offset + 8 * i), word(bytes, offset + 8 * i + 4)));
}
