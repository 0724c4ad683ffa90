// Non-ALU operations: control transfer (SS/CS0/CS1), stubs in SS, set* and wait in CS1,
// predicate logic (PLS), AAU mova (AAS) and incr, fapb (APB entries), header bits.
import { AsmError, type ExprValue } from "../encoder-api";
import { MOVA_OPS, WAIT_FLAGS, type ControlOp } from "../../opcodes";
import type { OpContext } from "./alu";
import { ctcond, defaultIpdIfTaken, parsePred } from "./cond";
import { evalConst } from "./operand";
import { parseGenericReg, parseSpecialReg } from "./operand";
import type { Cursor } from "./scan";
import { FieldSyllable, R_E2K_DISP, type Pred, type WideCommand } from "./wide";

const R_E2K_PREF = 111;

const PLS_LAYOUT: Record<string, [number, number]> = {
  elp0: [24, 7],
  elp1: [16, 7],
  clp_opc: [14, 2],
  clp_neg0: [13, 1],
  clp_p0: [10, 3],
  clp_neg1: [9, 1],
  clp_p1: [6, 3],
  clp_vdst: [5, 1],
  clp_pdst: [0, 5],
};

// setcmd argument slots (gas order): rsz rbs rcur | psz | type | wsz nfx dbl | rpsz | setei
const SET_PARAM = ["rsz=", "rbs=", "rcur=", "psz=", "type=", "wsz=", "nfx=", "dbl=", "rpsz=", ""];
const SET_MASK = [0x3f, 0x3f, 0x3f, 0x1f, 0x7fff, 0x7f, 1, 1, 0x1f, 0xff];
const SET_DNLIM = [0, 0, 0, 0, 0, 0, 0, 0, 1, 0];
const SET_ERR = [
  "rotated register area size",
  "rotated register area base",
  "current value of rotated register area base",
  "rotated predicate area size",
  "current type",
  "register window size",
  "nfx value",
  "dbl value",
  "register parameter size",
  "exception info register",
];
const SET_CMDS: Record<string, [number, number, number]> = {
  // name: [id, lo, hi (v2)]
  setbn: [0, 0, 2],
  setbp: [1, 3, 3],
  settr: [2, 4, 4],
  setwd: [3, 5, 6],
  vfrpsz: [4, 8, 8],
  setei: [5, 9, 9],
};

// gas's parameter spellings, in bit order.
const WAIT_PARAMS = WAIT_FLAGS.map((f) => `${f.name}=`);

/** Per-bundle state of the non-ALU parts that gas keeps in its wide-command record. */
class ControlState {
  readonly pls = [0, 1, 2].map(() => new FieldSyllable("pls[idx]", PLS_LAYOUT));
  readonly setArgs: (number | undefined)[] = new Array(10).fill(undefined);
  setsft = false;
  explicitLp = 0;
  readonly clpIn: number[][] = [
    [0, 0],
    [0, 0],
    [0, 0],
  ];
  aps = 0;
}

const STATE = new WeakMap<WideCommand, ControlState>();
const stateOf = (wc: WideCommand): ControlState => {
  let s = STATE.get(wc);
  if (!s) {
    s = new ControlState();
    STATE.set(wc, s);
  }
  return s;
};

function constOrReloc(text: string, oc: OpContext, rest: string): ExprValue {
  if (text.trim() === "") throw new AsmError(`invalid expression at \`${rest}'`);
  return evalConst(text, oc.ctx);
}

function ctpr(cur: Cursor): number {
  if (!cur.str("%ctpr")) throw new AsmError("`%ctpr{1,2,3}' expected");
  const n = cur.number();
  if (n === undefined || n < 1n || n > 3n) throw new AsmError("invalid `%ctpr' number (should be 1, 2 or 3)");
  return Number(n);
}

function setCs0(wc: WideCommand, word: number, reloc?: { value: ExprValue; type: number }): void {
  wc.cs0 = { word: word >>> 0 };
  if (reloc && reloc.value.kind === "reloc")
    wc.cs0.reloc = { symbol: reloc.value.symbol, addend: reloc.value.addend, type: reloc.type };
}

const cs0Word = (ctprN: number, opc: number, disp: number): number =>
  ((ctprN & 3) << 30) | ((opc & 3) << 28) | (disp & 0x0fffffff);

function flag01(cur: Cursor, name: string): number {
  if (!cur.str(`${name}=`)) throw new AsmError(`\`${name}=' expected`);
  const v = cur.number();
  if (v === undefined) throw new AsmError(`${name} value expected`);
  if (v > 1n) throw new AsmError(`invalid ${name} value; should be either 0 or 1`);
  return Number(v);
}

