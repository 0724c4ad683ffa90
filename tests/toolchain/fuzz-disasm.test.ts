// Short seeded fuzz run in CI (the long campaign is fuzz-disasm-campaign.ts): random bytes and
// syllable mixes never make the decoder/disassembler throw, known-illegal mutations of golden
// bundles are always reported, and random legal bundles made by the encoder come back to the
// same bytes through disassembler -> encoder.
import t from "tap";
import { readGolden } from "./disasm-golden";
import { ISETS, runCampaign, type LegalSample } from "./fuzz-disasm-gen";

const SEED = 20261201;
const COUNT = 6000;

t.test(`fuzz: ${COUNT} cases, seed ${SEED}`, async (t) => {
  const samples: LegalSample[] = [];
  for (const iset of ISETS) {
    const recs = readGolden(iset).filter((r) => !r.mnemonics.includes("fapb"));
    // A slice of each iset is enough for the short run.
    for (let i = 0; i < recs.length; i += 7)
      samples.push({ iset, bytes: Buffer.from(recs[i]?.hex ?? "", "hex") });
  }
  const res = runCampaign(SEED, COUNT, samples);
  const c = res.counts;
  t.same(res.failures, [], "no throw, every known-illegal mutation reported, every round trip exact");
  t.ok((c["bytes-illegal"] ?? 0) > 0 && (c["mix-illegal"] ?? 0) > 0, "random input is reported as illegal");
  t.ok((c["mix-clean"] ?? 0) > 0, "some syllable mixes decode cleanly (the decoder got past the layout)");
  t.ok((c["mutation-illegal"] ?? 0) > 500, `mutations checked: ${c["mutation-illegal"]}`);
  t.ok((c["legal-roundtrip"] ?? 0) > 800, `legal bundles round-tripped: ${c["legal-roundtrip"]}`);
  // The encoder accepts every text the disassembler prints for a bundle the encoder made (it once
  // refused a 5-bit src1 literal next to an explicit `_f32s`/`_f16s` src2 literal).
  t.same(res.rejected.slice(0, 3), [], "the encoder accepts our text for every bundle it made itself");
  t.equal(c["legal-rejected"] ?? 0, 0, "no legal bundle refused");
});
