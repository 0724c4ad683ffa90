// Helpers for the program tests: the list of fixture programs, assembling one with a given
// encoder, and comparing an executable's loaded image with the reference ELF.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assemble, type AsmResult } from "../../../target/e2k/asm/assembler";
import type { EncodeBundle } from "../../../target/e2k/asm/encoder-api";
import { parseCpu } from "../../../target/e2k/asm/mcpu";
import { writeObject } from "../../../target/e2k/asm/object";
import { readElf, type ElfFile } from "../../../target/e2k/elf/read";
import { PT_LOAD } from "../../../target/e2k/elf/constants";

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures");

export interface Program {
  readonly name: string;
  readonly dir: string;
  /** Source file name relative to dir. */
  readonly source: string;
  readonly cpu: string;
  /** Isets the program applies to (its .isets file, default 3..6). */
  readonly isets: readonly number[];
  readonly includeDirs: readonly string[];
  readonly reference: string;
}

/** Every program of tests/fixtures/programs and tests/fixtures/bench with its reference ELF. */
export function programs(): Program[] {
  const out: Program[] = [];
  const pdir = path.join(FIXTURES, "programs");
  for (const f of readdirSync(pdir).sort()) {
    if (!f.endsWith(".S")) continue;
    const name = f.slice(0, -2);
    const isets = existsSync(path.join(pdir, `${name}.isets`))
      ? readFileSync(path.join(pdir, `${name}.isets`), "utf8")
          .trim()
          .split(/\s+/)
      : ["3", "4", "5", "6"];
    out.push({
      name,
      dir: pdir,
      source: f,
      cpu: `elbrus-v${isets[0] ?? "3"}`,
      isets: isets.map(Number),
      includeDirs: [path.join(pdir, "include")],
      reference: path.join(pdir, `${name}.elf`),
    });
  }
  const bdir = path.join(FIXTURES, "bench");
  for (const f of readdirSync(bdir).sort()) {
    if (!f.endsWith(".s") || f === "rt.s") continue;
    const name = f.slice(0, -2);
    out.push({
      name: `bench/${name}`,
      dir: bdir,
      source: f,
      cpu: "elbrus-v3",
      isets: [3, 4, 5, 6],
      includeDirs: [bdir],
      reference: path.join(bdir, `${name}.elf`),
    });
  }
  return out;
}

export function assembleProgram(
  p: Program,
  encode: EncodeBundle,
  cpuName = p.cpu,
): { result: AsmResult; object: Uint8Array | undefined } {
  const cpu = parseCpu(cpuName);
  if (!cpu) throw new Error(`bad cpu ${cpuName}`);
  const result = assemble([{ name: p.source, text: readFileSync(path.join(p.dir, p.source), "latin1") }], {
    iset: cpu.iset,
    includeDirs: p.includeDirs,
    encode,
  });
  const object =
    result.errors === 0
      ? writeObject(result, { flags: cpu.flags, fileSymbol: `${path.basename(p.name)}.o` })
      : undefined;
  return { result, object };
}

/** Differences between the loaded images (segments, entry, alloc section bytes) of two executables. */
export function imageDifferences(ours: ElfFile, ref: ElfFile, flags = ref.header.flags): string[] {
  const diffs: string[] = [];
  if (ours.header.entry !== ref.header.entry)
    diffs.push(`entry 0x${ours.header.entry.toString(16)} != 0x${ref.header.entry.toString(16)}`);
  if (ours.header.flags !== flags)
    diffs.push(`e_flags 0x${ours.header.flags.toString(16)} != 0x${flags.toString(16)}`);
  const loads = (e: ElfFile) => e.programHeaders.filter((p) => p.type === PT_LOAD);
  const a = loads(ours);
  const b = loads(ref);
  if (a.length !== b.length) diffs.push(`${a.length} PT_LOAD segments != ${b.length}`);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as (typeof a)[number];
    const y = b[i] as (typeof b)[number];
    for (const k of ["vaddr", "offset", "filesz", "memsz", "flags", "align"] as const)
      if (x[k] !== y[k]) diffs.push(`segment ${i} ${k} 0x${x[k].toString(16)} != 0x${y[k].toString(16)}`);
  }
  for (const name of [".text", ".rodata", ".data", ".bss"]) {
    const s = ours.sectionByName(name);
    const r = ref.sectionByName(name);
    if (!s && !r) continue;
    if (!s || !r) {
      diffs.push(`section ${name} ${s ? "extra" : "missing"}`);
      continue;
    }
    if (s.addr !== r.addr) diffs.push(`${name} address 0x${s.addr.toString(16)} != 0x${r.addr.toString(16)}`);
    if (s.size !== r.size) diffs.push(`${name} size 0x${s.size.toString(16)} != 0x${r.size.toString(16)}`);
    const n = Math.min(s.data.length, r.data.length);
    for (let k = 0; k < n; k++)
      if (s.data[k] !== r.data[k]) {
        diffs.push(`${name} differs first at 0x${(r.addr + BigInt(k)).toString(16)}`);
        break;
      }
  }
  return diffs;
}

export function readReference(p: Program): ElfFile {
  return readElf(new Uint8Array(readFileSync(p.reference)));
}

/** Offset of the first differing byte of two files, or undefined if they are equal. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return undefined;
}