/** alc/abn/abp: `N` (bit0 = *t, bit1 = *f) or `Xf=F, Xt=T`. */
function stubPair(wc: WideCommand, cur: Cursor, x: string): void {
  wc.startSs();
  const n = cur.number();
  if (n !== undefined) {
    const v = Number(n & 0xffn);
    wc.ss.set(`${x}t`, v & 1, false);
    wc.ss.set(`${x}f`, (v >> 1) & 1, false);
    return;
  }
  wc.ss.set(`${x}f`, flag01(cur, `${x}f`), false);
  if (!cur.char(",")) throw new AsmError("`,' expected");
  wc.ss.set(`${x}t`, flag01(cur, `${x}t`), false);
}

function rpc(wc: WideCommand, cur: Cursor): void {
  if (!cur.char("?")) return;
  const p = parsePred(cur, true);
  if (!p) throw new AsmError(`invalid control transfer condition \`${cur.rest}'`);
  if (wc.iset === 2) throw new AsmError("Recovery Point Conditions are not supported for elbrus-v2");
  wc.cds[0] = (2 << 14) | (8 << 10) | (p.neg ? 4 << 7 : 0) | p.fld;
}

function localPred(cur: Cursor): Pred | undefined {
  const save = cur.pos;
  const neg = cur.char("~");
  if (!cur.str("@p")) {
    cur.pos = save;
    return undefined;
  }
  const n = cur.number();
  if (n === undefined) {
    cur.pos = save;
    return undefined;
  }
  if (n > 6n) throw new AsmError(`invalid local predicate \`@p${n}'`);
  return { num: Number(n), fld: Number(n), neg };
}

function spred(wc: WideCommand, cur: Cursor): number | undefined {
  const save = cur.pos;
  if (cur.str("%lcntex")) return 0;
  if (cur.str("%spred")) {
    let idx = 0;
    while (cur.peek() >= "0" && cur.peek() <= "5") idx |= 1 << Number(cur.text[cur.pos++]);
    if (idx !== 0) return idx;
  } else if (wc.iset >= 3 && cur.str("%rndpred")) {
    const n = cur.number();
    if (n !== undefined && n >= 1n && n <= 15n) return 0x40 | Number(n);
  }
  cur.pos = save;
  return undefined;
}

function encodeElp(st: ControlState, wc: WideCommand, elp: number, lp: Pred): void {
  if (lp.num > 3) throw new AsmError("only @p0, @p1, @p2 and @p3 can be used to store the result of ELP");
  const idx = lp.num >> 1;
  (st.pls[idx] as FieldSyllable).set(lp.num % 2 === 0 ? "elp0" : "elp1", elp, false);
  (wc.pls[idx] as { needed: boolean }).needed = true;
  st.explicitLp |= 1 << lp.num;
}

function encodeClpPass(st: ControlState, lp: Pred, gp: Pred): void {
  if (lp.num < 4)
    throw new AsmError("only @p4, @p5 and @p6 can be used to pass the result of {C/M}LP to %pred");
  const idx = lp.num - 4;
  const p = st.pls[idx] as FieldSyllable;
  p.set("clp_vdst", 1, false);
  p.set("clp_pdst", gp.num, false);
  st.explicitLp |= 1 << (7 + idx);
}

function encodeClp(st: ControlState, wc: WideCommand, a: Pred, b: Pred, d: Pred, opc: number): void {
  if (d.num < 4) throw new AsmError("only @p4, @p5 and @p6 can be used to store the result of {C/M}LP");
  const idx = d.num - 4;
  let err: string | undefined;
  if (idx === 0 && (a.num > 1 || b.num > 1)) err = "@p0 and @p1";
  else if (idx === 1 && (a.num > 4 || b.num > 4)) err = "@p0, @p1, @p2, @p3 and @p4";
  else if (a.num > 5 || b.num > 5) err = "@p0, @p1, @p2, @p3, @p4 and @p5";
  if (err) throw new AsmError(`only \`${err}' can be used as incoming parameters for {C/M}LP${idx}`);
  const p = st.pls[idx] as FieldSyllable;
  p.set("clp_opc", opc, false);
  p.set("clp_neg0", a.neg ? 1 : 0, false);
  p.set("clp_p0", a.num, false);
  p.set("clp_neg1", b.neg ? 1 : 0, false);
  p.set("clp_p1", b.num, false);
  (wc.pls[idx] as { needed: boolean }).needed = true;
  st.explicitLp |= 1 << (idx + 4);
  st.clpIn[idx] = [a.num, b.num];
}

