// The object model (QEMU's QOM, reduced to what the machine needs): a registry of named types
// with single inheritance, objects that sit in one composition tree addressed by QOM paths
// ("/machine/peripheral/net0"), and per-type property tables inherited from the parent type.
import { type PropDef } from "./property";

export interface TypeInfo {
  name: string;
  parent?: string;
  abstract?: boolean;
  desc?: string;
  /** Help category for `-device help` ("Network devices", ...). */
  category?: string;
  /** Whether -device / device_add may create it. */
  userCreatable?: boolean;
  props?: readonly PropDef[];
  /** Creates an instance; omitted for abstract types. */
  create?: () => QomObject;
}

const types = new Map<string, TypeInfo>();

export function registerType(info: TypeInfo): void {
  if (types.has(info.name)) throw new Error(`type '${info.name}' registered twice`);
  if (info.parent && !types.has(info.parent))
    throw new Error(`type '${info.name}': unknown parent '${info.parent}'`);
  types.set(info.name, info);
}

export function lookupType(name: string): TypeInfo | undefined {
  return types.get(name);
}

export function allTypes(): TypeInfo[] {
  return [...types.values()];
}

export function typeIsA(name: string, ancestor: string): boolean {
  for (let t = types.get(name); t; t = t.parent ? types.get(t.parent) : undefined) {
    if (t.name === ancestor) return true;
  }
  return false;
}

/** Properties of a type, parents' first; a child's entry overrides a parent's of the same name. */
export function typeProps(name: string): PropDef[] {
  const chain: TypeInfo[] = [];
  for (let t = types.get(name); t; t = t.parent ? types.get(t.parent) : undefined) chain.unshift(t);
  const byName = new Map<string, PropDef>();
  for (const t of chain) for (const p of t.props ?? []) byName.set(p.name, p);
  return [...byName.values()];
}

export class QomObject {
  /** Set by registerType's create() caller (objectNew). */
  typeName = "object";
  parent: QomObject | undefined;
  name = "";
  readonly children = new Map<string, QomObject>();

  addChild(name: string, child: QomObject): void {
    if (this.children.has(name)) throw new Error(`attempt to add duplicate property '${name}' to object`);
    child.parent = this;
    child.name = name;
    this.children.set(name, child);
  }

  unparent(): void {
    if (this.parent) this.parent.children.delete(this.name);
    this.parent = undefined;
  }

  path(): string {
    if (!this.parent) return "";
    return `${this.parent.path()}/${this.name}`;
  }

  /** Child name of the form "prefix[N]" with the first free N, as QEMU's anonymous children. */
  freeChildName(prefix: string): string {
    for (let i = 0; ; i++) if (!this.children.has(`${prefix}[${i}]`)) return `${prefix}[${i}]`;
  }
}

/** A plain node of the tree ("/", "/machine/peripheral", …), QEMU's "container" type. */
export class Container extends QomObject {
  constructor() {
    super();
    this.typeName = "container";
  }
}

export function objectNew(typeName: string): QomObject {
  const t = types.get(typeName);
  if (!t) throw new Error(`unknown type '${typeName}'`);
  if (t.abstract || !t.create) throw new Error(`Object type '${typeName}' is abstract`);
  const o = t.create();
  o.typeName = typeName;
  return o;
}

/** Resolves an absolute QOM path ("/machine/peripheral/n0") from the root. */
export function resolvePath(root: QomObject, p: string): QomObject | undefined {
  if (!p.startsWith("/")) return undefined;
  let cur: QomObject | undefined = root;
  for (const part of p.split("/").filter((s) => s !== "")) {
    cur = cur.children.get(part);
    if (!cur) return undefined;
  }
  return cur;
}
