// The machine's part of the system-mode command line (system/vl.ts's option table): the
// `virt` machine type, -m, -device, and the rest of what QEMU's libqtest passes: -accel,
// -qtest, -qtest-log, -chardev and -mon. Imported by vl.ts before parsing.
import { openSync, writeSync, closeSync } from "node:fs";
import { QtestServer } from "../../accel/qtest";
import { connectQtest, type QtestConnection } from "../../accel/qtest-chardev";
import { QemuError, errorMessage } from "../../monitor/error";
import {
  startMonitor,
  parseChardevSpec,
  type ChardevSpec,
  type MonitorHandle,
  type MonitorMode,
} from "../../monitor/server";
import { pendingNicRequests } from "../../net/netdev";
import { devicePropsHelp, deviceListHelp, resolveDeviceAlias } from "../../qom/device-help";
import { parseKeyval } from "../../qom/keyval";
import {
  recordOption,
  registerCleanupHook,
  registerLateInitHook,
  registerMachine,
  registerSystemOption,
  type VlState,
} from "../../system/vl";
import "../net/virtio-net-pci";
import { registerMachineMonitorCommands } from "./monitor-commands";
import { registerQomCommands } from "./qom-commands";
import { VirtMachine, parseRamSize } from "./virt";

let machine: VirtMachine | undefined;
const chardevs = new Map<string, ChardevSpec>();
const monitors: MonitorHandle[] = [];
let qtestConn: QtestConnection | undefined;
let qtestLogFd: number | undefined;
// qom-list & co. see the virt machine's tree, or an empty /machine with -M none.
registerQomCommands(() => machine?.root);

const list = (state: VlState, name: string): string[] => state.extra.get(name) ?? [];

registerSystemOption({
  name: "device",
  hasArg: true,
  help: "-device driver[,prop[=value][,...]] add device (-device help lists them, -device DRIVER,help their properties)",
  handle(arg, state) {
    const kv = parseKeyval(arg, "driver");
    const driver = resolveDeviceAlias(kv.implied ?? "");
    if (driver === "help" || driver === "?") {
      process.stdout.write(deviceListHelp());
      process.exit(0);
    }
    if (kv.pairs.some(([k, v]) => k === "help" || v === "help")) {
      process.stdout.write(devicePropsHelp(driver));
      process.exit(0);
    }
    const l = list(state, "device");
    l.push(arg);
    state.extra.set("device", l);
  },
});
recordOption("m", "-m [size=]megs[M|G] RAM size (default 128 MiB)");
recordOption("accel", "-accel qtest|tcg select the accelerator (only qtest drives devices today)");
recordOption("qtest", "-qtest unix:PATH|tcp:HOST:PORT|stdio[,server=on] the qtest protocol socket");
recordOption("qtest-log", "-qtest-log FILE|none log of the qtest protocol (default: stderr)");
recordOption(
  "chardev",
  "-chardev socket,id=ID,path=PATH|host=H,port=P[,server=on][,wait=off] a character device",
);
recordOption("mon", "-mon chardev=ID[,mode=control|readline] a monitor on a -chardev");

/** -chardev socket,… → the monitor's chardev spec. */
function parseChardev(text: string): { id: string; spec: ChardevSpec } {
  const kv = parseKeyval(text, "backend");
  const props = new Map(kv.pairs);
  const id = props.get("id");
  if (!id) throw new QemuError("Parameter 'id' is missing");
  const backend = kv.implied ?? props.get("backend");
  const opts = (k: string): string => (props.has(k) ? `,${k}=${props.get(k)}` : "");
  if (backend === "stdio") return { id, spec: { kind: "stdio" } };
  if (backend !== "socket") throw new QemuError(`'${backend ?? ""}' is not a valid char driver name`);
  const path = props.get("path");
  const host = props.get("host");
  const port = props.get("port");
  const base = path !== undefined ? `unix:${path}` : `tcp:${host ?? ""}:${port ?? ""}`;
  if (path === undefined && port === undefined) throw new QemuError("chardev: socket: no host given");
  return { id, spec: parseChardevSpec(base + opts("server") + opts("wait")) };
}

