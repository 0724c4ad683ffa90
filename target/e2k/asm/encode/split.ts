// A light, syntax-level split of one operation's text, shared with the disassembler and other
// readers: mnemonic, `,CH` channel, `,sm`, the operands (depth-0 commas) and a trailing `? cond`.
import { scrub } from "./scan";

export interface OperationText {
  readonly mnemonic: string;
  readonly channel: number | undefined;
  readonly sm: boolean;
  readonly operands: readonly string[];
  readonly condition: string | undefined;
}

export function splitOperation(text: string): OperationText {
  const s = scrub(text);
  const m = /^([a-z][a-z0-9_]*)((?:,\d+)?)((?:,sm)?)((?:,\d+)?)\s?/.exec(s);
  const mnemonic = m?.[1] ?? "";
  const chText = (m?.[2] || m?.[4] || "").slice(1);
  let rest = s.slice(m?.[0].length ?? 0);
  let condition: string | undefined;
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "?" && depth === 0) {
      condition = rest.slice(i + 1).trim();
      rest = rest.slice(0, i);
      break;
    }
  }
  const operands: string[] = [];
  depth = 0;
  let start = 0;
  for (let i = 0; i <= rest.length; i++) {
    const c = rest[i];
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if ((c === "," && depth === 0) || i === rest.length) {
      const op = rest.slice(start, i).trim();
      if (op !== "" || i < rest.length) operands.push(op);
      start = i + 1;
    }
  }
  return {
    mnemonic,
    channel: chText === "" ? undefined : Number(chText),
    sm: (m?.[3] ?? "") !== "",
    operands,
    condition,
  };
}
