// QMP query-pci data (QEMU's PciInfo / PciDeviceInfo) and the `info pci` text built from it.
import type { VirtMachine } from "../virt/virt";
import { PCI_CLASS_NAMES } from "./pci-regs";

export interface PciMemoryRegionInfo {
  bar: number;
  type: "io" | "memory";
  address: number;
  size: number;
  prefetch?: boolean;
  mem_type_64?: boolean;
}

export interface PciDeviceInfo {
  bus: number;
  slot: number;
  function: number;
  class_info: { desc?: string; class: number };
  id: { device: number; vendor: number; subsystem: number; "subsystem-vendor": number };
  irq?: number;
  irq_pin: number;
  qdev_id: string;
  regions: PciMemoryRegionInfo[];
}

export function queryPci(m: VirtMachine): { bus: number; devices: PciDeviceInfo[] }[] {
  const bus = m.pcihost.bus;
  const devices = m.pciDevices().map((d): PciDeviceInfo => {
    const cls = d.getWord(0x0a);
    const pin = d.config[0x3d]!;
    const regions: PciMemoryRegionInfo[] = [];
    for (const b of d.bars) {
      if (!b) continue;
      const r: PciMemoryRegionInfo = {
        bar: b.index,
        type: b.type === "io" ? "io" : "memory",
        // QEMU reports an unmapped BAR at PCI_BAR_UNMAPPED, i.e. -1.
        address: b.addr ?? -1,
        size: b.size,
      };
      if (b.type !== "io") {
        r.prefetch = b.prefetch;
        r.mem_type_64 = b.type === "mem64";
      }
      regions.push(r);
    }
    const info: PciDeviceInfo = {
      bus: bus.busNumber,
      slot: d.devfn >> 3,
      function: d.devfn & 7,
      class_info: { class: cls },
      id: {
        device: d.getWord(0x02),
        vendor: d.getWord(0x00),
        subsystem: d.getWord(0x2e),
        "subsystem-vendor": d.getWord(0x2c),
      },
      irq_pin: pin,
      qdev_id: d.id ?? "",
      regions,
    };
    const desc = PCI_CLASS_NAMES[cls];
    if (desc) info.class_info = { desc, class: cls };
    if (pin) info.irq = bus.intxLine(d);
    return info;
  });
  return [{ bus: bus.busNumber, devices }];
}

const hex = (n: number, w: number): string => n.toString(16).padStart(w, "0");

/** `info pci`, line for line as QEMU's hmp_info_pci prints it. */
export function formatInfoPci(buses: { bus: number; devices: PciDeviceInfo[] }[]): string {
  const out: string[] = [];
  for (const b of buses) {
    for (const d of b.devices) {
      out.push(
        `  Bus ${String(d.bus).padStart(2)}, device ${String(d.slot).padStart(3)}, function ${d.function}:`,
      );
      const cls = d.class_info.desc ?? `Class ${hex(d.class_info.class, 4)}`;
      out.push(`    ${cls}: PCI device ${hex(d.id.vendor, 4)}:${hex(d.id.device, 4)}`);
      out.push(`      PCI subsystem ${hex(d.id["subsystem-vendor"], 4)}:${hex(d.id.subsystem, 4)}`);
      if (d.irq !== undefined) out.push(`      IRQ ${d.irq}, pin ${String.fromCharCode(64 + d.irq_pin)}`);
      for (const r of d.regions) {
        const addr = r.address < 0 ? 2n ** 64n - 1n : BigInt(r.address);
        const end = r.address < 0 ? BigInt(r.size) - 2n : addr + BigInt(r.size) - 1n;
        if (r.type === "io") {
          out.push(
            `      BAR${r.bar}: I/O at 0x${addr.toString(16).padStart(4, "0")} [0x${end.toString(16).padStart(4, "0")}].`,
          );
        } else {
          const kind = `${r.mem_type_64 ? 64 : 32} bit${r.prefetch ? " prefetchable" : ""} memory`;
          out.push(
            `      BAR${r.bar}: ${kind} at 0x${addr.toString(16).padStart(8, "0")} [0x${end.toString(16).padStart(8, "0")}].`,
          );
        }
      }
      out.push(`      id "${d.qdev_id}"`);
    }
  }
  return out.join("\n") + "\n";
}