function waitOp(wc: WideCommand, cur: Cursor): void {
  const val = new Array<number>(14).fill(-1);
  let param = 0;
  for (let i = 0; i < 14; i++) {
    const j = WAIT_PARAMS.findIndex((p) => cur.str(p));
    if (j < 0) {
      if (!cur.atEnd) throw new AsmError(`junk in WAIT command: \`${cur.rest}'`);
      if (param === 0) throw new AsmError("no parameters specified for WAIT command");
      break;
    }
    const name = WAIT_PARAMS[j] as string;
    if (wc.iset < (WAIT_FLAGS[j] as { isetMin: number }).isetMin)
      throw new AsmError(`Invalid \`${name}' WAIT parameter for elbrus-v${wc.iset}`);
    const v = cur.number();
    if (v === undefined || (v & 0xffn) > 1n) throw new AsmError(`${name}{0,1} expected`);
    val[j] = Number(v & 0xffn);
    param |= (val[j] as number) << j;
    cur.char(",");
  }
  for (let i = 7; i <= 10; i++) {
    const j = i < 9 ? i - 5 : i - 7;
    if (val[i] !== 1) continue;
    if (val[j] === -1) param |= 1 << j;
    else if (val[j] === 0)
      throw new AsmError(`invalid combination of \`${WAIT_PARAMS[j]}0' and \`${WAIT_PARAMS[i]}1' WAIT flags`);
  }
  if (wc.cs1 !== undefined) throw new AsmError("Cannot encode WAIT because CS1 is busy");
  wc.cs1 = ((3 << 28) | param) >>> 0;
  wc.cs1ByCommand = true;
}

function setcmd(st: ControlState, wc: WideCommand, name: string, cur: Cursor, oc: OpContext): void {
  if (name === "setsft") {
    st.setsft = true;
    return;
  }
  const [, lo, hi0] = SET_CMDS[name] as [number, number, number];
  const hi = name === "setwd" && wc.iset >= 3 ? hi0 + 1 : hi0;
  if (st.setArgs[lo] !== undefined)
    throw new AsmError(`a wide command cannon contain more than one instance of ${name}`);
  let count = 0;
  for (let i = lo; i <= hi; i++) {
    let j = lo;
    for (; j <= hi; j++) {
      if (!cur.str(SET_PARAM[j] as string)) continue;
      const text = cur.operand(false);
      let v: ExprValue | undefined;
      try {
        v = text === "" ? undefined : evalConst(text, oc.ctx);
      } catch {
        v = undefined;
      }
      if (v?.kind !== "const") {
        const p = SET_PARAM[j] as string;
        throw new AsmError(`value for ${SET_ERR[j]} expected${p !== "" ? " after " : ""}${p}`);
      }
      const x = BigInt.asUintN(32, v.value);
      const dn = BigInt(SET_DNLIM[j] as number);
      if (!(x >= dn && x <= dn + BigInt(SET_MASK[j] as number)))
        throw new AsmError(`invalid value for ${SET_ERR[j]}`);
      st.setArgs[j] = Number(x - dn);
      count++;
      cur.char(",");
      break;
    }
    if (j > hi) {
      if (!cur.atEnd) throw new AsmError(`invalid parameter \`${cur.rest}'`);
      if (count === 0) throw new AsmError(`no parameters for \`${name}'`);
      break;
    }
  }
}

function encodeSetcmds(st: ControlState, wc: WideCommand): void {
  const a = st.setArgs;
  const has = (i: number): boolean => a[i] !== undefined;
  const v = (i: number): number => a[i] ?? 0;
  const setbr = (setOpc: number | undefined): number => {
    if (wc.cs1 !== undefined) throw new AsmError("cannot encode SETBR, CS1 syllable is already busy");
    let w = 0;
    if (has(0)) w |= (1 << 26) | (v(0) << 6) | v(1) | (v(2) << 12);
    if (has(3)) w |= (1 << 27) | (v(3) << 18);
    if (setOpc !== undefined) {
      wc.cs1 = (w | (setOpc << 28)) >>> 0;
      wc.cs1ByCommand = true;
    }
    return w;
  };
  const setr0 = (setOpc: number | undefined, rpsz: number): void => {
    let w = setbr(undefined);
    let lts = 0;
    if (has(4)) {
      w |= 1 << 25;
      lts |= v(4) << 17;
    }
    if (has(5)) lts |= (v(5) << 5) | (v(6) << 4) | (v(7) << 3);
    lts |= rpsz << 12;
    wc.addLiteral({ kind: "const", value: BigInt(lts >>> 0) }, 1, 1, 0, 0);
    if (setOpc !== undefined) {
      wc.cs1 = (w | (setOpc << 28)) >>> 0;
      wc.cs1ByCommand = true;
    }
  };
  if (has(8)) setr0(1, v(8));
  else if (has(5) || has(4)) setr0(0, 0);
  else if (has(3) || has(0)) setbr(4);
  if (has(9)) {
    if (wc.cs1 !== undefined) throw new AsmError("cannot encode SETEI, CS1 syllable is already busy");
    wc.cs1 = ((2 << 28) | v(9)) >>> 0;
    wc.cs1ByCommand = true;
  }
  if (st.setsft) {
    if (wc.cs1 !== undefined) throw new AsmError("cannot encode SETSFT, CS1 syllable is already busy");
    wc.cs1 = ((2 << 28) | (1 << 27)) >>> 0;
    wc.cs1ByCommand = true;
  }
}

