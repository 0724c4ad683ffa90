// The state of one wide instruction while its operations are parsed, and the final steps gas
// performs on it: literal placement, ALC assignment (with RLP/MRGC entries and MAS), and the
// packing of all syllables into bytes.
import { AsmError, type BundleReloc, type ExprValue } from "../encoder-api";
import type { AluOp } from "../../opcodes";

export const R_E2K_32_ABS = 0;
export const R_E2K_64_ABS_LIT = 51;
export const R_E2K_DISP = 110;

/** A `%predN` / `%pcntN` condition: fld = 0x60+N or 0x40+N (7 bits). */
export interface Pred {
  readonly num: number;
  readonly fld: number;
  readonly neg: boolean;
}

/** One literal with the LTS positions it may take (half-syllable units, pos 2k = LTSk low half). */
export interface Literal {
  readonly value: ExprValue;
  readonly sizes: number[];
  readonly pos: number[];
  readonly order: number;
  chosen: number;
}

export interface AlsWord {
  opc: number;
  sm: boolean;
  src1: number;
  src2: number;
  dst: number;
}

/** One ALU operation: one ALS, or two for quad results. */
export interface AlsOp {
  readonly name: string;
  readonly nReal: 1 | 2;
  /** For each channel the operation may be named on, the ALCs it really occupies. */
  readonly real: number[][];
  positions: number[];
  readonly u: AlsWord[];
  needAles: boolean;
  ales: { opc2: number; opce: number };
  /** Per channel: the table row (its ALES opc2 or none), when rows differ by channel. */
  rowFor: ((ch: number) => AluOp | undefined) | undefined;
  explicitAles25V4: boolean;
  needMas: boolean;
  mas: number;
  /** 0: RLP %pred, 1: MRGC, 2: RLP %pcnt, 3: AAU index-advance (am) condition. */
  readonly preds: (Pred | undefined)[];
  src2Lit: Literal | undefined;
  chosen: number;
}

/** A field of SS (or another syllable) with gas's "default vs explicit" override rules. */
interface Field {
  value: number;
  set: boolean;
  dflt: boolean;
}

const SS_LAYOUT: Record<string, [number, number]> = {
  ctcond: [0, 9],
  ctop: [10, 2],
  aa: [12, 4],
  alct: [16, 1],
  alcf: [17, 1],
  abpt: [18, 1],
  abpf: [19, 1],
  type: [20, 1],
  abnt: [21, 1],
  abnf: [22, 1],
  abg: [23, 2],
  crp: [25, 1],
  vfdi: [26, 1],
  srp: [27, 1],
  bap: [28, 1],
  eap: [29, 1],
  ipd: [30, 2],
};

export class FieldSyllable {
  private readonly fields = new Map<string, Field>();
  constructor(
    private readonly syl: string,
    private readonly layout: Record<string, [number, number]>,
  ) {}

  /** gas SET_FIELD: a default never overrides; an explicit value overrides only a default. */
  set(name: string, value: number, dflt: boolean): void {
    const f = this.fields.get(name);
    if (!f || !f.set || (!dflt && f.dflt)) this.fields.set(name, { value, set: true, dflt });
    else if (!dflt) throw new AsmError(`explicitly overriding non-default value of ${this.syl}.${name}`);
  }

  /** A plain write (gas writes some fields directly): value changes, "set" state does not. */
  raw(name: string, value: number): void {
    const f = this.fields.get(name);
    if (f) f.value = value;
    else this.fields.set(name, { value, set: false, dflt: false });
  }

  isDefault(name: string): boolean {
    return this.fields.get(name)?.dflt ?? false;
  }

  isSet(name: string): boolean {
    return this.fields.get(name)?.set ?? false;
  }

  get(name: string): number {
    return this.fields.get(name)?.value ?? 0;
  }

  word(): number {
    let w = 0;
    for (const [name, f] of this.fields) {
      const [lo, width] = this.layout[name] ?? [0, 0];
      w |= (f.value & ((1 << width) - 1)) << lo;
    }
    return w >>> 0;
  }
}

