// Bundle-level checks beyond single syllables: parts of the bytes that no printed operation
// accounts for (so the text would not give them back) and reserved predicate sources.
import { literalUse } from "./alu-text";
import { masOf, matchAls } from "./alu-match";
import type { RawBundle } from "./bundle";
import { hex } from "./operands";

const MERGE_FORMATS = new Set(["MERGE", "ALOPF11_MERGE", "ALOPF21_MERGE"]);
const AAU_FORMATS = new Set(["ALOPF10", "ALOPF19", "AAURR", "AAURW"]);

export function bundleProblems(b: RawBundle, iset: number): string[] {
  const out: string[] = [];
  const ops = [0, 1, 2, 3, 4, 5].map((ch) => (b.als[ch] !== undefined ? matchAls(b, ch, iset) : undefined));
  const opAt = (ch: number) => {
    const m = ops[ch];
    return m?.kind === "op" ? m.op : undefined;
  };

  // Literal words: each must be used (src2 literals, staa/ldaa literals, setwd) or be gas's
  // single zero pad word.
  const [refs, words] = literalUse(b, iset);
  const used = new Set(words);
  for (const r of refs) {
    used.add(r & 3);
    if ((r & 0xfc) === 0xdc) used.add((r & 3) + 1);
  }
  const unused = [0, 1, 2, 3].filter((n) => b.lts[n] !== undefined && !used.has(n));
  for (const n of unused)
    if (b.lts[n] !== 0) out.push(`LTS${n} holds ${hex(b.lts[n] ?? 0)} but nothing uses it`);
  // Zero words below a used one hold its place; past the last used one gas adds at most one pad.
  const beyond = unused.filter((n) => n > Math.max(-1, ...used));
  if (beyond.length > 1) out.push(`${beyond.length} unused literal syllables (gas pads with at most one)`);
  b.padWords.forEach((w) => {
    if (w !== 0) out.push(`padding word ${hex(w)} is not zero`);
  });
  if (b.halfPad) out.push(`padding half-syllable ${hex(b.halfPad)} is not zero`);

  // CDS entries: a valid predicate source, and a channel that holds an operation to condition.
  b.cds.forEach((w, i) => {
    if (w === undefined) return;
    for (const [half, e] of [
      ["lo", w & 0xffff],
      ["hi", w >>> 16],
    ] as const) {
      if (e === 0) continue;
      const where = `CDS${i}.${half}`;
      const src = e & 0x7f;
      if ((src & 0x60) !== 0x40 && (src & 0x60) !== 0x60)
        out.push(`${where}: invalid predicate source ${hex(src)}`);
      const opc = e >>> 14;
      const mask = (e >>> 10) & 7;
      const am = (e >>> 13) & 1;
      if (am) {
        const rp = b.ss !== undefined && (b.ss & (1 << 20)) === 0 && (b.ss & 0x0a000000) !== 0;
        const aauCh = opc === 0 ? 2 : 5;
        const aau = opc < 2 && AAU_FORMATS.has(opAt(aauCh)?.format ?? "");
        if (mask !== 0 || !(opc === 2 ? rp : aau))
          out.push(`${where}: condition ${hex(e)} applies to nothing`);
        continue;
      }
      if (mask === 0) out.push(`${where}: condition ${hex(e)} applies to no channel`);
      for (let j = 0; j < 3; j++) {
        if ((mask & (1 << j)) === 0) continue;
        const ch = (opc & 1 ? 3 : 0) + j;
        const op = opAt(ch);
        if (!op) out.push(`${where}: condition for ALC${ch}, which has no operation`);
        else if (opc >= 2 && !MERGE_FORMATS.has(op.format))
          out.push(`${where}: merge condition for ${op.name} on ALC${ch}`);
      }
    }
  });

  // Halves of literal words that only 16-bit literals use: the other half must be zero.
  const whole = new Set(words);
  const halves = new Map<number, number>();
  for (const r of refs) {
    if ((r & 0xf8) === 0xd0) halves.set(r & 3, (halves.get(r & 3) ?? 0) | (r & 4 ? 2 : 1));
    else {
      whole.add(r & 3);
      if ((r & 0xfc) === 0xdc) whole.add((r & 3) + 1);
    }
  }
  for (const [n, h] of halves) {
    const w = b.lts[n] ?? 0;
    if (whole.has(n)) continue;
    if (!(h & 1) && w & 0xffff) out.push(`LTS${n}: unused low half ${hex(w & 0xffff)} is not zero`);
    if (!(h & 2) && w >>> 16) out.push(`LTS${n}: unused high half ${hex(w >>> 16)} is not zero`);
  }

  for (let ch = 0; ch < 6; ch++) {
    if (b.als[ch] === undefined && (b.hs >>> (20 + ch)) & 1)
      out.push(`HS: ALES${ch} marked without ALS${ch}`);
    const op = opAt(ch);
    if (op && MERGE_FORMATS.has(op.format) && !mergeCondition(b, ch)) {
      out.push(`ALS${ch}: ${op.name} without a merge condition (MRGC)`);
    }
  }

  // A MAS for a channel whose operation does not take one.
  for (const ch of [0, 2, 3, 5]) {
    const mas = masOf(b, ch);
    const op = opAt(ch);
    if (mas !== 0 && !(op?.mas || (mas === 0x3f && (op?.format === "AAURR" || op?.format === "AAURW")))) {
      out.push(`CS1: MAS ${hex(mas)} for ALC${ch}, which has no memory operation`);
    }
  }
  return out;
}