function mova(wc: WideCommand, name: string, cur: Cursor): void {
  const opc = MOVA_OPS.get(name)?.opc ?? 0;
  const isQ = opc === 5;
  const start = cur.rest;
  if (!cur.char(",")) throw new AsmError(`mova channel expected at \`${start}'`);
  const c = cur.number();
  if (c === undefined) throw new AsmError(`mova channel expected at \`${start}'`);
  if (c > 3n) throw new AsmError(`invalid mova channel ${c} specified`);
  const chn = Number(c);
  if (isQ && chn % 2 !== 0) throw new AsmError("movaq should be encoded in an even channel either 0 or 2");
  if (wc.aaBusy & (1 << chn)) throw new AsmError(`mova channel ${chn} is already busy`);
  if (isQ && wc.aaBusy & (1 << (chn + 1)))
    throw new AsmError(`channel ${chn + 1} required for movaq is already busy`);
  const n = isQ ? 2 : 1;
  wc.aaBusy |= (isQ ? 3 : 1) << chn;
  for (let i = 0; i < n; i++) wc.aaOps[chn + i] = ((wc.aaOps[chn + i] as number) | (opc << 12)) & 0xffff;
  cur.char(" ");
  const params: [string, number, number][] = [
    ["area=", 31, 6],
    ["ind=", 31, 1],
    ["am=", 1, 0],
    ["be=", 1, 15],
  ];
  const seen = [false, false, false, false];
  let ind = 0;
  for (let i = 0; i < 16; i++) {
    const k = i % 4;
    const [pname, max, off] = params[k] as [string, number, number];
    if (!cur.str(pname)) continue;
    if (seen[k]) throw new AsmError(`\`${pname}' has already been seen`);
    seen[k] = true;
    const v = cur.number();
    if (v === undefined) throw new AsmError(`numeric value should be specified for \`${pname}'`);
    const val = Number(v & 0xffn);
    if (val > max) throw new AsmError(`${val} exceeds maximal value for ${pname}`);
    if (k !== 1 || !isQ)
      for (let j = 0; j < n; j++) wc.aaOps[chn + j] = (wc.aaOps[chn + j] as number) | (val << off);
    else ind = val;
    if (!cur.char(",")) throw new AsmError(`\`,' expected at \`${cur.rest}'`);
  }
  if (isQ) {
    const be = ((wc.aaOps[chn] as number) & (1 << 15)) !== 0;
    wc.aaOps[chn + (be ? 1 : 0)] = ((wc.aaOps[chn + (be ? 1 : 0)] as number) | (ind << 1)) & 0xffff;
    wc.aaOps[chn + (be ? 0 : 1)] = ((wc.aaOps[chn + (be ? 0 : 1)] as number) | ((ind + 8) << 1)) & 0xffff;
  }
  const setDst = (ch: number, byte: number): void => {
    const k = ch >> 1;
    const shift = ch % 2 === 0 ? 8 : 0;
    wc.aaDst[k] = ((wc.aaDst[k] as number) & ~(0xff << shift)) | ((byte & 0xff) << shift);
  };
  const reg = parseGenericReg(cur);
  if (reg) for (let i = 0; i < n; i++) setDst(chn + i, reg.value + i);
  else {
    let sp = parseSpecialReg(cur);
    if (sp === 0) throw new AsmError(`invalid destination for MOVA at \`${cur.rest}'`);
    if (isQ) sp &= 0xfe;
    for (let i = 0; i < n; i++) setDst(chn + i, sp | i);
  }
  wc.startSs();
  wc.ss.raw("aa", wc.ss.get("aa") | ((isQ ? 3 : 1) << chn));
}

const FAPB_FIELDS: [string, number][] = [
  ["ct", 31],
  ["dpl", 31],
  ["si", 30],
  ["dcd", 28],
  ["fmt", 25],
  ["mrng", 20],
  ["d", 15],
  ["incr", 12],
  ["ind", 8],
  ["be", 14],
  ["am", 13],
  ["area", 8],
  ["asz", 5],
  ["abs", 0],
  ["disp", 0],
];

