// The system-mode command line and main loop (QEMU's system/vl.c).
//
// Options are one table (registerSystemOption): name, whether it takes an argument, help, and a
// handler that records what it asks for in the VlState. Other parts add their options with
// registerSystemOption() and their machines with registerMachine() before runSystemMode()
// runs (hw/ does it when imported). Start-up then follows QEMU's order:
//   monitors (-qmp/-monitor; wait=on blocks here) -> netdevs (-netdev, -nic) ->
//   objects (-object, e.g. filter-dump, which need the netdevs) -> machine init ->
//   late hooks (devices) -> peer warnings -> run until SIGINT/SIGTERM/SIGHUP or QMP quit.
// Teardown runs the machine's and others' cleanup hooks, deletes every netdev and filter
// and closes the monitors, then exits 0.

// First, so `-netdev help` lists the types in QEMU's order.
import "../net/netdevs";
import { QemuError, errorMessage } from "../monitor/error";
import { registerBuiltinMonitorCommands } from "../monitor/builtin-commands";
import {
  holdMonitors,
  onShutdownRequest,
  releaseMonitors,
  setVmRunning,
  type ShutdownReason,
} from "../monitor/runstate";
import {
  parseChardevSpec,
  startMonitor,
  type ChardevSpec,
  type MonitorHandle,
  type MonitorMode,
} from "../monitor/server";
import { versionString } from "../monitor/version";
import { createFilterDump, deleteFilter } from "../net/dump";
import { findFilter } from "../net/filter";
import { hubCheckWarnings } from "../net/hub";
import { peerlessWarnings } from "../net/info";
import { netCleanupAll } from "../net/net";
import { netdevAddFromText, nicAddFromText, pendingNicRequests } from "../net/netdev";
import { splitSuboptions } from "../net/options";

const PROG = "qemu-e2k";

// What the command line asked for, filled in by the option handlers, read by start-up.
export interface VlState {
  machine: string | undefined;
  machineProps: [string, string][];
  netdevs: string[];
  nics: string[];
  objects: string[];
  monitors: { spec: string; option: string; mode: MonitorMode }[];
  nodefaults: boolean;
  startPaused: boolean;
  // Free-form storage for options other parts register (key = option name).
  extra: Map<string, string[]>;
}

export interface SystemOption {
  readonly name: string; // without the leading '-'
  readonly hasArg: boolean;
  readonly help: string;
  // Runs while parsing; may print and exit for `help` style arguments.
  handle(arg: string, state: VlState): void;
}

type Hook = (state: VlState) => void | Promise<void>;

interface Registries {
  options: Map<string, SystemOption>;
  machines: Map<string, MachineType>;
  lateHooks: Hook[];
  cleanupHooks: (() => void)[];
}

// The tables live behind a hoisted function rather than in module-level constants, so a
// module that vl.ts imports (hw/ registering its options) may register before vl.ts's own
// body has run, as happens in an import cycle.
function registries(): Registries {
  const holder = registries as typeof registries & { tables?: Registries };
  holder.tables ??= { options: new Map(), machines: new Map(), lateHooks: [], cleanupHooks: [] };
  return holder.tables;
}

export function registerSystemOption(o: SystemOption): void {
  const options = registries().options;
  if (options.has(o.name)) throw new Error(`system option -${o.name} registered twice`);
  options.set(o.name, o);
}

// Records an option's argument under state.extra for a part that reads it at start-up.
export function recordOption(name: string, help: string, hasArg = true): void {
  registerSystemOption({
    name,
    hasArg,
    help,
    handle(arg, state) {
      const l = state.extra.get(name) ?? [];
      l.push(arg);
      state.extra.set(name, l);
    },
  });
}

export interface MachineContext {
  readonly state: VlState;
}

export interface MachineType {
  readonly name: string;
  readonly desc: string;
  readonly isDefault?: boolean;
  init(ctx: MachineContext): void | Promise<void>;
  cleanup?(): void;
}

export function registerMachine(m: MachineType): void {
  const machines = registries().machines;
  if (machines.has(m.name)) throw new Error(`machine '${m.name}' registered twice`);
  machines.set(m.name, m);
}

// Runs after the machine is initialised (e.g. -device, qtest), in registration order.
export function registerLateInitHook(h: Hook): void {
  registries().lateHooks.push(h);
}

// Runs at teardown before the netdevs go, in reverse registration order.
export function registerCleanupHook(h: () => void): void {
  registries().cleanupHooks.push(h);
}

// ---- built-in options ----