function mergeCondition(b: RawBundle, ch: number): boolean {
  const opc = ch < 3 ? 2 : 3;
  return b.cds.some(
    (w) =>
      w !== undefined &&
      [w & 0xffff, w >>> 16].some(
        (e) => e >>> 14 === opc && ((e >>> 13) & 1) === 0 && (e >>> 10) & 7 & (1 << (ch % 3)),
      ),
  );
}

/** Bits of the control syllables that no field uses for the operation they encode. */
export function controlProblems(b: RawBundle, iset: number): string[] {
  const out: string[] = [];
  const unused = (what: string, value: number, mask: number): void => {
    if ((value & mask) >>> 0 !== 0) out.push(`${what}: unused bits ${hex((value & mask) >>> 0)} set`);
  };
  const ss = b.ss;
  if (ss !== undefined && (ss & (1 << 20)) === 0) {
    unused("SS", ss, 1 << 9);
    const type = (ss >>> 5) & 0xf;
    if ([0, 1, 4, 5].includes(type)) unused("SS.ctcond", ss, 0x1f);
  }
  const cs0 = b.cs0;
  if (cs0 !== undefined) {
    const ctpr = cs0 >>> 30;
    const opc = (cs0 >>> 28) & 3;
    if (ctpr !== 0 && opc === 2) unused("CS0 (sdisp)", cs0, 0x0fffffe0);
    if (ctpr !== 0 && opc === 3) unused("CS0", cs0, 0x0ffffff8);
    if (ctpr === 0 && opc === 3) unused("CS0", cs0, 0x0ffffff8);
  }
  const cs1 = b.cs1;
  if (cs1 !== undefined) {
    const opc = cs1 >>> 28;
    if (opc === 0 || opc === 1 || opc === 4) {
      let mask = 0x01800000;
      if (!(cs1 & (1 << 26))) mask |= 0x3ffff;
      if (!(cs1 & (1 << 27))) mask |= 0x7c0000;
      if (opc === 4) mask |= 1 << 25;
      unused("CS1", cs1, mask);
      const lts0 = b.lts[0];
      if (opc !== 4 && lts0 !== undefined) {
        let lmask = 0x7;
        if (opc !== 1) lmask |= 0x1f000;
        if (!(cs1 & (1 << 25))) lmask |= 0xfffe0000;
        if (iset < 3) lmask |= 0x8;
        unused("LTS0 (setwd)", lts0, lmask);
      }
    } else if (opc === 2) unused("CS1", cs1, cs1 & (1 << 27) ? 0x07ffffff : 0x07ffff00);
    else if (opc === 3)
      unused("CS1 (wait)", cs1, ~(iset >= 6 ? 0x3fff : iset >= 5 ? 0x1ff : 0x7f) & 0x0fffffff);
    else if (opc === 5) unused("CS1 (call)", cs1, 0x0ffffc00);
    else if (opc === 7) unused("CS1", cs1, 0x0ffffff0);
    else if (opc === 8) unused("CS1 (vfbg)", cs1, 0x0ffe0000);
  }
  for (let i = 0; i < 4; i++) {
    const a = b.aas[2 + i];
    if (a !== undefined) unused(`AAS${2 + i}`, a, 1 << 11);
  }
  for (const k of [0, 1]) {
    const d = b.aas[k];
    if (d === undefined) continue;
    if (b.aas[2 + 2 * k] === undefined) unused(`AAS${k}`, d, 0xff00);
    if (b.aas[3 + 2 * k] === undefined) unused(`AAS${k}`, d, 0x00ff);
  }
  b.pls.forEach((w, i) => {
    if (w !== undefined) unused(`PLS${i}`, w, i === 2 ? 0xffff0000 : 0x80800000);
  });
  return out;
}
