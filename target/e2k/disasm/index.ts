// E2K disassembler: bundle bytes -> syllables (bundle.ts) -> operations -> text lines in MCST
// objdump's order: HS, SS, ALS0..5, CS0, CS1, AAS, PLS2..0 (see docs/objdump.md for where
// our text deliberately differs from objdump's).
import { encodeBundle } from "../asm/encode";
import { aluLines, literalUse } from "./alu-text";
import { bundleProblems, controlProblems } from "./checks";
import { splitBundle, type RawBundle } from "./bundle";
import { aasLines, cs0Lines, cs1Lines, hsLines, plsLines, ssLines, type TargetStyle } from "./control-text";
import type { Problems } from "./operands";

export { splitBundle, bundleLengthFromHs, type RawBundle } from "./bundle";
export type { TargetStyle } from "./control-text";
export { fapbLines } from "./apb";

export interface DisasmOptions {
  /** Instruction-set version 2..6 (selects the opcode table rows). */
  readonly iset: number;
  /** Address of the bundle (for PC-relative targets); default 0. */
  readonly address?: bigint;
  /** "address" (objdump, default) or "units" (gas's displacement operand). */
  readonly targets?: TargetStyle;
}

export type DisasmResult =
  | {
      readonly ok: true;
      readonly length: number;
      readonly bundle: RawBundle;
      /** One operation per line, without indentation. */
      readonly lines: readonly string[];
      /** What is illegal or not re-assemblable in the bundle; empty for a clean bundle. */
      readonly problems: readonly string[];
    }
  | { readonly ok: false; readonly length: number; readonly problems: readonly string[] };

/** Disassembles the bundle at `bytes[offset]`. Never throws for any input bytes. */
export function disassembleBundle(bytes: Uint8Array, offset: number, opts: DisasmOptions): DisasmResult {
  const layout = splitBundle(bytes, offset);
  if (!layout.ok) return { ok: false, length: layout.length, problems: [layout.reason] };
  const b = layout.bundle;
  const o = { iset: opts.iset, address: opts.address ?? 0n, targets: opts.targets ?? "address" };
  const render = (
    explicitLiterals: boolean,
    cdsOrder: boolean,
    targets = o.targets,
  ): { lines: string[]; problems: string[] } => {
    const pr: Problems = { list: [] };
    const oo = { ...o, targets };
    const alu = aluLines(b, opts.iset, pr, explicitLiterals);
    const lines = [
      ...hsLines(b),
      ...ssLines(b, oo, pr),
      ...(cdsOrder ? inCdsOrder(b, alu) : alu),
      ...cs0Lines(b, oo, pr),
      ...cs1Lines(b, oo, pr),
      ...aasLines(b, oo, pr),
      ...plsLines(b, pr),
    ];
    if (b.hs & 0x800) pr.list.push("HS: reserved bit 11 set");
    pr.list.push(...bundleProblems(b, opts.iset), ...controlProblems(b, opts.iset));
    if (b.ales25Allocated && b.ales[2] === undefined && b.ales[5] === undefined) {
      pr.list.push("ALES2/ALES5 word allocated but neither is marked in HS");
    }
    return { lines, problems: pr.list };
  };
  let out = render(false, false);
  // gas places literals and CDS conditions in source order, which our text (in channel order)
  // does not keep. When the plain text would not give these bytes back, name every literal's
  // placement and/or write the conditioned operations in CDS order.
  const refs = literalUse(b, opts.iset)[0].length;
  const conds = b.cds.filter((w) => w !== undefined).length;
  if (out.problems.length === 0 && (refs > 1 || conds > 0)) {
    const want = bytes.subarray(offset, offset + b.length);
    if (!reassembles(render(false, false, "units").lines, want, opts.iset)) {
      for (const [lit, order] of [
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        if ((lit && refs < 2) || (order && conds === 0)) continue;
        if (reassembles(render(lit, order, "units").lines, want, opts.iset)) {
          out = render(lit, order);
          break;
        }
      }
    }
  }
  return { ok: true, length: b.length, bundle: b, lines: out.lines, problems: out.problems };
}

/** ALU lines with the conditioned operations reordered as their CDS entries are (gas fills the
 *  high half of CDS0 first); the other operations keep their places. */
function inCdsOrder(b: RawBundle, alu: readonly string[]): string[] {
  const groups: { ch: number; lines: string[] }[] = [];
  for (const l of alu) {
    const m = /^([a-z_0-9]+),(\d)/.exec(l);
    const last = groups[groups.length - 1];
    if (m && m[1] !== "incr") groups.push({ ch: Number(m[2]), lines: [l] });
    else if (last) last.lines.push(l);
    else groups.push({ ch: -1, lines: [l] });
  }
  const rank = (ch: number): number | undefined => {
    if (ch < 0) return undefined;
    let k = 0;
    for (const w of b.cds) {
      if (w === undefined) continue;
      for (const e of [w >>> 16, w & 0xffff]) {
        const opc = e >>> 14;
        if ((opc & 1) === (ch < 3 ? 0 : 1) && (e >>> 10) & 7 & (1 << (ch % 3))) return k;
        k++;
      }
    }
    return undefined;
  };
  const ranked = groups.map((g, i) => ({ g, i, r: rank(g.ch) }));
  const slots = ranked.filter((x) => x.r !== undefined);
  const sorted = [...slots].sort((x, y) => (x.r ?? 0) - (y.r ?? 0) || x.i - y.i);
  const result = groups.slice();
  slots.forEach((slot, j) => {
    result[slot.i] = sorted[j]?.g ?? slot.g;
  });
  return result.flatMap((g) => g.lines);
}

function reassembles(lines: readonly string[], want: Uint8Array, iset: number): boolean {
  try {
    const got = encodeBundle(
      lines.map((text, i) => ({ text, line: i + 1 })),
      true,
      {
        iset,
        evalExpr: (text) => {
          const m = /^\s*(-)?\s*(0x[0-9a-f]+|\d+)\s*$/i.exec(text);
          if (!m) throw new Error(`not a number: ${text}`);
          const v = BigInt(m[2] ?? "0");
          return { kind: "const", value: m[1] ? -v : v };
        },
      },
    ).bytes;
    return got.length === want.length && got.every((x, i) => x === want[i]);
  } catch {
    return false;
  }
}
