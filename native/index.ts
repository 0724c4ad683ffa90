// The only module that loads the native addon (build/addon/Release/qemu_e2k.node, built by
// `make addon`). Everything else imports the typed bindings from here.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Options of one AF_XDP queue (see native/net/xsk-queue.h). */
export interface XskQueueOptions {
  ifname: string;
  /** Device queue the socket binds to. */
  queueId: number;
  /** Index of this queue within its netdev (used in error texts). */
  queueIndex: number;
  /** Unset: native, falling back to skb when the driver refuses. */
  mode?: "native" | "skb";
  forceCopy?: boolean;
  inhibit?: boolean;
  /** An open, unbound AF_XDP socket to adopt (sock-fds). */
  sockFd?: number;
  /** Pinned XSKMAP to insert the socket into (map-path), at key mapKey. */
  mapPath?: string;
  mapKey?: number;
}

export interface XskStats {
  rxDropped: number;
  rxInvalid: number;
  txInvalid: number;
  rxRingFull: number;
  fillRingEmpty: number;
  txRingEmpty: number;
}

/** Poll events for XskQueue.watch. */
export const XSK_READABLE = 1;
export const XSK_WRITABLE = 2;

/** One AF_XDP socket with its UMEM and rings. Call close(); GC is only a backstop. */
export interface XskQueue {
  readonly fd: number;
  readonly ifindex: number;
  /** XDP attach mode actually used: "native" or "skb" ("closed" after close()). */
  readonly mode: string;
  readonly zeroCopy: boolean;
  readonly txOutstanding: number;
  /** [txCredit, txOutstanding] as of the last tx/txCredit/txKick call (no crossing to read). */
  readonly state: Uint32Array;
  /** Copies up to lens.length frames back to back into buf; they stay reserved until rxRelease. */
  rxPeek(buf: Buffer, lens: Uint32Array): number;
  /** Consumes the first n peeked frames; the rest go back to the kernel ring. */
  rxRelease(n: number): void;
  /** Posts count frames (back to back in buf, lengths in lens); returns how many were taken. */
  tx(buf: Buffer, lens: Uint32Array, count: number): number;
  txCredit(): number;
  /** Kicks the kernel again; true while completions are still awaited. */
  txKick(): boolean;
  stats(): XskStats;
  /** events: XSK_READABLE | XSK_WRITABLE, 0 stops watching. */
  watch(events: number, cb?: (events: number) => void): void;
  close(): void;
}

export interface XskBinding {
  XskQueue: new (options: XskQueueOptions) => XskQueue;
  /** Interface index, or -errno when the interface does not exist. */
  ifIndex(ifname: string): number;
  strerror(errno: number): string;
  /** Active RX queues (combined + rx channels) of a device, or -errno. */
  deviceQueues(ifname: string): number;
  frameSize: number;
  ringSize: number;
  batch: number;
}

export interface NativeAddon {
  xsk: XskBinding;
}

function addonCandidates(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const env = process.env.QEMU_E2K_ADDON;
  return [
    ...(env ? [env] : []),
    // native/index.ts run from the source tree, and build/js/*.mjs bundles.
    path.join(here, "..", "build", "addon", "Release", "qemu_e2k.node"),
    path.join(here, "..", "addon", "Release", "qemu_e2k.node"),
  ];
}

let cached: NativeAddon | undefined;

/** Loads the addon once; throws a clear error if it has not been built. */
export function loadNative(): NativeAddon {
  if (cached) return cached;
  const candidates = addonCandidates();
  const file = candidates.find((c) => existsSync(c));
  if (!file) {
    throw new Error(`native addon not built (looked for ${candidates.join(", ")}): run 'make addon'`);
  }
  const req = createRequire(import.meta.url);
  cached = req(file) as NativeAddon;
  return cached;
}
