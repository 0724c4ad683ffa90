// libqos PCI over the generic host bridge's ECAM (QEMU's tests/qtest/libqos/generic-pcihost
// layout): config space accessors, enumeration, BAR sizing and placement in the MMIO window.
import type { QTest } from "./libqtest";

export const ECAM_BASE = 0x3f000000;
export const MMIO_BASE = 0x10000000;
export const MMIO_END = 0x3eff0000;
export const PIO_BASE = 0x3eff0000;

export class QPCIBus {
  private mmioNext = MMIO_BASE;
  private pioNext = 0x1000;

  constructor(readonly qts: QTest) {}

  cfgAddr(devfn: number, off: number): number {
    return ECAM_BASE + (devfn << 12) + off;
  }
  configReadb(devfn: number, off: number): Promise<number> {
    return this.qts.readb(this.cfgAddr(devfn, off));
  }
  configReadw(devfn: number, off: number): Promise<number> {
    return this.qts.readw(this.cfgAddr(devfn, off));
  }
  configReadl(devfn: number, off: number): Promise<number> {
    return this.qts.readl(this.cfgAddr(devfn, off));
  }
  configWriteb(devfn: number, off: number, v: number): Promise<void> {
    return this.qts.writeb(this.cfgAddr(devfn, off), v);
  }
  configWritew(devfn: number, off: number, v: number): Promise<void> {
    return this.qts.writew(this.cfgAddr(devfn, off), v);
  }
  configWritel(devfn: number, off: number, v: number): Promise<void> {
    return this.qts.writel(this.cfgAddr(devfn, off), v);
  }

  /** Every present function on bus 0: devfn, vendor and device ids. */
  async enumerate(): Promise<{ devfn: number; vendor: number; device: number }[]> {
    const out = [];
    for (let devfn = 0; devfn < 256; devfn++) {
      const id = await this.configReadl(devfn, 0);
      if (id === 0xffffffff) continue;
      out.push({ devfn, vendor: id & 0xffff, device: id >>> 16 });
    }
    return out;
  }

  async find(vendor: number, device: number): Promise<QPCIDevice | undefined> {
    const hit = (await this.enumerate()).find((d) => d.vendor === vendor && d.device === device);
    return hit ? new QPCIDevice(this, hit.devfn) : undefined;
  }

  allocMmio(size: number): number {
    const a = Math.ceil(this.mmioNext / size) * size;
    if (a + size > MMIO_END) throw new Error("PCI MMIO window exhausted");
    this.mmioNext = a + size;
    return a;
  }
  allocPio(size: number): number {
    const a = Math.ceil(this.pioNext / size) * size;
    this.pioNext = a + size;
    return a;
  }
}

export class QPCIDevice {
  constructor(
    readonly bus: QPCIBus,
    readonly devfn: number,
  ) {}

  readb(off: number): Promise<number> {
    return this.bus.configReadb(this.devfn, off);
  }
  readw(off: number): Promise<number> {
    return this.bus.configReadw(this.devfn, off);
  }
  readl(off: number): Promise<number> {
    return this.bus.configReadl(this.devfn, off);
  }
  writeb(off: number, v: number): Promise<void> {
    return this.bus.configWriteb(this.devfn, off, v);
  }
  writew(off: number, v: number): Promise<void> {
    return this.bus.configWritew(this.devfn, off, v);
  }
  writel(off: number, v: number): Promise<void> {
    return this.bus.configWritel(this.devfn, off, v);
  }

  /** Memory, I/O decoding and bus mastering on. */
  async enable(): Promise<void> {
    const cmd = await this.readw(4);
    await this.writew(4, cmd | 0x7);
  }

  /** Capability offsets with id `id`, in list order. */
  async findCaps(id: number): Promise<number[]> {
    const out: number[] = [];
    let p = (await this.readb(0x34)) & 0xfc;
    for (let guard = 0; p && guard < 48; guard++) {
      if ((await this.readb(p)) === id) out.push(p);
      p = (await this.readb(p + 1)) & 0xfc;
    }
    return out;
  }

  /** Sizes BAR `n` by writing all ones, then places it; returns its address and size. */
  async iomap(n: number): Promise<{ addr: number; size: number; io: boolean }> {
    const off = 0x10 + 4 * n;
    const orig = await this.readl(off);
    await this.writel(off, 0xffffffff);
    const io = (orig & 1) === 1;
    const is64 = !io && (orig & 0x6) === 0x4;
    let mask = (await this.readl(off)) & (io ? 0xfffffffc : 0xfffffff0);
    if (is64) {
      await this.writel(off + 4, 0xffffffff);
      const hi = await this.readl(off + 4);
      if (hi !== 0xffffffff) throw new Error(`BAR${n}: 64-bit BARs above 4 GiB are not supported here`);
    }
    mask >>>= 0;
    if (mask === 0) throw new Error(`BAR${n} is not implemented`);
    const size = (~mask >>> 0) + 1;
    const addr = io ? this.bus.allocPio(size) : this.bus.allocMmio(size);
    await this.writel(off, addr);
    if (is64) await this.writel(off + 4, 0);
    return { addr: io ? PIO_BASE + addr : addr, size, io };
  }
}
