// The modern (virtio 1.x) PCI transport, laid out as QEMU lays it out: vendor-specific
// capabilities pointing into a 64-bit prefetchable BAR 4 (common config at 0x0000, ISR at
// 0x1000, device config at 0x2000, notifications at 0x3000 with a multiplier of 4), the PCI
// config-access capability, and MSI-X with its table and PBA in BAR 1.
import { MemoryRegion } from "../core/memory";
import { Msix } from "../pci/msix";
import { PCIDevice } from "../pci/pci-device";
import { PCI_CAP_ID_VNDR } from "../pci/pci-regs";
import { VIRTIO_NO_VECTOR, type VirtQueue } from "./virtqueue";
import type { VirtioDevice, VirtioTransport } from "./virtio-device";

const VIRTIO_PCI_CAP_COMMON_CFG = 1;
const VIRTIO_PCI_CAP_NOTIFY_CFG = 2;
const VIRTIO_PCI_CAP_ISR_CFG = 3;
const VIRTIO_PCI_CAP_DEVICE_CFG = 4;
const VIRTIO_PCI_CAP_PCI_CFG = 5;

export const VIRTIO_PCI_COMMON_OFFSET = 0x0000;
export const VIRTIO_PCI_ISR_OFFSET = 0x1000;
export const VIRTIO_PCI_DEVICE_OFFSET = 0x2000;
export const VIRTIO_PCI_NOTIFY_OFFSET = 0x3000;
export const VIRTIO_PCI_NOTIFY_MULTIPLIER = 4;
export const VIRTIO_PCI_MODERN_BAR = 4;
export const VIRTIO_PCI_MSIX_BAR = 1;

// Common configuration register offsets (virtio 1.x §4.1.4.3).
export const COMMON = {
  dfselect: 0x00,
  df: 0x04,
  gfselect: 0x08,
  gf: 0x0c,
  msixConfig: 0x10,
  numQueues: 0x12,
  status: 0x14,
  cfgGeneration: 0x15,
  queueSelect: 0x16,
  queueSize: 0x18,
  queueMsixVector: 0x1a,
  queueEnable: 0x1c,
  queueNotifyOff: 0x1e,
  queueDescLo: 0x20,
  queueDescHi: 0x24,
  queueAvailLo: 0x28,
  queueAvailHi: 0x2c,
  queueUsedLo: 0x30,
  queueUsedHi: 0x34,
} as const;
const COMMON_SIZE = 0x38;

export abstract class VirtioPciProxy extends PCIDevice implements VirtioTransport {
  vdev!: VirtioDevice;
  msix: Msix | undefined;
  private dfselect = 0;
  private gfselect = 0;
  private queueSel = 0;
  msixConfig = VIRTIO_NO_VECTOR;
  private pciCfgCap = 0;

  /** Wires the transport to `vdev` and builds config space, BARs and capabilities. */
  protected plugVirtio(vdev: VirtioDevice, vectors: number, classCode: number): void {
    this.vdev = vdev;
    vdev.transport = this;
    this.initConfig({
      vendor: 0x1af4,
      device: 0x1040 + vdev.deviceId,
      classCode,
      revision: 1,
      subsystemVendor: 0x1af4,
      subsystem: 0x1100,
      interruptPin: 1,
    });
    if (vectors > 0) {
      const msixBar = MemoryRegion.container("virtio-pci-msix", 0x1000);
      this.msix = new Msix(this, vectors, msixBar, VIRTIO_PCI_MSIX_BAR, 0, 0x800);
      this.registerBar(VIRTIO_PCI_MSIX_BAR, "mem32", msixBar);
    }
    const bar = MemoryRegion.container("virtio-pci", 0x4000);
    const io = (
      name: string,
      size: number,
      read: (o: number, s: number) => number,
      write: (o: number, s: number, v: number) => void,
    ): MemoryRegion => MemoryRegion.io(name, size, { maxAccess: 4, read, write });
    bar.addSubregion(
      VIRTIO_PCI_COMMON_OFFSET,
      io(
        "virtio-pci-common-virtio-net",
        0x1000,
        (o, s) => this.commonRead(o, s),
        (o, s, v) => this.commonWrite(o, s, v),
      ),
    );
    bar.addSubregion(
      VIRTIO_PCI_ISR_OFFSET,
      io(
        "virtio-pci-isr-virtio-net",
        0x1000,
        () => this.isrRead(),
        () => {},
      ),
    );
    bar.addSubregion(
      VIRTIO_PCI_DEVICE_OFFSET,
      io(
        "virtio-pci-device-virtio-net",
        0x1000,
        (o, s) => (o + s <= vdev.configSize ? vdev.readConfig(o, s) : 0),
        (o, s, v) => {
          if (o + s <= vdev.configSize) vdev.guard(() => vdev.writeConfig(o, s, v));
        },
      ),
    );
    bar.addSubregion(
      VIRTIO_PCI_NOTIFY_OFFSET,
      io(
        "virtio-pci-notify-virtio-net",
        0x1000,
        () => 0,
        (o) => vdev.kick(Math.floor(o / VIRTIO_PCI_NOTIFY_MULTIPLIER)),
      ),
    );
    this.registerBar(VIRTIO_PCI_MODERN_BAR, "mem64", bar, true);
    this.addVirtioCap(VIRTIO_PCI_CAP_COMMON_CFG, VIRTIO_PCI_COMMON_OFFSET, 0x1000);
    this.addVirtioCap(VIRTIO_PCI_CAP_ISR_CFG, VIRTIO_PCI_ISR_OFFSET, 0x1000);
    this.addVirtioCap(VIRTIO_PCI_CAP_DEVICE_CFG, VIRTIO_PCI_DEVICE_OFFSET, 0x1000);
    const notify = this.addVirtioCap(VIRTIO_PCI_CAP_NOTIFY_CFG, VIRTIO_PCI_NOTIFY_OFFSET, 0x1000, 20);
    this.setLong(notify + 16, VIRTIO_PCI_NOTIFY_MULTIPLIER);
    // PCI config access window: the driver picks bar/offset/length, then reads/writes data.
    const cfg = this.addVirtioCap(VIRTIO_PCI_CAP_PCI_CFG, 0, 0, 20);
    this.config[cfg + 4] = 0;
    for (let i = 4; i < 20; i++) if (i !== 5 && (i < 6 || i > 7)) this.wmask[cfg + i] = 0xff;
    this.wmask[cfg + 4] = 0xff;
    this.pciCfgCap = cfg;
    this.configWriteHooks.push((addr, size) => {
      if (addr >= cfg + 16 && addr + size <= cfg + 20) this.pciCfgAccess(true);
    });
  }