function fapb(st: ControlState, wc: WideCommand, cur: Cursor): void {
  const vals = new Map<string, number>();
  let comma = false;
  while (!cur.atEnd) {
    if (comma && !cur.char(",")) throw new AsmError(`comma expected at \`${cur.rest}'`);
    comma = true;
    const f = FAPB_FIELDS.find(([n]) => cur.str(`${n}=`));
    if (!f) throw new AsmError(`unrecognized fapb parameter at \`${cur.rest}'`);
    const v = cur.number();
    if (v === undefined) throw new AsmError(`value expected after \`${f[0]}='`);
    vals.set(f[0], Number(BigInt.asUintN(32, v)));
  }
  let chn: number;
  if (vals.has("ct")) {
    if (vals.has("dpl")) throw new AsmError("`ct' and `dpl' can't be set within the same fapb");
    chn = 0;
  } else if (vals.has("dpl")) chn = 1;
  else throw new AsmError("neither `ct', nor `dpl' has been specified");
  if (st.aps & (1 << chn)) throw new AsmError(`fapb occupying APS${chn} has already been met`);
  st.aps |= 1 << chn;
  const si = vals.get("si") ?? 0;
  if (si === 0 && (vals.has("be") || vals.has("am") || vals.has("area")))
    throw new AsmError("neither of `be', `am' and `area' can be specified provided that `si == 0'");
  if (si === 1 && (vals.has("incr") || vals.has("ind")))
    throw new AsmError("neither of `incr', and `ind' can be specified provided that `si == 1'");
  let aps = 0;
  for (const [n, off] of FAPB_FIELDS) {
    if (n === "disp") continue;
    const v = vals.get(n);
    if (v !== undefined) aps = (aps | (v << off)) >>> 0;
  }
  wc.aps[chn] = [aps >>> 0, (vals.get("disp") ?? 0) >>> 0];
}

function incr(wc: WideCommand, cur: Cursor): void {
  const als = wc.als[wc.als.length - 1];
  if (!als) throw new AsmError("unexpected `incr'");
  if (cur.char(",")) {
    const c = cur.number();
    if (c !== undefined && Number(c) !== als.positions[0])
      throw new AsmError("incorrect channel specified for `incr'");
  }
  cur.char(" ");
  if (!cur.str("%aaincr")) throw new AsmError("`%aaincr' expected");
  const n = cur.number();
  if (n === undefined) throw new AsmError("index of `%aaincr' expected");
  if (cur.char("?")) {
    const p = parsePred(cur, true);
    if (p) als.preds[3] = p;
  }
  for (const u of als.u) u.src2 |= ((Number(n & 0xffn) << 4) | 4) & 0xff;
}

