// The `virt` machine: RAM at 0x40000000 and a generic PCIe host bridge laid out as on QEMU's
// arm `virt` machine (so libqos' generic-pcihost code drives it unchanged), no CPU yet.
//
//   0x10000000-0x3efeffff  PCIe 32-bit MMIO window (BARs; left unassigned for the guest)
//   0x3eff0000-0x3effffff  PCIe PIO window (64 KiB)
//   0x3f000000-0x3fffffff  PCIe ECAM (16 MiB: buses 0-15)
//   0x40000000-            RAM (-m, 128 MiB by default)
//
// QOM tree: /machine, /machine/gpex-pcihost (INTx lines = its gpio outputs 0-3),
// /machine/peripheral/<id> for -device with id=, /machine/peripheral-anon/device[N] without.
import { Container, QomObject, lookupType, objectNew, typeIsA } from "../../qom/object";
import { Device } from "../../qom/device";
import { PropertyError } from "../../qom/property";
import { AddressSpace, MemoryRegion } from "../core/memory";
import { GuestRam } from "../core/guest-ram";
import { GpexHost, TYPE_GPEX_HOST } from "../pci/gpex";
import { PCIDevice } from "../pci/pci-device";
import { parsePciAddr } from "../pci/pci-props";
import { VirtioNetPci } from "../net/virtio-net-pci";
import { allNetClients } from "../../net/net";
import { QemuError } from "../../monitor/error";

export const VIRT_MEMMAP = {
  pcieMmio: { base: 0x10000000, size: 0x2eff0000 },
  pciePio: { base: 0x3eff0000, size: 0x00010000 },
  pcieEcam: { base: 0x3f000000, size: 0x01000000 },
  ram: { base: 0x40000000 },
} as const;

export const DEFAULT_RAM_SIZE = 128 * 1024 * 1024;
/** A Node Buffer holds at most this much; RAM beyond it needs the addon-backed buffer. */
export const MAX_RAM_SIZE = 4 * 1024 * 1024 * 1024 - 4096;

export class MachineError extends QemuError {}

export class VirtMachine extends QomObject {
  readonly sysmem = MemoryRegion.container("system", 2 ** 64);
  readonly as = new AddressSpace("memory", this.sysmem);
  readonly ram: GuestRam;
  readonly pcihost: GpexHost;
  readonly peripheral = new Container();
  readonly peripheralAnon = new Container();
  readonly unattached = new Container();
  /** CPU address of PCI I/O port 0 (qtest's in/out go there). */
  readonly pioBase = VIRT_MEMMAP.pciePio.base;
  /** The QOM root; the machine is its child "machine". */
  readonly root = new Container();
  /** Called after a device is added (the monitor hooks its events in). */
  onDeviceAdded: ((dev: Device) => void) | undefined;
  /** Listener for DEVICE_DELETED, set by the monitor. */
  onDeviceDeleted: ((id: string | undefined, path: string) => void) | undefined;

  constructor(ramSize = DEFAULT_RAM_SIZE) {
    super();
    this.typeName = "virt-machine";
    this.root.addChild("machine", this);
    if (ramSize > MAX_RAM_SIZE)
      throw new MachineError(
        `invalid RAM size ${ramSize}: at most ${MAX_RAM_SIZE / 1048576} MiB are supported`,
      );
    if (ramSize < 1048576) throw new MachineError(`invalid RAM size ${ramSize}: at least 1 MiB is needed`);
    this.ram = new GuestRam(VIRT_MEMMAP.ram.base, ramSize);
    this.sysmem.addSubregion(VIRT_MEMMAP.ram.base, MemoryRegion.ram("mach-virt.ram", this.ram.buf));
    this.addChild("peripheral", this.peripheral);
    this.addChild("peripheral-anon", this.peripheralAnon);
    this.addChild("unattached", this.unattached);
    const host = objectNew(TYPE_GPEX_HOST) as GpexHost;
    host.configure(
      {
        ecamBase: VIRT_MEMMAP.pcieEcam.base,
        ecamSize: VIRT_MEMMAP.pcieEcam.size,
        mmioBase: VIRT_MEMMAP.pcieMmio.base,
        mmioSize: VIRT_MEMMAP.pcieMmio.size,
        pioBase: VIRT_MEMMAP.pciePio.base,
        pioSize: VIRT_MEMMAP.pciePio.size,
      },
      this.as,
    );
    host.realize();
    // No interrupt controller without a CPU: the lines only matter to qtest intercepts.
    host.connectGpioOut(() => {});
    this.addChild("gpex-pcihost", host);
    this.pcihost = host;
    this.sysmem.addSubregion(VIRT_MEMMAP.pcieMmio.base, host.mmioWindow);
    this.sysmem.addSubregion(VIRT_MEMMAP.pciePio.base, host.pioWindow);
    this.sysmem.addSubregion(VIRT_MEMMAP.pcieEcam.base, host.ecam);
  }

