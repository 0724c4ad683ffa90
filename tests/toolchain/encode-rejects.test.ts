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

t.test("mutated golden inputs are encoded or refused with an AsmError, never crash", (t) => {
  let seed = 20261201;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const records = readGolden("v6.jsonl.gz");
  const pieces = [
    "%",
    ",",
    "[",
    "]",
    "(",
    ")",
    "?",
    "~",
    " ",
    "0x",
    "-",
    "+",
    "_f16s,",
    "_lts2",
    "%r",
    "%pred",
  ];
  const extra = ["@p", "=", "99999999999999999999", "#", "||", "&&", ",sm", "%qpr", "%aasti", "%empty", ""];
  const alphabet = [...pieces, ...extra];
  let crashes = 0;
  for (let i = 0; i < 4000; i++) {
    const r = records[rnd(records.length)];
    if (!r) continue;
    const { braced, ops } = splitSource(r.src);
    const k = rnd(ops.length);
    let text = ops[k]?.text ?? "";
    for (let m = 1 + rnd(3); m > 0; m--) {
      const p = rnd(text.length + 1);
      const how = rnd(3);
      if (how === 0) text = text.slice(0, p) + alphabet[rnd(alphabet.length)] + text.slice(p);
      else if (how === 1) text = text.slice(0, p) + text.slice(p + 1 + rnd(4));
      else text = text.slice(0, p) + text.slice(rnd(text.length));
    }
    try {
      encodeBundle(
        ops.map((o, j) => (j === k ? { ...o, text } : o)),
        braced,
        goldenContext(6),
      );
    } catch (e) {
      if (!(e instanceof AsmError)) {
        crashes++;
        t.comment(`crash on ${JSON.stringify(text)}: ${(e as Error).stack}`);
      }
    }
  }
  t.equal(crashes, 0);
  t.end();
});
