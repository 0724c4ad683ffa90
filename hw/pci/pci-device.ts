// A PCI function: 4 KiB configuration space with per-byte write masks, up to six BARs that the
// guest sizes and places, a capability list, and the INTx pin. BARs are mapped into the bus's
// memory or I/O space only while decoding is enabled in the command register, as real hardware.
import { Device } from "../../qom/device";
import { MemoryRegion } from "../core/memory";
import * as R from "./pci-regs";
import type { PCIBus } from "./pci-bus";

export type BarType = "mem32" | "mem64" | "io";

export interface PCIBar {
  index: number;
  type: BarType;
  prefetch: boolean;
  size: number;
  region: MemoryRegion;
  /** Current bus address, or undefined while unmapped. */
  addr: number | undefined;
}

export const PCI_BAR_UNMAPPED = undefined;

export abstract class PCIDevice extends Device {
  readonly config = new Uint8Array(R.PCIE_CONFIG_SPACE_SIZE);
  /** Bits the guest may change, per byte. */
  readonly wmask = new Uint8Array(R.PCIE_CONFIG_SPACE_SIZE);
  /** Bits cleared by writing 1 (status). */
  readonly w1cmask = new Uint8Array(R.PCIE_CONFIG_SPACE_SIZE);
  readonly bars: (PCIBar | undefined)[] = [];
  bus: PCIBus | undefined;
  devfn = -1;
  private nextCap = 0x40;
  private intxLevel = false;
  /** Hooks run after each config write; subclasses (MSI-X, virtio) observe their fields. */
  readonly configWriteHooks: ((addr: number, size: number) => void)[] = [];

  protected initConfig(ids: {
    vendor: number;
    device: number;
    classCode: number;
    revision?: number;
    progIf?: number;
    subsystemVendor?: number;
    subsystem?: number;
    interruptPin?: number;
  }): void {
    this.setWord(R.PCI_VENDOR_ID, ids.vendor);
    this.setWord(R.PCI_DEVICE_ID, ids.device);
    this.config[R.PCI_REVISION_ID] = ids.revision ?? 0;
    this.config[R.PCI_CLASS_PROG] = ids.progIf ?? 0;
    this.setWord(R.PCI_CLASS_DEVICE, ids.classCode);
    // QEMU gives every device its default subsystem ids (Red Hat/Qumranet, "QEMU").
    this.setWord(R.PCI_SUBSYSTEM_VENDOR_ID, ids.subsystemVendor ?? 0x1af4);
    this.setWord(R.PCI_SUBSYSTEM_ID, ids.subsystem ?? 0x1100);
    this.config[R.PCI_INTERRUPT_PIN] = ids.interruptPin ?? 0;
    const cmd = R.PCI_COMMAND_IO | R.PCI_COMMAND_MEMORY | R.PCI_COMMAND_MASTER | R.PCI_COMMAND_INTX_DISABLE;
    this.wmask[R.PCI_COMMAND] = cmd & 0xff;
    this.wmask[R.PCI_COMMAND + 1] = cmd >> 8;
    this.wmask[R.PCI_INTERRUPT_LINE] = 0xff;
    // Status error bits are write-1-to-clear.
    this.w1cmask[R.PCI_STATUS + 1] = 0xf9;
  }

  getWord(off: number): number {
    return this.config[off]! | (this.config[off + 1]! << 8);
  }
  getLong(off: number): number {
    return (this.getWord(off) | (this.getWord(off + 2) << 16)) >>> 0;
  }
  setWord(off: number, v: number): void {
    this.config[off] = v & 0xff;
    this.config[off + 1] = (v >> 8) & 0xff;
  }
  setLong(off: number, v: number): void {
    this.setWord(off, v & 0xffff);
    this.setWord(off + 2, (v >>> 16) & 0xffff);
  }

  /** Declares a BAR; `size` must be a power of two (at least 16 for memory, 4 for I/O). */
  registerBar(index: number, type: BarType, region: MemoryRegion, prefetch = false): void {
    const size = region.size;
    if (size & (size - 1) || size < (type === "io" ? 4 : 16))
      throw new Error(`BAR${index}: bad size ${size}`);
    const off = R.PCI_BASE_ADDRESS_0 + 4 * index;
    let low = type === "io" ? R.PCI_BASE_ADDRESS_SPACE_IO : 0;
    if (type === "mem64") low |= R.PCI_BASE_ADDRESS_MEM_TYPE_64;
    if (prefetch) low |= R.PCI_BASE_ADDRESS_MEM_PREFETCH;
    this.setLong(off, low);
    const mask = type === "io" ? ~(size - 1) & 0xfffffffc : ~(size - 1) & 0xfffffff0;
    for (let i = 0; i < 4; i++) this.wmask[off + i] = (mask >>> (8 * i)) & 0xff;
    if (type === "mem64") for (let i = 0; i < 4; i++) this.wmask[off + 4 + i] = 0xff;
    this.bars[index] = { index, type, prefetch, size, region, addr: undefined };
  }

