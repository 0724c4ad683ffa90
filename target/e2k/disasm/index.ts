// E2K disassembler: bundle bytes -> syllables (bundle.ts) -> operations -> text lines in MCST
// objdump's order: HS, SS, ALS0..5, CS0, CS1, AAS, PLS2..0 (see docs/objdump.md for where
// our text deliberately differs from objdump's).
import { aluLines } from "./alu-text";
import { splitBundle, type RawBundle } from "./bundle";
import { aasLines, cs0Lines, cs1Lines, hsLines, plsLines, ssLines, type TargetStyle } from "./control-text";
import type { Problems } from "./operands";

export { splitBundle, bundleLengthFromHs, type RawBundle } from "./bundle";
export type { TargetStyle } from "./control-text";
export { apbLines } from "./apb";

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
  const pr: Problems = { list: [] };
  const o = { iset: opts.iset, address: opts.address ?? 0n, targets: opts.targets ?? "address" };
  const lines = [
    ...hsLines(b),
    ...ssLines(b, o, pr),
    ...aluLines(b, opts.iset, pr),
    ...cs0Lines(b, o, pr),
    ...cs1Lines(b, o, pr),
    ...aasLines(b, o, pr),
    ...plsLines(b, pr),
  ];
  if (b.hs & 0x800) pr.list.push("HS: reserved bit 11 set");
  return { ok: true, length: b.length, bundle: b, lines, problems: pr.list };
}
