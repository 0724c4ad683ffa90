// Placeholder until the linux-user work lands: the mode rule and the hand-over to the native
// user-mode runtime. Owned by the linux-user work (it replaces this file).
import { spawnSync } from "node:child_process";
import path from "node:path";

const SYSTEM_OPTIONS = new Set([
  "-M",
  "-machine",
  "-m",
  "-device",
  "-netdev",
  "-nic",
  "-object",
  "-qtest",
  "-qmp",
  "-monitor",
  "-chardev",
  "-mon",
  "-nodefaults",
  "-display",
  "-accel",
]);

export function isSystemModeCommandLine(args: readonly string[]): boolean {
  for (const a of args) {
    if (!a.startsWith("-")) return false;
    if (SYSTEM_OPTIONS.has(a.replace(/^--/, "-"))) return true;
  }
  return false;
}

export function runUserMode(args: readonly string[]): never {
  const runtime = path.join(path.dirname(process.argv[1] ?? "."), "..", "qemu-e2k-static");
  const r = spawnSync(runtime, args, { stdio: "inherit" });
  if (r.signal) process.kill(process.pid, r.signal);
  process.exit(r.status ?? 1);
}
