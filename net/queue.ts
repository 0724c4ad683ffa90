// NetQueue: the frames waiting to be delivered to one receiving client (QEMU's net/queue.c
// contract, restated):
//
// - A receiver may refuse a frame by returning 0 from its receive handler (or by saying
//   canReceive() === false before the sender even tries). The frame is then copied into
//   this queue and the receiver is marked receive-disabled. From that moment every frame
//   for it is queued, in order, until the RECEIVER calls flushQueuedPackets() on itself —
//   nothing polls canReceive() again. A receiver that refused must flush when it can take
//   frames again (virtio-net on an RX kick, a backend when its fd turns writable).
// - A sender that passes a sentCb and gets 0 back owns no more work for that frame: it
//   was queued, and sentCb(sender, result) runs once it is delivered (result > 0) or
//   purged (0). Such a sender must stop producing until its sentCb runs: that is the only
//   back-pressure. A sender without sentCb may just keep going; when the queue holds
//   `maxLength` frames its frames are dropped.
// - purge(from) drops every queued frame sent by `from`, calling their sentCb with 0; it
//   runs when a peer goes away (netdev_del, peer change, cleanup).
// - Delivery is not re-entrant: a send that arrives while this queue is delivering (a
//   receiver that sends from inside its receive handler) is appended and flushed later.

import type { NetClient, SentCb } from "./net";

export const NET_QUEUE_MAX_LENGTH = 10000;

export const PacketFlags = {
  None: 0,
  // The frame has no virtio-net header (frames the emulator makes itself).
  Raw: 1,
} as const;
export type PacketFlags = (typeof PacketFlags)[keyof typeof PacketFlags];

// Delivers one frame to the queue's owner; returns > 0 consumed, 0 refused, < 0 dropped.
export type DeliverFn = (sender: NetClient, flags: PacketFlags, frame: Uint8Array) => number;

interface QueuedPacket {
  sender: NetClient;
  flags: PacketFlags;
  data: Uint8Array;
  sentCb: SentCb | undefined;
}

export class NetQueue {
  private packets: QueuedPacket[] = [];
  // Index of the first live entry in `packets` (shifting a large array per frame is slow).
  private head = 0;
  private delivering = false;

  constructor(
    private readonly deliverFn: DeliverFn,
    readonly maxLength = NET_QUEUE_MAX_LENGTH,
  ) {}

  get length(): number {
    return this.packets.length - this.head;
  }

  get isDelivering(): boolean {
    return this.delivering;
  }

  // `canSend` is the sender-side check (qemu_can_send_packet) computed by the caller.
  send(
    sender: NetClient,
    flags: PacketFlags,
    frame: Uint8Array,
    sentCb: SentCb | undefined,
    canSend: boolean,
  ) {
    if (this.delivering || !canSend) {
      this.append(sender, flags, frame, sentCb);
      return 0;
    }
    const ret = this.deliver(sender, flags, frame);
    if (ret === 0) {
      this.append(sender, flags, frame, sentCb);
      return 0;
    }
    this.flush();
    return ret;
  }

  // Delivery to the owner itself, bypassing its peer (NIC loopback, qemu_receive_packet):
  // refused while the queue is busy delivering.
  receive(sender: NetClient, flags: PacketFlags, frame: Uint8Array): number {
    if (this.delivering) return 0;
    return this.deliver(sender, flags, frame);
  }

  // Delivers queued frames head first. Stops (returns false) at the first frame the owner
  // refuses, leaving it at the head; returns true when the queue is empty.
  flush(): boolean {
    if (this.delivering) return false;
    while (this.head < this.packets.length) {
      const p = this.packets[this.head] as QueuedPacket;
      this.packets[this.head] = undefined as unknown as QueuedPacket;
      this.head++;
      const ret = this.deliver(p.sender, p.flags, p.data);
      if (ret === 0) {
        this.head--;
        this.packets[this.head] = p;
        return false;
      }
      this.compact();
      p.sentCb?.(p.sender, ret);
    }
    this.compact();
    return true;
  }

  // Drops every frame queued by `from` (all frames when `from` is undefined).
  purge(from?: NetClient): void {
    const kept: QueuedPacket[] = [];
    const dropped: QueuedPacket[] = [];
    for (let i = this.head; i < this.packets.length; i++) {
      const p = this.packets[i] as QueuedPacket;
      if (from === undefined || p.sender === from) dropped.push(p);
      else kept.push(p);
    }
    this.packets = kept;
    this.head = 0;
    for (const p of dropped) p.sentCb?.(p.sender, 0);
  }

  // Forgets every frame without running callbacks (the owner is being destroyed).
  clear(): void {
    this.packets = [];
    this.head = 0;
  }

  private append(sender: NetClient, flags: PacketFlags, frame: Uint8Array, sentCb: SentCb | undefined) {
    // A full queue drops only frames whose sender will not wait for a callback.
    if (this.length >= this.maxLength && !sentCb) return;
    this.packets.push({ sender, flags, data: Uint8Array.from(frame), sentCb });
  }

  private deliver(sender: NetClient, flags: PacketFlags, frame: Uint8Array): number {
    this.delivering = true;
    try {
      return this.deliverFn(sender, flags, frame);
    } finally {
      this.delivering = false;
    }
  }

  private compact(): void {
    if (this.head === this.packets.length) {
      this.packets = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.packets.length) {
      this.packets = this.packets.slice(this.head);
      this.head = 0;
    }
  }
}
