// The option schema of every -netdev / -nic / netdev_add type, and QEMU's suboption syntax:
//   TYPE,key=value,key=value      (`,,` stands for a literal comma inside a value)
//   TYPE,help  /  help            (list the type's options / the built types)
// Each netdev module declares its options once as an OptionSchema; parsing, validation,
// error texts (QEMU 7.2's wording for -netdev) and `help` all come from it. QMP netdev_add
// passes JSON values through the same validation.

import { QemuError } from "../monitor/error";

// Legend: `str` any string; `bool` on|off (also yes/no, true/false, y/n); `int32`, `int64`,
// `uint32` decimal or 0x hex within range; `enum` one of `values`; `fds` a colon-separated
// list of fd names/numbers kept as a string.
export type OptionType = "str" | "bool" | "int32" | "int64" | "uint32" | "enum";

export interface OptionSpec {
  readonly name: string;
  readonly type: OptionType;
  readonly required?: boolean;
  readonly values?: readonly string[]; // for enum
  readonly default?: string | number | boolean;
  readonly help?: string;
}

export interface OptionSchema {
  readonly type: string; // the netdev type, e.g. "stream"
  readonly options: readonly OptionSpec[];
}

export type OptionValue = string | number | boolean;

// Validated options of one netdev: typed getters; defaults applied.
export class NetdevOptions {
  constructor(
    readonly type: string,
    readonly id: string,
    private readonly values: ReadonlyMap<string, OptionValue>,
  ) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  str(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined ? undefined : String(v);
  }

  bool(name: string): boolean | undefined {
    const v = this.values.get(name);
    return typeof v === "boolean" ? v : undefined;
  }

  int(name: string): number | undefined {
    const v = this.values.get(name);
    return typeof v === "number" ? v : undefined;
  }

  // Keys under `prefix.` (e.g. "addr." → {type, host, port}) without the prefix.
  group(prefix: string): Map<string, OptionValue> {
    const out = new Map<string, OptionValue>();
    for (const [k, v] of this.values) if (k.startsWith(prefix + ".")) out.set(k.slice(prefix.length + 1), v);
    return out;
  }

  entries(): IterableIterator<[string, OptionValue]> {
    return this.values.entries();
  }
}

// Splits QEMU suboption syntax into ordered [key, value] pairs. `impliedKey` names the key
// of a leading element without `=` (e.g. "type" for -netdev). A bare `help` or `?` becomes
// ["help", "on"]; other bare words become [word, "on"] (QemuOpts' bool shorthand).
export function splitSuboptions(text: string, impliedKey?: string): [string, string][] {
  const out: [string, string][] = [];
  let i = 0;
  let first = true;
  while (i <= text.length) {
    let key = "";
    let value: string | undefined;
    // Keys end at '=' or ','; values run to a single ',' (',,' is a literal comma).
    while (i < text.length && text[i] !== "=" && text[i] !== ",") key += text[i++];
    if (text[i] === "=") {
      i++;
      value = "";
      while (i < text.length) {
        if (text[i] === ",") {
          if (text[i + 1] === ",") {
            value += ",";
            i += 2;
            continue;
          }
          break;
        }
        value += text[i++];
      }
    } else if (first && impliedKey && key !== "help" && key !== "?") {
      // The implied key's value may itself contain ",," escapes.
      while (text[i] === "," && text[i + 1] === ",") {
        key += ",";
        i += 2;
        while (i < text.length && text[i] !== ",") key += text[i++];
      }
      value = key;
      key = impliedKey;
    }
    i++; // skip ','
    first = false;
    if (key === "" && value === undefined) {
      if (i > text.length) break;
      continue;
    }
    if (value === undefined) {
      if (key === "help" || key === "?") out.push(["help", "on"]);
      else if (key.startsWith("no") && key.length > 2) out.push([key.slice(2), "off"]);
      else out.push([key, "on"]);
    } else {
      out.push([key, value]);
    }
  }
  return out;
}

const TRUE_WORDS = new Set(["on", "yes", "true", "y"]);
const FALSE_WORDS = new Set(["off", "no", "false", "n"]);

