// The monitor's command registry. QMP commands and HMP commands/`info` subcommands are
// registered by the part of the emulator they belong to:
//
//   registerQmpCommand("query-pci", { args: {} }, () => [...]);
//   registerHmpInfo("pci", "show PCI info", () => "text\n");
//   registerHmpCommand("set_link", "name on|off", "change the link status", (args) => "");
//
// QMP arguments are checked against `args` before the handler runs, with QEMU's texts:
// "Parameter 'x' is missing", "Parameter 'x' is unexpected", "Invalid parameter type for
// 'x', expected: string". `args: "any"` passes every argument through (netdev_add).

import { QemuError } from "./error";

export type QmpArgType = "str" | "bool" | "int" | "number" | "object" | "array" | "any";
export interface QmpArgSpec {
  readonly type: QmpArgType;
  readonly optional?: boolean;
}
export type QmpArgs = Record<string, unknown>;
export type QmpHandler = (args: QmpArgs) => unknown | Promise<unknown>;

interface QmpCommand {
  readonly args: Readonly<Record<string, QmpArgSpec>> | "any";
  readonly handler: QmpHandler;
  // Allowed before qmp_capabilities (only qmp_capabilities itself in QEMU).
  readonly beforeNegotiation?: boolean;
}

const qmpCommands = new Map<string, QmpCommand>();

export function registerQmpCommand(
  name: string,
  spec: { args: Readonly<Record<string, QmpArgSpec>> | "any"; beforeNegotiation?: boolean },
  handler: QmpHandler,
): void {
  if (qmpCommands.has(name)) throw new Error(`QMP command '${name}' registered twice`);
  qmpCommands.set(name, { ...spec, handler });
}

export function qmpCommandNames(): string[] {
  return [...qmpCommands.keys()].sort();
}

export function findQmpCommand(name: string): QmpCommand | undefined {
  return qmpCommands.get(name);
}

const TYPE_WORD: Record<Exclude<QmpArgType, "any">, string> = {
  str: "string",
  bool: "boolean",
  int: "integer",
  number: "number",
  object: "object",
  array: "array",
};

function typeOk(type: QmpArgType, v: unknown): boolean {
  switch (type) {
    case "str":
      return typeof v === "string";
    case "bool":
      return typeof v === "boolean";
    case "int":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number";
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "array":
      return Array.isArray(v);
    case "any":
      return true;
  }
}

export function checkQmpArgs(spec: QmpCommand["args"], args: QmpArgs): void {
  if (spec === "any") return;
  for (const [k, v] of Object.entries(args)) {
    const s = spec[k];
    if (!s) throw new QemuError(`Parameter '${k}' is unexpected`);
    if (s.type !== "any" && !typeOk(s.type, v)) {
      throw new QemuError(`Invalid parameter type for '${k}', expected: ${TYPE_WORD[s.type]}`);
    }
  }
  for (const [k, s] of Object.entries(spec)) {
    if (!s.optional && !(k in args)) throw new QemuError(`Parameter '${k}' is missing`);
  }
}

// ---- HMP ----

export type HmpHandler = (args: string[], line: string) => string | Promise<string>;

interface HmpCommand {
  readonly params: string;
  readonly help: string;
  readonly handler: HmpHandler;
}

const hmpCommands = new Map<string, HmpCommand>();
const hmpAliases = new Map<string, string>();
const hmpInfos = new Map<string, { help: string; handler: () => string | Promise<string> }>();

export function registerHmpCommand(
  name: string,
  params: string,
  help: string,
  handler: HmpHandler,
  aliases: string[] = [],
) {
  if (hmpCommands.has(name)) throw new Error(`HMP command '${name}' registered twice`);
  hmpCommands.set(name, { params, help, handler });
  for (const a of aliases) hmpAliases.set(a, name);
}

export function registerHmpInfo(name: string, help: string, handler: () => string | Promise<string>): void {
  if (hmpInfos.has(name)) throw new Error(`HMP info '${name}' registered twice`);
  hmpInfos.set(name, { help, handler });
}

export function findHmpCommand(name: string): HmpCommand | undefined {
  return hmpCommands.get(hmpAliases.get(name) ?? name);
}

export function findHmpInfo(name: string) {
  return hmpInfos.get(name);
}

export function hmpHelpText(): string {
  const names = [...hmpCommands.keys()].sort();
  let out = "";
  for (const n of names) {
    const c = hmpCommands.get(n) as HmpCommand;
    const al = [...hmpAliases].filter(([, t]) => t === n).map(([a]) => a);
    out += `${[n, ...al].join("|")} ${c.params} -- ${c.help}\n`.replace("  --", " --");
  }
  return out;
}

export function hmpInfoHelpText(): string {
  return [...hmpInfos.keys()]
    .sort()
    .map((n) => `info ${n}  -- ${(hmpInfos.get(n) as { help: string }).help}\n`)
    .join("");
}