function machineHelp(): string {
  const lines = ["Supported machines are:"];
  for (const m of [...registries().machines.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push(`${m.name.padEnd(20)} ${m.desc}${m.isDefault ? " (default)" : ""}`);
  }
  return lines.join("\n") + "\n";
}

function exitWith(text: string, code = 0): never {
  process.stdout.write(text);
  process.exit(code);
}

registerMachine({ name: "none", desc: "empty machine", init() {} });

for (const name of ["M", "machine"]) {
  registerSystemOption({
    name,
    hasArg: true,
    help: "-machine [type=]name[,prop[=value][,...]] select the machine",
    handle(arg, state) {
      const pairs = splitSuboptions(arg, "type");
      for (const [k, v] of pairs) {
        if (k === "type") state.machine = v;
        else if (k === "help") exitWith(machineHelp());
        else state.machineProps.push([k, v]);
      }
      if (state.machine === "help" || state.machine === "?") exitWith(machineHelp());
    },
  });
}
registerSystemOption({
  name: "netdev",
  hasArg: true,
  help: "-netdev TYPE,id=str[,prop=value][,...] configure a network backend (-netdev help lists the types)",
  handle(arg, state) {
    state.netdevs.push(arg);
  },
});
registerSystemOption({
  name: "nic",
  hasArg: true,
  help: "-nic TYPE[,prop=value][,...][,model=M][,mac=MAC] network backend plus the machine's NIC",
  handle(arg, state) {
    state.nics.push(arg);
  },
});
registerSystemOption({
  name: "object",
  hasArg: true,
  help: "-object TYPE,id=ID[,prop=value][,...] create an object (filter-dump)",
  handle(arg, state) {
    state.objects.push(arg);
  },
});
registerSystemOption({
  name: "qmp",
  hasArg: true,
  help: "-qmp unix:PATH,server=on,wait=off|tcp:HOST:PORT,…|stdio a QMP monitor",
  handle(arg, state) {
    state.monitors.push({ spec: arg, option: "-qmp", mode: "control" });
  },
});
registerSystemOption({
  name: "monitor",
  hasArg: true,
  help: "-monitor stdio|unix:…|tcp:… a human monitor (HMP)",
  handle(arg, state) {
    state.monitors.push({ spec: arg, option: "-monitor", mode: "readline" });
  },
});
registerSystemOption({
  name: "nodefaults",
  hasArg: false,
  help: "-nodefaults don't create default devices",
  handle(_a, state) {
    state.nodefaults = true;
  },
});
registerSystemOption({
  name: "display",
  hasArg: true,
  help: "-display none (there is no graphical display)",
  handle(arg) {
    const type = splitSuboptions(arg, "type")[0]?.[1];
    if (type !== "none") throw new QemuError(`Display '${type ?? arg}' is not available.`);
  },
});
registerSystemOption({
  name: "S",
  hasArg: false,
  help: "-S freeze at start-up (use 'cont' to start)",
  handle(_a, state) {
    state.startPaused = true;
  },
});
registerSystemOption({
  name: "version",
  hasArg: false,
  help: "-version display version information and exit",
  handle() {
    exitWith(`QEMU emulator version ${versionString()} (qemu-e2k)\n`);
  },
});
for (const name of ["h", "help"]) {
  registerSystemOption({
    name,
    hasArg: false,
    help: "-h display this help and exit",
    handle() {
      const lines = [`usage: ${PROG} [options]`, "", "System-mode options:"];
      for (const o of [...new Set(registries().options.values())]) lines.push(`  ${o.help}`);
      exitWith(lines.join("\n") + "\n");
    },
  });
}

// ---- parsing ----

export function newVlState(): VlState {
  return {
    machine: undefined,
    machineProps: [],
    netdevs: [],
    nics: [],
    objects: [],
    monitors: [],
    nodefaults: false,
    startPaused: false,
    extra: new Map(),
  };
}

// Thrown for a bad command line; `where` is the "-option arg" text QEMU puts in front.
class CommandLineError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(message);
  }
}

export function parseSystemArgs(args: readonly string[], state: VlState = newVlState()): VlState {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith("-") || a === "-") {
      throw new CommandLineError("", `${a}: disk images are not supported by this machine`);
    }
    const name = a.replace(/^--?/, "");
    const opt = registries().options.get(name);
    if (!opt) throw new CommandLineError("", `${a}: invalid option`);
    let arg = "";
    if (opt.hasArg) {
      if (i + 1 >= args.length) throw new CommandLineError("", `${a}: requires an argument`);
      arg = args[++i] as string;
    }
    try {
      opt.handle(arg, state);
    } catch (e) {
      throw new CommandLineError(opt.hasArg ? `${a} ${arg}: ` : `${a}: `, errorMessage(e));
    }
  }
  return state;
}

// ---- -object ----

function createObject(text: string): void {
  const pairs = splitSuboptions(text, "qom-type");
  const props = new Map<string, string>();
  let type: string | undefined;
  let id: string | undefined;
  for (const [k, v] of pairs) {
    if (k === "qom-type") type = v;
    else if (k === "id") id = v;
    else props.set(k, v);
  }
  if (type === undefined) throw new QemuError("Parameter 'qom-type' is missing");
  if (type === "help") {
    process.stdout.write("List of user creatable objects:\n  filter-dump\n");
    process.exit(0);
  }
  if (type !== "filter-dump") throw new QemuError(`Parameter 'qom-type' does not accept value '${type}'`);
  if (props.has("help")) {
    process.stdout.write(
      "filter-dump options:\n  file=<string>\n  insert=<string>\n  maxlen=<uint32>\n  netdev=<string>\n" +
        "  position=<string>\n  queue=<NetFilterDirection>\n  status=<string>\n",
    );
    process.exit(0);
  }
  if (id === undefined) throw new QemuError("Parameter 'id' is missing");
  createFilterDump(id, props);
  createdFilters.push(id);
}

