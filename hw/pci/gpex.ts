// The generic PCIe host bridge (QEMU's gpex, as the arm virt machine wires it): an ECAM window
// (bus << 20 | devfn << 12 | register) for configuration, a 32-bit MMIO window and a 64 KiB
// PIO window aliasing the bus's memory and I/O spaces at the same addresses, four INTx lines
// (its gpio outputs 0..3, which qtest can intercept), and the root function at 00.0.
import { Device } from "../../qom/device";
import { registerType } from "../../qom/object";
import { AddressSpace, MemoryRegion } from "../core/memory";
import { PCIBus } from "./pci-bus";
import { PCIDevice } from "./pci-device";

export const TYPE_GPEX_HOST = "gpex-pcihost";
export const TYPE_GPEX_ROOT = "gpex-root";

export interface GpexLayout {
  ecamBase: number;
  ecamSize: number;
  mmioBase: number;
  mmioSize: number;
  pioBase: number;
  pioSize: number;
}

export class GpexRoot extends PCIDevice {
  protected doRealize(): void {
    // Red Hat's QEMU PCIe host bridge id, class "host bridge".
    this.initConfig({ vendor: 0x1b36, device: 0x0008, classCode: 0x0600 });
  }
}

export class GpexHost extends Device {
  bus!: PCIBus;
  ecam!: MemoryRegion;
  mmioWindow!: MemoryRegion;
  pioWindow!: MemoryRegion;
  layout!: GpexLayout;
  dmaSpace!: AddressSpace;

  configure(layout: GpexLayout, dmaSpace: AddressSpace): void {
    this.layout = layout;
    this.dmaSpace = dmaSpace;
  }

  protected doRealize(): void {
    const l = this.layout;
    this.bus = new PCIBus("pcie.0", 0, this.dmaSpace, (line, level) => this.setGpioOut(line, level));
    for (let i = 0; i < 4; i++) this.gpioOut[i] = false;
    this.ecam = MemoryRegion.io("pcie-ecam", l.ecamSize, {
      maxAccess: 4,
      read: (off, size) => this.ecamRead(off, size),
      write: (off, size, v) => this.ecamWrite(off, size, v),
    });
    this.mmioWindow = MemoryRegion.aliasOf("pcie-mmio-window", this.bus.memSpace, l.mmioBase, l.mmioSize);
    this.pioWindow = MemoryRegion.aliasOf("pcie-pio-window", this.bus.ioSpace, 0, l.pioSize);
    const root = new GpexRoot();
    root.typeName = TYPE_GPEX_ROOT;
    root.realize();
    this.bus.plug(root, 0);
    this.addChild("pcie.0-root", root);
  }

  private decode(off: number): { dev: PCIDevice | undefined; reg: number } {
    const busNr = off >>> 20;
    const devfn = (off >>> 12) & 0xff;
    const reg = off & 0xfff;
    return { dev: busNr === 0 ? this.bus.devices.get(devfn) : undefined, reg };
  }

  private ecamRead(off: number, size: number): number {
    const { dev, reg } = this.decode(off);
    // No device: master abort, all ones.
    if (!dev) return size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
    return dev.configRead(reg, size);
  }

  private ecamWrite(off: number, size: number, v: number): void {
    const { dev, reg } = this.decode(off);
    dev?.configWrite(reg, size, v);
  }
}

registerType({
  name: TYPE_GPEX_ROOT,
  desc: "QEMU generic PCIe host bridge root function",
  create: () => new GpexRoot(),
});
registerType({ name: TYPE_GPEX_HOST, desc: "generic PCIe host bridge", create: () => new GpexHost() });
