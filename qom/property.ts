// Typed device properties (QEMU's DEFINE_PROP_* arrays): one table per type gives parsing,
// defaults, validation and `-device DRIVER,help`. Values arrive as strings from -device or
// as JSON values from QMP device_add; both go through parsePropValue().
import { QemuError } from "../monitor/error";

export type PropValue = string | number | boolean;

interface PropBase {
  name: string;
  help?: string;
}
export interface BoolProp extends PropBase {
  kind: "bool";
  default: boolean;
}
export interface UintProp extends PropBase {
  kind: "uint";
  bits: 8 | 16 | 32;
  default: number;
  min?: number;
  max?: number;
  /** The default is a sentinel ("computed at realize"): keep it out of the help text. */
  hideDefault?: boolean;
  /** Extra check (e.g. power of two); returns an error text or undefined. */
  check?: (v: number) => string | undefined;
}
export interface StrProp extends PropBase {
  kind: "str";
  default?: string;
}
export interface MacProp extends PropBase {
  kind: "macaddr";
}
export interface EnumProp extends PropBase {
  kind: "enum";
  values: readonly string[];
  default: string;
}
/** A reference to another object by id (netdev=, bus=); resolved by the device at realize. */
export interface LinkProp extends PropBase {
  kind: "link";
  typeLabel: string;
}
export type PropDef = BoolProp | UintProp | StrProp | MacProp | EnumProp | LinkProp;

export class PropertyError extends QemuError {}

const TYPE_LABEL: Record<PropDef["kind"], string> = {
  bool: "bool",
  uint: "uint",
  str: "str",
  macaddr: "str",
  enum: "str",
  link: "str",
};

export function propTypeLabel(p: PropDef): string {
  if (p.kind === "uint") return `uint${p.bits}`;
  if (p.kind === "enum") return p.name === "" ? "str" : "str";
  if (p.kind === "link") return p.typeLabel;
  return TYPE_LABEL[p.kind];
}

export function parseBool(v: string): boolean | undefined {
  if (v === "on" || v === "yes" || v === "true" || v === "y") return true;
  if (v === "off" || v === "no" || v === "false" || v === "n") return false;
  return undefined;
}

/** Parses a C base-0 unsigned integer ("0x10", "010", "16"); undefined when malformed. */
export function parseUintText(v: string): number | undefined {
  const s = v.trim();
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]+$/.test(s)) n = parseInt(s.slice(1), 8);
  else if (/^[0-9]+$/.test(s)) n = parseInt(s, 10);
  else return undefined;
  return Number.isSafeInteger(n) ? n : undefined;
}

export function parseMac(v: string): Uint8Array | undefined {
  const m =
    /^([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})$/.exec(
      v,
    );
  if (!m) return undefined;
  return Uint8Array.from(m.slice(1).map((h) => parseInt(h, 16)));
}

export function formatMac(mac: Uint8Array): string {
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join(":");
}

/**
 * Converts one raw value to the property's type or throws PropertyError with QEMU's wording.
 * `owner` is the type name, used as in "Property 'virtio-net-pci.mac' doesn't take value 'x'".
 */
export function parsePropValue(owner: string, p: PropDef, raw: PropValue): PropValue {
  const bad = (): PropertyError =>
    new PropertyError(`Property '${owner}.${p.name}' doesn't take value '${String(raw)}'`);
  switch (p.kind) {
    case "bool": {
      if (typeof raw === "boolean") return raw;
      const b = typeof raw === "string" ? parseBool(raw) : undefined;
      if (b === undefined) throw new PropertyError(`Parameter '${p.name}' expects 'on' or 'off'`);
      return b;
    }
    case "uint": {
      const n = typeof raw === "number" ? raw : typeof raw === "string" ? parseUintText(raw) : undefined;
      const limit = 2 ** p.bits - 1;
      if (n === undefined || !Number.isInteger(n) || n < 0 || n > limit)
        throw new PropertyError(`Parameter '${p.name}' expects uint${p.bits}`);
      const min = p.min ?? 0;
      const max = p.max ?? limit;
      if (n < min || n > max)
        throw new PropertyError(
          `Property ${owner}.${p.name} doesn't take value ${n} (minimum: ${min}, maximum: ${max})`,
        );
      const err = p.check?.(n);
      if (err) throw new PropertyError(`Property '${owner}.${p.name}': ${err}`);
      return n;
    }
    case "macaddr":
      if (typeof raw !== "string" || !parseMac(raw)) throw bad();
      return raw.toLowerCase().replace(/-/g, ":");
    case "enum":
      if (typeof raw !== "string" || !p.values.includes(raw))
        throw new PropertyError(
          `Parameter '${p.name}' does not accept value '${String(raw)}' (expected one of: ${p.values.join(", ")})`,
        );
      return raw;
    case "str":
    case "link":
      if (typeof raw !== "string") throw new PropertyError(`Parameter '${p.name}' expects a string`);
      return raw;
  }
}

export function propDefault(p: PropDef): PropValue | undefined {
  switch (p.kind) {
    case "bool":
    case "uint":
    case "enum":
      return p.default;
    case "str":
      return p.default;
    default:
      return undefined;
  }
}

/** One line of `-device DRIVER,help`, as QEMU prints it: "  name=<type>  - help (default: x)". */
export function propHelpLine(p: PropDef): string {
  const left = `  ${p.name}=<${propTypeLabel(p)}>`;
  const def = p.kind === "uint" && p.hideDefault ? undefined : propDefault(p);
  let text = p.help ?? "";
  if (p.kind === "enum") text = `${text}${text ? " " : ""}(${p.values.join("/")})`;
  if (def !== undefined) {
    const d = typeof def === "boolean" ? (def ? "true" : "false") : String(def);
    text = `${text}${text ? " " : ""}(default: ${d})`;
  }
  return text ? `${left.padEnd(24)} - ${text}` : left;
}
