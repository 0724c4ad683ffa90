// gas macros (non-MRI, non-alternate mode): parameter lists with defaults, `:req` and
// `:vararg`; invocation arguments by position or `name=value`, separated by commas or by
// blanks between two words; a quoted argument arrives without its quotes (`""` -> `"`,
// backslash sequences kept); `\name`, `\@` (expansion counter) and `\()` in the body.
import { AsmError } from "./encoder-api";
import type { SourceLine } from "./source";

export interface MacroParam {
  readonly name: string;
  readonly def: string | undefined;
  readonly required: boolean;
  readonly vararg: boolean;
}

export interface Macro {
  readonly name: string;
  readonly params: readonly MacroParam[];
  readonly body: readonly SourceLine[];
}

const IDENT = /^[A-Za-z_.$][A-Za-z0-9_.$]*/;

/** Parses `NAME p1, p2=def, p3:req ...` (the operands of `.macro`). */
export function parseMacroHeader(text: string): { name: string; params: MacroParam[] } {
  const m = IDENT.exec(text.trim());
  if (!m) throw new AsmError("expected a macro name after .macro");
  const name = m[0];
  let rest = text.trim().slice(name.length).trim();
  if (rest.startsWith(",")) rest = rest.slice(1);
  const params: MacroParam[] = [];
  for (const raw of splitArgs(rest)) {
    const pm = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*(?::\s*(req|vararg))?\s*(?:=(.*))?$/s.exec(raw.text.trim());
    if (!pm) throw new AsmError(`bad macro parameter \`${raw.text}' of macro \`${name}'`);
    const pname = pm[1] as string;
    if (params.some((p) => p.name === pname))
      throw new AsmError(`A parameter named \`${pname}' already exists for macro \`${name}'`);
    params.push({ name: pname, def: pm[3]?.trim(), required: pm[2] === "req", vararg: pm[2] === "vararg" });
  }
  const va = params.findIndex((p) => p.vararg);
  if (va >= 0 && va !== params.length - 1)
    throw new AsmError(`only the last parameter of macro \`${name}' may be :vararg`);
  return { name, params };
}

interface RawArg {
  /** The argument text with quotes removed when it was a quoted string. */
  readonly text: string;
  /** Offset just past the argument in the source text (for :vararg). */
  readonly start: number;
}

const WORD_END = /[A-Za-z0-9_.$"'\])]/;
const WORD_START = /[A-Za-z0-9_.$%"'@]/;

/** Splits macro invocation operands the way gas's get_any_string + sb_skip_comma do. */
export function splitArgs(text: string): RawArg[] {
  const args: RawArg[] = [];
  let i = 0;
  const skipBlanks = (): void => {
    while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  };
  skipBlanks();
  while (i < text.length) {
    const start = i;
    let out = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new AsmError("missing closing quote in macro argument");
        const c = text[i] as string;
        if (c === "\\" && i + 1 < text.length) {
          out += c + text[i + 1];
          i += 2;
          continue;
        }
        if (c === '"') {
          if (text[i + 1] === '"') {
            out += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        out += c;
        i++;
      }
    } else {
      let depth = 0;
      while (i < text.length) {
        const c = text[i] as string;
        if (depth === 0 && c === ",") break;
        if (depth === 0 && (c === " " || c === "\t")) {
          // gas's scrubber drops blanks except between two words: only those end an argument.
          let j = i;
          while (j < text.length && (text[j] === " " || text[j] === "\t")) j++;
          const next = text[j];
          const prev = out[out.length - 1];
          if (
            next === undefined ||
            next === "," ||
            (prev !== undefined && WORD_END.test(prev) && WORD_START.test(next))
          )
            break;
          i = j;
          continue;
        }
        if (c === '"' || c === "'") {
          const end = c === '"' ? text.indexOf('"', i + 1) : i + 1;
          const stop = end < 0 ? text.length : end + 1;
          out += text.slice(i, stop);
          i = stop;
          continue;
        }
        if (c === "(" || c === "[") depth++;
        if ((c === ")" || c === "]") && depth > 0) depth--;
        out += c;
        i++;
      }
    }
    args.push({ text: out, start });
    skipBlanks();
    if (text[i] === ",") {
      i++;
      skipBlanks();
      if (i >= text.length) args.push({ text: "", start: i });
    }
  }
  return args;
}

/** Binds invocation operands to the macro's parameters. */
export function bindArgs(macro: Macro, operands: string): Map<string, string> {
  const values = new Map<string, string>();
  const args = splitArgs(operands);
  let position = 0;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as RawArg;
    const named = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=(.*)$/s.exec(
      operands.slice(arg.start).split(",")[0] ?? "",
    );
    const param = named ? macro.params.find((p) => p.name === named[1]) : undefined;
    if (named && param) {
      const valueText = named[2]?.trim() ?? "";
      const inner = splitArgs(valueText)[0]?.text ?? "";
      values.set(param.name, inner);
      continue;
    }
    if (
      named &&
      !param &&
      /^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(named[1] as string) &&
      !operands.slice(arg.start).startsWith('"')
    )
      throw new AsmError(`Parameter named \`${named[1]}' does not exist for macro \`${macro.name}'`);
    const p = macro.params[position];
    if (!p) throw new AsmError(`too many positional arguments for macro \`${macro.name}'`);
    if (p.vararg) {
      values.set(p.name, operands.slice(arg.start).trim());
      position++;
      break;
    }
    values.set(p.name, arg.text);
    position++;
  }
  for (const p of macro.params) {
    const v = values.get(p.name);
    if (v === undefined || v === "") {
      if (p.required)
        throw new AsmError(`Missing value for required parameter \`${p.name}' of macro \`${macro.name}'`);
      values.set(p.name, v === undefined || v === "" ? (p.def ?? "") : v);
    }
  }
  return values;
}

/** Substitutes `\param`, `\@` and `\()` in one body line. */
export function substitute(text: string, values: ReadonlyMap<string, string>, counter: number): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === "@") {
      out += String(counter);
      i++;
      continue;
    }
    if (next === "(" && text[i + 2] === ")") {
      i += 2;
      continue;
    }
    if (next === "\\") {
      out += "\\\\";
      i++;
      continue;
    }
    const m = IDENT.exec(text.slice(i + 1));
    if (m && values.has(m[0])) {
      out += values.get(m[0]);
      i += m[0].length;
      continue;
    }
    out += c;
  }
  return out;
}