export class WideCommand {
  ssStarted = false;
  readonly ss = new FieldSyllable("ss", SS_LAYOUT);
  cs0: { word: number; reloc?: { symbol: string; addend: bigint; type: number } } | undefined;
  cs1: number | undefined;
  /** CS1 was taken by set*, call, wait ... (not by MAS). */
  cs1ByCommand = false;
  readonly als: AlsOp[] = [];
  readonly lits: Literal[] = [];
  readonly pls: { needed: boolean; word: number }[] = [
    { needed: false, word: 0 },
    { needed: false, word: 0 },
    { needed: false, word: 0 },
  ];
  /** CDS half-syllables (RLP/MRGC entries), up to 6. */
  readonly cds: number[] = [0, 0, 0, 0, 0, 0];
  /** Extra CDS entries not tied to an ALS (RPC of srp/crp/slrp). */
  readonly extraCds: number[] = [];
  /** AAS: dst halves (AAS0/AAS1) and mova channel halves (AAS2..5). */
  aaBusy = 0;
  readonly aaDst: number[] = [0, 0];
  readonly aaOps: number[] = [0, 0, 0, 0];
  /** HS.nop: undefined = none, -1 = `nop` without a count. */
  nop: number | undefined;
  lm = false;
  sw = false;
  /** fapb program entries (APS/APLS pairs), when this "bundle" is an APB. */
  aps: ([number, number] | undefined)[] = [undefined, undefined];
  readonly warnings: string[] = [];
  /** Whole-SS override (flushts writes the SF2 format word). */
  ssWord: number | undefined;
  /** ALCs of integer compares written with an explicit channel (for `%cmpN` conditions). */
  explicitIntCmp = 0;
  /** ALCs of speculative operations written with an explicit channel (for `%dt_alN`). */
  explicitAlces = 0;

  constructor(readonly iset: number) {}

  startSs(): void {
    if (this.ssStarted) return;
    this.ss.set("ctcond", 0, true);
    this.ss.set("ipd", 3, true);
    this.ssStarted = true;
  }

  addLiteral(value: ExprValue, minRow: number, maxRow: number, minCol: number, maxCol: number): Literal {
    const sizes: number[] = [];
    const pos: number[] = [];
    const conv = [1, 0, 3, 2, 4, 5, 6, 7];
    for (let row = minRow; row <= maxRow; row++) {
      for (let j = minCol; j <= maxCol; j++) {
        const k = row === 0 && minCol !== maxCol ? (conv[j] as number) : j;
        if (LIT_ALLOWED[row]?.[k]) {
          sizes.push(row === 0 ? 1 : row === 1 ? 2 : 4);
          pos.push(k);
        }
      }
    }
    const lit: Literal = { value, sizes, pos, order: this.lits.length, chosen: -1 };
    this.lits.push(lit);
    return lit;
  }
}

/** gas's table of legal literal positions: rows 16/32/64-bit, columns lts0lo..lts3hi. */
const LIT_ALLOWED = [
  [1, 1, 1, 1, 0, 0, 0, 0],
  [1, 0, 1, 0, 1, 0, 1, 0],
  [1, 0, 1, 0, 1, 0, 0, 0],
];

/** 16-bit piece `idx` (little-endian) of a literal's value. */
function half(v: ExprValue, idx: number): number {
  if (v.kind !== "const") return 0;
  return Number((BigInt.asUintN(64, v.value) >> BigInt(16 * idx)) & 0xffffn);
}

function sameHalf(owner: { lit: Literal; sub: number }, lit: Literal, i: number): boolean {
  const a = owner.lit.value;
  const b = lit.value;
  if (a.kind !== b.kind) return false;
  if (a.kind === "const") return half(a, owner.sub) === half(b, i);
  if (b.kind !== "reloc") return false;
  return a.symbol === b.symbol && a.addend === b.addend && owner.sub === i;
}

const posBit = (pos: number): number => 1 << (((pos >> 1) << 1) + 1 - (pos & 1));