/** Encodes one non-ALU operation. */
export function parseControlOp(oc: OpContext, op: ControlOp, name: string, cur: Cursor): void {
  const wc = oc.wc;
  const st = stateOf(wc);
  cur.char(" ");
  switch (name) {
    case "ct":
    case "call": {
      wc.startSs();
      wc.ss.raw("ctop", ctpr(cur));
      if (name === "call") {
        cur.char(",");
        cur.str("wbs=");
        const text = cur.operand();
        let w: ExprValue | undefined;
        try {
          w = text === "" ? undefined : evalConst(text, oc.ctx);
        } catch {
          w = undefined;
        }
        if (w?.kind !== "const") throw new AsmError("wbs value expected");
        if (wc.cs1 !== undefined) throw new AsmError("Cannot encode `call': CS1 is busy");
        wc.cs1 = ((5 << 28) | Number(w.value & 0xffn)) >>> 0;
        wc.cs1ByCommand = true;
      }
      ctcond(wc, cur, "other");
      defaultIpdIfTaken(wc);
      return;
    }
    case "ibranch":
    case "rbranch": {
      wc.startSs();
      if (wc.ss.isSet("ctop"))
        throw new AsmError(`cannot encode \`${name}', SS.ctop in the current wide command is already busy`);
      wc.ss.set("ctop", 0, false);
      if (wc.cs0) throw new AsmError(`cannot encode \`${name}', CS0 in current wide command is already busy`);
      cur.char(",");
      const v = constOrReloc(cur.operand(), oc, cur.rest);
      setCs0(wc, cs0Word(0, 0, v.kind === "const" ? Number(BigInt.asUintN(32, v.value)) : 0), {
        value: v,
        type: R_E2K_DISP,
      });
      ctcond(wc, cur, name);
      defaultIpdIfTaken(wc);
      return;
    }
    case "done":
    case "iret":
    case "hret":
    case "glaunch": {
      ctcond(wc, cur, "other");
      wc.startSs();
      wc.ss.set("ctop", 0, false);
      if (wc.cs0) throw new AsmError("cannot encode `DONE', CS0 in current wide command is already busy");
      setCs0(wc, cs0Word(0, 3, { done: 0, iret: 2, hret: 3, glaunch: 4 }[name] as number));
      defaultIpdIfTaken(wc);
      return;
    }
    case "hcall":
    case "icall": {
      wc.startSs();
      wc.ss.raw("ctop", 0);
      const isH = name === "hcall";
      const v = constOrReloc(cur.operand(), oc, cur.rest);
      cur.char(",");
      if (wc.cs0) throw new AsmError("cannot encode `pref', CS0 in the current wide command is already busy");
      let disp = 0;
      if (v.kind === "const") {
        if (isH && (v.value < 0n || v.value >= 16n))
          throw new AsmError("invalid value for CS0.disp in HCALL specified");
        disp = Number(BigInt.asUintN(32, v.value));
        if (isH) disp <<= 1;
      } else if (isH) throw new AsmError("CS0.disp in HCALL should encode an immediate value");
      setCs0(wc, cs0Word(0, 0, disp), { value: v, type: R_E2K_DISP });
      cur.str("wbs=");
      const w = evalConst(cur.operand(), oc.ctx);
      if (w.kind !== "const") throw new AsmError("wbs value expected");
      if (wc.cs1 !== undefined) throw new AsmError(`Cannot encode \`${name}': CS1 is busy`);
      wc.cs1 = ((5 << 28) | ((isH ? 2 : 1) << 7) | Number(w.value & 0xffn)) >>> 0;
      wc.cs1ByCommand = true;
      ctcond(wc, cur, "other");
      defaultIpdIfTaken(wc);
      return;
    }
    case "disp":
    case "ldisp":
    case "sdisp":
    case "return":
    case "gettsd": {
      if (wc.cs0)
        throw new AsmError(`cannot encode \`${name}': CS0 in the current wide instruction is already busy`);
      const opc = { disp: 0, ldisp: 1, sdisp: 2, return: 3, gettsd: 3 }[name] as number;
      const allowed = { disp: 7, ldisp: 2, sdisp: 7, return: 4, gettsd: 7 }[name] as number;
      if (!cur.str("%ctpr")) throw new AsmError("%ctpr expected ");
      const nb = cur.number();
      if (nb === undefined) throw new AsmError("cannot see %ctpr number");
      const n = Number(nb & 0xffn);
      if (n < 1 || n > 3) throw new AsmError(`invalid %ctpr${n} specified`);
      if (!(allowed & (1 << (n - 1)))) throw new AsmError(`%ctpr${n} is not supported by ${name}`);
      if (name === "return" || name === "gettsd") {
        setCs0(wc, cs0Word(n, opc, name === "return" ? 0 : 1));
        return;
      }
      cur.char(",");
      cur.str("disp=");
      const text = cur.operand();
      const v = constOrReloc(text, oc, cur.rest);
      if (v.kind === "const") {
        if (opc === 2 && (v.value < 0n || v.value >= 32n))
          throw new AsmError("invalid value for CS0.disp in SDISP specified");
        setCs0(wc, cs0Word(n, opc, Number(BigInt.asUintN(32, v.value))));
      } else {
        if (opc === 2) throw new AsmError("CS0.disp in SDISP should encode an immediate value");
        setCs0(wc, cs0Word(n, opc, 0), { value: v, type: R_E2K_DISP });
      }
      return;
    }
    case "pref": {
      if (wc.cs0) throw new AsmError("cannot encode `pref', CS0 in the current wide command is already busy");
      if (!cur.str("%ipr")) throw new AsmError("%ipr expected ");
      const ipr = cur.number();
      if (ipr === undefined) throw new AsmError("cannot see index for %ipr");
      if ((ipr & 0xffn) > 7n) throw new AsmError("invalid index for %ipr");
      cur.char(",");
      cur.str("disp=");
      const v = constOrReloc(cur.operand(), oc, cur.rest);
      let ipd = 0;
      if (cur.str(",ipd=")) {
        const x = cur.number();
        if (x === undefined) throw new AsmError("cannot see value of ipd");
        if (x > 1n) throw new AsmError("invalid value for ipd");
        ipd = Number(x);
      }
      const pdisp = v.kind === "const" ? Number(BigInt.asUintN(32, v.value)) : 0;
      setCs0(wc, cs0Word(0, 1, (pdisp << 4) + (ipd << 3) + Number(ipr & 0xffn)), {
        value: v,
        type: R_E2K_PREF,
      });
      return;
    }
    case "ipd": {
      wc.startSs();
      const v = cur.number();
      if (v === undefined) throw new AsmError("ipd value expected after `ipd'");
      const ipd = Number(v & 0xffn);
      if (ipd > 3) throw new AsmError(`invalid ipd value ${ipd}; should be < 3`);
      if (!wc.ss.isSet("ipd") || wc.ss.isDefault("ipd") || wc.ss.get("ipd") !== ipd)
        wc.ss.set("ipd", ipd, false);
      return;
    }
    case "alc":
    case "abn":
    case "abp":
      stubPair(wc, cur, name);
      return;
    case "abg": {
      wc.startSs();
      const v = cur.number();
      if (v === undefined) throw new AsmError("abg value expected");
      if ((v & 0xffn) > 3n) throw new AsmError("invalid abg value: should lie in the interval from 0 to 3");
      wc.ss.set("abg", Number(v & 3n), false);
      return;
    }
    case "vfdi":
      wc.startSs();
      wc.ss.set("vfdi", 1, false);
      return;
    case "bap":
      wc.startSs();
      wc.ss.set("bap", 1, false);
      wc.ss.set("ipd", 3, true);
      return;
    case "eap":
      wc.startSs();
      if (wc.ss.isSet("eap") && !wc.ss.isDefault("eap") && wc.ss.get("eap") === 1) return;
      wc.ss.set("eap", 1, false);
      wc.ss.set("ipd", 3, true);
      return;
    case "srp":
    case "crp":
    case "slrp":
      wc.startSs();
      wc.ss.set("crp", name === "srp" ? 0 : 1, false);
      wc.ss.set("srp", name === "crp" ? 0 : 1, false);
      rpc(wc, cur);
      return;
    case "flushts":
      wc.startSs();
      wc.ssWord = 0xd4100000;
      return;
    case "loop_mode":
      wc.lm = true;
      return;
    case "set_mark":
      wc.sw = true;
      return;
    case "nop": {
      if (wc.nop !== undefined)
        wc.warnings.push("more than one `nop' in a wide instruction; the last one is used");
      if (cur.atEnd) {
        wc.nop = -1;
        return;
      }
      const v = cur.number();
      if (v === undefined) throw new AsmError("number expected");
      if ((v & 0xffn) > 7n) throw new AsmError("illegal nop number");
      wc.nop = Number(v & 0xffn);
      if (!cur.atEnd) throw new AsmError("unexpected symbol");
      return;
    }
    case "wait":
      waitOp(wc, cur);
      return;
    case "flushr":
    case "flushc":
    case "fillr":
    case "fillc": {
      if (wc.cs1 !== undefined && wc.cs1 >>> 28 !== 7)
        throw new AsmError(`Cannot encode \`${name}' because CS1 is busy`);
      const bit = { flushr: 1, flushc: 2, fillr: 4, fillc: 8 }[name] as number;
      wc.cs1 = ((7 << 28) | ((wc.cs1 ?? 0) & 0xfffffff) | bit) >>> 0;
      wc.cs1ByCommand = true;
      return;
    }
    case "setwd":
    case "setbn":
    case "setbp":
    case "settr":
    case "vfrpsz":
    case "setei":
    case "setsft":
      setcmd(st, wc, name, cur, oc);
      return;
    case "pass": {
      const gp = parsePred(cur, false);
      const sp = gp ? undefined : spred(wc, cur);
      if (gp || sp !== undefined) {
        if (gp?.neg) throw new AsmError("a negated predicate can't be used as the source for pass in ELP");
        if (!cur.char(",")) throw new AsmError("comma expected");
        const lp = localPred(cur);
        if (!lp) throw new AsmError("local predicate expected as the destination for pass in ELP");
        if (lp.neg)
          throw new AsmError("a negated local predicate can't be used as the destination for pass in ELP");
        encodeElp(st, wc, gp ? 0x60 | (gp.num & 0x1f) : (sp as number), lp);
        return;
      }
      const lp = localPred(cur);
      if (lp) {
        if (lp.neg)
          throw new AsmError("a negated local predicate can't be used as the source for pass in {C/M}LP");
        if (!cur.char(",")) throw new AsmError("comma expected");
        const g = parsePred(cur, false);
        if (!g) throw new AsmError("global predicate expected as the destination for pass in {C/M}LP");
        if (g.neg)
          throw new AsmError("a negated predicate can't be used as the destination for pass in {C/M}LP");
        encodeClpPass(st, lp, g);
        return;
      }
      throw new AsmError(
        `either of %lcntex, %spred, %pred${wc.iset >= 3 ? ", %rndpred" : ""} or @p expected as the first parameter for \`pass'`,
      );
    }
    case "andp":
    case "landp":
    case "movep": {
      const a = localPred(cur);
      if (!a) throw new AsmError("local predicate expected as the first source parameter for {C/M}LP");
      if (!cur.char(",")) throw new AsmError(`comma expected at \`${cur.rest}'`);
      const b = localPred(cur);
      if (!b) throw new AsmError("local predicate expected as the second source parameter for {C/M}LP");
      if (!cur.char(",")) throw new AsmError(`comma expected at \`${cur.rest}'`);
      const d = localPred(cur);
      if (!d) throw new AsmError("local predicate expected as the destination for {C/M}LP");
      if (d.neg) throw new AsmError("a negated local predicate can't be used as the destination for {C/M}LP");
      encodeClp(st, wc, a, b, d, { andp: 0, landp: 1, movep: 3 }[name] as number);
      return;
    }
    case "clpandp":
    case "clplandp": {
      if (oc.braced)
        throw new AsmError("combined predicate logic command shouldn't be used within a wide command");
      const s1 = parsePred(cur, false);
      if (!s1) throw new AsmError("src1 predicate missing");
      if (!cur.char(",")) throw new AsmError("comma after src1 expected");
      const s2 = parsePred(cur, false);
      if (!s2) throw new AsmError("src2 predicate missing");
      if (!cur.char(",")) throw new AsmError("comma after src2 expected");
      const d = parsePred(cur, false);
      if (!d) throw new AsmError("src2 predicate missing");
      if (d.neg) throw new AsmError("dst predicate can't be negated");
      const lp = (num: number, neg: boolean): Pred => ({ num, fld: num, neg });
      encodeElp(st, wc, 0x60 | (s1.num & 0x1f), lp(0, false));
      encodeElp(st, wc, 0x60 | (s2.num & 0x1f), lp(1, false));
      encodeClp(st, wc, lp(0, s1.neg), lp(1, s2.neg), lp(4, false), name === "clpandp" ? 0 : 1);
      encodeClpPass(st, lp(4, false), d);
      return;
    }
    case "movab":
    case "movah":
    case "movaw":
    case "movad":
    case "movaq":
    case "movaqp":
      mova(wc, name, cur);
      return;
    case "incr":
      incr(wc, cur);
      return;
    case "fapb":
      fapb(st, wc, cur);
      return;
    default:
      throw new AsmError(`unknown instruction \`${op.name}'`);
  }
}

