// Splits the bytes of one wide instruction (bundle) into its syllables (ISA.md §2.3).
// Pure layout: nothing here knows what an operation means.

/** The syllables of one bundle. `undefined` = not present. */
export interface RawBundle {
  /** Bundle length in bytes (8..64), from HS.lng. */
  readonly length: number;
  readonly hs: number;
  readonly ss: number | undefined;
  readonly als: readonly (number | undefined)[];
  readonly cs0: number | undefined;
  /** ALES0..5 when marked in HS.ale (ALES2/5 default to 0x01c0 when marked but not allocated). */
  readonly ales: readonly (number | undefined)[];
  /** True when the shared ALES2/ALES5 word is physically present in F1. */
  readonly ales25Allocated: boolean;
  /** Raw ALES2/ALES5 halves of the shared word when allocated (even if not marked in HS). */
  readonly ales25Raw: readonly [number, number] | undefined;
  readonly cs1: number | undefined;
  /** AAS0..5 (AAS0/1 = destination halves, AAS2..5 = mova channels 0..3). */
  readonly aas: readonly (number | undefined)[];
  /** Padding half-syllable after an odd number of half-syllables. */
  readonly halfPad: number | undefined;
  /** LTS0..3 (LTS0 is the highest literal word). */
  readonly lts: readonly (number | undefined)[];
  readonly pls: readonly (number | undefined)[];
  readonly cds: readonly (number | undefined)[];
  /** Unused words between the half-syllables and the literals. */
  readonly padWords: readonly number[];
}

export type BundleLayout =
  | { readonly ok: true; readonly bundle: RawBundle }
  | { readonly ok: false; readonly reason: string; readonly length: number };

/** Bundle length announced by a header syllable. */
export function bundleLengthFromHs(hs: number): number {
  return (((hs >>> 4) & 7) + 1) * 8;
}

function word(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) |
      ((bytes[at + 1] ?? 0) << 8) |
      ((bytes[at + 2] ?? 0) << 16) |
      ((bytes[at + 3] ?? 0) << 24)) >>>
    0
  );
}

function half(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

/**
 * Locates every syllable of the bundle starting at `bytes[offset]`. `available` bytes may be
 * read (default: to the end of `bytes`). Never throws: a bundle that does not fit or whose
 * syllable layout is inconsistent comes back as `{ ok: false, reason }`.
 */
export function splitBundle(bytes: Uint8Array, offset = 0, available = bytes.length - offset): BundleLayout {
  if (available < 8) {
    return {
      ok: false,
      reason: `truncated bundle: ${available} byte(s) left, at least 8 needed`,
      length: available,
    };
  }
  const b = offset === 0 && available === bytes.length ? bytes : bytes.subarray(offset, offset + available);
  const hs = word(b, 0);
  const length = bundleLengthFromHs(hs);
  if (length > available) {
    return {
      ok: false,
      reason: `truncated bundle: header announces ${length} bytes, only ${available} left`,
      length: available,
    };
  }
  let pos = 4;
  let ss: number | undefined;
  if (hs & (1 << 12)) {
    ss = word(b, pos);
    pos += 4;
  }
  const als: (number | undefined)[] = [];
  for (let i = 0; i < 6; i++) {
    if (hs & (1 << (26 + i))) {
      als.push(word(b, pos));
      pos += 4;
    } else als.push(undefined);
  }
  let cs0: number | undefined;
  if (hs & (1 << 14)) {
    cs0 = word(b, pos);
    pos += 4;
  }
  const ales: (number | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined];
  if (hs & (1 << 22)) ales[2] = 0x01c0;
  if (hs & (1 << 25)) ales[5] = 0x01c0;
  const f1 = ((hs & 0xf) + 1) * 4;
  const hasCs1 = (hs & (1 << 15)) !== 0;
  let ales25Raw: [number, number] | undefined;
  if ((hasCs1 && f1 === pos + 8) || (!hasCs1 && f1 === pos + 4)) {
    const a5 = half(b, pos);
    const a2 = half(b, pos + 2);
    ales25Raw = [a2, a5];
    if (ales[2] !== undefined) ales[2] = a2;
    if (ales[5] !== undefined) ales[5] = a5;
    pos += 4;
  }
  let cs1: number | undefined;
  if (hasCs1) {
    cs1 = word(b, pos);
    pos += 4;
  }
  if (pos !== f1) {
    return {
      ok: false,
      reason: `inconsistent header: HS.mdl gives a ${f1}-byte front part, the syllables it marks take ${pos}`,
      length,
    };
  }
  if (f1 > length) {
    return {
      ok: false,
      reason: `inconsistent header: front part (${f1} bytes) exceeds the bundle (${length})`,
      length,
    };
  }
  // Half-syllables: the first of each pair is the high half of its word.
  let k = 0;
  const halfAt = (): number => {
    const at = pos + 2 * ((k & ~1) + 1 - (k & 1));
    k++;
    return half(b, at);
  };
  for (const i of [0, 1, 3, 4]) if (hs & (1 << (20 + i))) ales[i] = halfAt();
  const aas: (number | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined];
  if (ss !== undefined && (ss & (1 << 20)) === 0) {
    const present = [false, false, false, false, false, false];
    for (let i = 0; i < 4; i++) {
      if (ss & (1 << (12 + i))) {
        present[i >> 1] = true;
        present[2 + i] = true;
      }
    }
    for (let i = 0; i < 6; i++) if (present[i]) aas[i] = halfAt();
  }
  let halfPad: number | undefined;
  if (k & 1) {
    halfPad = half(b, pos + 2 * (k & ~1));
    k++;
  }
  let gap = pos + 2 * k;
  if (gap > length) {
    return { ok: false, reason: `half-syllables run past the end of the ${length}-byte bundle`, length };
  }
  let p = length - 4;
  const cds: (number | undefined)[] = [undefined, undefined, undefined];
  const pls: (number | undefined)[] = [undefined, undefined, undefined];
  const nCds = (hs >>> 16) & 3;
  const nPls = (hs >>> 18) & 3;
  for (let i = 0; i < nCds; i++, p -= 4) cds[i] = word(b, p);
  for (let i = 0; i < nPls; i++, p -= 4) pls[i] = word(b, p);
  if (p < gap && p !== gap - 4) {
    return {
      ok: false,
      reason: `no room for ${nPls} PLS and ${nCds} CDS syllable(s) in a ${length}-byte bundle`,
      length,
    };
  }
  const lts: (number | undefined)[] = [undefined, undefined, undefined, undefined];
  for (let i = 0; i < 4 && p >= gap; i++, p -= 4) lts[i] = word(b, p);
  const padWords: number[] = [];
  for (; gap <= p; gap += 4) padWords.push(word(b, gap));
  return {
    ok: true,
    bundle: {
      length,
      hs,
      ss,
      als,
      cs0,
      ales,
      ales25Allocated: ales25Raw !== undefined,
      ales25Raw,
      cs1,
      aas,
      halfPad,
      lts,
      pls,
      cds,
      padWords,
    },
  };
}
