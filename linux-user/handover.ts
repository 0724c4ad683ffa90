// The mode rule (which of QEMU's two binaries a command line is for) and the hand-over of a
// user-mode line to the native runtime build/qemu-e2k-static. The rule's data is mode-rule.json;
// build/qemu-e2k (sh, from launcher.mjs) applies the same rule without starting Node, so this
// path only runs when the Node entry is started directly (node build/js/qemu-e2k.mjs ...).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import path from "node:path";

import rule from "./mode-rule.json";

const SYSTEM_OPTIONS = new Set(rule.systemOptions);
const USER_OPTIONS_WITH_ARGUMENT = new Set(rule.userOptionsWithArgument);

/** True when the options before the program contain a system-mode option. */
export function isSystemModeCommandLine(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "--" || !a.startsWith("-")) return false;
    const opt = a.startsWith("--") ? a.slice(1) : a;
    if (SYSTEM_OPTIONS.has(opt)) return true;
    if (USER_OPTIONS_WITH_ARGUMENT.has(opt)) i++;
  }
  return false;
}

/** build/qemu-e2k-static next to the bundle (build/js/..), or under build/ from a source checkout. */
export function findUserModeRuntime(entry: string = process.argv[1] ?? "."): string | undefined {
  const dir = path.dirname(path.resolve(entry));
  for (const candidate of [
    path.join(dir, "..", "qemu-e2k-static"),
    path.join(dir, "..", "build", "qemu-e2k-static"),
  ]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Runs the native runtime with the same arguments and ends this process the same way: the same
 * exit status, or death by the same signal. Node cannot exec, so it spawns and re-raises; if the
 * signal does not end Node (V8 keeps handlers for some), the status is 128 + N, what a shell shows.
 */
export function runUserMode(args: readonly string[]): never {
  const runtime = findUserModeRuntime();
  if (!runtime) {
    process.stderr.write("qemu-e2k: build/qemu-e2k-static is not built (run make)\n");
    process.exit(1);
  }
  const r = spawnSync(runtime, args, { stdio: "inherit" });
  if (r.error) {
    process.stderr.write(`qemu-e2k: cannot run ${runtime}: ${r.error.message}\n`);
    process.exit(1);
  }
  if (r.signal) {
    const num = constants.signals[r.signal] ?? 0;
    process.removeAllListeners(r.signal);
    try {
      process.kill(process.pid, r.signal);
    } catch {
      // fall through to the exit status below
    }
    process.exit(128 + num);
  }
  process.exit(r.status ?? 1);
}
