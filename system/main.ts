// qemu-e2k entry point. A user-mode command line (`qemu-e2k [opts] ./prog args…`) is handed
// to the native runtime build/qemu-e2k-static (linux-user/); anything with a system-mode
// option runs the machine in this process (system/vl.ts). The rule: ARCHITECTURE.md,
// "Which mode".
import { isSystemModeCommandLine, runUserMode } from "../linux-user/handover";

const args = process.argv.slice(2);
if (isSystemModeCommandLine(args)) {
  const { runSystemMode } = await import("./vl");
  await runSystemMode(args);
} else {
  runUserMode(args);
}
