// Text of the non-ALU syllables: HS, SS, CS0, CS1, AAS (mova), PLS (ISA.md §2.2-§2.11).
import type { RawBundle } from "./bundle";
import { predicateText } from "./alu-text";
import { ctcondText } from "./ctcond";
import { dstText, hex, type Problems } from "./operands";

/** How PC-relative targets are printed. */
export type TargetStyle =
  /** objdump: the absolute target address. */
  | "address"
  /** gas input: the displacement in 8-byte units relative to the bundle. */
  | "units";

export interface ControlOptions {
  readonly iset: number;
  readonly address: bigint;
  readonly targets: TargetStyle;
}

const MASK64 = (1n << 64n) - 1n;

function target(disp28: number, o: ControlOptions): string {
  const units = (disp28 << 4) >> 4; // sign-extend 28 bits
  if (o.targets === "units") return units < 0 ? `-${hex(-units)}` : hex(units);
  return hex((o.address + BigInt(units) * 8n) & MASK64);
}

export function hsLines(b: RawBundle): string[] {
  const out: string[] = [];
  if (b.hs & 0x400) out.push("loop_mode");
  const nop = (b.hs >>> 7) & 7;
  if (nop) out.push(`nop ${nop}`);
  // objdump does not show HS.sw; gas writes it for `set_mark`.
  if (b.hs & 0x2000) out.push("set_mark");
  return out;
}

const FLUSHTS_SS = 0x14100000;

export function ssLines(b: RawBundle, o: ControlOptions, pr: Problems): string[] {
  const ss = b.ss;
  if (ss === undefined) return [];
  const out: string[] = [];
  const ctop = (ss >>> 10) & 3;
  const ctcond = ss & 0x1ff;
  const isCall = b.cs1 !== undefined && b.cs1 >>> 28 === 5;
  // objdump hides `ct ? %never`; gas wrote it, so show it.
  if (!isCall && ctop !== 0) out.push(`ct %ctpr${ctop}${ctcondText(ctcond, pr)}`);
  const type1 = (ss & (1 << 20)) !== 0;
  if (type1) {
    // The only SF2 syllable gas writes is `flushts` (ISA.md §2.4); it carries ipd = 3.
    if ((ss & 0x3fffffff) === FLUSHTS_SS && ctcond === 0) out.push("flushts");
    else pr.list.push(`SS: unknown second-format (type 1) stubs syllable ${hex(ss)}`);
    if (ss >>> 30 !== 3 || (ss & 0x3fffffff) !== FLUSHTS_SS) {
      const ipd = ss >>> 30;
      if (ipd) out.push(`ipd ${ipd}`);
    }
    return out;
  }
  const ipd = ss >>> 30;
  // objdump omits `ipd 0`; gas's default is 3, so without it the bundle would not re-assemble.
  out.push(`ipd ${ipd}`);
  if (ss & (1 << 29)) out.push("eap");
  if (ss & (1 << 28)) out.push("bap");
  const rp = (((ss >>> 27) & 1) << 1) | ((ss >>> 25) & 1);
  if (rp) {
    // The RPC predicate of srp/crp/slrp is an am=1 MRGC entry for ALC0-2 (ISA.md §2.12);
    // objdump does not show it.
    out.push(`${["", "crp", "srp", "slrp"][rp]}${rpcPredicate(b)}`);
  }
  if (ss & (1 << 26)) out.push("vfdi");
  const abg = (ss >>> 23) & 3;
  // objdump prints `abg abgi=.., abgd=..`, which gas does not read; gas takes the 2-bit number.
  if (abg) out.push(`abg ${abg}`);
  const abn = (ss >>> 21) & 3;
  if (abn) out.push(`abn abnf=${abn >> 1}, abnt=${abn & 1}`);
  const abp = (ss >>> 18) & 3;
  if (abp) out.push(`abp abpf=${abp >> 1}, abpt=${abp & 1}`);
  const alc = (ss >>> 16) & 3;
  if (alc) out.push(`alc alcf=${alc >> 1}, alct=${alc & 1}`);
  if (ctop === 0 && ctcond !== 0 && b.cs0 === undefined && !isCall && b.als[0] === undefined) {
    pr.list.push(`SS: control-transfer condition without a transfer`);
  }
  return out;
}

