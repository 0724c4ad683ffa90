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

/**
 * Guest RAM and virtio-net's native batches (native/addon/virtio-binding.cpp). `state` is a
 * queue's ring state in the order of VirtQueue.toNative; `out` receives the result words
 * (VB_* below). A batch stops before a malformed chain and reports it (VB_BAD) without
 * touching it, so the TypeScript walker can name the error.
 */
export interface VirtioBinding {
  /** A zeroed Buffer of `size` bytes on an anonymous mapping (unmapped when collected). */
  allocGuestRam(size: number): Buffer;
  vringTxXsk(
    xsk: XskQueue,
    ram: Buffer,
    base: number,
    state: Float64Array,
    hdrLen: number,
    burst: number,
    out: Uint32Array,
  ): void;
  vringTxBuffer(
    ram: Buffer,
    base: number,
    state: Float64Array,
    hdrLen: number,
    burst: number,
    buf: Buffer,
    lens: Uint32Array,
    heads: Uint32Array,
    out: Uint32Array,
  ): void;
  /** Returns how many frames it looked at (consumed ones are in out[VB_CONSUMED]). */
  vringRxXsk(
    xsk: XskQueue,
    ram: Buffer,
    base: number,
    state: Float64Array,
    hdrLen: number,
    mrg: boolean,
    filter: Uint8Array,
    max: number,
    out: Uint32Array,
  ): number;
  vringRxFrames(
    ram: Buffer,
    base: number,
    state: Float64Array,
    hdrLen: number,
    mrg: boolean,
    filter: Uint8Array,
    frames: readonly Uint8Array[],
    out: Uint32Array,
  ): void;
  /** Lengths of the state and result arrays. */
  fields: number;
  resultFields: number;
}

// Result words of the virtio batches (native/net/virtio-net-batch.h, BatchField).
export const VB_SENT = 0;
export const VB_DROPPED = 1;
export const VB_BAD = 2;
export const VB_BLOCKED = 3;
export const VB_CONSUMED = 4;
export const VB_WRITTEN = 5;
export const VB_FILTERED = 6;
export const VB_RX_DROPPED = 7;
export const VB_NO_IN = 8;
export const VB_HEAD = 9;

/** A non-blocking datagram socket (AF_UNIX by path, or an adopted fd); call close(). */
export interface DgramSocket {
  readonly fd: number;
  /** Family of the local address as QEMU names it ("inet", "unix"), or "". */
  readonly localKind: string;
  /** Reads a batch into slots of slotSize bytes of buf, lengths into lens (0 = truncated):
   *  datagrams read, 0 when none waits, or -errno. */
  recv(buf: Buffer, lens: Uint32Array, slotSize: number): number;
  /** Sends one frame: its length, or -errno (-EAGAIN: socket buffer full). */
  send(frame: Uint8Array): number;
  /** events: DGRAM_READABLE | DGRAM_WRITABLE, 0 stops watching. */
  watch(events: number, cb?: (events: number) => void): void;
  close(): void;
}

export type DgramSocketOptions = { fd: number } | { localPath: string; remotePath: string };

export interface DgramBinding {
  /** Throws an Error with the message QEMU prints and `errno`. */
  DgramSocket: new (options: DgramSocketOptions) => DgramSocket;
  /** Two connected AF_UNIX datagram sockets (close-on-exec). */
  socketPair(): [number, number];
}

export const DGRAM_READABLE = 1;
export const DGRAM_WRITABLE = 2;

export interface NativeAddon {
  xsk: XskBinding;
  virtio: VirtioBinding;
  dgram: DgramBinding;
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

/**
 * The addon when it has been built, else undefined (callers keep a TypeScript fallback). An
 * addon that exists but fails to load still throws.
 */
export function tryLoadNative(): NativeAddon | undefined {
  if (cached) return cached;
  return addonCandidates().some((c) => existsSync(c)) ? loadNative() : undefined;
}

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
