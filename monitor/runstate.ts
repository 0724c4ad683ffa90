// Run state and shutdown requests shared by the monitor and the main loop (system/vl.ts).
import { isVmRunning, setVmRunning } from "../net/net";

export type ShutdownReason = "host-qmp-quit" | "host-signal" | "host-error";
type ShutdownHandler = (reason: ShutdownReason) => void;

let shutdownHandler: ShutdownHandler | null = null;

export function onShutdownRequest(h: ShutdownHandler): void {
  shutdownHandler = h;
}

export function requestShutdown(reason: ShutdownReason): void {
  shutdownHandler?.(reason);
}

export function runStatus(): "running" | "paused" {
  return isVmRunning() ? "running" : "paused";
}

export { isVmRunning, setVmRunning };

// Start-up gate: QEMU's monitors only run once the main loop runs, i.e. after every
// command-line netdev and device exists. vl holds them during start-up; a session that
// connects meanwhile gets its greeting (and its commands run) once start-up is over.
let gate: Promise<void> | null = null;
let releaseGate: (() => void) | null = null;

export function holdMonitors(): void {
  if (gate) return;
  gate = new Promise((r) => (releaseGate = r));
}

export function releaseMonitors(): void {
  releaseGate?.();
  gate = null;
  releaseGate = null;
}

export function monitorsReady(): Promise<void> {
  return gate ?? Promise.resolve();
}