  /** Every device in the tree, depth first. */
  devices(): Device[] {
    const out: Device[] = [];
    const walk = (o: QomObject): void => {
      if (o instanceof Device) out.push(o);
      for (const c of o.children.values()) walk(c);
    };
    walk(this);
    return out;
  }

  findDeviceById(id: string): Device | undefined {
    const c = this.peripheral.children.get(id);
    return c instanceof Device ? c : undefined;
  }

  /**
   * -device / device_add: `driver` plus properties (strings from the command line, JSON values
   * from QMP). Errors carry QEMU's texts.
   */
  addDevice(driver: string, props: [string, string | number | boolean][]): Device {
    const t = lookupType(driver);
    if (!t || !typeIsA(driver, "device"))
      throw new PropertyError(`'${driver}' is not a valid device model name`);
    if (t.abstract || !t.userCreatable)
      throw new PropertyError(`Parameter 'driver' expects a non-abstract device type`);
    let id: string | undefined;
    const rest: [string, string | number | boolean][] = [];
    for (const [k, v] of props) {
      if (k === "id") id = String(v);
      else if (k !== "driver" && k !== "bus") rest.push([k, v]);
    }
    if (id !== undefined) {
      if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(id))
        throw new PropertyError(`Parameter 'id' expects an identifier`);
      if (this.peripheral.children.has(id)) throw new PropertyError(`Duplicate device ID '${id}'`);
    }
    const dev = objectNew(driver) as Device;
    dev.id = id;
    for (const [k, v] of rest) dev.setProp(k, v);
    if (dev instanceof PCIDevice) {
      const addr = dev.propStr("addr");
      const devfn = addr === undefined ? undefined : parsePciAddr(driver, addr);
      if (dev instanceof VirtioNetPci) {
        dev.ram = this.ram;
        const n = allNetClients().filter((c) => c.model === driver && c.queueIndex === 0).length;
        dev.nicName = id ?? `${driver}.${n}`;
      }
      this.pcihost.bus.plug(dev, devfn, 1);
      try {
        dev.realize();
      } catch (e) {
        this.pcihost.bus.unplug(dev);
        throw e;
      }
    } else {
      dev.realize();
    }
    if (id !== undefined) this.peripheral.addChild(id, dev);
    else this.peripheralAnon.addChild(this.peripheralAnon.freeChildName("device"), dev);
    this.onDeviceAdded?.(dev);
    return dev;
  }

  /** device_del: unplugs at once (no guest handshake without a CPU) and reports DEVICE_DELETED. */
  deleteDevice(idOrPath: string): void {
    let dev: Device | undefined = this.findDeviceById(idOrPath);
    if (!dev && idOrPath.startsWith("/")) dev = this.devices().find((d) => d.path() === idOrPath);
    if (!dev) throw new PropertyError(`Device '${idOrPath}' not found`);
    if (!(dev instanceof PCIDevice) || dev.parent === this.pcihost)
      throw new PropertyError(`Bus 'pcie.0' does not support hotplugging`);
    const path = dev.path();
    dev.unrealize();
    this.pcihost.bus.unplug(dev);
    dev.unparent();
    this.onDeviceDeleted?.(dev.id, path);
  }

  pciDevices(): PCIDevice[] {
    return [...this.pcihost.bus.devices.values()].sort((a, b) => a.devfn - b.devfn);
  }

  /** `info mtree`: the system address space, then the regions its aliases point into. */
  mtree(): string {
    let text = this.as.mtree();
    const targets = new Set<MemoryRegion>();
    const walk = (r: MemoryRegion): void => {
      if (r.alias) targets.add(r.alias.target);
      for (const s of r.subregions) walk(s.region);
    };
    walk(this.sysmem);
    for (const t of targets) {
      const out: string[] = [`memory-region: ${t.name}`];
      t.mtreeLines(0, 1, out);
      text += "\n" + out.join("\n") + "\n";
    }
    return text;
  }

  /** Machine reset: every PCI function back to its power-on state. */
  reset(): void {
    this.pcihost.bus.reset();
    for (const d of this.pciDevices()) if (d instanceof VirtioNetPci) d.resetVirtioPci();
  }

  destroy(): void {
    for (const d of this.pciDevices()) if (d instanceof VirtioNetPci) d.unrealize();
  }
}

/** Parses -m ("128", "256M", "1G", "size=512M"): size in bytes, default unit MiB. */
export function parseRamSize(text: string): number {
  const v = text.startsWith("size=") ? text.slice(5) : text.split(",")[0]!;
  const m = /^(\d+(?:\.\d+)?)([KMGTkmgt]?)[bB]?$/.exec(v);
  if (!m) throw new MachineError(`Parameter 'size' expects a non-negative number below 2^64`);
  const unit = { "": 1048576, K: 1024, M: 1048576, G: 1073741824, T: 1099511627776 }[m[2]!.toUpperCase()]!;
  return Math.floor(parseFloat(m[1]!) * unit);
}
