// Disassemble -> assemble round trip over every golden bundle: our text for a bundle, fed to the
// encoder (target/e2k/asm/encode, the same one e2k-as uses), must give back the same bytes.
import t from "tap";
import { encodeBundle } from "../../target/e2k/asm/encode";
import { disassembleBundle } from "../../target/e2k/disasm";
import { numericContext, readGolden } from "./disasm-golden";

// Records that round-trip (all of them; kept as floors so an encoder change that breaks some shows
// which). Not counted: the `fapb` APB entries, which are not bundles.
const FLOOR: Record<number, number> = { 2: 15401, 3: 15902, 4: 16114, 5: 31382, 6: 32649 };

for (const iset of [2, 3, 4, 5, 6]) {
  t.test(`golden v${iset}: disassemble -> encodeBundle gives the same bytes`, async (t) => {
    const ctx = numericContext(iset);
    let same = 0;
    let total = 0;
    const failures: string[] = [];
    for (const r of readGolden(iset)) {
      if (r.mnemonics.includes("fapb")) continue;
      total++;
      const bytes = Buffer.from(r.hex, "hex");
      const d = disassembleBundle(bytes, 0, { iset, targets: "units" });
      if (!d.ok) {
        failures.push(`${r.hex}: ${d.problems.join("; ")}`);
        continue;
      }
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
        got = `error: ${(e as Error).message}`;
      }
      if (got === r.hex) same++;
      else failures.push(`${JSON.stringify(d.lines)}\n    want ${r.hex}\n    got  ${got}`);
    }
    t.ok(same >= (FLOOR[iset] ?? total), `${same}/${total} round-trip (floor ${FLOOR[iset]})`);
    if (same < total) {
      t.same(failures.slice(0, 5), [], "records that do not round-trip");
    }
  });
}