const createdFilters: string[] = [];

// ---- start-up and main loop ----

function warn(text: string): void {
  process.stderr.write(`${PROG}: warning: ${text}\n`);
}

export async function runSystemMode(args: readonly string[]): Promise<void> {
  registerBuiltinMonitorCommands();
  holdMonitors();
  // The virt machine, -device, -m, -accel, -qtest, -chardev, -mon (hw/, helper 7).
  await import("../hw/virt/system-options");
  const monitors: MonitorHandle[] = [];
  let machine: MachineType | undefined;
  let stage = "";
  try {
    const state = parseSystemArgs(args);
    if (state.netdevs.some((n) => n === "help" || n === "?")) {
      const r = await netdevAddFromText("help");
      if (r.kind === "help") exitWith(r.text);
    }
    const machines = registries().machines;
    const machineName = state.machine ?? [...machines.values()].find((m) => m.isDefault)?.name ?? "virt";
    machine = machines.get(machineName);
    if (!machine) {
      throw new CommandLineError(
        state.machine ? `-machine ${state.machine}: ` : "",
        state.machine
          ? `unsupported machine type\nUse -machine help to list supported machines`
          : "No machine specified, and there is no default\nUse -machine help to list supported machines",
      );
    }
    for (const m of state.monitors) {
      stage = `${m.option} ${m.spec}: `;
      const spec: ChardevSpec = parseChardevSpec(m.spec);
      monitors.push(await startMonitor(spec, m.mode));
    }
    for (const n of state.netdevs) {
      stage = `-netdev ${n}: `;
      const r = await netdevAddFromText(n);
      if (r.kind === "help") exitWith(r.text);
    }
    for (const n of state.nics) {
      stage = `-nic ${n}: `;
      const r = await nicAddFromText(n);
      if (r.kind === "help") exitWith(r.text);
    }
    for (const o of state.objects) {
      stage = `-object ${o}: `;
      createObject(o);
    }
    stage = "";
    await machine.init({ state });
    for (const h of registries().lateHooks) await h(state);
    if (state.startPaused) setVmRunning(false);
    if (machine.name === "none") {
      // The empty machine has no place for the NICs -nic asked for (QEMU's warning).
      for (const nic of pendingNicRequests()) {
        warn(
          `requested NIC (anonymous, model ${nic.model ?? "unspecified"}) was not created (not supported by this machine?)`,
        );
      }
    }
  } catch (e) {
    const where = e instanceof CommandLineError ? e.where : stage;
    process.stderr.write(`${PROG}: ${where}${errorMessage(e)}\n`);
    teardown(monitors, machine);
    process.exit(1);
  }
  for (const w of hubCheckWarnings()) warn(w);
  for (const w of peerlessWarnings()) warn(w);
  releaseMonitors();
  const reason = await waitForShutdown();
  if (reason === "host-signal") {
    // The signal message was printed by the handler.
  }
  teardown(monitors, machine);
  process.exitCode = 0;
  // Everything is closed; if a stray handle keeps the loop alive, still leave promptly.
  setTimeout(() => process.exit(0), 2000).unref();
}

function waitForShutdown(): Promise<ShutdownReason> {
  return new Promise((resolve) => {
    const onSignal = (sig: NodeJS.Signals) => {
      const num = sig === "SIGINT" ? 2 : sig === "SIGTERM" ? 15 : 1;
      process.stderr.write(`${PROG}: terminating on signal ${num}\n`);
      done("host-signal");
    };
    // A timer keeps the event loop alive while nothing else does (-M none, no monitor).
    const keepAlive = setInterval(() => {}, 1 << 30);
    const done = (r: ShutdownReason) => {
      clearInterval(keepAlive);
      for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.off(s, onSignal);
      resolve(r);
    };
    for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, onSignal);
    onShutdownRequest(done);
  });
}

function teardown(monitors: MonitorHandle[], machine: MachineType | undefined): void {
  for (const h of [...registries().cleanupHooks].reverse()) {
    try {
      h();
    } catch (e) {
      warn(`cleanup: ${errorMessage(e)}`);
    }
  }
  try {
    machine?.cleanup?.();
  } catch (e) {
    warn(`machine cleanup: ${errorMessage(e)}`);
  }
  for (const id of createdFilters.splice(0)) {
    const f = findFilter(id);
    if (f) deleteFilter(f);
  }
  netCleanupAll();
  for (const m of monitors) m.close();
}