interface LtsState {
  busy: number;
  owners: ({ lit: Literal; sub: number } | undefined)[];
}

function placeOne(st: LtsState, lit: Literal, idx: number, prove: boolean): boolean {
  const size = lit.sizes[idx] as number;
  const start = lit.pos[idx] as number;
  if (prove) {
    for (let i = 0; i < size; i++) {
      const p = start + i;
      const owner = st.owners[p];
      if (st.busy & posBit(p) && !(owner && sameHalf(owner, lit, i))) return false;
    }
  }
  for (let i = 0; i < size; i++) {
    const p = start + i;
    if (st.busy & posBit(p)) continue;
    st.busy |= posBit(p);
    st.owners[p] = { lit, sub: i };
  }
  return true;
}

function compareLits(a: Literal, b: Literal): number {
  if (a.pos.length !== b.pos.length) return a.pos.length - b.pos.length;
  for (let i = 0; i < a.pos.length; i++) {
    const d = (b.sizes[i] as number) - (a.sizes[i] as number);
    if (d !== 0) return d;
  }
  return a.order - b.order;
}

/** gas place_literals: the assignment with the smallest busy mask, first found on ties. */
export function placeLiterals(wc: WideCommand): LtsState {
  const lits = [...wc.lits].sort(compareLits);
  let best = 0x100;
  let bestChoice: number[] | undefined;
  const choice: number[] = [];
  const dfs = (i: number, st: LtsState): void => {
    if (i === lits.length) {
      if (st.busy < best) {
        best = st.busy;
        bestChoice = [...choice];
      }
      return;
    }
    const lit = lits[i] as Literal;
    if (lit.pos.length === 0) {
      // gas "places" a literal that has no legal position (e.g. `_f16s,_lts2`) as a zero-size
      // one and only fails when it encodes the src2 byte (see litSrc2).
      choice.push(-1);
      dfs(i + 1, st);
      choice.pop();
      return;
    }
    for (let k = 0; k < lit.pos.length; k++) {
      const next: LtsState = { busy: st.busy, owners: [...st.owners] };
      if (!placeOne(next, lit, k, true)) continue;
      choice.push(k);
      dfs(i + 1, next);
      choice.pop();
    }
  };
  dfs(0, { busy: 0, owners: [] });
  if (!bestChoice) throw new AsmError("literals cannot be packed into a wide command");
  const st: LtsState = { busy: 0, owners: [] };
  lits.forEach((lit, i) => {
    lit.chosen = bestChoice?.[i] as number;
    if (lit.chosen >= 0) placeOne(st, lit, lit.chosen, false);
  });
  return st;
}

/** src2 byte referring to a placed literal. */
export function litSrc2(lit: Literal): number {
  if (lit.chosen < 0) throw new AsmError("Internal error in encode_long_lit_in_src2 at tc-e2k.c:7243.");
  const size = lit.sizes[lit.chosen] as number;
  const pos = lit.pos[lit.chosen] as number;
  const n = pos >> 1;
  const hi = pos & 1;
  if (size === 1) {
    if (n >= 2) throw new AsmError("Internal error in encode_long_lit_in_src2 at tc-e2k.c:7229.");
    return 0xd0 | n | (hi ? 4 : 0);
  }
  if (size === 2) return 0xd8 | n;
  if (n >= 3) throw new AsmError("Internal error in encode_long_lit_in_src2 at tc-e2k.c:7239.");
  return 0xdc | n;
}

const AL_TO_RLP_MRGC: readonly (readonly [number, number])[] = [
  [0, 2],
  [0, 2],
  [0, 2],
  [1, 3],
  [1, 3],
  [1, 3],
  [0, -1],
  [1, -1],
];
const AL_TO_MASK = [0x1, 0x2, 0x4, 0x1, 0x2, 0x4, 0x8, 0x8];
const AL_TO_NEG = [0x1, 0x2, 0x4, 0x1, 0x2, 0x4, 0x4, 0x4];

