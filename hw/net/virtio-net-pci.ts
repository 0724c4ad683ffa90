// The virtio-net-pci device: the PCI proxy (modern transport, MSI-X) around a VirtioNet, with
// QEMU's property names and defaults.
import { QemuError } from "../../monitor/error";
import { registerType } from "../../qom/object";
import { type PropDef, parseMac } from "../../qom/property";
import { PCI_DEVICE_PROPS } from "../pci/pci-props";
import { VirtioPciProxy } from "../virtio/virtio-pci";
import type { GuestRam } from "../core/guest-ram";
import { VirtioNet, defaultMac } from "./virtio-net";

export const TYPE_VIRTIO_NET_PCI = "virtio-net-pci";

const pow2 = (v: number): string | undefined =>
  v < 256 || v > 1024 || v & (v - 1)
    ? "Invalid size, it must be a power of 2 between 256 and 1024"
    : undefined;

const VIRTIO_NET_PROPS: readonly PropDef[] = [
  ...PCI_DEVICE_PROPS,
  { name: "mac", kind: "macaddr", help: "Ethernet 6-byte MAC Address, example: 52:54:00:12:34:56" },
  { name: "netdev", kind: "link", typeLabel: "str", help: "ID of a netdev to use as a backend" },
  { name: "status", kind: "bool", default: true, help: "on/off (link status at start)" },
  { name: "mrg_rxbuf", kind: "bool", default: true, help: "on/off" },
  { name: "ctrl_vq", kind: "bool", default: true, help: "on/off" },
  { name: "ctrl_rx", kind: "bool", default: true, help: "on/off" },
  { name: "mq", kind: "bool", default: false, help: "on/off" },
  { name: "rx_queue_size", kind: "uint", bits: 16, default: 256, check: pow2 },
  { name: "tx_queue_size", kind: "uint", bits: 16, default: 256, check: pow2 },
  { name: "x-txburst", kind: "uint", bits: 32, default: 256, min: 1, max: 1024 },
  { name: "event_idx", kind: "bool", default: true, help: "on/off" },
  {
    name: "x-native-batch",
    kind: "enum",
    values: ["auto", "on", "off"],
    default: "auto",
    help: "native ring batches: with af-xdp (auto), with every netdev (on), never (off)",
  },
  {
    name: "vectors",
    kind: "uint",
    bits: 32,
    default: 0xffffffff,
    hideDefault: true,
    help: "MSI-X vectors (default: 2 × queue pairs + 2)",
  },
];

export class VirtioNetPci extends VirtioPciProxy {
  net!: VirtioNet;
  /** Set by the machine before realize. */
  ram!: GuestRam;
  /** NIC name: the device id, or "<model>.<n>". */
  nicName = "";

  protected doRealize(): void {
    const macText = this.propStr("mac");
    const mac = macText ? parseMac(macText)! : defaultMac();
    if (mac[0]! & 1)
      throw new QemuError(`Property '${this.typeName}.mac' doesn't take value '${macText}': multicast MAC`);
    this.net = new VirtioNet(this.ram, {
      name: this.nicName,
      mac,
      linkUp: this.propBool("status"),
      mrgRxbuf: this.propBool("mrg_rxbuf"),
      ctrlVq: this.propBool("ctrl_vq"),
      ctrlRx: this.propBool("ctrl_rx"),
      mq: this.propBool("mq"),
      rxQueueSize: this.propNum("rx_queue_size"),
      txQueueSize: this.propNum("tx_queue_size"),
      txBurst: this.propNum("x-txburst"),
      eventIdx: this.propBool("event_idx"),
      nativeBatch: this.propStr("x-native-batch") as "auto" | "on" | "off",
      netdev: this.propStr("netdev"),
      model: this.typeName,
    });
    const v = this.propNum("vectors");
    const vectors = v === 0xffffffff ? 2 * this.net.maxPairs + 2 : v;
    if (vectors > 2048) {
      this.net.destroy();
      throw new QemuError(`Property '${this.typeName}.vectors': at most 2048 MSI-X vectors`);
    }
    this.plugVirtio(this.net, vectors, 0x0200);
  }

  protected override doUnrealize(): void {
    this.net.destroy();
  }
}

registerType({ name: "device", abstract: true });
registerType({ name: "pci-device", parent: "device", abstract: true, props: PCI_DEVICE_PROPS });
registerType({ name: "virtio-pci", parent: "pci-device", abstract: true });
registerType({
  name: TYPE_VIRTIO_NET_PCI,
  parent: "virtio-pci",
  category: "Network devices",
  desc: 'bus PCI, alias "virtio-net"',
  userCreatable: true,
  props: VIRTIO_NET_PROPS,
  create: () => new VirtioNetPci(),
});
