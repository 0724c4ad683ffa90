// Every golden reject (inputs MCST gas refused) must be refused with an AsmError; the message
// should be gas's own wording. The matched fraction is asserted as a floor.
import t from "tap";
import { encodeBundle } from "../../target/e2k/asm/encode/index";
import { AsmError } from "../../target/e2k/asm/encoder-api";
import { goldenContext, readGolden, splitSource } from "./lib/encode-golden";

/** Records per iset whose message may differ from gas's (see the comments printed). */
const MESSAGE_MISMATCH_CEILING = 0;

for (let iset = 2; iset <= 6; iset++) {
  t.test(`rejects v${iset}`, (t) => {
    const records = readGolden(`v${iset}-rejects.jsonl.gz`);
    const ctx = goldenContext(iset);
    let rejected = 0;
    let matched = 0;
    for (const r of records) {
      const { braced, ops } = splitSource(r.src);
      try {
        encodeBundle(ops, braced, ctx);
        t.fail(`accepted: ${JSON.stringify(r.src)}`);
      } catch (e) {
        if (!(e instanceof AsmError)) {
          t.fail(`crashed on ${JSON.stringify(r.src)}: ${(e as Error).stack}`);
          continue;
        }
        rejected++;
        if (e.message === r.error) matched++;
        else t.comment(`message differs for ${JSON.stringify(r.src)}: gas "${r.error}", ours "${e.message}"`);
      }
    }
    t.equal(rejected, records.length, `v${iset}: every reject is refused`);
    t.ok(
      records.length - matched <= MESSAGE_MISMATCH_CEILING,
      `v${iset}: ${matched}/${records.length} messages are gas's own text`,
    );
    t.end();
  });
}