  private addVirtioCap(type: number, offset: number, length: number, capLen = 16): number {
    const c = this.addCapability(PCI_CAP_ID_VNDR, capLen);
    this.config[c + 2] = capLen;
    this.config[c + 3] = type;
    this.config[c + 4] = type === VIRTIO_PCI_CAP_PCI_CFG ? 0 : VIRTIO_PCI_MODERN_BAR;
    this.setLong(c + 8, offset);
    this.setLong(c + 12, length);
    return c;
  }

  override configRead(addr: number, size: number): number {
    const cfg = this.pciCfgCap;
    if (cfg && addr >= cfg + 16 && addr + size <= cfg + 20) this.pciCfgAccess(false);
    return super.configRead(addr, size);
  }

  /** VIRTIO_PCI_CAP_PCI_CFG: moves `length` bytes between the data field and the chosen BAR. */
  private pciCfgAccess(write: boolean): void {
    const cfg = this.pciCfgCap;
    const barIdx = this.config[cfg + 4]!;
    const off = this.getLong(cfg + 8);
    const len = this.getLong(cfg + 12);
    const bar = this.bars[barIdx];
    if (!bar || (len !== 1 && len !== 2 && len !== 4) || off % len !== 0 || off + len > bar.size) return;
    const hit = bar.region.resolve(off);
    if (!hit || !hit.region.ops) return;
    if (write) hit.region.ops.write(hit.offset, len, this.getLong(cfg + 16) % 256 ** len);
    else this.setLong(cfg + 16, hit.region.ops.read(hit.offset, len));
  }

  private selectedQueue(): VirtQueue | undefined {
    return this.vdev.queues[this.queueSel];
  }

  private commonSnapshot(): Buffer {
    const b = Buffer.alloc(COMMON_SIZE);
    const v = this.vdev;
    b.writeUInt32LE(this.dfselect, COMMON.dfselect);
    b.writeUInt32LE(
      this.dfselect < 2 ? Number((v.hostFeatures >> BigInt(32 * this.dfselect)) & 0xffffffffn) : 0,
      COMMON.df,
    );
    b.writeUInt32LE(this.gfselect, COMMON.gfselect);
    b.writeUInt32LE(
      this.gfselect < 2 ? Number((v.guestFeatures >> BigInt(32 * this.gfselect)) & 0xffffffffn) : 0,
      COMMON.gf,
    );
    b.writeUInt16LE(this.msixConfig, COMMON.msixConfig);
    b.writeUInt16LE(v.queues.length, COMMON.numQueues);
    b[COMMON.status] = v.status;
    b[COMMON.cfgGeneration] = v.configGeneration;
    b.writeUInt16LE(this.queueSel, COMMON.queueSelect);
    const q = this.selectedQueue();
    if (q) {
      b.writeUInt16LE(q.size, COMMON.queueSize);
      b.writeUInt16LE(q.vector, COMMON.queueMsixVector);
      b.writeUInt16LE(q.enabled ? 1 : 0, COMMON.queueEnable);
      b.writeUInt16LE(q.index, COMMON.queueNotifyOff);
      b.writeUInt32LE(q.descAddr % 2 ** 32, COMMON.queueDescLo);
      b.writeUInt32LE(Math.floor(q.descAddr / 2 ** 32), COMMON.queueDescHi);
      b.writeUInt32LE(q.availAddr % 2 ** 32, COMMON.queueAvailLo);
      b.writeUInt32LE(Math.floor(q.availAddr / 2 ** 32), COMMON.queueAvailHi);
      b.writeUInt32LE(q.usedAddr % 2 ** 32, COMMON.queueUsedLo);
      b.writeUInt32LE(Math.floor(q.usedAddr / 2 ** 32), COMMON.queueUsedHi);
    }
    return b;
  }

