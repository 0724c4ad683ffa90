// The E2K wide-instruction encoder: turns the operations of one `{ ... }` (or one brace-less
// operation) into bytes exactly as MCST gas packs them. See encoder-api.ts for the contract.
import { AsmError, type EncodeBundle, type EncodedBundle, type SourceOp } from "../encoder-api";
import { ALU_OPS, CONTROL_OPS, type AluOp } from "../../opcodes";
import { parseAluOp, type AluTemplate, type LitSpec, type OpContext } from "./alu";
import { parseControlOp, finishControl } from "./control";
import { Cursor, scrub } from "./scan";
import { packWide, WideCommand } from "./wide";

export { scrub } from "./scan";
export { splitOperation, type OperationText } from "./split";

const templateCache = new Map<number, Map<string, AluTemplate>>();

/** ALU templates valid on `iset`, one per mnemonic (rows merged as gas merges them). */
export function aluTemplates(iset: number): ReadonlyMap<string, AluTemplate> {
  let m = templateCache.get(iset);
  if (m) return m;
  const byName = new Map<string, AluOp[]>();
  for (const op of ALU_OPS) {
    if (op.isetMin > iset || iset > op.isetMax) continue;
    const l = byName.get(op.name);
    if (l) l.push(op);
    else byName.set(op.name, [op]);
  }
  m = new Map();
  for (const [name, rows] of byName) {
    const first = rows[0] as AluOp;
    m.set(name, { name, rows, first, channels: rows.reduce((a, r) => a | r.channels, 0) });
  }
  templateCache.set(iset, m);
  return m;
}

/** gas real_insn_name: `apurr*`/`apurw*` aliases, and `ld/st` + `l[cdsfg]s` spellings on v3+. */
function realName(name: string, iset: number): string {
  if (/^apur[rw].?$/.test(name)) return "aa" + name.slice(2);
  if (iset < 3) return name;
  const m = /^(ld|st)l([cdsfg]s.*)$/.exec(name);
  return m ? `${m[1]}${m[2]}` : name;
}

/** gas replace_nested_commas: commas inside brackets become `+`; the first `_fNN`/`_ltsN` goes. */
function stripSpecifiers(s: string): { text: string; spec: LitSpec } {
  const spec: LitSpec = { minRow: 0, maxRow: 2, minCol: 0, maxCol: 7 };
  let out = "";
  let depth = 0;
  let done = false;
  for (let i = 0; i < s.length;) {
    const c = s[i] as string;
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") {
      depth--;
      if (depth < 0) throw new AsmError(`Unbalanced \`${c}'`);
    }
    if (c === "," && depth > 0) {
      out += "+";
      i++;
      continue;
    }
    if (!done && c === "_") {
      if (/^_lit(16|32|64)_ref/.test(s.slice(i)))
        throw new AsmError("literal references (`_litNN_ref') are not supported by this assembler");
      let f = slurpFmt(s, i);
      let l: ReturnType<typeof slurpLts> = undefined;
      let len = 0;
      if (!f || f.ret === 2) {
        l = slurpLts(s, i + (f?.len ?? 0));
        if (!f && l?.ret === 2) f = slurpFmt(s, i + l.len);
      }
      const fr = f?.ret ?? 0;
      const lr = l?.ret ?? 0;
      if (
        (fr === 1 && lr === 0) ||
        (fr === 0 && lr === 1) ||
        (fr === 2 && lr === 1) ||
        (fr === 1 && lr === 2)
      ) {
        if (f) spec.minRow = spec.maxRow = f.row;
        if (l) {
          spec.minCol = l.min;
          spec.maxCol = l.max;
          if (l.min === l.max && l.min < 4 && spec.minRow !== 0)
            throw new AsmError("Invalid combination of literal format and location");
        }
        len = (f?.len ?? 0) + (l?.len ?? 0);
        i += len;
        spec.at = out.length;
        done = true;
        continue;
      }
    }
    out += c;
    i++;
  }
  if (depth > 0) throw new AsmError("Unbalanced brackets in expression");
  return { text: out, spec };
}

function slurpFmt(s: string, i: number): { ret: number; row: number; len: number } | undefined {
  const m = /^_f(16s?|32s?|64)/.exec(s.slice(i));
  if (!m) return undefined;
  const row = m[1]?.startsWith("16") ? 0 : m[1]?.startsWith("32") ? 1 : 2;
  const k = m[0].length;
  const c = s[i + k];
  if (c === " ") return { ret: 1, row, len: k + 1 };
  if (c === "(" || c === "[") return { ret: 1, row, len: k };
  if (c === ",") return { ret: 2, row, len: k + 1 };
  return undefined;
}

function slurpLts(s: string, i: number): { ret: number; min: number; max: number; len: number } | undefined {
  const m = /^_lts([0-3])(lo|hi)?/.exec(s.slice(i));
  if (!m) return undefined;
  const idx = Number(m[1]);
  let min: number;
  let max: number;
  if (idx <= 1) {
    if (m[2] === "lo") min = max = 2 * idx;
    else if (m[2] === "hi") min = max = 2 * idx + 1;
    else [min, max] = [2 * idx, 2 * idx + 1];
  } else {
    if (m[2]) return undefined;
    min = max = 2 * idx;
  }
  const k = m[0].length;
  const c = s[i + k];
  if (c === " ") return { ret: 1, min, max, len: k + 1 };
  if (c === "(" || c === "[") return { ret: 1, min, max, len: k };
  if (c === ",") return { ret: 2, min, max, len: k + 1 };
  return undefined;
}

function encodeOne(wc: WideCommand, op: SourceOp, braced: boolean, ctx: Parameters<EncodeBundle>[2]): void {
  const orig = scrub(op.text);
  const m = /^[a-z][a-z0-9_]*/.exec(orig);
  const name = m ? m[0] : "";
  const after = orig[name.length] ?? "";
  if (!["", ",", " ", "%", "["].includes(after)) throw new AsmError(`Unknown opcode: \`${orig}'`);
  const iname = realName(name, wc.iset);
  const { text, spec } = stripSpecifiers(orig.slice(name.length));
  const cur = new Cursor(text);
  const oc: OpContext = { wc, ctx, braced, spec, orig };
  const tpl = aluTemplates(wc.iset).get(iname);
  const ctl = CONTROL_OPS.get(iname);
  if (tpl) parseAluOp(oc, tpl, cur);
  else if (ctl && ctl.isetMin <= wc.iset && wc.iset <= ctl.isetMax) parseControlOp(oc, ctl, iname, cur);
  else throw new AsmError(`unknown instruction \`${name}'`);
  if (!cur.atEnd) throw new AsmError(`unrecognized arguments \`${cur.rest}' in \`${orig}'`);
}

/** Encodes one wide instruction (see EncodeBundle in encoder-api.ts). */
export const encodeBundle: EncodeBundle = (ops, braced, ctx): EncodedBundle => {
  const wc = new WideCommand(ctx.iset);
  for (const op of ops) {
    try {
      encodeOne(wc, op, braced, ctx);
    } catch (e) {
      if (e instanceof AsmError && e.line === undefined) throw new AsmError(e.message, op.line);
      throw e;
    }
  }
  const lastLine = ops[ops.length - 1]?.line;
  try {
    finishControl(wc);
    const packed = packWide(wc);
    return { bytes: packed.bytes, relocs: packed.relocs, warnings: wc.warnings };
  } catch (e) {
    if (e instanceof AsmError && e.line === undefined) throw new AsmError(e.message, lastLine);
    throw e;
  }
};
