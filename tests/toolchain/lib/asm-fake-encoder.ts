// A test-only stand-in for the wide-instruction encoder, so the front-end tests do not depend on
// the real one: `op` -> 8 bytes (HS word 0x10 * (n - 1) + ops count, then 0xAAAAAAAA); `lit EXPR`
// adds a 64-bit literal (a constant, or an R_E2K_64_ABS_LIT relocation); `disp EXPR` puts a
// bundle-relative R_E2K_DISP in the second word; `bad` throws an AsmError naming its line.
import { AsmError, type BundleReloc, type EncodeBundle } from "../../../target/e2k/asm/encoder-api";
import { R_E2K_64_ABS_LIT, R_E2K_DISP } from "../../../target/e2k/elf/constants";

export interface FakeCall {
  readonly ops: readonly string[];
  readonly braced: boolean;
  readonly offset: number | undefined;
  readonly ldStStyle: boolean;
  readonly noStrictDelay: boolean;
}

export function fakeEncoder(calls: FakeCall[] = []): EncodeBundle {
  return (ops, braced, ctx) => {
    calls.push({
      ops: ops.map((o) => o.text),
      braced,
      offset: ctx.offset,
      ldStStyle: ctx.ldStStyle ?? false,
      noStrictDelay: ctx.noStrictDelay ?? false,
    });
    const words: number[] = [0, 0xaaaaaaaa];
    const relocs: BundleReloc[] = [];
    for (const op of ops) {
      const m = /^(\w+)\s*(.*)$/.exec(op.text);
      const name = m?.[1] ?? "";
      const arg = m?.[2] ?? "";
      if (name === "bad") throw new AsmError(`bad operation \`${op.text}'`, op.line);
      if (name === "lit") {
        const v = ctx.evalExpr(arg);
        if (v.kind === "const")
          words.push(Number((v.value >> 32n) & 0xffffffffn), Number(v.value & 0xffffffffn));
        else {
          relocs.push({
            offset: words.length * 4,
            type: R_E2K_64_ABS_LIT,
            symbol: v.symbol,
            addend: v.addend,
          });
          words.push(0, 0);
        }
      } else if (name === "disp") {
        const v = ctx.evalExpr(arg);
        if (v.kind === "const") words[1] = Number(v.value & 0x0fffffffn);
        else relocs.push({ offset: 4, type: R_E2K_DISP, symbol: v.symbol, addend: v.addend + 4n });
        words[1] = 0x0; // CS0-like word: the displacement goes in bits 27:0
      }
    }
    if (words.length % 2 !== 0) words.push(0);
    words[0] = (((words.length / 2 - 1) << 4) | ops.length) >>> 0;
    const bytes = new Uint8Array(words.length * 4);
    const dv = new DataView(bytes.buffer);
    words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
    return { bytes, relocs, warnings: braced ? [] : [] };
  };
}