function rpcPredicate(b: RawBundle): string {
  for (const w of b.cds) {
    if (w === undefined) continue;
    for (const e of [w & 0xffff, w >>> 16]) {
      if (e >>> 14 !== 2 || ((e >>> 13) & 1) === 0) continue;
      const src = e & 0x7f;
      const neg = (e >>> 9) & 1 ? "~" : "";
      if ((src & 0x60) === 0x40) return ` ? ${neg}%pcnt${src & 0x1f}`;
      if ((src & 0x60) === 0x60) return ` ? ${neg}%pred${src & 0x1f}`;
    }
  }
  return "";
}

export function cs0Lines(b: RawBundle, o: ControlOptions, pr: Problems): string[] {
  const cs0 = b.cs0;
  if (cs0 === undefined) return [];
  const ctpr = cs0 >>> 30;
  const opc = (cs0 >>> 28) & 3;
  const param = cs0 & 7;
  const disp = cs0 & 0x0fffffff;
  if (ctpr === 0) {
    if (opc === 1)
      return [`pref %ipr${cs0 & 7}, disp = ${hex((cs0 >>> 4) & 0xffffff)}, ipd = ${(cs0 >>> 3) & 1}`];
    if (opc === 2) {
      if (o.iset > 2) pr.list.push(`CS0: puttsd does not exist on elbrus-v${o.iset}`);
      return [`puttsd ${target(disp, o)}`];
    }
    let name = "ibranch";
    if (opc === 3) {
      name = ["done", "", "iret", "hret", "glaunch"][param] ?? "";
      if (name === "" || (param > 1 && o.iset < 6)) {
        pr.list.push(`CS0: unknown done-class operation (param ${param})`);
        return [`<invalid cs0 ${hex(cs0)}>`];
      }
    }
    const ss = b.ss;
    if (ss === undefined || (ss >>> 10) & 3) {
      pr.list.push(`CS0: ${name} needs SS with ctop = 0`);
      return [`invalid ${name}`];
    }
    const cs1 = b.cs1;
    const isHIcall = cs1 !== undefined && cs1 >>> 28 === 5 && [1, 2].includes((cs1 >>> 7) & 7);
    // objdump hides a transfer under `? %never`; print it so the bundle re-assembles.
    if (isHIcall) return [];
    const tail = ctcondText(ss & 0x1ff, pr);
    return [name === "ibranch" ? `ibranch ${target(disp, o)}${tail}` : `${name}${tail}`];
  }
  const ctprName = `%ctpr${ctpr}`;
  switch (opc) {
    case 0:
      return [`disp ${ctprName}, ${target(disp, o)}`];
    case 1:
      if (ctpr !== 2) {
        pr.list.push(`CS0: ldisp needs %ctpr2`);
        return [`<invalid cs0 ${hex(cs0)}>`];
      }
      return [`ldisp ${ctprName}, ${target(disp, o)}`];
    case 2:
      return [`sdisp ${ctprName}, ${hex(cs0 & 0x1f)}`];
    default:
      if (ctpr === 3 && param === 0) return [`return ${ctprName}`];
      if (param !== 1) pr.list.push(`CS0: gettsd with parameter type ${param}`);
      return [`${param === 1 ? "" : "invalid "}gettsd ${ctprName}`];
  }
}