  /** Appends a capability to the list and returns its config offset. */
  addCapability(id: number, size: number): number {
    const off = this.nextCap;
    if (off + size > R.PCI_CONFIG_SPACE_SIZE) throw new Error("PCI capability space exhausted");
    this.nextCap = (off + size + 3) & ~3;
    this.config[off] = id;
    this.config[off + 1] = 0;
    // Link it at the end of the chain.
    let p = R.PCI_CAPABILITY_LIST;
    while (this.config[p] !== 0) p = this.config[p]! + 1;
    this.config[p] = off;
    this.config[R.PCI_STATUS] = this.config[R.PCI_STATUS]! | R.PCI_STATUS_CAP_LIST;
    return off;
  }

  configRead(addr: number, size: number): number {
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + (this.config[addr + i] ?? 0);
    return v;
  }

  configWrite(addr: number, size: number, value: number): void {
    const oldCmd = this.getWord(R.PCI_COMMAND);
    let barTouched = false;
    for (let i = 0; i < size; i++) {
      const a = addr + i;
      if (a >= R.PCIE_CONFIG_SPACE_SIZE) break;
      const b = Math.floor(value / 256 ** i) & 0xff;
      const wm = this.wmask[a]!;
      const w1c = this.w1cmask[a]!;
      this.config[a] = ((this.config[a]! & ~wm) | (b & wm)) & ~(b & w1c) & 0xff;
      if (a >= R.PCI_BASE_ADDRESS_0 && a < R.PCI_BASE_ADDRESS_0 + 24) barTouched = true;
    }
    const newCmd = this.getWord(R.PCI_COMMAND);
    if (barTouched || (oldCmd ^ newCmd) & (R.PCI_COMMAND_IO | R.PCI_COMMAND_MEMORY)) this.updateMappings();
    if ((oldCmd ^ newCmd) & R.PCI_COMMAND_INTX_DISABLE) this.updateIntx();
    for (const h of this.configWriteHooks) h(addr, size);
  }

  /** The address the BAR decodes at, per its register and the command register. */
  barAddress(bar: PCIBar): number | undefined {
    const off = R.PCI_BASE_ADDRESS_0 + 4 * bar.index;
    const cmd = this.getWord(R.PCI_COMMAND);
    if (bar.type === "io") {
      if (!(cmd & R.PCI_COMMAND_IO)) return undefined;
      const a = this.getLong(off) & ~(bar.size - 1) & 0xfffffffc;
      return a === 0 || a + bar.size > 0x10000 ? undefined : a;
    }
    if (!(cmd & R.PCI_COMMAND_MEMORY)) return undefined;
    let a = (this.getLong(off) & 0xfffffff0) >>> 0;
    if (bar.type === "mem64") a += this.getLong(off + 4) * 2 ** 32;
    a -= a % bar.size;
    if (a === 0 || !Number.isSafeInteger(a + bar.size)) return undefined;
    // The all-ones value written while sizing is not an address.
    if (bar.type === "mem32" && a + bar.size > 2 ** 32 - 1) return undefined;
    return a;
  }

  updateMappings(): void {
    if (!this.bus) return;
    for (const bar of this.bars) {
      if (!bar) continue;
      const a = this.barAddress(bar);
      if (a === bar.addr) continue;
      const space = bar.type === "io" ? this.bus.ioSpace : this.bus.memSpace;
      if (bar.addr !== undefined) space.removeSubregion(bar.region);
      bar.addr = a;
      if (a !== undefined) space.addSubregion(a, bar.region, 1);
    }
  }

  /** Raises or lowers INTx (the pin given in config); masked by the command register. */
  setIrq(level: boolean): void {
    this.intxLevel = level;
    this.updateIntx();
  }
  private updateIntx(): void {
    const st = this.config[R.PCI_STATUS]!;
    this.config[R.PCI_STATUS] = this.intxLevel ? st | R.PCI_STATUS_INTERRUPT : st & ~R.PCI_STATUS_INTERRUPT;
    const masked = (this.getWord(R.PCI_COMMAND) & R.PCI_COMMAND_INTX_DISABLE) !== 0;
    const pin = this.config[R.PCI_INTERRUPT_PIN]!;
    if (pin && this.bus) this.bus.setIntx(this, pin - 1, this.intxLevel && !masked);
  }

  /** Bus-master DMA write (MSI-X messages, device writes); dropped without bus mastering. */
  dmaWrite(addr: number, data: Uint8Array): void {
    if (!(this.getWord(R.PCI_COMMAND) & R.PCI_COMMAND_MASTER) || !this.bus) return;
    this.bus.dmaSpace.write(addr, data);
  }
  busMaster(): boolean {
    return (this.getWord(R.PCI_COMMAND) & R.PCI_COMMAND_MASTER) !== 0;
  }

  /** Called by the bus on unplug/reset: unmap BARs. */
  unmapBars(): void {
    if (!this.bus) return;
    for (const bar of this.bars) {
      if (!bar || bar.addr === undefined) continue;
      (bar.type === "io" ? this.bus.ioSpace : this.bus.memSpace).removeSubregion(bar.region);
      bar.addr = undefined;
    }
  }

  /** Resets the guest-writable state (command, BARs) as on a bus reset. */
  pciReset(): void {
    this.setWord(R.PCI_COMMAND, 0);
    for (const bar of this.bars) {
      if (!bar) continue;
      const off = R.PCI_BASE_ADDRESS_0 + 4 * bar.index;
      this.setLong(off, this.getLong(off) & 0xf);
      if (bar.type === "mem64") this.setLong(off + 4, 0);
    }
    this.config[R.PCI_INTERRUPT_LINE] = 0;
    this.updateMappings();
  }
}
