// Register names the disassembler prints for state registers (rrs/rrd/rws/rwd, ISA.md §12) and
// AAU registers (aaurr*/aaurw*, ISA.md §13), looked up in the shared tables of target/e2k/opcodes.
import { AAU_REGS, STATE_REGS_BY_NUM, type AauReg } from "../opcodes";

// Where several names share a number, objdump prints the first, except for %sbr (alias %usbr).
const PREFERRED: ReadonlyMap<number, string> = new Map([[0x1e, "sbr"]]);

/** State register name (with `%`) for a number on an iset, or undefined when there is none. */
export function stateRegName(num: number, iset: number): string | undefined {
  const valid = (STATE_REGS_BY_NUM.get(num) ?? []).filter((r) => r.isetMin <= iset && iset <= r.isetMax);
  const pick = valid.find((r) => r.name === PREFERRED.get(num)) ?? valid[0];
  return pick ? `%${pick.name}` : undefined;
}

const AAU_BY_KEY: ReadonlyMap<string, AauReg> = (() => {
  const m = new Map<string, AauReg>();
  for (const r of AAU_REGS.values()) {
    const key = `${r.cls}/${r.d ?? 0}/${r.ind ?? 0}`;
    if (!m.has(key)) m.set(key, r);
  }
  return m;
})();

/**
 * Name of the AAU register selected by an aaurr/aaurw opce1 (ALS[23:8]): class [6:2], ind [10:7],
 * d [15:11]. Undefined when no register has these fields or other opce1 bits are set.
 */
export function aauRegName(opce1: number): string | undefined {
  if (opce1 & 3) return undefined;
  const r = AAU_BY_KEY.get(`${(opce1 >> 2) & 0x1f}/${(opce1 >> 11) & 0x1f}/${(opce1 >> 7) & 0xf}`);
  return r ? `%${r.name}` : undefined;
}