interface CdsHalf {
  opc: number;
  mask: number;
  neg: number;
  pred: number;
}
const cdsWord = (h: CdsHalf): number =>
  ((h.opc & 3) << 14) | ((h.mask & 0xf) << 10) | ((h.neg & 7) << 7) | (h.pred & 0x7f);
const cdsParse = (w: number): CdsHalf => ({
  opc: (w >> 14) & 3,
  mask: (w >> 10) & 0xf,
  neg: (w >> 7) & 7,
  pred: w & 0x7f,
});

/** gas place_alses: first ALC assignment in enumeration order; then ALES, MAS and CDS. */
export function placeAlses(wc: WideCommand): {
  busy: number;
  words: (AlsWord | undefined)[];
  ales: number[];
  explicitAles25: boolean;
} {
  let explicitAles25 = false;
  const ops = wc.als;
  let found: number[] | undefined;
  const choice: number[] = [];
  const dfs = (i: number, busy: number): boolean => {
    if (i === ops.length) {
      found = [...choice];
      return true;
    }
    const op = ops[i] as AlsOp;
    for (let k = 0; k < op.positions.length; k++) {
      const real = op.real[op.positions[k] as number] as number[];
      if (real.some((r) => busy & (1 << r))) continue;
      let b = busy;
      for (const r of real) b |= 1 << r;
      choice.push(k);
      if (dfs(i + 1, b)) return true;
      choice.pop();
    }
    return false;
  };
  dfs(0, 0);
  if (!found) throw new AsmError("ALSes cannot be packed into a wide command");
  const words: (AlsWord | undefined)[] = [];
  const ales: number[] = [];
  let busy = 0;
  let metMas = false;
  const cds: CdsHalf[] = wc.cds.map(cdsParse);
  ops.forEach((op, i) => {
    op.chosen = found?.[i] as number;
    const alNum = op.positions[op.chosen] as number;
    const real = op.real[alNum] as number[];
    real.forEach((r, j) => {
      busy |= 1 << r;
      words[r] = op.u[j];
    });
    if (op.needMas) {
      if (wc.cs1ByCommand)
        throw new AsmError("cannot encode MAS: CS1 syllable is busy with set-instructions");
      if (!metMas) {
        wc.cs1 = 6 << 28;
        metMas = true;
      }
      for (const r of real) {
        const shift = r === 0 ? 21 : r === 2 ? 14 : r === 3 ? 7 : r === 5 ? 0 : -1;
        if (shift >= 0) wc.cs1 = ((wc.cs1 ?? 0) | ((op.mas & 0x7f) << shift)) >>> 0;
      }
    }
    if (op.needAles) {
      for (const r of real) {
        let opc2 = op.ales.opc2;
        if (op.rowFor) {
          const row = op.rowFor(r);
          if (!row || row.alesOpc2 === undefined) continue;
          opc2 = row.alesOpc2 as number;
        }
        ales[r] = ((opc2 & 0xff) << 8) | (op.ales.opce & 0xff);
        if (
          wc.iset === 4 &&
          (op.rowFor?.(r)?.explicitAles25V4 ?? op.explicitAles25V4) &&
          (r === 2 || r === 5)
        )
          explicitAles25 = true;
      }
    }
    for (let l = 0; l < 4; l++) {
      const p = op.preds[l];
      if (!p) continue;
      const opIdx = l < 2 ? l : 0;
      for (let r of real) {
        if (l === 3) r = r === 2 ? 6 : 7;
        const want = (AL_TO_RLP_MRGC[r] as readonly [number, number])[opIdx] as number;
        let done = false;
        for (let j = 0; j < 6 && !done; j++) {
          const h = cds[j] as CdsHalf;
          if (h.opc !== want || h.pred !== p.fld) continue;
          const m = AL_TO_MASK[r] as number;
          const n = AL_TO_NEG[r] as number;
          if ((m === 4 && h.mask & 8) || (m === 8 && h.mask & 4)) {
            if ((p.neg && (h.neg & n) === 0) || (!p.neg && (h.neg & n) !== 0)) continue;
          }
          h.mask |= m;
          if (p.neg) h.neg |= n;
          done = true;
        }
        if (done) continue;
        const j = cds.findIndex((h) => h.mask === 0);
        if (j < 0) throw new AsmError("out of free cds half-syllables");
        cds[j] = {
          opc: want,
          mask: AL_TO_MASK[r] as number,
          pred: p.fld,
          neg: p.neg ? (AL_TO_NEG[r] as number) : 0,
        };
      }
    }
  });
  cds.forEach((h, j) => (wc.cds[j] = cdsWord(h)));
  return { busy, words, ales, explicitAles25 };
}

