// Builds a fixture program with the project's own toolchain (build/e2k-as + build/e2k-ld), the way
// programs/README.md builds the reference: from the programs folder, -mcpu=elbrus-vN, -I include.
import { copyFileSync, cpSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";

import { buildDir, programsDir, repoRoot, runCommand } from "./guest-run";

export interface ToolchainBuild {
  elf?: string;
  /** why there is no executable (tool missing, assembler or linker error) */
  error?: string;
}

function firstError(stderr: string, fallback: string): string {
  const lines = stderr.split("\n").filter((l) => l.trim() !== "" && !/Assembler messages:$/.test(l));
  return (lines[0] ?? fallback).slice(0, 200);
}

export async function buildWithToolchain(
  name: string,
  iset: number,
  outDir: string,
): Promise<ToolchainBuild> {
  const as = path.join(buildDir, "e2k-as");
  const ld = path.join(buildDir, "e2k-ld");
  if (!existsSync(as)) return { error: "build/e2k-as is not built" };
  if (!existsSync(ld)) return { error: "build/e2k-ld is not built" };
  // Relative names in a copy of the sources, as the reference was built: the object's file name
  // ends up in the symbol table, so only then can the result be byte-identical.
  const dir = path.join(outDir, `v${iset}`, name);
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(programsDir, "include"), path.join(dir, "include"), { recursive: true });
  copyFileSync(path.join(programsDir, `${name}.S`), path.join(dir, `${name}.S`));
  const a = await runCommand(as, [`-mcpu=elbrus-v${iset}`, "-I", "include", `${name}.S`, "-o", `${name}.o`], {
    cwd: dir,
    timeoutMs: 60000,
  });
  if (a.status !== 0 || !existsSync(path.join(dir, `${name}.o`)))
    return { error: `e2k-as: ${firstError(a.stderr, `status ${a.status}`)}` };
  const l = await runCommand(ld, ["-e", "_start", `${name}.o`, "-o", `${name}.elf`], {
    cwd: dir,
    timeoutMs: 60000,
  });
  const elf = path.join(dir, `${name}.elf`);
  if (l.status !== 0 || !existsSync(elf))
    return { error: `e2k-ld: ${firstError(l.stderr, `status ${l.status}`)}` };
  return { elf };
}

/** Include folders of the test programs: the fixtures' macros and tests/tcg/e2k (signals.inc, ...). */
export const TEST_INCLUDES = [path.join(programsDir, "include"), path.join(repoRoot, "tests", "tcg", "e2k")];

/**
 * Assembles and links one test program (`src`, a .S file) into `outDir` with build/e2k-as and
 * build/e2k-ld (entry _start); returns the executable. Throws with the tool's message on failure.
 */
export async function assembleProgram(src: string, outDir: string, mcpu = "elbrus-v4"): Promise<string> {
  const name = path.basename(src, ".S");
  const obj = path.join(outDir, `${name}.o`);
  const elf = path.join(outDir, `${name}.elf`);
  const includes = TEST_INCLUDES.flatMap((d) => ["-I", d]);
  const a = await runCommand(path.join(buildDir, "e2k-as"), [`-mcpu=${mcpu}`, ...includes, src, "-o", obj], {
    timeoutMs: 60000,
  });
  if (a.status !== 0) throw new Error(`e2k-as ${name}: ${a.stderr}`);
  const l = await runCommand(path.join(buildDir, "e2k-ld"), ["-e", "_start", obj, "-o", elf], {
    timeoutMs: 60000,
  });
  if (l.status !== 0) throw new Error(`e2k-ld ${name}: ${l.stderr}`);
  return elf;
}
