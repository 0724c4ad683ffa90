// A PCI bus: 32 slots × 8 functions, its memory and I/O address spaces (where BARs land), the
// address space bus masters write into, and INTx routing to the host bridge's four lines.
import { QemuError } from "../../monitor/error";
import { AddressSpace, MemoryRegion } from "../core/memory";
import type { PCIDevice } from "./pci-device";

export class PCIBus {
  readonly devices = new Map<number, PCIDevice>();
  /** PCI memory space (64-bit); the host bridge exposes a window of it to the CPU side. */
  readonly memSpace = MemoryRegion.container("pcie-mmio", 2 ** 64);
  /** PCI I/O space (64 KiB). */
  readonly ioSpace = MemoryRegion.container("pcie-pio", 0x10000);
  /** Per-device INTx levels by line (after swizzling), OR-ed per line. */
  private readonly intx = new Map<PCIDevice, number>();

  constructor(
    readonly name: string,
    readonly busNumber: number,
    /** Where bus-master DMA goes: system memory. */
    readonly dmaSpace: AddressSpace,
    private readonly setLine: (line: number, level: boolean) => void,
  ) {}

  /** Plugs `dev` at `devfn` (or the first free slot from `firstSlot` when undefined). */
  plug(dev: PCIDevice, devfn: number | undefined, firstSlot = 0): void {
    let fn = devfn;
    if (fn === undefined) {
      for (let slot = firstSlot; slot < 32; slot++)
        if (!this.devices.has(slot << 3)) {
          fn = slot << 3;
          break;
        }
      if (fn === undefined)
        throw new QemuError(`PCI: no slot/function available for ${dev.typeName}, all in use`);
    } else if (this.devices.has(fn)) {
      const other = this.devices.get(fn)!;
      throw new QemuError(
        `PCI: slot ${fn >> 3} function ${fn & 7} not available for ${dev.typeName}, in use by ${other.typeName},id=${other.id ?? ""}`,
      );
    }
    dev.bus = this;
    dev.devfn = fn;
    this.devices.set(fn, dev);
  }

  unplug(dev: PCIDevice): void {
    dev.unmapBars();
    this.setIntx(dev, 0, false);
    this.intx.delete(dev);
    this.devices.delete(dev.devfn);
    dev.bus = undefined;
  }

  /** INTx from `dev` on its pin (0 = A); swizzled by slot, as on the arm virt machine. */
  setIntx(dev: PCIDevice, pin: number, level: boolean): void {
    const line = ((dev.devfn >> 3) + pin) % 4;
    const prev = this.intx.get(dev) ?? -1;
    if (level) this.intx.set(dev, line);
    else this.intx.delete(dev);
    const touched = new Set([line, prev].filter((l) => l >= 0));
    for (const l of touched) this.setLine(l, [...this.intx.values()].includes(l));
  }

  /** INTx line number a device's pin is routed to (for `info pci`/query-pci). */
  intxLine(dev: PCIDevice): number {
    const pin = dev.config[0x3d]!;
    return pin ? ((dev.devfn >> 3) + pin - 1) % 4 : 0;
  }

  reset(): void {
    for (const d of this.devices.values()) d.pciReset();
  }
}
