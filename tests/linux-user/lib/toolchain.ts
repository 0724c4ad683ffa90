// Builds a fixture program with the project's own toolchain (build/e2k-as + build/e2k-ld), the way
// programs/README.md builds the reference: from the programs folder, -mcpu=elbrus-vN, -I include.
import { copyFileSync, cpSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";

import { buildDir, programsDir, runCommand } from "./guest-run";

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
