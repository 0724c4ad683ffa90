// The golden set through the whole e2k-as front end, not only the encoder API: per iset, every
// accepted sample goes into one source file (each behind its own label) and must come out as
// exactly its bytes at its label; every rejected sample, in one file too, must produce an error
// on one of its own lines (so errors are attributed to the right statement and assembly goes on).
import t from "tap";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { assemble } from "../../target/e2k/asm/assembler";
import { encodeBundle } from "../../target/e2k/asm/encode/index";

interface Rec {
  readonly src: string;
  readonly hex?: string;
  readonly error?: string;
}

function read(name: string): Rec[] {
  const text = gunzipSync(readFileSync(new URL(`../fixtures/golden/${name}`, import.meta.url))).toString(
    "utf8",
  );
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Rec);
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

for (let iset = 2; iset <= 6; iset++) {
  t.test(`v${iset}: accepted samples assemble to their bytes in one file`, async (t) => {
    const recs = read(`v${iset}.jsonl.gz`);
    const src = recs.map((r, i) => `g${i}:\n${r.src}\n`).join("");
    const res = assemble([{ name: `v${iset}.s`, text: src }], {
      iset,
      includeDirs: [],
      encode: encodeBundle,
    });
    t.equal(res.errors, 0, "no errors");
    const text = res.sections.find((s) => s.name === ".text")?.contents() ?? new Uint8Array(0);
    const at = (i: number): number =>
      i < recs.length ? Number(res.symbols.get(`g${i}`)?.value ?? -1n) : text.length;
    let pass = 0;
    const bad: string[] = [];
    for (let i = 0; i < recs.length; i++) {
      const got = hex(text.subarray(at(i), at(i + 1)));
      if (got === recs[i]?.hex) pass++;
      else if (bad.length < 5) bad.push(`${JSON.stringify(recs[i]?.src)}: want ${recs[i]?.hex}, got ${got}`);
    }
    for (const b of bad) t.comment(b);
    t.equal(pass, recs.length, `all ${recs.length} samples`);
  });

  t.test(`v${iset}: rejected samples each get an error on their own lines`, async (t) => {
    const recs = read(`v${iset}-rejects.jsonl.gz`);
    const lines: string[] = [];
    const ranges: Array<[number, number]> = [];
    for (const r of recs) {
      const first = lines.length + 1;
      lines.push(...r.src.split("\n"));
      ranges.push([first, lines.length]);
    }
    const res = assemble([{ name: `r${iset}.s`, text: lines.join("\n") + "\n" }], {
      iset,
      includeDirs: [],
      encode: encodeBundle,
    });
    const errorLines = res.messages.filter((m) => m.kind === "Error").map((m) => m.loc?.line ?? 0);
    let rejected = 0;
    const missed: string[] = [];
    ranges.forEach(([a, b], i) => {
      if (errorLines.some((l) => l >= a && l <= b)) rejected++;
      else if (missed.length < 5) missed.push(JSON.stringify(recs[i]?.src));
    });
    for (const m of missed) t.comment(`not rejected: ${m}`);
    t.equal(rejected, recs.length, `all ${recs.length} rejected`);
    t.notOk(
      res.messages.some((m) => m.text.startsWith("internal error")),
      "no internal errors",
    );
  });
}