export function cs1Lines(b: RawBundle, o: ControlOptions, pr: Problems): string[] {
  const cs1 = b.cs1;
  if (cs1 === undefined) return [];
  const opc = cs1 >>> 28;
  const out: string[] = [];
  const lts0 = b.lts[0];
  switch (opc) {
    case 0:
    case 1:
    case 4: {
      if (opc !== 4) {
        if (lts0 === undefined) {
          pr.list.push(`CS1: setwd without literal syllable LTS0`);
          out.push("<bogus setwd>");
        } else {
          // objdump prints the stored field (rpsz - 1); gas reads rpsz itself.
          if (opc === 1) out.push(`vfrpsz rpsz = ${hex(((lts0 >>> 12) & 0x1f) + 1)}`);
          let s = `setwd wsz = ${hex((lts0 >>> 5) & 0x7f)}, nfx = ${hex((lts0 >>> 4) & 1)}`;
          if (o.iset >= 3) s += `, dbl = ${hex((lts0 >>> 3) & 1)}`;
          out.push(s);
          // objdump does not show settr (CS1 bit 25, type in LTS0[31:17]).
          if (cs1 & (1 << 25)) out.push(`settr type = ${hex(lts0 >>> 17)}`);
        }
      }
      if (cs1 & (1 << 26)) {
        out.push(
          `setbn rbs = ${hex(cs1 & 0x3f)}, rsz = ${hex((cs1 >>> 6) & 0x3f)}, rcur = ${hex((cs1 >>> 12) & 0x3f)}`,
        );
      }
      if (cs1 & (1 << 27)) out.push(`setbp psz = ${hex((cs1 >>> 18) & 0x1f)}`);
      return out;
    }
    case 2:
      if (cs1 & (1 << 27)) return ["setsft"];
      return [`setei ${hex(cs1 & 0xff)}`];
    case 3: {
      const f = (bit: number): number => (cs1 >>> bit) & 1;
      const parts: string[] = [];
      // v6 flags objdump does not print (ISA.md §2.8): shown when set.
      if (o.iset >= 6) {
        const v6: [string, number][] = [
          ["mem_mod", 13],
          ["int", 12],
          ["mt", 11],
          ["lal", 10],
          ["las", 9],
        ];
        for (const [name, bit] of v6) if (f(bit)) parts.push(`${name} = 1`);
      }
      // sal/sas exist from elbrus-v5 (objdump also prints them, as 0, on v4), each only with ld_c/st_c.
      if (o.iset >= 5) {
        if (f(3)) parts.push(`sal = ${f(8)}`);
        if (f(2)) parts.push(`sas = ${f(7)}`);
      }
      if (o.iset >= 2) parts.push(`trap = ${f(6)}`);
      parts.push(
        `ma_c = ${f(5)}, fl_c = ${f(4)}, ld_c = ${f(3)}, st_c = ${f(2)}, all_e = ${f(1)}, all_c = ${f(0)}`,
      );
      return [`wait ${parts.join(", ")}`];
    }
    case 5: {
      const ss = b.ss ?? 0;
      const ctop = (ss >>> 10) & 3;
      const wbs = cs1 & 0x7f;
      if (ctop) return [`call %ctpr${ctop}, wbs = ${hex(wbs)}${ctcondText(ss & 0x1ff, pr)}`];
      const kind = (cs1 >>> 7) & 7;
      const cs0 = b.cs0;
      if ((kind === 1 || kind === 2) && cs0 !== undefined && cs0 >>> 28 === 0) {
        const n = kind === 2 ? (cs0 >>> 1) & 0xf : cs0 & 0xfffffff;
        return [`${kind === 2 ? "h" : "i"}call ${hex(n)}, wbs = ${hex(wbs)}${ctcondText(ss & 0x1ff, pr)}`];
      }
      pr.list.push(`CS1: call without a %ctpr in SS`);
      return ["<bogus call>"];
    }
    case 6:
      return [];
    case 7:
      if (cs1 & 1) out.push("flushr");
      if (cs1 & 2) out.push("flushc");
      if (cs1 & 4) out.push(o.iset < 6 ? "unimp fillr" : "fillr");
      if (cs1 & 8) out.push(o.iset < 6 ? "unimp fillc" : "fillc");
      return out;
    case 8:
      return [
        `vfbg umask = ${hex(cs1 & 0xff)}, dmask = ${hex((cs1 >>> 8) & 0xff)}, chkm4 = ${hex((cs1 >>> 16) & 1)}`,
      ];
    default:
      pr.list.push(`CS1: reserved operation code ${opc}`);
      return ["unimp"];
  }
}

const MOVA = ["", "movab", "movah", "movaw", "movad", "movaq", "", "movaqp"];

