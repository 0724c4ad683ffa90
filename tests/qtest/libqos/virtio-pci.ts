// libqos' modern virtio-pci driver: finds the vendor capabilities, maps BAR 4 (and the MSI-X
// BAR), negotiates features, sets up queues, and reads the ISR / device status.
import type { QTest } from "./libqtest";
import type { GuestAlloc } from "./malloc";
import type { QPCIDevice } from "./pci";
import { QVirtQueue } from "./virtqueue";

export const STATUS = { ACK: 1, DRIVER: 2, DRIVER_OK: 4, FEATURES_OK: 8, NEEDS_RESET: 0x40, FAILED: 0x80 };
export const VIRTIO_F_VERSION_1 = 32;
export const VIRTIO_RING_F_INDIRECT_DESC = 28;

const C = {
  dfselect: 0x00,
  df: 0x04,
  gfselect: 0x08,
  gf: 0x0c,
  msixConfig: 0x10,
  numQueues: 0x12,
  status: 0x14,
  queueSelect: 0x16,
  queueSize: 0x18,
  queueMsixVector: 0x1a,
  queueEnable: 0x1c,
  queueNotifyOff: 0x1e,
  queueDesc: 0x20,
  queueAvail: 0x28,
  queueUsed: 0x30,
};

export class QVirtioPCIDevice {
  common = 0;
  isr = 0;
  device = 0;
  notifyBase = 0;
  notifyMult = 0;
  msixBar: { addr: number; size: number } | undefined;
  readonly queues: QVirtQueue[] = [];

  constructor(
    readonly qts: QTest,
    readonly pdev: QPCIDevice,
    readonly alloc: GuestAlloc,
  ) {}

  /** Maps the BARs named by the vendor capabilities and enables the function. */
  async init(): Promise<void> {
    const bars = new Map<number, number>();
    const barAddr = async (n: number): Promise<number> => {
      if (!bars.has(n)) bars.set(n, (await this.pdev.iomap(n)).addr);
      return bars.get(n)!;
    };
    for (const cap of await this.pdev.findCaps(0x09)) {
      const type = await this.pdev.readb(cap + 3);
      const bar = await this.pdev.readb(cap + 4);
      const offset = await this.pdev.readl(cap + 8);
      if (type === 5) continue;
      const a = (await barAddr(bar)) + offset;
      if (type === 1) this.common = a;
      else if (type === 3) this.isr = a;
      else if (type === 4) this.device = a;
      else if (type === 2) {
        this.notifyBase = a;
        this.notifyMult = await this.pdev.readl(cap + 16);
      }
    }
    const msix = (await this.pdev.findCaps(0x11))[0];
    if (msix !== undefined) {
      const table = await this.pdev.readl(msix + 4);
      const m = await this.pdev.iomap(table & 7);
      this.msixBar = { addr: m.addr, size: m.size };
    }
    if (!this.common || !this.notifyBase) throw new Error("virtio-pci: modern capabilities missing");
    await this.pdev.enable();
  }

  getStatus(): Promise<number> {
    return this.qts.readb(this.common + C.status);
  }
  setStatus(v: number): Promise<void> {
    return this.qts.writeb(this.common + C.status, v);
  }
  async reset(): Promise<void> {
    await this.setStatus(0);
  }

  async hostFeatures(): Promise<bigint> {
    await this.qts.writel(this.common + C.dfselect, 0);
    const lo = await this.qts.readl(this.common + C.df);
    await this.qts.writel(this.common + C.dfselect, 1);
    const hi = await this.qts.readl(this.common + C.df);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
  async setGuestFeatures(f: bigint): Promise<void> {
    await this.qts.writel(this.common + C.gfselect, 0);
    await this.qts.writel(this.common + C.gf, Number(f & 0xffffffffn));
    await this.qts.writel(this.common + C.gfselect, 1);
    await this.qts.writel(this.common + C.gf, Number(f >> 32n));
  }

  /** Bring-up up to FEATURES_OK with `wanted` ∩ offered; returns the accepted set. */
  async negotiate(wanted: bigint): Promise<bigint> {
    await this.reset();
    await this.setStatus(STATUS.ACK);
    await this.setStatus(STATUS.ACK | STATUS.DRIVER);
    const f = (await this.hostFeatures()) & wanted;
    await this.setGuestFeatures(f);
    await this.setStatus(STATUS.ACK | STATUS.DRIVER | STATUS.FEATURES_OK);
    if (!((await this.getStatus()) & STATUS.FEATURES_OK)) throw new Error("device refused FEATURES_OK");
    return f;
  }

  async numQueues(): Promise<number> {
    return this.qts.readw(this.common + C.numQueues);
  }

  /** Allocates and enables queue `index` with at most `maxSize` entries. */
  async setupQueue(index: number, maxSize = 256, vector = 0xffff): Promise<QVirtQueue> {
    await this.qts.writew(this.common + C.queueSelect, index);
    const devSize = await this.qts.readw(this.common + C.queueSize);
    if (devSize === 0) throw new Error(`queue ${index} does not exist`);
    const size = Math.min(devSize, maxSize);
    await this.qts.writew(this.common + C.queueSize, size);
    const off = await this.qts.readw(this.common + C.queueNotifyOff);
    const vq = new QVirtQueue(this.qts, this.alloc, index, size, this.notifyBase + off * this.notifyMult);
    await vq.init();
    await this.qts.writeq(this.common + C.queueDesc, vq.desc);
    await this.qts.writeq(this.common + C.queueAvail, vq.avail);
    await this.qts.writeq(this.common + C.queueUsed, vq.used);
    await this.qts.writew(this.common + C.queueMsixVector, vector);
    await this.qts.writew(this.common + C.queueEnable, 1);
    this.queues[index] = vq;
    return vq;
  }

  async driverOk(): Promise<void> {
    await this.setStatus(STATUS.ACK | STATUS.DRIVER | STATUS.FEATURES_OK | STATUS.DRIVER_OK);
  }

  async readIsr(): Promise<number> {
    return this.qts.readb(this.isr);
  }

  /** Programs MSI-X entry `v` to write `data` at guest address `addr`, unmasked, and enables MSI-X. */
  async setupMsix(v: number, addr: number, data: number): Promise<void> {
    if (!this.msixBar) throw new Error("no MSI-X");
    const e = this.msixBar.addr + 16 * v;
    await this.qts.writel(e, addr >>> 0);
    await this.qts.writel(e + 4, Math.floor(addr / 2 ** 32));
    await this.qts.writel(e + 8, data);
    await this.qts.writel(e + 12, 0);
    const cap = (await this.pdev.findCaps(0x11))[0]!;
    const ctrl = await this.pdev.readw(cap + 2);
    await this.pdev.writew(cap + 2, ctrl | 0x8000);
  }
  async setConfigVector(v: number): Promise<void> {
    await this.qts.writew(this.common + C.msixConfig, v);
  }
}
