// Every golden bundle (MCST gas output, tests/fixtures/golden/v2..v6) must assemble to exactly
// its bytes, with gas's warnings; plus relocation requests for symbol operands.
import t from "tap";
import { encodeBundle } from "../../target/e2k/asm/encode/index";
import { goldenContext, readGolden, splitSource, toHex } from "./lib/encode-golden";

/** The notes we print for inputs gas accepts silently (golden README, "quirk-accepted"). */
const QUIRK_WARNING =
  /^(constant 0x[0-9a-f]+ does not fit a 32-bit operand|%(pred|pcnt)\d+ is out of range|more than one `nop'|`\w+' written with two operands)/;

for (let iset = 2; iset <= 6; iset++) {
  t.test(`golden v${iset}`, (t) => {
    const records = readGolden(`v${iset}.jsonl.gz`);
    const ctx = goldenContext(iset);
    const failing = new Map<string, string[]>();
    let pass = 0;
    let warnMismatch = 0;
    let quirkSilent = 0;
    for (const r of records) {
      const { braced, ops } = splitSource(r.src);
      let got: string;
      let warnings: readonly string[] = [];
      try {
        const out = encodeBundle(ops, braced, ctx);
        got = toHex(out.bytes);
        warnings = out.warnings;
      } catch (e) {
        got = `error: ${(e as Error).message}`;
      }
      if (got === r.hex) pass++;
      else {
        const list = failing.get(r.class) ?? [];
        list.push(`${JSON.stringify(r.src)}: want ${r.hex}, got ${got}`);
        failing.set(r.class, list);
      }
      // gas's warnings must all be there; ours may add the quirk notes gas does not print.
      const extra = warnings.filter((w) => !(r.warnings ?? []).includes(w));
      const missing = (r.warnings ?? []).filter((w) => !warnings.includes(w));
      if (missing.length > 0 || extra.some((w) => !QUIRK_WARNING.test(w))) warnMismatch++;
      if (r.class === "quirk-accepted" && extra.length === 0) quirkSilent++;
    }
    for (const [cls, list] of failing) t.comment(`v${iset} ${cls}: ${list.length} failing, e.g. ${list[0]}`);
    t.equal(pass, records.length, `v${iset}: every record assembles to its bytes`);
    t.equal(warnMismatch, 0, `v${iset}: gas's warnings, plus only our quirk notes`);
    t.equal(quirkSilent, 0, `v${iset}: every quirk-accepted input gets a warning`);
    t.end();
  });
}

t.test("symbol operands become relocations", (t) => {
  const ctx = goldenContext(5);
  const lit = encodeBundle([{ text: "addd,0 %dr1, sym + 8, %dr2", line: 1 }], true, ctx);
  t.equal(lit.relocs.length, 1);
  t.match(lit.relocs[0], { type: 51, symbol: "sym", addend: 8n }, "R_E2K_64_ABS_LIT");
  // HS ALS0 | LTS1 LTS0: the 64-bit literal's high word (LTS1) is at the lower address.
  t.equal(lit.relocs[0]?.offset, 8);
  const disp = encodeBundle([{ text: "disp %ctpr1, target", line: 1 }], true, ctx);
  t.match(
    disp.relocs,
    [{ type: 110, symbol: "target", offset: 4, addend: 4n }],
    "R_E2K_DISP on CS0, PC-relative to the bundle",
  );
  t.end();
});

t.test("brace-less operations get gas's implicit delays", (t) => {
  const ctx = goldenContext(4);
  const hs = (text: string, braced: boolean): number =>
    new DataView(encodeBundle([{ text, line: 1 }], braced, ctx).bytes.buffer).getUint32(0, true);
  t.equal((hs("cmpesb,0 %r1, %r2, %pred1", false) >> 7) & 7, 2, "integer compare: nop 2");
  t.equal((hs("cmpesb,0 %r1, %r2, %pred1", true) >> 7) & 7, 0, "inside braces: none");
  t.equal((hs("rws,0 %r1, %upsr", false) >> 7) & 7, 5, "rws: nop 5");
  t.end();
});
