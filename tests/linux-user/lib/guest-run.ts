// Runs guest programs under the user-mode launchers the way programs/README.md says: fresh
// temporary cwd, stdin /dev/null, 20 s timeout, status 128 + N for death by signal N.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const buildDir = path.join(repoRoot, "build");
export const programsDir = path.join(repoRoot, "tests", "fixtures", "programs");

/** The two ways to start user mode: the sh launcher (qemu-e2k) and the runtime itself. */
export const LAUNCHERS = {
  "qemu-e2k": path.join(buildDir, "qemu-e2k"),
  "qemu-e2k-static": path.join(buildDir, "qemu-e2k-static"),
} as const;
export type LauncherName = keyof typeof LAUNCHERS;

export const ISET_CPU: Record<number, string> = { 3: "e2s", 4: "e8c", 5: "e8c2", 6: "e16c" };

export interface GuestResult {
  stdout: Buffer;
  stderr: string;
  /** exit status, or 128 + N when killed by signal N (what a shell reports) */
  status: number;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  stdin?: Buffer;
}

export function runCommand(
  cmd: string,
  args: readonly string[],
  opts: RunOptions = {},
): Promise<GuestResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: [opts.stdin ? "pipe" : "ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs ?? 20000);
    child.stdout?.on("data", (d: Buffer) => out.push(d));
    child.stderr?.on("data", (d: Buffer) => err.push(d));
    if (opts.stdin) child.stdin?.end(opts.stdin);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const sigNum = signal ? (constants.signals[signal] ?? 0) : 0;
      resolve({
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString("utf8"),
        status: signal ? 128 + sigNum : (code ?? -1),
        signal,
        timedOut,
      });
    });
  });
}

/** Runs `launcher [opts] elf args` in a fresh empty temporary directory (removed afterwards). */
export async function runGuest(
  launcher: string,
  options: readonly string[],
  elf: string,
  args: readonly string[],
  opts: RunOptions = {},
): Promise<GuestResult> {
  const cwd = opts.cwd ?? mkdtempSync(path.join(tmpdir(), "qemu-e2k-run-"));
  try {
    return await runCommand(launcher, [...options, elf, ...args], { ...opts, cwd });
  } finally {
    if (!opts.cwd) rmSync(cwd, { recursive: true, force: true });
  }
}

export interface ProgramSpec {
  name: string;
  elf: string;
  source: string;
  expected: Buffer;
  exit: number;
  args: string[];
  isets: number[];
}

function readOptional(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** Every program of tests/fixtures/programs with its expectations. */
export function loadPrograms(dir: string = programsDir): ProgramSpec[] {
  const names = new Set<string>();
  for (const f of readdirSync(dir)) if (f.endsWith(".elf")) names.add(f.slice(0, -4));
  return [...names].sort().map((name) => {
    const base = path.join(dir, name);
    const isets = readOptional(`${base}.isets`)
      ?.trim()
      .split(/\s+/)
      .map((s) => Number(s)) ?? [3, 4, 5, 6];
    return {
      name,
      elf: `${base}.elf`,
      source: `${base}.S`,
      expected: readFileSync(`${base}.expected`),
      exit: Number(readOptional(`${base}.exit`)?.trim() ?? "0"),
      args: readOptional(`${base}.args`)?.trim().split(/\s+/).filter(Boolean) ?? [],
      isets,
    };
  });
}
