// What an af-xdp queue offers a NIC that moves frames itself with native batches (virtio-net,
// hw/net/virtio-net.ts): the socket, and the flow-control hooks the NIC needs in place of
// NetClient.sendBatchAsync/receiveBatch. Kept apart from net/af-xdp.ts so device code can test
// for it without loading the addon.
import type { XskQueue } from "../native/index";
import type { NetClient } from "./net";

/** directRx's answer: it cannot take frames now (reading stops until resumeRead()). */
export const DIRECT_RX_BLOCKED = -1;
/** directRx's answer: use the ordinary path (sendBatchAsync) for this batch. */
export const DIRECT_RX_DECLINED = -2;

export interface XskDirectPort {
  readonly xsk: XskQueue;
  /**
   * Set by the NIC: called on a readable socket instead of rxPeek + sendBatchAsync. Returns how
   * many frames it looked at, DIRECT_RX_BLOCKED or DIRECT_RX_DECLINED.
   */
  directRx: ((xsk: XskQueue) => number) | undefined;
  /** Posts frames staged by the ordinary path first, so frames keep their order. */
  flushStaged(): void;
  /** Calls `cb` once, when the socket can take frames again. */
  waitWritable(cb: () => void): void;
  /** Re-arms reading after directRx answered DIRECT_RX_BLOCKED. */
  resumeRead(): void;
}

export function asXskDirectPort(nc: NetClient | null): XskDirectPort | undefined {
  return nc && "xskDirect" in nc ? (nc as unknown as { xskDirect: XskDirectPort }).xskDirect : undefined;
}
