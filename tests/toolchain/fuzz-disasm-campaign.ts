// Long fuzz campaign for the disassembler (run by hand, not in CI):
//   node --import tsx tests/toolchain/fuzz-disasm-campaign.ts --seed S --count N
// Prints the case counts per kind/outcome and the first failures; exit status 1 on any failure.
import { readGolden } from "./disasm-golden";
import { ISETS, runCampaign, type LegalSample } from "./fuzz-disasm-gen";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) {
    process.stderr.write(`fuzz-disasm-campaign: --${name} needs a non-negative integer\n`);
    process.exit(2);
  }
  return v;
}

const seed = arg("seed", 1);
const count = arg("count", 100000);
const samples: LegalSample[] = [];
for (const iset of ISETS) {
  for (const r of readGolden(iset))
    if (!r.mnemonics.includes("fapb")) samples.push({ iset, bytes: Buffer.from(r.hex, "hex") });
}
const started = Date.now();
const chunk = 50000;
const counts: Record<string, number> = {};
const failures: string[] = [];
const rejected: string[] = [];
for (let done = 0; done < count; done += chunk) {
  const n = Math.min(chunk, count - done);
  // Each chunk has its own derived seed so the run is reproducible chunk by chunk.
  const res = runCampaign((seed + done) >>> 0, n, samples);
  for (const [k, v] of Object.entries(res.counts)) counts[k] = (counts[k] ?? 0) + v;
  failures.push(...res.failures.slice(0, 50 - failures.length));
  rejected.push(...res.rejected.slice(0, 10 - rejected.length));
  process.stderr.write(`\r${done + n}/${count} cases, ${failures.length} failure(s)`);
}
process.stderr.write("\n");
const secs = ((Date.now() - started) / 1000).toFixed(1);
process.stdout.write(`seed ${seed}, ${count} cases in ${secs}s\n`);
for (const k of Object.keys(counts).sort()) process.stdout.write(`  ${k.padEnd(22)} ${counts[k]}\n`);
for (const f of rejected) process.stdout.write(`REJECTED-BY-ENCODER ${f}\n`);
for (const f of failures) process.stdout.write(`FAIL ${f}\n`);
process.exitCode = failures.length ? 1 : 0;
