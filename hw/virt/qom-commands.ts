// QMP qom-list, qom-get, qom-set, qom-list-types and HMP qom-list, qom-get, qom-set over the
// QOM tree (qom/), with QEMU's replies and errors: an unresolvable path is DeviceNotFound
// "Device 'PATH' not found", an ambiguous partial path "Path 'PATH' is ambiguous", an
// unknown property "Property 'TYPE.NAME' not found".
import { registerHmpCommand, registerQmpCommand, type QmpArgs } from "../../monitor/commands";
import { QemuError } from "../../monitor/error";
import { Container, type QomObject, allTypes, lookupType, typeIsA } from "../../qom/object";
import { resolveQomPath } from "../../qom/qom-path";
import { qomGetProp, qomListProps, qomSetProp } from "./qom-props";

let rootProvider: (() => QomObject | undefined) | undefined;
let noneRoot: QomObject | undefined;

// Without a machine (-M none) the tree is "/" with an empty "/machine", as in QEMU.
function emptyMachineRoot(): QomObject {
  if (!noneRoot) {
    noneRoot = new Container();
    const m = new Container();
    m.typeName = "none-machine";
    noneRoot.addChild("machine", m);
  }
  return noneRoot;
}

function root(): QomObject {
  return rootProvider?.() ?? emptyMachineRoot();
}

// For qom-list/qom-get/qom-set; qom-list alone reports an ambiguous path as such.
function resolve(path: string, reportAmbiguous: boolean): QomObject {
  const r = resolveQomPath(root(), path);
  if (r.obj) return r.obj;
  if (r.ambiguous && reportAmbiguous) throw new QemuError(`Path '${path}' is ambiguous`);
  throw new QemuError(`Device '${path}' not found`, "DeviceNotFound");
}

function listTypes(implementsName: string | undefined, includeAbstract: boolean) {
  if (implementsName !== undefined && !lookupType(implementsName)) return [];
  return allTypes()
    .filter((t) => includeAbstract || !t.abstract)
    .filter((t) => implementsName === undefined || typeIsA(t.name, implementsName))
    .map((t) => ({
      name: t.name,
      ...(t.abstract ? { abstract: true } : {}),
      ...(t.parent ? { parent: t.parent } : {}),
    }));
}

// HMP `qom-set path property value` parses the text as the property's type would.
function hmpValue(text: string): string | number | boolean {
  if (text === "on" || text === "true") return true;
  if (text === "off" || text === "false") return false;
  return text;
}

let registered = false;

/** Registers the commands once; `provider` gives the current QOM root (undefined: -M none). */
export function registerQomCommands(provider: () => QomObject | undefined): void {
  rootProvider = provider;
  if (registered) return;
  registered = true;
  registerQmpCommand("qom-list", { args: { path: { type: "str" } } }, (a: QmpArgs) =>
    qomListProps(resolve(a.path as string, true)),
  );
  registerQmpCommand(
    "qom-get",
    { args: { path: { type: "str" }, property: { type: "str" } } },
    (a: QmpArgs) => qomGetProp(resolve(a.path as string, false), a.property as string),
  );
  registerQmpCommand(
    "qom-set",
    { args: { path: { type: "str" }, property: { type: "str" }, value: { type: "any" } } },
    (a: QmpArgs) => {
      qomSetProp(resolve(a.path as string, false), a.property as string, a.value);
      return {};
    },
  );
  registerQmpCommand(
    "qom-list-types",
    { args: { implements: { type: "str", optional: true }, abstract: { type: "bool", optional: true } } },
    (a: QmpArgs) => listTypes(a.implements as string | undefined, a.abstract === true),
  );
  registerHmpCommand("qom-list", "[path]", "list QOM properties", (args) => {
    if (args[0] === undefined) return "/\n";
    return qomListProps(resolve(args[0], true))
      .map((p) => `${p.name} (${p.type})\n`)
      .join("");
  });
  registerHmpCommand("qom-get", "path property", "print QOM property", (args) => {
    if (args[0] === undefined) throw new QemuError("Parameter 'path' is missing");
    if (args[1] === undefined) throw new QemuError("Parameter 'property' is missing");
    return `${JSON.stringify(qomGetProp(resolve(args[0], false), args[1]), null, 4)}\n`;
  });
  registerHmpCommand("qom-set", "path property value", "set QOM property", (args) => {
    if (args[0] === undefined) throw new QemuError("Parameter 'path' is missing");
    if (args[1] === undefined) throw new QemuError("Parameter 'property' is missing");
    if (args[2] === undefined) throw new QemuError("Parameter 'value' is missing");
    qomSetProp(resolve(args[0], false), args[1], hmpValue(args.slice(2).join(" ")));
    return "";
  });
}
