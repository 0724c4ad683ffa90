// Case generators and checks for fuzzing the disassembler (used by fuzz-disasm.test.ts in CI and
// by fuzz-disasm-campaign.ts for long runs). Every case is reproducible from (seed, index).
import { encodeBundle } from "../../target/e2k/asm/encode";
import { disassembleBundle, splitBundle } from "../../target/e2k/disasm";
import { matchAls } from "../../target/e2k/disasm/alu-match";
import { ALU_OPS, type AluOp, type OperandSize } from "../../target/e2k/opcodes";
import { numericContext } from "./disasm-golden";

/** Small, fast, seedable PRNG (mulberry32). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  int(n: number): number {
    return this.u32() % n;
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)] as T;
  }
  chance(p: number): boolean {
    return this.u32() / 0x100000000 < p;
  }
}

export const ISETS = [2, 3, 4, 5, 6] as const;

function put32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = (v >>> 24) & 0xff;
}

/** 1..72 random bytes (often shorter or longer than any bundle). */
export function randomBytes(r: Rng): Uint8Array {
  const b = new Uint8Array(1 + r.int(72));
  for (let i = 0; i < b.length; i++) b[i] = r.int(256);
  return b;
}

/**
 * A bundle whose header is consistent with its syllables (so decoding goes past the layout
 * checks) but whose syllable contents are random.
 */
