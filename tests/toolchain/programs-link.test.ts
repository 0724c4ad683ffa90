// Acceptance: every fixture program assembled by e2k-as (real encoder) and linked by e2k-ld has
// the reference executable's loaded segments, section bytes and entry point. Programs the
// encoder cannot build yet are `todo` with the first reason; the passing count is a floor.
import t from "tap";
import { encodeBundle } from "../../target/e2k/asm/encode/index";
import { link } from "../../target/e2k/ld/link";
import { readElf } from "../../target/e2k/elf/read";
import { readFileSync } from "node:fs";
import {
  assembleProgram,
  firstDifference,
  imageDifferences,
  programs,
  readReference,
} from "./lib/asm-programs";

// Programs known to build byte-exactly; raise it as the encoder grows, never lower it.
const FLOOR = 40;

let passing = 0;
let identical = 0;
const results: string[] = [];
for (const p of programs()) {
  const { result, object } = assembleProgram(p, encodeBundle);
  let reason: string | undefined;
  if (!object) {
    const first = result.messages.find((m) => m.kind === "Error");
    reason = `${result.errors} assembler error(s), first: ${first?.loc?.file}:${first?.loc?.line}: ${first?.text}`;
  } else {
    const exe = link([{ name: `${p.name}.o`, bytes: object }]).bytes;
    const diffs = imageDifferences(readElf(exe), readReference(p));
    if (diffs.length > 0) reason = `image differs: ${diffs.slice(0, 3).join("; ")}`;
    // Beyond the loaded image: the whole file (symbol and string tables, section headers).
    const first = firstDifference(exe, new Uint8Array(readFileSync(p.reference)));
    if (first === undefined) identical++;
    else
      t.fail(`${p.name}: whole file equals the reference`, {
        todo: `first difference at file offset 0x${first.toString(16)}`,
      });
  }
  results.push(`${p.name}: ${reason ?? "ok"}`);
  if (reason === undefined) {
    passing++;
    t.pass(`${p.name}: executable equals the reference`);
  } else t.fail(`${p.name}: executable equals the reference`, { todo: reason });
}

// The README of the programs: the builds for the newer isets have a byte-identical .text and differ
// only in e_flags. Checked for the newest iset each program applies to.
let newest = 0;
for (const p of programs()) {
  const iset = Math.max(...p.isets);
  if (iset === Number(p.cpu.slice(-1))) continue;
  const { object } = assembleProgram(p, encodeBundle, `elbrus-v${iset}`);
  const diffs = object
    ? imageDifferences(
        readElf(link([{ name: `${p.name}.o`, bytes: object }]).bytes),
        readReference(p),
        iset << 24,
      )
    : ["assembler errors"];
  if (diffs.length === 0) newest++;
  else
    t.fail(`${p.name} for elbrus-v${iset}: same image as the reference but e_flags`, {
      todo: diffs.slice(0, 3).join("; "),
    });
}
t.equal(newest, 40, "every program built for elbrus-v6 equals the reference except in e_flags");

t.equal(identical, 40, "every executable is byte-identical to the MCST-built reference");
t.ok(passing >= FLOOR, `at least ${FLOOR} programs build byte-exactly (now ${passing})`);
t.comment(results.join("\n"));