  private commonRead(off: number, size: number): number {
    if (off + size > COMMON_SIZE) return 0;
    const b = this.commonSnapshot();
    return size === 1 ? b[off]! : size === 2 ? b.readUInt16LE(off) : b.readUInt32LE(off);
  }

  private commonWrite(off: number, size: number, val: number): void {
    const v = this.vdev;
    const q = this.selectedQueue();
    const setHalf = (cur: number, hi: boolean): number =>
      hi ? (cur % 2 ** 32) + val * 2 ** 32 : Math.floor(cur / 2 ** 32) * 2 ** 32 + val;
    switch (off) {
      case COMMON.dfselect:
        this.dfselect = val;
        return;
      case COMMON.gfselect:
        this.gfselect = val;
        return;
      case COMMON.gf:
        if (this.gfselect < 2) {
          const shift = BigInt(32 * this.gfselect);
          const mask = 0xffffffffn << shift;
          v.setGuestFeatures((v.guestFeatures & ~mask) | (BigInt(val >>> 0) << shift));
        }
        return;
      case COMMON.msixConfig:
        this.msixConfig = this.msix && val < this.msix.vectors ? val : VIRTIO_NO_VECTOR;
        return;
      case COMMON.status:
        if (size !== 1) return;
        v.setStatus(val);
        if (val === 0) this.resetTransport();
        return;
      case COMMON.queueSelect:
        this.queueSel = val;
        return;
    }
    if (!q) return;
    if (q.enabled) {
      // Ring parameters are latched by queue_enable; later writes are ignored, as in QEMU.
      if (off === COMMON.queueMsixVector)
        q.vector = this.msix && val < this.msix.vectors ? val : VIRTIO_NO_VECTOR;
      return;
    }
    switch (off) {
      case COMMON.queueSize:
        q.size = val & 0xffff;
        return;
      case COMMON.queueMsixVector:
        q.vector = this.msix && val < this.msix.vectors ? val : VIRTIO_NO_VECTOR;
        return;
      case COMMON.queueEnable:
        if (val === 1) v.enableQueue(q);
        else v.virtioError(`${v.name}: queue ${q.index}: wrong value for queue_enable ${val}`);
        return;
      case COMMON.queueDescLo:
      case COMMON.queueDescHi:
        q.descAddr = setHalf(q.descAddr, off === COMMON.queueDescHi);
        return;
      case COMMON.queueAvailLo:
      case COMMON.queueAvailHi:
        q.availAddr = setHalf(q.availAddr, off === COMMON.queueAvailHi);
        return;
      case COMMON.queueUsedLo:
      case COMMON.queueUsedHi:
        q.usedAddr = setHalf(q.usedAddr, off === COMMON.queueUsedHi);
        return;
    }
  }

  /** Bus/system reset: the virtio device, the transport registers and MSI-X. */
  resetVirtioPci(): void {
    this.vdev.reset();
    this.resetTransport();
    this.msix?.reset();
  }

  private resetTransport(): void {
    this.dfselect = this.gfselect = this.queueSel = 0;
    this.msixConfig = VIRTIO_NO_VECTOR;
    this.setIrq(false);
  }

  private isrRead(): number {
    const v = this.vdev.isr;
    this.vdev.isr = 0;
    this.setIrq(false);
    return v;
  }

  private useMsix(): boolean {
    return this.msix?.enabled() ?? false;
  }

  notifyQueue(vq: VirtQueue): void {
    if (this.useMsix()) {
      if (vq.vector !== VIRTIO_NO_VECTOR) this.msix!.notify(vq.vector);
    } else this.setIrq(true);
  }

  notifyConfig(): void {
    if (this.useMsix()) {
      if (this.msixConfig !== VIRTIO_NO_VECTOR) this.msix!.notify(this.msixConfig);
    } else this.setIrq(true);
  }
}