/** gas end_wide_command checks and set* encoding, run before literals and ALCs are placed. */
export function finishControl(wc: WideCommand): void {
  const st = stateOf(wc);
  // verify_pls_insns
  const casc = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    if ((st.explicitLp & (1 << (4 + i))) === 0) {
      if (st.explicitLp & (1 << (7 + i)))
        throw new AsmError(`undefined @p${4 + i} passed to a global predicate via {C/M}LP${i}`);
      continue;
    }
    for (let j = 0; j < 2; j++) {
      const inc = (st.clpIn[i] as number[])[j] as number;
      if ((st.explicitLp & (1 << inc)) === 0)
        throw new AsmError(`undefined @p${inc} used as an incoming parameter for CLP${i}`);
      const c = inc < 4 ? 1 : (casc[inc - 4] as number) + 1;
      if (c > (casc[i] as number)) {
        casc[i] = c;
        if (c > 2) throw new AsmError(`maximal supported cascading of 2 exceeded for {C/M}LP${i}`);
      }
    }
  }
  if (wc.ssStarted && wc.ss.isSet("ctcond")) {
    const c = wc.ss.get("ctcond");
    const ct = (c & 0x1e0) >> 5;
    if (ct === 8) {
      for (let i = 0; i < 4; i++) {
        const j = i < 2 ? i : i + 1;
        if (c & (1 << i) && !(wc.explicitAlces & (1 << j)))
          throw new AsmError(
            `no speculative operation with an explicit ALC matches %dt_al[${j}] in control transfer condition`,
          );
      }
    }
    if (ct === 9) {
      const type = (c & 0x18) >> 3;
      const need = (n: number): void => {
        if (!(wc.explicitIntCmp & (1 << n)))
          throw new AsmError(
            `no integer comparison with an explicitly specified ALC matches %cmp${n} in ctcond`,
          );
      };
      if (type === 0) {
        let k = (c & 6) >> 1;
        if (k >= 2) k++;
        need(k);
      } else if (type === 1) {
        const jk = (c & 4) >> 2;
        need(jk ? 3 : 0);
        need(jk ? 4 : 1);
      } else if (type === 2) {
        const k = (c & 6) >> 1;
        if (!(st.explicitLp & (1 << (k + 4))))
          throw new AsmError(
            `no explicitl {C/M}LP operation producing @p${k + 4} matches %clp${k} in control transfer condition`,
          );
      }
    }
  }
  st.pls.forEach((p, i) => ((wc.pls[i] as { word: number }).word = p.word()));
  encodeSetcmds(st, wc);
}
