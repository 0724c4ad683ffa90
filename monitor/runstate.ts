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
