// Front end + linker against every reference program, independent of the instruction encoder:
// a replay encoder (test-only) returns, for each wide instruction, the bytes at the same offset
// of the reference .text, sized by its HS syllable. So this checks that statements, macros,
// directives, data, alignment, labels, relocations of data (.quad label) and the linker's layout
// reproduce the reference executable exactly; the real encoder is checked in programs-link.
import t from "tap";
import { link } from "../../target/e2k/ld/link";
import { AsmError, type EncodeBundle } from "../../target/e2k/asm/encoder-api";
import { readElf } from "../../target/e2k/elf/read";
import { assembleProgram, imageDifferences, programs, readReference } from "./lib/asm-programs";

for (const p of programs()) {
  t.test(p.name, async (t) => {
    const ref = readReference(p);
    const text = ref.sectionByName(".text");
    if (!text) throw new Error("reference has no .text");
    let calls = 0;
    const replay: EncodeBundle = (ops, _braced, ctx) => {
      calls++;
      // Expressions in operands must evaluate (labels, .equ names, arithmetic).
      for (const op of ops)
        for (const m of op.text.matchAll(
          /(?:^|[\s,])((?:\.L|[A-Za-z_])[A-Za-z0-9_.$]*|\([^)]*\))(?=\s*(?:,|$))/g,
        )) {
          const word = (m[1] as string).trim();
          if (/^(wbs|wsz|nfx|dbl|rsz|rbs|rcur|psz|alcf|alct|abnf|abnt|abpf|abpt|mas)$/.test(word)) continue;
          if (
            /^[a-z]/.test(word) &&
            !/^(greeting|lib_|jumptab|fname|text|check_str|bench_main|print_u64|rt_digits)/.test(word)
          )
            continue;
          ctx.evalExpr(word);
        }
      if (ctx.section !== ".text" || ctx.offset === undefined)
        throw new AsmError("replay: bundle outside .text");
      const off = ctx.offset;
      const hs = text.data[off] ?? 0;
      const len = (((hs >> 4) & 7) + 1) * 8;
      if (off + len > text.data.length)
        throw new AsmError(`replay: bundle at 0x${off.toString(16)} beyond the reference .text`);
      return { bytes: text.data.slice(off, off + len), relocs: [], warnings: [] };
    };
    const { result, object } = assembleProgram(p, replay);
    t.same(
      result.messages
        .filter((m) => m.kind === "Error")
        .map((m) => `${m.loc?.file}:${m.loc?.line}: ${m.text}`),
      [],
      "assembles without errors",
    );
    t.ok(calls > 0, "wide instructions were encoded");
    if (!object) return;
    const exe = link([{ name: `${p.name}.o`, bytes: object }]);
    const ours = readElf(exe.bytes);
    t.same(imageDifferences(ours, ref), [], "loaded image and entry equal the reference");
    // Symbols the linker script defines, with the section ld attaches them to.
    const scriptSyms = (e: typeof ref): string[] =>
      ["__bss_start", "_edata", "_end"].map((n) => {
        const s = e.symbols.find((x) => x.name === n);
        return `${n}=0x${s?.value.toString(16)} in ${e.sections[s?.shndx ?? 0]?.name}`;
      });
    t.same(scriptSyms(ours), scriptSyms(ref), "__bss_start, _edata, _end as ld defines them");
  });
}
