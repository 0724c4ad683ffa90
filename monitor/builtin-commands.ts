// The commands every machine has: capabilities are in qmp.ts; here query-version,
// query-status, query-commands, stop, cont, quit, human-monitor-command, and the network
// commands netdev_add, netdev_del, set_link with their HMP forms and `info network`.

import { formatInfoNetwork } from "../net/info";
import { setLink } from "../net/net";
import { flattenJson, netdevAdd, netdevAddFromText, netdevDel } from "../net/netdev";
import { parseBool } from "../net/options";
import {
  qmpCommandNames,
  registerHmpCommand,
  registerHmpInfo,
  registerQmpCommand,
  type QmpArgs,
} from "./commands";
import { QemuError } from "./error";
import { runHmpLine, toMonitorText } from "./hmp";
import { emitQmpEvent } from "./qmp";
import { isVmRunning, requestShutdown, runStatus, setVmRunning } from "./runstate";
import { QEMU_E2K_PACKAGE, QEMU_E2K_VERSION, versionString } from "./version";

let registered = false;

function stopVm(): void {
  if (!isVmRunning()) return;
  setVmRunning(false);
  emitQmpEvent("STOP");
}

function contVm(): void {
  if (isVmRunning()) return;
  setVmRunning(true);
  emitQmpEvent("RESUME");
}

// QEMU emits SHUTDOWN while quit runs (before its reply); the process goes a tick later,
// after the reply has been written.
export function quitFromMonitor(): void {
  emitQmpEvent("SHUTDOWN", { guest: false, reason: "host-qmp-quit" });
  setImmediate(() => requestShutdown("host-qmp-quit"));
}

// Registers everything once (idempotent, so tests and vl can both call it).
export function registerBuiltinMonitorCommands(): void {
  if (registered) return;
  registered = true;

  registerQmpCommand("query-version", { args: {} }, () => ({
    qemu: { ...QEMU_E2K_VERSION },
    package: QEMU_E2K_PACKAGE,
  }));
  registerQmpCommand("query-status", { args: {} }, () => ({
    status: runStatus(),
    singlestep: false,
    running: isVmRunning(),
  }));
  registerQmpCommand("query-commands", { args: {} }, () =>
    ["qmp_capabilities", ...qmpCommandNames()].map((name) => ({ name })),
  );
  registerQmpCommand("stop", { args: {} }, () => stopVm());
  registerQmpCommand("cont", { args: {} }, () => contVm());
  registerQmpCommand("quit", { args: {} }, () => {
    quitFromMonitor();
    return {};
  });
  registerQmpCommand(
    "human-monitor-command",
    { args: { "command-line": { type: "str" }, "cpu-index": { type: "int", optional: true } } },
    async (args: QmpArgs) => toMonitorText(await runHmpLine(args["command-line"] as string)),
  );
  registerQmpCommand("netdev_add", { args: "any" }, async (args: QmpArgs) => {
    await netdevAdd(flattenJson(args), { source: "qmp" });
    return {};
  });
  registerQmpCommand("netdev_del", { args: { id: { type: "str" } } }, (args: QmpArgs) => {
    netdevDel(args.id as string);
    return {};
  });
  registerQmpCommand(
    "set_link",
    { args: { name: { type: "str" }, up: { type: "bool" } } },
    (args: QmpArgs) => {
      setLink(args.name as string, args.up as boolean);
      return {};
    },
  );

  registerHmpInfo("network", "show the network state", () => formatInfoNetwork());
  registerHmpInfo(
    "status",
    "show the current VM status (running|paused)",
    () => `VM status: ${runStatus()}\n`,
  );
  registerHmpInfo("version", "show the version of QEMU", () => `${versionString()} (${QEMU_E2K_PACKAGE})\n`);
  registerHmpCommand(
    "quit",
    "",
    "quit the emulator",
    () => {
      quitFromMonitor();
      return "";
    },
    ["q"],
  );
  registerHmpCommand("stop", "", "stop emulation", () => (stopVm(), ""), ["s"]);
  registerHmpCommand("cont", "", "resume emulation", () => (contVm(), ""), ["c"]);
  registerHmpCommand(
    "netdev_add",
    "[user|tap|socket|stream|dgram|hubport|…],id=str[,prop=value][,...]",
    "add host network device",
    async (_a, line) => {
      const spec = line.slice("netdev_add".length).trim();
      if (spec === "") throw new QemuError("Parameter 'type' is missing");
      const r = await netdevAddFromText(spec);
      return r.kind === "help" ? r.text : "";
    },
  );
  registerHmpCommand("netdev_del", "id", "remove host network device", (a) => {
    if (a[0] === undefined) throw new QemuError("Parameter 'id' is missing");
    netdevDel(a[0]);
    return "";
  });
  registerHmpCommand("set_link", "name on|off", "change the link status of a network adapter", (a) => {
    if (a[0] === undefined || a[1] === undefined) throw new QemuError("Parameter 'up' is missing");
    setLink(a[0], parseBool("up", a[1]));
    return "";
  });
}
