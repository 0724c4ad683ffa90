// libqos' virtio-net driver: negotiates, sets up rx0/tx0 (and the control queue), posts RX
// buffers, sends frames with a zero virtio-net header and issues control commands.
import type { QTest } from "./libqtest";
import type { GuestAlloc } from "./malloc";
import { QPCIBus } from "./pci";
import { QVirtioPCIDevice, VIRTIO_F_VERSION_1, VIRTIO_RING_F_INDIRECT_DESC } from "./virtio-pci";
import type { QVirtQueue } from "./virtqueue";

export const F = {
  MAC: 5,
  MRG_RXBUF: 15,
  STATUS: 16,
  CTRL_VQ: 17,
  CTRL_RX: 18,
  MQ: 22,
  CTRL_MAC_ADDR: 23,
};
export const HDR_LEN = 12;
const b = (n: number): bigint => 1n << BigInt(n);

export class QVirtioNet {
  rx!: QVirtQueue;
  tx!: QVirtQueue;
  ctrl: QVirtQueue | undefined;
  features = 0n;
  /** Guest buffers behind each posted RX head. */
  private readonly rxBufs = new Map<number, { addr: number; len: number }>();

  constructor(
    readonly qts: QTest,
    readonly vdev: QVirtioPCIDevice,
    readonly alloc: GuestAlloc,
  ) {}

  /** Finds the first virtio-net-pci (1af4:1041) on the bus and brings it up. */
  static async start(
    qts: QTest,
    alloc: GuestAlloc,
    opts: { mrgRxbuf?: boolean; ctrl?: boolean; queueSize?: number } = {},
  ): Promise<QVirtioNet> {
    const pdev = await new QPCIBus(qts).find(0x1af4, 0x1041);
    if (!pdev) throw new Error("no virtio-net-pci on bus 0");
    const vdev = new QVirtioPCIDevice(qts, pdev, alloc);
    await vdev.init();
    const net = new QVirtioNet(qts, vdev, alloc);
    let want = b(VIRTIO_F_VERSION_1) | b(VIRTIO_RING_F_INDIRECT_DESC) | b(F.MAC) | b(F.STATUS);
    if (opts.mrgRxbuf) want |= b(F.MRG_RXBUF);
    if (opts.ctrl) want |= b(F.CTRL_VQ) | b(F.CTRL_RX) | b(F.CTRL_MAC_ADDR);
    net.features = await vdev.negotiate(want);
    net.rx = await vdev.setupQueue(0, opts.queueSize ?? 256);
    net.tx = await vdev.setupQueue(1, opts.queueSize ?? 256);
    if (net.features & b(F.CTRL_VQ)) net.ctrl = await vdev.setupQueue((await vdev.numQueues()) - 1, 64);
    await vdev.driverOk();
    return net;
  }

  async mac(): Promise<Buffer> {
    return this.qts.memread(this.vdev.device, 6);
  }

  /** Posts `count` writable RX buffers of `len` bytes and kicks. */
  async postRx(count: number, len = 2048): Promise<void> {
    for (let i = 0; i < count; i++) {
      const addr = this.alloc.alloc(len, 64);
      const head = await this.rx.addChain([{ addr, len, write: true }]);
      this.rxBufs.set(head, { addr, len });
    }
    await this.rx.kick();
  }

  /**
   * Receives one frame: waits for used RX element(s); with mrg_rxbuf, follows num_buffers.
   * Returns the frame (header stripped) and the header's num_buffers.
   */
  async recv(timeoutMs = 5000): Promise<{ frame: Buffer; numBuffers: number }> {
    const first = await this.rx.waitUsed(timeoutMs);
    const parts: Buffer[] = [];
    const take = async (e: { id: number; len: number }): Promise<Buffer> => {
      const buf = this.rxBufs.get(e.id);
      if (!buf) throw new Error(`used RX id ${e.id} was never posted`);
      this.rxBufs.delete(e.id);
      return this.qts.memread(buf.addr, e.len);
    };
    const head = await take(first);
    const numBuffers = head.readUInt16LE(10);
    parts.push(head.subarray(HDR_LEN));
    for (let i = 1; i < numBuffers; i++) parts.push(await take(await this.rx.waitUsed(timeoutMs)));
    return { frame: Buffer.concat(parts), numBuffers };
  }

  /** Sends one frame (zero header + data in one descriptor) and waits until it is used. */
  async send(frame: Uint8Array, timeoutMs = 5000): Promise<void> {
    const addr = this.alloc.alloc(HDR_LEN + frame.length, 64);
    const data = Buffer.alloc(HDR_LEN + frame.length);
    data.set(frame, HDR_LEN);
    await this.qts.memwrite(addr, data);
    await this.tx.addChain([{ addr, len: data.length, write: false }]);
    await this.tx.kick();
    await this.tx.waitUsed(timeoutMs);
  }

  /** One control command; returns the device's ack (0 = OK). */
  async ctrlCmd(cls: number, cmd: number, data: Uint8Array): Promise<number> {
    if (!this.ctrl) throw new Error("no control queue negotiated");
    const out = this.alloc.alloc(2 + data.length, 16);
    const ack = this.alloc.alloc(1, 16);
    await this.qts.memwrite(out, Buffer.concat([Buffer.from([cls, cmd]), Buffer.from(data)]));
    await this.qts.writeb(ack, 0xff);
    await this.ctrl.addChain([
      { addr: out, len: 2 + data.length, write: false },
      { addr: ack, len: 1, write: true },
    ]);
    await this.ctrl.kick();
    await this.ctrl.waitUsed();
    return this.qts.readb(ack);
  }
}
