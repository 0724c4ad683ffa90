// The properties QOM exposes on an object for qom-list / qom-get / qom-set, as QEMU has them:
// every object has "type" (string, read-only) and one "child<TYPE>" per child (its value is
// the child's canonical path); a device adds "realized" (bool) and its qdev properties,
// which cannot be set once it is realized. A PCI device's "addr" reads as its devfn (int32).
import { QemuError } from "../../monitor/error";
import { Device } from "../../qom/device";
import type { QomObject } from "../../qom/object";
import { type PropDef, propTypeLabel } from "../../qom/property";
import { canonicalPath } from "../../qom/qom-path";
import { PCIDevice } from "../pci/pci-device";

export interface QomPropInfo {
  name: string;
  type: string;
}

function qdevType(p: PropDef): string {
  if (p.kind === "enum") return "str";
  if (p.name === "addr") return "int32"; // QEMU's pci-devfn property type
  return propTypeLabel(p);
}

export function qomListProps(obj: QomObject): QomPropInfo[] {
  const out: QomPropInfo[] = [{ name: "type", type: "string" }];
  for (const [name, child] of obj.children) out.push({ name, type: `child<${child.typeName}>` });
  if (obj instanceof Device) {
    out.push({ name: "realized", type: "bool" });
    for (const p of obj.propDefs()) out.push({ name: p.name, type: qdevType(p) });
  }
  return out;
}

function notFound(obj: QomObject, name: string): QemuError {
  return new QemuError(`Property '${obj.typeName}.${name}' not found`);
}

export function qomGetProp(obj: QomObject, name: string): unknown {
  if (name === "type") return obj.typeName;
  const child = obj.children.get(name);
  if (child) return canonicalPath(child);
  if (!(obj instanceof Device)) throw notFound(obj, name);
  if (name === "realized") return obj.realized;
  const def = obj.propDefs().find((p) => p.name === name);
  if (!def) throw notFound(obj, name);
  if (name === "addr" && obj instanceof PCIDevice) return obj.devfn;
  const v = obj.prop(name);
  return v === undefined ? "" : v;
}

const READ_ONLY = "Insufficient permission to perform this operation";

export function qomSetProp(obj: QomObject, name: string, value: unknown): void {
  if (name === "type" || obj.children.has(name)) throw new QemuError(READ_ONLY);
  if (!(obj instanceof Device)) throw notFound(obj, name);
  if (name === "realized") {
    if (value === obj.realized) return;
    if (typeof value !== "boolean")
      throw new QemuError("Invalid parameter type for 'realized', expected: boolean");
    throw new QemuError("qom-set realized: use device_add / device_del to create or remove a device");
  }
  const def = obj.propDefs().find((p) => p.name === name);
  if (!def) throw notFound(obj, name);
  if (obj.realized) {
    throw new QemuError(
      obj.id !== undefined
        ? `Attempt to set property '${name}' on device '${obj.id}' (type '${obj.typeName}') after it was realized`
        : `Attempt to set property '${name}' on anonymous device (type '${obj.typeName}') after it was realized`,
    );
  }
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
    throw new QemuError(`Invalid parameter type for '${name}', expected: ${qdevType(def)}`);
  obj.setProp(name, value);
}
