// QEMU's option-string syntax for -device/-machine/-accel: "first,key=value,key=value", where
// ",," stands for a literal comma inside a value and a bare key means key=on (except "help").
import { QemuError } from "../monitor/error";

export interface KeyvalResult {
  /** The first, implied, element (the driver name) when `implied` was given. */
  implied?: string;
  pairs: [string, string][];
}

function splitOnSingleCommas(s: string): string[] {
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === ",") {
      if (s[i + 1] === ",") {
        cur += ",";
        i++;
        continue;
      }
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/** Parses `text`; when `impliedKey` is set the first element may omit "key=". */
export function parseKeyval(text: string, impliedKey?: string): KeyvalResult {
  const parts = splitOnSingleCommas(text);
  const out: KeyvalResult = { pairs: [] };
  parts.forEach((part, i) => {
    if (part === "" && i === parts.length - 1 && i > 0) return; // trailing comma
    const eq = part.indexOf("=");
    if (i === 0 && impliedKey !== undefined && eq < 0) {
      out.implied = part;
      return;
    }
    if (eq < 0) {
      if (part === "") throw new QemuError(`Invalid parameter ''`);
      out.pairs.push([part, part === "help" || part === "?" ? "help" : "on"]);
    } else {
      if (eq === 0) throw new QemuError(`Invalid parameter '${part}'`);
      out.pairs.push([part.slice(0, eq), part.slice(eq + 1)]);
    }
  });
  return out;
}