export function parseBool(name: string, text: string): boolean {
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  throw new QemuError(`Parameter '${name}' expects 'on' or 'off'`);
}

const INT_RANGES: Record<"int32" | "int64" | "uint32", { min: bigint; max: bigint; label: string }> = {
  int32: { min: -(2n ** 31n), max: 2n ** 31n - 1n, label: "int32_t" },
  int64: { min: -(2n ** 63n), max: 2n ** 63n - 1n, label: "int64_t" },
  uint32: { min: 0n, max: 2n ** 32n - 1n, label: "uint32_t" },
};

export function parseInt(name: string, text: string, type: "int32" | "int64" | "uint32"): number {
  const m = /^([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/i.exec(text.trim());
  if (!m) throw new QemuError(`Parameter '${name}' expects an int64 value`);
  const digits = m[2] as string;
  let v: bigint;
  if (/^0x/i.test(digits)) v = BigInt(digits);
  else if (digits.length > 1 && digits.startsWith("0")) v = BigInt("0o" + digits.slice(1));
  else v = BigInt(digits);
  if (m[1] === "-") v = -v;
  const r = INT_RANGES[type];
  if (v < r.min || v > r.max) throw new QemuError(`Parameter '${name}' expects ${r.label}`);
  return Number(v);
}

function convert(spec: OptionSpec, raw: OptionValue, source: "cli" | "qmp"): OptionValue {
  switch (spec.type) {
    case "str":
      if (typeof raw !== "string")
        throw new QemuError(`Invalid parameter type for '${spec.name}', expected: string`);
      return raw;
    case "bool":
      if (typeof raw === "boolean") return raw;
      if (typeof raw === "string" && source === "cli") return parseBool(spec.name, raw);
      throw new QemuError(`Invalid parameter type for '${spec.name}', expected: boolean`);
    case "int32":
    case "int64":
    case "uint32":
      if (typeof raw === "number") {
        if (!Number.isInteger(raw))
          throw new QemuError(`Invalid parameter type for '${spec.name}', expected: integer`);
        return parseInt(spec.name, String(raw), spec.type);
      }
      if (typeof raw === "string" && source === "cli") return parseInt(spec.name, raw, spec.type);
      throw new QemuError(`Invalid parameter type for '${spec.name}', expected: integer`);
    case "enum": {
      const v = String(raw);
      if (typeof raw !== "string" || !spec.values?.includes(v)) {
        // QEMU names only the last component of a nested key here ('type' for addr.type).
        throw new QemuError(`Parameter '${spec.name.split(".").pop()}' does not accept value '${v}'`);
      }
      return v;
    }
  }
}

// Validates key/value pairs (from the command line or QMP) against a schema. `id` and
// `type` are handled by the caller. The last occurrence of a key wins.
export function validateOptions(
  schema: OptionSchema,
  id: string,
  pairs: Iterable<[string, OptionValue]>,
  source: "cli" | "qmp" = "cli",
) {
  const specs = new Map(schema.options.map((o) => [o.name, o]));
  const values = new Map<string, OptionValue>();
  for (const [k, raw] of pairs) {
    const spec = specs.get(k);
    if (!spec)
      throw new QemuError(source === "cli" ? `Invalid parameter '${k}'` : `Parameter '${k}' is unexpected`);
    values.set(k, convert(spec, raw, source));
  }
  for (const spec of schema.options) {
    if (values.has(spec.name)) continue;
    if (spec.required) throw new QemuError(`Parameter '${spec.name}' is missing`);
    if (spec.default !== undefined) values.set(spec.name, spec.default);
  }
  return new NetdevOptions(schema.type, id, values);
}

// `TYPE,help`: one line per option, as QEMU prints object/device properties.
export function formatOptionHelp(schema: OptionSchema): string {
  const lines = [`${schema.type} options:`];
  for (const o of schema.options) {
    const kind = o.type === "enum" ? (o.values ?? []).join("|") : o.type;
    const extra =
      o.default !== undefined ? ` (default: ${String(o.default)})` : o.required ? " (required)" : "";
    lines.push(`  ${o.name}=<${kind}>${o.help ? ` - ${o.help}` : ""}${extra}`);
  }
  return lines.join("\n") + "\n";
}
