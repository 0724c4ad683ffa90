// Disassemble -> assemble round trip over every golden bundle: our text for a bundle, fed to the
// encoder (target/e2k/asm/encode, the same one e2k-as uses), must give back the same bytes.
import t from "tap";
import { encodeBundle } from "../../target/e2k/asm/encode";
import { disassembleBundle, fapbLines } from "../../target/e2k/disasm";
import { numericContext, readGolden } from "./disasm-golden";

// Records that round-trip: all of them, the 4 `fapb` APB entry pairs of each iset included.
const FLOOR: Record<number, number> = { 2: 15405, 3: 15906, 4: 16118, 5: 31386, 6: 32653 };

for (const iset of [2, 3, 4, 5, 6]) {
  t.test(`golden v${iset}: disassemble -> encodeBundle gives the same bytes`, async (t) => {
    const ctx = numericContext(iset);
    let same = 0;
    let total = 0;
    const failures: string[] = [];
    for (const r of readGolden(iset)) {
      total++;
      const bytes = Buffer.from(r.hex, "hex");
      const d = disassembleBundle(bytes, 0, { iset, targets: "units" });
      // Bytes that are not one whole bundle are an APB entry pair (the `fapb` records).
      const apb = d.ok && d.length === bytes.length ? undefined : fapbLines(bytes, 0);
      if (r.mnemonics.includes("fapb") !== (apb !== undefined)) {
        failures.push(`${r.hex}: ${apb ? "not a bundle" : "fapb record read as a bundle"}`);
        continue;
      }
      const lines = apb ?? (d.ok ? d.lines : []);
      let got: string;
      try {
        got = Buffer.from(
          encodeBundle(
            lines.map((text, i) => ({ text, line: i + 1 })),
            true,
            ctx,
          ).bytes,
        ).toString("hex");
      } catch (e) {
        got = `error: ${(e as Error).message}`;
      }
      if (got === r.hex) same++;
      else failures.push(`${JSON.stringify(lines)}\n    want ${r.hex}\n    got  ${got}`);
    }
    t.ok(same >= (FLOOR[iset] ?? total), `${same}/${total} round-trip (floor ${FLOOR[iset]})`);
    if (same < total) {
      t.same(failures.slice(0, 5), [], "records that do not round-trip");
    }
  });
}