export function syllableMix(r: Rng): Uint8Array {
  let hs = r.u32() & 0xfc0f0000; // al, ale, pl, cd
  if (r.chance(0.6)) hs |= 1 << 12;
  if (r.chance(0.3)) hs |= 1 << 14;
  if (r.chance(0.4)) hs |= 1 << 15;
  if (r.chance(0.2)) hs |= r.int(8) << 7;
  if (r.chance(0.1)) hs |= 1 << 10;
  let words = 1 + ((hs >>> 12) & 1) + popcount((hs >>> 26) & 0x3f) + ((hs >>> 14) & 1) + ((hs >>> 15) & 1);
  const ales25 = (hs & ((1 << 22) | (1 << 25))) !== 0 && r.chance(0.5);
  if (ales25) words++;
  const ss = r.u32() & ~(r.chance(0.8) ? 1 << 20 : 0);
  let halves = popcount((hs >>> 20) & 0x1b);
  if (hs & (1 << 12) && (ss & (1 << 20)) === 0) {
    const aa = (ss >>> 12) & 0xf;
    halves += popcount(aa) + ((aa & 3 ? 1 : 0) + (aa & 0xc ? 1 : 0));
  }
  const f2 = Math.ceil(halves / 2) + r.int(5) + ((hs >>> 16) & 3) + ((hs >>> 18) & 3);
  const total = words + f2;
  const lng = Math.min(7, Math.ceil((total * 4) / 8) - 1 + (r.chance(0.1) ? 1 : 0));
  hs = (hs & ~0x7f) | ((words - 1) & 0xf) | (lng << 4);
  const b = new Uint8Array((lng + 1) * 8);
  for (let i = 4; i < b.length; i += 4) put32(b, i, r.u32());
  put32(b, 0, hs);
  if (hs & (1 << 12)) put32(b, 4, ss);
  return b;
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/** A known-illegal change to a legal bundle; `what` names it. Undefined if it does not apply. */
export function illegalMutation(
  r: Rng,
  legal: Uint8Array,
  iset: number,
): { bytes: Uint8Array; what: string } | undefined {
  const split = splitBundle(legal, 0);
  if (!split.ok) return undefined;
  const b = split.bundle;
  const bytes = new Uint8Array(legal);
  const kind = r.int(7);
  const alsAt = (ch: number): number => {
    let at = 4 + ((b.hs >>> 12) & 1) * 4;
    for (let i = 0; i < ch; i++) if (b.als[i] !== undefined) at += 4;
    return at;
  };
  switch (kind) {
    case 0: {
      const hs = (b.hs & ~0xf) | (((b.hs & 0xf) + 1 + r.int(14)) & 0xf);
      put32(bytes, 0, hs);
      return { bytes, what: "HS.mdl does not match the syllables" };
    }
    case 1:
      return { bytes: bytes.subarray(0, r.int(b.length)), what: "truncated bundle" };
    case 2: {
      const chs = [0, 1, 2, 3, 4, 5].filter((c) => b.als[c] !== undefined);
      if (chs.length === 0) return undefined;
      const ch = r.pick(chs);
      const free = [...Array(128).keys()].filter(
        (opc) =>
          !ALU_OPS.some(
            (op) =>
              op.opc === opc && (op.channels & (1 << ch)) !== 0 && op.isetMin <= iset && iset <= op.isetMax,
          ),
      );
      if (free.length === 0) return undefined;
      const als = ((b.als[ch] ?? 0) & 0x80ffffff) | (r.pick(free) << 24);
      put32(bytes, alsAt(ch), als);
      return { bytes, what: `ALS${ch}: opcode with no operation on this channel` };
    }
    case 3: {
      if (b.cs1 === undefined) return undefined;
      const at = ((b.hs & 0xf) + 1) * 4 - 4;
      put32(bytes, at, ((b.cs1 & 0x0fffffff) | ((9 + r.int(7)) << 28)) >>> 0);
      return { bytes, what: "CS1: reserved operation code" };
    }
    case 4: {
      if (b.ss === undefined || b.ss & (1 << 20) || ((b.ss >>> 10) & 3) === 0) return undefined;
      put32(bytes, 4, ((b.ss & ~0x1e0) | ((0xa + r.int(4)) << 5)) >>> 0);
      return { bytes, what: "SS: reserved condition type" };
    }
    case 5: {
      const chs = [0, 1, 2, 3, 4, 5].filter((c) => {
        const m = b.als[c] !== undefined ? matchAls(b, c, iset) : undefined;
        return (
          m?.kind === "op" &&
          ["ALOPF1", "ALOPF11", "ALOPF2", "ALOPF12", "ALOPF7", "ALOPF21"].includes(m.op.format)
        );
      });
      const missing = [0, 1, 2].filter((n) => b.lts[n] === undefined);
      if (chs.length === 0 || missing.length === 0) return undefined;
      const ch = r.pick(chs);
      const n = r.pick(missing);
      put32(bytes, alsAt(ch), (((b.als[ch] ?? 0) & 0xffff00ff) | ((0xd8 | n) << 8)) >>> 0);
      return { bytes, what: `ALS${ch}: literal LTS${n} missing` };
    }
    default: {
      const pls = [0, 1, 2].filter((i) => b.pls[i] !== undefined);
      if (pls.length === 0) return undefined;
      const i = r.pick(pls);
      const at = b.length - 4 * (((b.hs >>> 16) & 3) + i + 1);
      put32(bytes, at, (((b.pls[i] ?? 0) & ~0xc000) | 0x8000) >>> 0);
      return { bytes, what: `PLS${i}: reserved CLP operation` };
    }
  }
}

const REG_PREFIX: Record<OperandSize, string> = { S: "r", D: "dr", Q: "qr", P: "qpr" };

function reg(r: Rng, size: OperandSize): string {
  const even = size === "Q";
  const k = r.int(3);
  if (k === 0) return `%${size === "S" ? "" : REG_PREFIX[size].slice(0, -1)}b[${r.int(60) * (even ? 2 : 1)}]`;
  if (k === 1) return `%${size === "S" ? "" : REG_PREFIX[size].slice(0, -1)}g${r.int(16) * (even ? 2 : 1)}`;
  return `%${REG_PREFIX[size]}${r.int(32) * (even ? 2 : 1)}`;
}

function src2(r: Rng, size: OperandSize, allowLit: boolean): string {
  const k = r.int(allowLit ? 5 : 2);
  if (k <= 1) return reg(r, size);
  if (k === 2) return `0x${r.int(16).toString(16)}`;
  if (k === 3) return `0x${(0x10 + r.int(0x7ff0)).toString(16)}`;
  return `0x${(0x10000 + r.int(0x7fff0000)).toString(16)}`;
}

function src1(r: Rng, size: OperandSize): string {
  return r.chance(0.8) ? reg(r, size) : `0x${r.int(32).toString(16)}`;
}

const GEN_FORMATS = new Set([
  "ALOPF1",
  "ALOPF11",
  "ALOPF2",
  "ALOPF12",
  "ALOPF7",
  "ALOPF21",
  "ALOPF3",
  "ALOPF13",
]);

/** One gas operation for a table row on a channel, or undefined for rows we do not generate. */
function opText(r: Rng, op: AluOp, ch: number): string | undefined {
  if (!GEN_FORMATS.has(op.format)) return undefined;
  if (op.fixedSrc1 !== undefined || op.fixedSrc2 !== undefined || /^(q?plog_|ld.*q$|st.*q$)/.test(op.name)) {
    return undefined;
  }
  const s = (i: number): OperandSize => op.sizes[i] ?? "D";
  const lit = !op.sizes.includes("Q") && !op.sizes.includes("P");
  let args: string;
  switch (op.format) {
    case "ALOPF1":
    case "ALOPF11":
      args = `${src1(r, s(0))}, ${src2(r, s(1), lit)}, ${reg(r, s(2))}`;
      break;
    case "ALOPF2":
    case "ALOPF12":
      args = `${src2(r, s(0), lit)}, ${reg(r, s(1))}`;
      break;
    case "ALOPF7":
      args = `${src1(r, s(0))}, ${src2(r, s(1), lit)}, %pred${r.int(32)}`;
      break;
    case "ALOPF21":
      args = `${src1(r, s(0))}, ${src2(r, s(1), lit)}, ${reg(r, s(2))}, ${reg(r, s(3))}`;
      break;
    default:
      args = `${reg(r, s(2))}, ${src1(r, s(0))}, ${src2(r, s(1), lit)}`;
  }
  const cond = r.chance(0.2) ? ` ? ${r.chance(0.5) ? "~" : ""}%pred${r.int(32)}` : "";
  return `${op.name},${ch}${r.chance(0.1) && !op.mas ? ",sm" : ""} ${args}${cond}`;
}

const CONTROL = [
  "nop 2",
  "ipd 2",
  "loop_mode",
  "ct %ctpr1 ? %pred3",
  "ct %ctpr2 ? ~%pred7",
  "disp %ctpr2, 0x20",
  "alc alcf=1, alct=1",
  "abn abnf=1, abnt=0",
  "abp abpf=0, abpt=1",
  "return %ctpr3",
  "setbn rbs = 0x4, rsz = 0x3, rcur = 0x1",
  "wait ma_c = 1, fl_c = 0, ld_c = 0, st_c = 0, all_e = 1, all_c = 0",
];

/** 1..4 random operations of the iset as gas text (may not fit in one bundle: then skipped). */
export function legalBundleText(r: Rng, iset: number): string[] {
  const rows = ALU_OPS.filter((op) => op.isetMin <= iset && iset <= op.isetMax);
  const used = new Set<number>();
  const ops: string[] = [];
  const n = 1 + r.int(4);
  for (let tries = 0; ops.length < n && tries < 40; tries++) {
    const op = r.pick(rows);
    const chs = [0, 1, 2, 3, 4, 5].filter((c) => (op.channels & (1 << c)) !== 0 && !used.has(c));
    if (chs.length === 0) continue;
    const ch = r.pick(chs);
    const text = opText(r, op, ch);
    if (text === undefined) continue;
    used.add(ch);
    ops.push(text);
  }
  if (r.chance(0.4)) ops.push(r.pick(CONTROL));
  return ops;
}

/** "rejected": the encoder refused our text for a bundle it had produced itself. */
export type Outcome = "clean" | "illegal" | "skipped" | "roundtrip" | "rejected";

/** Decoder + disassembler on arbitrary bytes: must not throw; returns whether it flagged them. */
export function checkArbitrary(bytes: Uint8Array, iset: number): { outcome: Outcome; error?: string } {
  try {
    const d = disassembleBundle(bytes, 0, { iset, address: 0x10000n });
    if (!d.ok) return { outcome: "illegal" };
    if (d.lines.some((l) => typeof l !== "string" || l.includes("\n")))
      return { outcome: "clean", error: "bad line" };
    return { outcome: d.problems.length ? "illegal" : "clean" };
  } catch (e) {
    return { outcome: "clean", error: `threw: ${(e as Error).stack ?? String(e)}` };
  }
}

/** Disassemble and assemble again: the bytes must be the same. */
export function checkRoundTrip(bytes: Uint8Array, iset: number): { outcome: Outcome; error?: string } {
  const d = disassembleBundle(bytes, 0, { iset, targets: "units" });
  const want = Buffer.from(bytes).toString("hex");
  if (!d.ok) return { outcome: "roundtrip", error: `${want}: ${d.problems.join("; ")}` };
  let got: string;
  try {
    const ops = d.lines.map((text, i) => ({ text, line: i + 1 }));
    got = Buffer.from(encodeBundle(ops, true, numericContext(iset)).bytes).toString("hex");
  } catch (e) {
    return {
      outcome: "rejected",
      error: `${want} -> ${JSON.stringify(d.lines)}: error ${(e as Error).message}`,
    };
  }
  if (got !== want)
    return { outcome: "roundtrip", error: `v${iset} ${want} -> ${JSON.stringify(d.lines)} -> ${got}` };
  return { outcome: "roundtrip" };
}

/** Assemble random legal ops, disassemble, assemble again: the bytes must be the same. */
export function checkLegal(ops: readonly string[], iset: number): { outcome: Outcome; error?: string } {
  const ctx = numericContext(iset);
  let bytes: Uint8Array;
  try {
    bytes = encodeBundle(
      ops.map((text, i) => ({ text, line: i + 1 })),
      true,
      ctx,
    ).bytes;
  } catch {
    return { outcome: "skipped" }; // the random ops do not fit one bundle
  }
  const d = disassembleBundle(bytes, 0, { iset, targets: "units" });
  const want = Buffer.from(bytes).toString("hex");
  if (!d.ok)
    return { outcome: "roundtrip", error: `${JSON.stringify(ops)} -> ${want}: ${d.problems.join("; ")}` };
  if (d.problems.length)
    return { outcome: "roundtrip", error: `${JSON.stringify(ops)}: ${d.problems.join("; ")}` };
  let got: string;
  try {
    got = Buffer.from(
      encodeBundle(
        d.lines.map((text, i) => ({ text, line: i + 1 })),
        true,
        ctx,
      ).bytes,
    ).toString("hex");
  } catch (e) {
    got = `error ${(e as Error).message}`;
  }
  if (got.startsWith("error ")) {
    return { outcome: "rejected", error: `${JSON.stringify(ops)} -> ${JSON.stringify(d.lines)}: ${got}` };
  }
  if (got !== want)
    return {
      outcome: "roundtrip",
      error: `${JSON.stringify(ops)} -> ${JSON.stringify(d.lines)}: ${want} vs ${got}`,
    };
  return { outcome: "roundtrip" };
}

export interface CampaignStats {
  readonly counts: Record<string, number>;
  /** Disassembler failures: a throw, an illegal bundle not reported, a round trip giving other bytes. */
  readonly failures: string[];
  /** Our text for an encoder-made bundle that the encoder then refused (kept apart: see report). */
  readonly rejected: string[];
}

export interface LegalSample {
  readonly iset: number;
  readonly bytes: Uint8Array;
}

/**
 * Runs `count` cases from `seed`: random bytes, syllable mixes, known-illegal mutations of
 * `samples` (legal bundles), and random legal bundles round-tripped through the encoder.
 * `weights` = relative frequency of those four kinds.
 */
export function runCampaign(
  seed: number,
  count: number,
  samples: readonly LegalSample[],
  weights: readonly [number, number, number, number] = [3, 3, 2, 2],
): CampaignStats {
  const counts: Record<string, number> = {};
  const failures: string[] = [];
  const rejected: string[] = [];
  const bump = (k: string): void => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < count; i++) {
    const r = new Rng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
    let k = r.int(total);
    let kind = 0;
    while (k >= (weights[kind] ?? 0)) k -= weights[kind++] ?? 0;
    const iset = r.pick(ISETS);
    const fail = (msg: string): void => {
      if (failures.length < 50) failures.push(`case ${i} (seed ${seed}): ${msg}`);
    };
    if (kind === 0 || kind === 1) {
      const bytes = kind === 0 ? randomBytes(r) : syllableMix(r);
      const res = checkArbitrary(bytes, iset);
      bump(`${kind === 0 ? "bytes" : "mix"}-${res.outcome}`);
      if (res.error) fail(`${Buffer.from(bytes).toString("hex")} v${iset}: ${res.error}`);
      else if (res.outcome === "clean") {
        // Nothing reported: then the text must give the same bytes back.
        const rt = checkRoundTrip(bytes, iset);
        if (rt.outcome === "rejected") bump("clean-rejected-by-encoder");
        else if (rt.error) fail(`clean but not re-assemblable: ${rt.error}`);
      }
    } else if (kind === 2) {
      const s = samples.length ? r.pick(samples) : undefined;
      const m = s ? illegalMutation(r, s.bytes, s.iset) : undefined;
      if (!s || !m) {
        bump("mutation-skipped");
        continue;
      }
      const res = checkArbitrary(m.bytes, s.iset);
      bump(`mutation-${res.outcome}`);
      if (res.error) fail(res.error);
      else if (res.outcome !== "illegal")
        fail(`${m.what} not reported: ${Buffer.from(m.bytes).toString("hex")} v${s.iset}`);
    } else {
      const res = checkLegal(legalBundleText(r, iset), iset);
      bump(`legal-${res.outcome}`);
      if (res.outcome === "rejected") {
        bump(`  encoder: ${(res.error ?? "").replace(/^.*: error /, "").replace(/`[^`']*'/g, "`...'")}`);
        if (rejected.length < 50) rejected.push(`case ${i} (seed ${seed}): v${iset} ${res.error}`);
      } else if (res.error) fail(`v${iset} ${res.error}`);
    }
  }
  return { counts, failures, rejected };
}