export interface Packed {
  bytes: Uint8Array;
  relocs: BundleReloc[];
}

/** gas pack_wide_command. */
export function packWide(wc: WideCommand): Packed {
  if (wc.aps[0] || wc.aps[1]) {
    const out = new Uint8Array(16);
    const dv = new DataView(out.buffer);
    wc.aps.forEach((e, i) => {
      if (!e) return;
      dv.setUint32(i * 8, e[0], true);
      dv.setUint32(i * 8 + 4, e[1], true);
    });
    return { bytes: out, relocs: [] };
  }
  const st = placeLiterals(wc);
  for (const op of wc.als) {
    if (op.src2Lit) for (const u of op.u) u.src2 = litSrc2(op.src2Lit);
  }
  const placed = placeAlses(wc);
  const words: number[] = new Array(16).fill(0);
  const relocs: BundleReloc[] = [];
  let n = 0;
  let hs = 0;
  n++;
  if (wc.lm) hs |= 1 << 10;
  if (wc.sw) hs |= 1 << 13;
  if (wc.ssStarted) {
    hs |= 1 << 12;
    words[n++] = wc.ssWord ?? wc.ss.word();
  }
  for (let i = 0; i < 6; i++) {
    const u = placed.words[i];
    if (!(placed.busy & (1 << i)) || !u) continue;
    hs |= 1 << (26 + i);
    words[n++] =
      ((u.sm ? 1 << 31 : 0) |
        ((u.opc & 0x7f) << 24) |
        ((u.src1 & 0xff) << 16) |
        ((u.src2 & 0xff) << 8) |
        (u.dst & 0xff)) >>>
      0;
  }
  if (wc.cs0) {
    if (wc.cs0.reloc)
      relocs.push({
        offset: n * 4,
        type: wc.cs0.reloc.type,
        symbol: wc.cs0.reloc.symbol,
        // PC-relative like gas's fixup: the field's offset in the bundle is folded into the
        // addend so that S + A - P (P = the CS0 word) is relative to the bundle start.
        addend: wc.cs0.reloc.addend + BigInt(n * 4),
      });
    words[n++] = wc.cs0.word >>> 0;
    hs |= 1 << 14;
  }
  const aleBusy = (i: number): boolean => placed.ales[i] !== undefined;
  if (wc.iset >= 4) {
    const dflt = 0x01c0;
    if (
      (aleBusy(2) && placed.ales[2] !== dflt) ||
      (aleBusy(5) && placed.ales[5] !== dflt) ||
      placed.explicitAles25
    ) {
      const hi = aleBusy(2) ? (placed.ales[2] as number) : dflt;
      const lo = aleBusy(5) ? (placed.ales[5] as number) : dflt;
      words[n++] = ((hi << 16) | lo) >>> 0;
    }
  }
  if (wc.cs1 !== undefined) {
    words[n++] = wc.cs1 >>> 0;
    hs |= 1 << 15;
  }
  hs |= n - 1;
  const halves: number[] = [];
  for (let i = 0; i < 6; i++) {
    if (!aleBusy(i)) continue;
    hs |= 1 << (20 + i);
    if (i === 2 || i === 5) {
      if (wc.iset < 4 && placed.ales[i] !== 0x01c0)
        throw new AsmError(`ALES${i} can only hold the default value on elbrus-v${wc.iset}`);
      continue;
    }
    halves.push(placed.ales[i] as number);
  }
  for (let i = 0; i < 2; i++) if (wc.aaBusy & (3 << (2 * i))) halves.push(wc.aaDst[i] as number);
  for (let i = 0; i < 4; i++) if (wc.aaBusy & (1 << i)) halves.push(wc.aaOps[i] as number);
  for (let k = 0; k < halves.length; k += 2) {
    words[n++] = (((halves[k] as number) << 16) | (halves[k + 1] ?? 0)) >>> 0;
  }
  let ltsCount = 0;
  for (let i = 7; i >= 0; i--) {
    if (st.busy & posBit(i)) {
      ltsCount = 1 + (i >> 1);
      break;
    }
  }
  for (const e of wc.extraCds) {
    const j = wc.cds.findIndex((h) => (h & 0x3c00) === 0);
    if (j < 0) throw new AsmError("out of free cds half-syllables");
    wc.cds[j] = e;
  }
  let cdsCount = 0;
  for (let i = 5; i >= 0; i--) {
    if ((wc.cds[i] as number) & 0x3c00) {
      cdsCount = 1 + (i >> 1);
      break;
    }
  }
  if (wc.pls[2]?.needed) (wc.pls[1] as { needed: boolean }).needed = true;
  if (wc.pls[1]?.needed) (wc.pls[0] as { needed: boolean }).needed = true;
  const plsCount = wc.pls.filter((p) => p.needed).length;
  hs |= plsCount << 18;
  if ((n + ltsCount + plsCount + cdsCount) & 1) n++;
  // LTS words: lowest address holds LTS(count-1); low half = even position.
  const ltsWord = (k: number): number => {
    const lo = st.owners[2 * k];
    const hi = st.owners[2 * k + 1];
    const hv = (o: { lit: Literal; sub: number } | undefined): number => (o ? half(o.lit.value, o.sub) : 0);
    return ((hv(hi) << 16) | hv(lo)) >>> 0;
  };
  const ltsBase = n;
  for (let k = ltsCount - 1; k >= 0; k--) {
    if (n < 16) words[n] = ltsWord(k);
    n++;
  }
  for (let p = 0; p < 8; p++) {
    const o = st.owners[p];
    if (!o || o.lit.value.kind !== "reloc") continue;
    const size = o.lit.sizes[o.lit.chosen];
    const k = p >> 1;
    const offset = (ltsBase + (ltsCount - 1 - k)) * 4 + (p & 1) * 2;
    if (size === 2 && o.sub === 0)
      relocs.push({ offset, type: R_E2K_32_ABS, symbol: o.lit.value.symbol, addend: o.lit.value.addend });
    if (size === 4 && o.sub === 2)
      relocs.push({ offset, type: R_E2K_64_ABS_LIT, symbol: o.lit.value.symbol, addend: o.lit.value.addend });
  }
  for (let i = 2; i >= 0; i--) {
    const p = wc.pls[i] as { needed: boolean; word: number };
    if (!p.needed) continue;
    if (n < 16) words[n] = p.word >>> 0;
    n++;
  }
  for (let w = 0; w < cdsCount; w++) {
    const first = wc.cds[2 * (cdsCount - 1 - w)] as number;
    const second = wc.cds[2 * (cdsCount - 1 - w) + 1] as number;
    if (n < 16) words[n] = ((first << 16) | second) >>> 0;
    n++;
  }
  hs |= cdsCount << 16;
  if (n > 16)
    throw new AsmError(
      `wide instruction requires ${n} syllables which exceeds the maximal supported size of 16 ones`,
    );
  hs |= ((n >> 1) - 1) << 4;
  if (wc.nop !== undefined && wc.nop >= 0) hs |= (wc.nop & 7) << 7;
  else if (wc.nop === -1 && hs !== 0) hs |= 1 << 7;
  words[0] = hs >>> 0;
  const out = new Uint8Array(n * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < n; i++) dv.setUint32(i * 4, words[i] as number, true);
  return { bytes: out, relocs };
}
