// Monitor commands of the machine: QMP query-pci, device_add, device_del and the HMP forms
// `info pci`, `info mtree`, device_add, device_del. Events: DEVICE_DELETED.
import { registerHmpCommand, registerHmpInfo, registerQmpCommand } from "../../monitor/commands";
import { QemuError } from "../../monitor/error";
import { emitQmpEvent } from "../../monitor/qmp";
import { parseKeyval } from "../../qom/keyval";
import { devicePropsHelp, deviceListHelp, resolveDeviceAlias } from "../../qom/device-help";
import { formatInfoPci, queryPci } from "../pci/pci-info";
import { VirtioNetPci } from "../net/virtio-net-pci";
import type { VirtMachine } from "./virt";

let registered = false;
let machine: VirtMachine | undefined;

function current(): VirtMachine {
  if (!machine) throw new QemuError("No machine with a PCI bus (-M none)");
  return machine;
}

/** Registers the commands once; `m` becomes the machine they act on. */
export function registerMachineMonitorCommands(m: VirtMachine): void {
  machine = m;
  m.onDeviceDeleted = (id, path) => {
    emitQmpEvent("DEVICE_DELETED", { path: `${path}/virtio-backend` });
    emitQmpEvent("DEVICE_DELETED", id === undefined ? { path } : { device: id, path });
  };
  m.onDeviceAdded = (dev) => {
    if (dev instanceof VirtioNetPci)
      dev.net.onRxFilterChanged = () =>
        emitQmpEvent("NIC_RX_FILTER_CHANGED", {
          name: dev.net.cfg.name,
          path: `${dev.path()}/virtio-backend`,
        });
  };
  if (registered) return;
  registered = true;
  registerQmpCommand("query-pci", { args: {} }, () => queryPci(current()));
  registerQmpCommand("device_add", { args: "any" }, (args) => {
    const driver = args.driver;
    if (typeof driver !== "string") throw new QemuError("Parameter 'driver' is missing");
    const props: [string, string | number | boolean][] = [];
    for (const [k, v] of Object.entries(args)) {
      if (k === "driver") continue;
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean")
        throw new QemuError(`Invalid parameter type for '${k}', expected: string`);
      props.push([k, v]);
    }
    current().addDevice(resolveDeviceAlias(driver), props);
    return {};
  });
  registerQmpCommand("system_reset", { args: {} }, () => {
    current().reset();
    emitQmpEvent("RESET", { guest: false, reason: "host-qmp-system-reset" });
    return {};
  });
  registerHmpCommand("system_reset", "", "reset the system", () => {
    current().reset();
    emitQmpEvent("RESET", { guest: false, reason: "host-qmp-system-reset" });
    return "";
  });
  registerQmpCommand("query-rx-filter", { args: { name: { type: "str", optional: true } } }, (args) => {
    const nics = current()
      .pciDevices()
      .filter((d): d is VirtioNetPci => d instanceof VirtioNetPci);
    if (args.name === undefined) return nics.map((d) => d.net.rxFilterInfo());
    const hit = nics.find((d) => d.net.cfg.name === args.name);
    if (!hit) throw new QemuError(`invalid net client name: ${String(args.name)}`);
    return [hit.net.rxFilterInfo()];
  });
  registerQmpCommand("device_del", { args: { id: { type: "str" } } }, (args) => {
    current().deleteDevice(args.id as string);
    return {};
  });
  registerHmpInfo("pci", "show PCI info", () => formatInfoPci(queryPci(current())));
  registerHmpInfo("mtree", "show memory tree", () => current().mtree());
  registerHmpCommand(
    "device_add",
    "driver[,prop=value][,...]",
    "add device, like -device on the command line",
    (_a, line) => {
      const text = line.replace(/^\s*device_add\s+/, "");
      const kv = parseKeyval(text, "driver");
      const driver = resolveDeviceAlias(kv.implied ?? "");
      if (driver === "help" || driver === "?") return deviceListHelp();
      if (kv.pairs.some(([k]) => k === "help")) return devicePropsHelp(driver);
      current().addDevice(driver, kv.pairs);
      return "";
    },
  );
  registerHmpCommand("device_del", "device", "remove device", (args) => {
    if (!args[0]) throw new QemuError("Parameter 'id' is missing");
    current().deleteDevice(args[0]);
    return "";
  });
}