registerMachine({
  name: "virt",
  desc: "QEMU virt-style machine: PCIe host bridge (arm virt memory map), virtio; no CPU yet",
  isDefault: true,
  init({ state }) {
    let accel = "tcg";
    for (const [k, v] of state.machineProps) {
      if (k === "accel") accel = v;
      else throw new QemuError(`Property 'virt-machine.${k}' not found`);
    }
    for (const a of list(state, "accel")) accel = parseKeyval(a, "accel").implied ?? accel;
    if (accel !== "qtest" && accel !== "tcg")
      throw new QemuError(`-accel ${accel}: invalid accelerator ${accel}`);
    const mem = list(state, "m").at(-1);
    let size: number | undefined;
    if (mem !== undefined) {
      try {
        size = parseRamSize(mem);
      } catch (e) {
        throw new QemuError(`-m ${mem}: ${errorMessage(e)}`);
      }
    }
    machine = new VirtMachine(size);
    registerMachineMonitorCommands(machine);
    for (const nic of pendingNicRequests()) {
      const model = nic.model ?? "virtio-net-pci";
      if (resolveDeviceAlias(model) !== "virtio-net-pci")
        throw new QemuError(`Unsupported NIC model: ${model}`);
      const props: [string, string][] = [];
      if (nic.netdevId !== undefined) props.push(["netdev", nic.netdevId]);
      if (nic.mac !== undefined) props.push(["mac", nic.mac]);
      machine.addDevice("virtio-net-pci", props);
    }
    for (const d of list(state, "device")) {
      try {
        const kv = parseKeyval(d, "driver");
        machine.addDevice(resolveDeviceAlias(kv.implied ?? ""), kv.pairs);
      } catch (e) {
        throw new QemuError(`-device ${d}: ${errorMessage(e)}`);
      }
    }
  },
  cleanup() {
    machine?.destroy();
    machine = undefined;
  },
});

registerLateInitHook(async (state) => {
  const orphan = list(state, "device")[0];
  if (orphan !== undefined && !machine) {
    const driver = resolveDeviceAlias(parseKeyval(orphan, "driver").implied ?? "");
    throw new QemuError(`-device ${orphan}: No 'PCI' bus found for device '${driver}'`);
  }
  for (const c of list(state, "chardev")) {
    try {
      const { id, spec } = parseChardev(c);
      if (chardevs.has(id))
        throw new QemuError(`attempt to add duplicate property '${id}' to object (type 'container')`);
      chardevs.set(id, spec);
    } catch (e) {
      throw new QemuError(`-chardev ${c}: ${errorMessage(e)}`);
    }
  }
  for (const m of list(state, "mon")) {
    const kv = new Map(parseKeyval(m, "chardev").pairs);
    const id = kv.get("chardev") ?? parseKeyval(m, "chardev").implied;
    const spec = id === undefined ? undefined : chardevs.get(id);
    if (!spec) throw new QemuError(`-mon ${m}: Chardev '${id ?? ""}' not found`);
    const mode = (kv.get("mode") ?? "readline") as MonitorMode;
    if (mode !== "control" && mode !== "readline")
      throw new QemuError(`-mon ${m}: Parameter 'mode' does not accept value '${mode}'`);
    monitors.push(await startMonitor(spec, mode));
  }
  const qtest = list(state, "qtest").at(-1);
  if (qtest === undefined) return;
  if (!machine)
    throw new QemuError(`-qtest ${qtest}: the qtest protocol needs a machine with memory (-M virt)`);
  const logName = list(state, "qtest-log").at(-1);
  let log: ((line: string) => void) | undefined;
  if (logName === undefined) log = (l) => process.stderr.write(l + "\n");
  else if (logName !== "none") {
    try {
      qtestLogFd = openSync(logName, "w+");
    } catch (e) {
      throw new QemuError(`-qtest-log ${logName}: ${errorMessage(e)}`);
    }
    const fd = qtestLogFd;
    log = (l) => writeSync(fd, l + "\n");
  }
  const server = new QtestServer(machine, { log });
  try {
    qtestConn = await connectQtest(server, parseChardevSpec(qtest), qtest);
  } catch (e) {
    throw new QemuError(`-qtest ${qtest}: ${errorMessage(e)}`);
  }
});

registerCleanupHook(() => {
  qtestConn?.close();
  qtestConn = undefined;
  for (const m of monitors.splice(0)) m.close();
  chardevs.clear();
  if (qtestLogFd !== undefined) closeSync(qtestLogFd);
  qtestLogFd = undefined;
});