export function aasLines(b: RawBundle, o: ControlOptions, pr: Problems): string[] {
  const out: string[] = [];
  const done = new Set<number>();
  for (let i = 0; i < 4; i++) {
    const a = b.aas[2 + i];
    const dsts = b.aas[i >> 1];
    if (a === undefined || dsts === undefined || done.has(i)) continue;
    const opc = (a >>> 12) & 7;
    const name = MOVA[opc] ?? "";
    const dst = (dsts >>> ((1 - (i & 1)) * 8)) & 0xff;
    if (name === "") {
      pr.list.push(`AAS${2 + i}: reserved mova operation ${opc}`);
      out.push(`reserved,${i}`);
      continue;
    }
    const fields = (x: number): string =>
      `area = ${(x >>> 6) & 0x1f}, ind = ${(x >>> 1) & 0x1f}, am = ${x & 1}, be = ${(x >>> 15) & 1}`;
    const where = `AAS${2 + i}`;
    if (opc === 5) {
      // movaq takes channels 2k and 2k+1; gas writes area/ind as given on channel 2k (be = 0) or
      // 2k+1 (be = 1) and adjusts the other one: print the written one once.
      const k = i & ~1;
      const other = b.aas[2 + (i ^ 1)];
      if (other === undefined || ((other >>> 12) & 7) !== 5 || (i & 1) !== 0) {
        pr.list.push(`${where}: movaq needs channels ${k} and ${k + 1}`);
      } else {
        done.add(i ^ 1);
        const src = (a >>> 15) & 1 ? other : a;
        out.push(`movaq,${k} ${fields(src)}, ${dst === 0xde ? "%empty" : dstText(dst, "Q", where, pr)}`);
        continue;
      }
    }
    out.push(`${name},${i} ${fields(a)}, ${dstText(dst, opc < 5 ? "D" : "Q", where, pr)}`);
  }
  return out;
}

function elpText(elp: number, idx: number, pr: Problems): string {
  let src: string;
  if ((elp & 0x40) === 0) {
    if ((elp & 0x3f) === 0) src = "%lcntex";
    else {
      src = "%spred";
      for (let i = 0; i < 6; i++) if (elp & (1 << i)) src += String(i);
    }
  } else if ((elp & 0x60) === 0x40) {
    const n = elp & 0x1f;
    if (n === 0) src = "%bgrpred";
    else if (n <= 15) src = `%rndpred${n}`;
    else {
      pr.list.push(`PLS: invalid predicate source ${hex(elp)} for @p${idx}`);
      src = "<invalid pred>";
    }
  } else src = `%pred${elp & 0x1f}`;
  return `pass ${src}, @p${idx}`;
}

export function plsLines(b: RawBundle, pr: Problems): string[] {
  const need = [0, 0, 0, 0, 0, 0, 0];
  const clpOf = (i: number): number => (b.pls[i] ?? 0) & 0xffff;
  // Mark the local predicates that feed a written %pred, through CLP cascades.
  for (let i = 0; i < 3; i++) if (b.pls[i] !== undefined && clpOf(i) & 0x20) need[4 + i] = 1;
  for (let again = true; again;) {
    again = false;
    for (let i = 0; i < 3; i++) {
      if (need[4 + i] !== 1) continue;
      for (const p of [(clpOf(i) >>> 10) & 7, (clpOf(i) >>> 6) & 7]) {
        if (p < 7 && need[p] === 0) {
          need[p] = 1;
          if (p >= 4) again = true;
        }
      }
      need[4 + i] = 2;
    }
  }
  const out: string[] = [];
  for (let i = 2; i >= 0; i--) {
    const w = b.pls[i];
    if (w === undefined) continue;
    if (i < 2) {
      const e0 = (w >>> 24) & 0x7f;
      const e1 = (w >>> 16) & 0x7f;
      // objdump hides ELPs that feed no written %pred (unless %rndpred); gas wrote them, so
      // print every non-empty one too.
      if (need[2 * i] || e0 !== 0) out.push(elpText(e0, 2 * i, pr));
      if (need[2 * i + 1] || e1 !== 0) out.push(elpText(e1, 2 * i + 1, pr));
    }
    const clp = w & 0xffff;
    if (need[4 + i] || clp !== 0) {
      const opc = clp >>> 14;
      if (opc === 2) pr.list.push(`PLS${i}: reserved CLP operation`);
      const p0 = (clp >>> 10) & 7;
      const p1 = (clp >>> 6) & 7;
      // CLP0 may read @p0-@p1, CLP1 @p0-@p4, CLP2 @p0-@p5 (what gas accepts, ISA C.10.1.2).
      const maxIn = [1, 4, 5][i] ?? 5;
      if (p0 > maxIn || p1 > maxIn) pr.list.push(`PLS${i}: CLP${i} reads @p${Math.max(p0, p1)}`);
      out.push(
        `${["andp", "landp", "reserved", "movep"][opc]} ${clp & 0x2000 ? "~" : ""}@p${p0}, ${clp & 0x200 ? "~" : ""}@p${p1}, @p${4 + i}`,
      );
      if (clp & 0x20) out.push(`pass @p${4 + i}, %pred${clp & 0x1f}`);
    }
  }
  return out;
}

export { predicateText };
