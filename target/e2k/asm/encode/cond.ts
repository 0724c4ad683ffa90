// Conditions: `%predN`/`%pcntN` predicates and the control-transfer condition (`? cond`)
// that goes into SS.ctcond for ct/call/ibranch/rbranch/done/hcall/icall/ibranchd/icalld.
import { AsmError } from "../encoder-api";
import type { Cursor } from "./scan";
import type { Pred, WideCommand } from "./wide";

/** `[~]%predN` (or `%pcntN` when allowed); undefined with the cursor unchanged otherwise. */
export function parsePred(cur: Cursor, allowPcnt: boolean): Pred | undefined {
  const save = cur.pos;
  const neg = cur.char("~");
  let mask: number;
  if (cur.str("%pred")) mask = 0x60;
  else if (allowPcnt && cur.str("%pcnt")) mask = 0x40;
  else {
    cur.pos = save;
    return undefined;
  }
  const n = cur.number();
  if (n === undefined) {
    cur.pos = save;
    return undefined;
  }
  const num = Number(n & 0xffn);
  return { num, fld: (mask | num) & 0x7f, neg };
}

function subcond(cur: Cursor, operator: string, name: string): boolean {
  const save = cur.pos;
  if (operator !== "" && !cur.str(operator)) return false;
  if (!cur.char("%") && !cur.char("#")) {
    cur.pos = save;
    return false;
  }
  if (!cur.str(name)) {
    cur.pos = save;
    return false;
  }
  return true;
}

function plCtcond(cur: Cursor): number | undefined {
  const save = cur.pos;
  const neg = cur.char("~") ? 1 : 0;
  if (cur.str("%cmp")) {
    const jk = cur.str("0||") ? 0 : cur.str("3||") ? 1 : -1;
    if (jk >= 0) {
      const negk = cur.char("~") ? 1 : 0;
      if (cur.str("%cmp") && cur.char(jk === 0 ? "1" : "4")) return (1 << 3) | (jk << 2) | (neg << 1) | negk;
    } else {
      const c = cur.peek();
      if (c === "0" || c === "1" || c === "3" || c === "4") {
        cur.pos++;
        const k = Number(c);
        return neg | ((k <= 1 ? k : k - 1) << 1);
      }
    }
  } else if (cur.str("%clp")) {
    const c = cur.peek();
    if (c >= "0" && c <= "2") {
      cur.pos++;
      return (2 << 3) | (Number(c) << 1) | neg;
    }
  }
  cur.pos = save;
  return undefined;
}

export type BranchKind = "ibranch" | "rbranch" | "other";

/** gas parse_ctcond: `? cond` (or none = always) into SS.ctcond. */
export function ctcond(wc: WideCommand, cur: Cursor, kind: BranchKind): void {
  const ss = wc.ss;
  const MLOCK = 8 << 5;
  if (!cur.char("?")) {
    if (!cur.atEnd) throw new AsmError("end of line expected");
    ss.set("ctcond", kind === "rbranch" ? MLOCK : 1 << 5, false);
    return;
  }
  if (subcond(cur, "", "always")) ss.set("ctcond", 1 << 5, false);
  else if (subcond(cur, "", "never")) ss.set("ctcond", 0, false);
  else if (subcond(cur, "", "LOOP_END")) ss.set("ctcond", 4 << 5, false);
  else if (subcond(cur, "", "NOT_LOOP_END")) ss.set("ctcond", 5 << 5, false);
  else {
    const parsed = subcond(cur, "", "MLOCK");
    if (parsed || kind === "rbranch") {
      if (parsed && kind !== "ibranch")
        throw new AsmError("%MLOCK control transfer condition is applicable only to ibranch");
      if (kind === "rbranch" || cur.str("||")) {
        const base = kind === "rbranch" ? MLOCK : 0;
        if (subcond(cur, "", "dt_al")) {
          const conv = [0, 1, -1, 2, 3];
          let mask = 0;
          for (let i = 0; i < 5; i++)
            if (conv[i] !== -1 && cur.char(String(i))) mask |= 1 << (conv[i] as number);
          if (mask === 0) throw new AsmError("index of form `[0][1][3][4]' expected after `%dt_al'");
          ss.set("ctcond", base | ((8 << 5) + mask), false);
        } else {
          const psrc = wc.iset >= 3 ? plCtcond(cur) : undefined;
          if (psrc === undefined)
            throw new AsmError(
              `invalid control transfer condition \`${cur.rest}' after ${kind === "rbranch" ? "rbranch" : "ibranch %MLOCK ||"}`,
            );
          ss.set("ctcond", base | (9 << 5) | psrc, false);
        }
      } else ss.set("ctcond", MLOCK, false);
    } else {
      const p = parsePred(cur, false);
      if (!p) throw new AsmError(`invalid control transfer condition \`${cur.rest}'`);
      let c: number;
      if (subcond(cur, "||", "LOOP_END")) c = p.neg ? 0xe << 5 : 0x6 << 5;
      else if (subcond(cur, "&&", "NOT_LOOP_END")) c = p.neg ? 0x7 << 5 : 0xf << 5;
      else c = p.neg ? 3 << 5 : 2 << 5;
      ss.set("ctcond", c | p.num, false);
    }
  }
}

/** gas sets the default ipd when a transfer can be taken. */
export function defaultIpdIfTaken(wc: WideCommand): void {
  if ((wc.ss.get("ctcond") & 0x1e0) !== 0) wc.ss.set("ipd", 3, true);
}
