// Guest signal handlers for signals from outside the guest's code (issue 3; LINUX-ABI.md §5):
// tests/linux-user/guest/signal_async.S installs handlers, prints "ready" and spins in translated
// code until this test sends it SIGUSR1 (the CPU loop must leave the block and enter the
// handler), then sleeps in pause() until alarm(1) delivers SIGALRM (pause returns -EINTR after
// the handler). Both launchers, both backends; every run is bounded in time. Handlers for faults
// and for signals the guest sends itself are covered by tests/tcg/e2k/signal_handler.S.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import t from "tap";

import { LAUNCHERS, repoRoot } from "./lib/guest-run";
import { assembleProgram } from "./lib/toolchain";

const srcDir = path.join(repoRoot, "tests", "linux-user", "guest");
const outDir = mkdtempSync(path.join(tmpdir(), "qemu-e2k-signals-"));
t.teardown(() => rmSync(outDir, { recursive: true, force: true }));

interface SignalRun {
  stdout: string;
  stderr: string;
  status: number;
  sent: boolean;
  timedOut: boolean;
}

/** Runs the guest, sends `sig` once it has printed "ready", and waits at most `timeoutMs`. */
function runAndSignal(
  cmd: string,
  args: string[],
  sig: NodeJS.Signals,
  timeoutMs: number,
): Promise<SignalRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let sent = false;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
      if (!sent && stdout.includes("ready\n")) {
        sent = true;
        child.kill(sig);
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, status: signal ? -1 : (code ?? -1), sent, timedOut });
    });
  });
}

t.setTimeout(300_000);
const elf = await assembleProgram(path.join(srcDir, "signal_async.S"), outDir);
const expected = readFileSync(path.join(srcDir, "signal_async.expected"), "utf8");
const BACKENDS: Record<string, string[]> = { jit: [], interp: ["-accel", "tcg,interp=on"] };

for (const [launcherName, launcher] of Object.entries(LAUNCHERS)) {
  for (const [backend, opts] of Object.entries(BACKENDS)) {
    t.test(`SIGUSR1 while spinning, SIGALRM in pause (${launcherName}, ${backend})`, async (t) => {
      const r = await runAndSignal(launcher, ["-cpu", "e8c", ...opts, elf], "SIGUSR1", 60000);
      t.ok(r.sent, "the guest printed ready and got SIGUSR1");
      t.notOk(r.timedOut, "finished in time");
      t.equal(r.stdout, expected, "handlers ran with the right siginfo");
      t.equal(r.status, 0, `exit status 0 (stderr: ${r.stderr.trim()})`);
    });
  }
}
