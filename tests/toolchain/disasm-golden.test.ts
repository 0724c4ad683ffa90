// Disassembles every golden bundle (tests/fixtures/golden/v2..v6) and compares with MCST
// objdump's text. A record either matches exactly or differs only by deliberate differences
// (docs/objdump.md), which tests/toolchain/disasm-golden.ts models one by one; the counts are
// exact so any change in behaviour shows up here.
import t from "tap";
import { disassembleBundle, fapbLines } from "../../target/e2k/disasm";
import { compareWithObjdump, readGolden } from "./disasm-golden";

type Counts = Record<string, number>;

// same = identical to objdump; deliberate = differs only by the named deliberate differences
// (a record may need several); every other key counts records needing that difference.
const EXPECTED: Record<number, Counts> = {
  2: {
    "aaurr-no-operands": 431,
    deliberate: 2994,
    "aaurw-as-staa": 461,
    same: 12411,
    "empty-hi": 378,
    "quad-special-destination": 48,
    "quad-printed-twice": 230,
    "ldaa-not-decoded": 50,
    "state-reg-unnamed": 8,
    "store-operand-order": 1379,
    "ct-never": 4,
    "ipd-0": 2,
    "zero-block": 3,
    "apb-as-fapb": 3,
    "apb-zero-ct": 1,
    abg: 35,
    set_mark: 2,
    settr: 6,
    vfrpsz: 5,
    spred5: 3,
    "pls-unused-shown": 29,
    "movaq-once": 3,
    "literal-placement": 15,
  },
  3: {
    "aaurr-no-operands": 431,
    deliberate: 2695,
    "aaurw-as-staa": 461,
    same: 13211,
    "empty-hi": 406,
    "quad-special-destination": 41,
    "quad-printed-twice": 82,
    "ldaa-not-decoded": 50,
    "state-reg-unnamed": 4,
    "store-operand-order": 1131,
    "ct-never": 4,
    "ipd-0": 2,
    "pls-unused-shown": 48,
    "zero-block": 3,
    "apb-as-fapb": 3,
    "apb-zero-ct": 1,
    abg: 38,
    set_mark: 2,
    "rpc-predicate": 12,
    flushts: 1,
    settr: 6,
    vfrpsz: 5,
    spred5: 3,
    "movaq-once": 3,
    "literal-placement": 15,
    "cds-order": 1,
  },
  4: {
    "aaurr-no-operands": 431,
    deliberate: 2659,
    "aaurw-as-staa": 461,
    same: 13459,
    "empty-hi": 409,
    "quad-special-destination": 39,
    "quad-printed-twice": 76,
    "ldaa-not-decoded": 50,
    "state-reg-unnamed": 4,
    "store-operand-order": 1070,
    "ct-never": 4,
    "ipd-0": 2,
    "pls-unused-shown": 49,
    "zero-block": 3,
    "apb-as-fapb": 3,
    "apb-zero-ct": 1,
    abg: 51,
    set_mark: 2,
    "rpc-predicate": 12,
    flushts: 1,
    settr: 6,
    vfrpsz: 5,
    "wait-sas-sal-v4": 5,
    spred5: 3,
    "movaq-once": 3,
    "literal-placement": 15,
  },
  5: {
    "aaurr-no-operands": 431,
    deliberate: 14788,
    "aaurw-as-staa": 461,
    same: 16598,
    "empty-hi": 553,
    "quad-special-destination": 40,
    "quad-printed-twice": 96,
    "ldaa-not-decoded": 60,
    "plog-ambiguous": 11792,
    "state-reg-unnamed": 4,
    "store-operand-order": 1455,
    "ct-never": 4,
    "ipd-0": 2,
    "pls-unused-shown": 45,
    "zero-block": 3,
    "apb-as-fapb": 3,
    "apb-zero-ct": 1,
    abg: 36,
    set_mark: 2,
    "rpc-predicate": 12,
    flushts: 1,
    settr: 6,
    vfrpsz: 5,
    spred5: 3,
    "movaq-once": 3,
    "literal-placement": 15,
  },
  6: {
    "aaurr-no-operands": 431,
    deliberate: 14982,
    "aaurw-as-staa": 461,
    same: 17671,
    "empty-hi": 570,
    "quad-special-destination": 40,
    "quad-printed-twice": 95,
    "ldaa-not-decoded": 60,
    "plog-ambiguous": 11796,
    "state-reg-unnamed": 140,
    "store-operand-order": 1475,
    "ct-never": 4,
    "ipd-0": 2,
    "pls-unused-shown": 53,
    "zero-block": 3,
    "apb-as-fapb": 3,
    "apb-zero-ct": 1,
    abg: 39,
    set_mark: 2,
    "rpc-predicate": 12,
    flushts: 1,
    settr: 6,
    vfrpsz: 5,
    "wait-v6-flags": 6,
    spred5: 3,
    "movaq-once": 3,
    "literal-placement": 15,
  },
};

for (const iset of [2, 3, 4, 5, 6]) {
  t.test(`golden v${iset}: our text vs MCST objdump`, async (t) => {
    const counts: Counts = {};
    const unexplained: string[] = [];
    const withProblems: string[] = [];
    const records = readGolden(iset);
    for (const r of records) {
      const bytes = Buffer.from(r.hex, "hex");
      const d = disassembleBundle(bytes, 0, { iset });
      let lines: readonly string[];
      // 16 bytes of which the bundle covers only the first 8 (a zero `ct` half): an APB entry pair.
      if (d.ok && d.length === bytes.length) {
        lines = d.lines;
        if (d.problems.length) withProblems.push(`${r.src}: ${d.problems.join("; ")}`);
      } else {
        // Not a bundle: an APB entry pair (the `fapb` records), printed as `fapb` statements.
        lines = fapbLines(bytes, 0) ?? [];
        if (!r.mnemonics.includes("fapb"))
          withProblems.push(`${r.src}: ${d.ok ? "short" : d.problems.join("; ")}`);
      }
      const v = compareWithObjdump(lines, r.disasm, iset);
      counts[v.kind === "differs" ? "differs" : v.kind] = (counts[v.kind] ?? 0) + 1;
      if (v.kind === "deliberate") for (const q of v.quirks) counts[q] = (counts[q] ?? 0) + 1;
      if (v.kind === "differs" && unexplained.length < 20) {
        unexplained.push(
          `${r.src.replace(/\n/g, " ")}\n  objdump: ${JSON.stringify(r.disasm)}\n  ours:    ${JSON.stringify(lines)}`,
        );
      }
    }
    t.same(unexplained, [], "every difference from objdump is a documented deliberate one");
    t.same(withProblems, [], "no golden bundle is reported as illegal");
    t.same(counts, EXPECTED[iset], "exact counts of identical records and of each deliberate difference");
    t.equal((counts.same ?? 0) + (counts.deliberate ?? 0), records.length, "all records accounted for");
  });
}
