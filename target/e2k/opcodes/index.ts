// Typed views of the E2K opcode tables. Everything that needs to know E2K encodings (the
// assembler's encoder, the disassembler, the native decoder table generator) reads them here.
//
// API (stable):
//   ALU_OPS / ALU_OPS_BY_NAME / aluOpsForIset(iset)   ALS/ALES operation rows (alu-table.ts), plus
//                                                     mmurr/mmurw (MMU access through ldd/std + MAS)
//   aluOpsByNameForIset(iset)                         the rows of one iset by mnemonic
//   (the encoder's merged per-iset templates: aluTemplates(iset) in target/e2k/asm/encode)
//   STATE_REGS  name -> {num, isetMin, isetMax, rwWait, rrNop}      (rrs/rrd/rws/rwd, reg-tables.ts)
//   STATE_REGS_BY_NUM  number -> names (first = preferred spelling)
//   MMU_REGS    name -> {addr, isetMin, mas, readChannel, writable} (mmurr/mmurw)
//   AAU_REGS    name -> {cls, d?, ind?}                            (aaurr*/aaurw*)
//   CONTROL_OPS name -> {isetMin, isetMax, kind}  the hand-encoded (non-ALS) operations
//   WAIT_FLAGS  [{name, bit, isetMin}] in bit order (CS1 WAIT); MOVA_OPS name -> {opc, isetMin}
import { ALU_TABLE } from "./alu-table";
import { AAU_REG_TABLE, MMU_REG_TABLE, STATE_REG_TABLE } from "./reg-tables";
import { CONTROL_TABLE, MOVA_TABLE, WAIT_FLAG_TABLE } from "./control-table";

/** Newest instruction-set version this project knows. */
export const MAX_ISET = 6;

export type OperandSize = "S" | "D" | "Q" | "P";

export interface AluOp {
  /** gas mnemonic, e.g. "addd". */
  readonly name: string;
  /** First and last iset version the row is valid for (inclusive). */
  readonly isetMin: number;
  readonly isetMax: number;
  /** ALOPF format name (ISA.md §4.2), e.g. "ALOPF1", "ALOPF21_MERGE", "AAURW". */
  readonly format: string;
  /** ALS[30:24]. */
  readonly opc: number;
  /** Allowed channels as a bit mask (bit i = ALCi). */
  readonly channels: number;
  /** Operand sizes in operand order; for stores the last one is the stored value. */
  readonly sizes: readonly OperandSize[];
  /** Fixed ALS[23:16] value, or undefined. */
  readonly alsExt: number | undefined;
  /** Fixed compare sub-operation ALS[7:5] (ALOPF7/8/17), or undefined. */
  readonly cmpOpce: number | undefined;
  /** Fixed src1 / src2 byte (e.g. 0xC0 for formats without that operand), or undefined. */
  readonly fixedSrc1: number | undefined;
  readonly fixedSrc2: number | undefined;
  /** ALES opc2, or undefined for a short (ALES-less) operation; "perChannel" when it varies. */
  readonly alesOpc2: number | "perChannel" | undefined;
  /** Fixed ALES[7:0] (opce), or undefined when ALES[7:0] carries an operand. */
  readonly alesOpce: number | undefined;
  /** Takes a memory-access specifier from CS1. */
  readonly mas: boolean;
  /** gas's implicit nop count after a brace-less use (compares), or 0. */
  readonly implicitNops: number;
  /** Largest 8-bit literal (ALOPF11_LIT8), or undefined. */
  readonly lit8Max: number | undefined;
  /** v4 gas allocates the ALES2/ALES5 word for this op on ALC2/ALC5 even when it holds defaults. */
  readonly explicitAles25V4: boolean;
  /** Operand shape, as words (documentation). */
  readonly shape: string;
}

function parseHex(text: string, what: string): number {
  if (!/^[0-9a-f]+$/.test(text)) throw new Error(`alu-table: bad ${what} '${text}'`);
  return parseInt(text, 16);
}

function parseRow(line: string, lineNo: number): AluOp {
  const f = line.split("\t");
  if (f.length !== 11) throw new Error(`alu-table line ${lineNo}: expected 11 fields, got ${f.length}`);
  const [name, isets, format, opc, chans, sizes, fixed, ales, mas, extra, shape] = f as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const iset = /^(\d)-(\d?)$/.exec(isets);
  if (!iset) throw new Error(`alu-table line ${lineNo}: bad iset range '${isets}'`);
  let channels = 0;
  for (const c of chans) channels |= 1 << Number(c);
  let alsExt: number | undefined;
  let cmpOpce: number | undefined;
  let fixedSrc1: number | undefined;
  let fixedSrc2: number | undefined;
  for (const item of fixed === "-" ? [] : fixed.split(",")) {
    const [key, value = ""] = item.split(":");
    if (key === "ext") alsExt = parseHex(value, "ext");
    else if (key === "cmp") cmpOpce = parseHex(value, "cmp");
    else if (key === "src1") fixedSrc1 = parseHex(value, "src1");
    else if (key === "src2") fixedSrc2 = parseHex(value, "src2");
    else throw new Error(`alu-table line ${lineNo}: bad fixed field '${item}'`);
  }
  let alesOpc2: number | "perChannel" | undefined;
  let alesOpce: number | undefined;
  if (ales === "per-chan") alesOpc2 = "perChannel";
  else if (ales !== "-") {
    const [o2, oe] = ales.split(":");
    alesOpc2 = parseHex(o2 ?? "", "opc2");
    if (oe !== undefined) alesOpce = parseHex(oe, "opce");
  }
  const nops = /nops=(\d+)/.exec(extra);
  const lit8 = /lit8<=(\d+)/.exec(extra);
  return {
    name,
    isetMin: Number(iset[1]),
    isetMax: iset[2] === "" ? MAX_ISET : Number(iset[2]),
    format,
    opc: parseHex(opc, "opc"),
    channels,
    sizes: sizes === "-" ? [] : ([...sizes] as OperandSize[]),
    alsExt,
    cmpOpce,
    fixedSrc1,
    fixedSrc2,
    alesOpc2,
    alesOpce,
    mas: mas === "m",
    implicitNops: nops ? Number(nops[1]) : 0,
    lit8Max: lit8 ? Number(lit8[1]) : undefined,
    explicitAles25V4: extra.includes("explicit_ales25_v4"),
    shape,
  };
}

function parseTable(text: string): AluOp[] {
  const rows: AluOp[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() !== "") rows.push(parseRow(line, i));
  });
  return rows;
}

// MMU register access: an ldd/std on ALC2/ALC5 with a literal address and an MMU MAS.
const MMU_ROWS = `
mmurr	1-	MMURR	67	25	DDD	-	-	m	-	mmu reg -> dst (ldd + MAS)
mmurw	1-	MMURW	27	2	DDD	-	-	m	-	src3 -> mmu reg (std + MAS)
`;

/** Every ALU operation row, in table order. */
export const ALU_OPS: readonly AluOp[] = [...parseTable(ALU_TABLE), ...parseTable(MMU_ROWS)];

/** Rows valid on the given iset. */
export function aluOpsForIset(iset: number): AluOp[] {
  return ALU_OPS.filter((op) => op.isetMin <= iset && iset <= op.isetMax);
}

/** Rows valid on `iset`, by mnemonic (a mnemonic may have several rows, e.g. short on
 * ALC0/1/3/4 and long on ALC2/5). Cached per iset. */
export function aluOpsByNameForIset(iset: number): ReadonlyMap<string, readonly AluOp[]> {
  let m = BY_ISET.get(iset);
  if (!m) {
    m = new Map();
    for (const op of aluOpsForIset(iset)) m.set(op.name, [...(m.get(op.name) ?? []), op]);
    BY_ISET.set(iset, m);
  }
  return m;
}
const BY_ISET = new Map<number, Map<string, AluOp[]>>();

/** Rows by mnemonic (all isets). */
export const ALU_OPS_BY_NAME: ReadonlyMap<string, readonly AluOp[]> = (() => {
  const m = new Map<string, AluOp[]>();
  for (const op of ALU_OPS) {
    const list = m.get(op.name);
    if (list) list.push(op);
    else m.set(op.name, [op]);
  }
  return m;
})();

function rows(text: string, fields: number, what: string): string[][] {
  const out: string[][] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const f = line.split("\t");
    if (f.length !== fields) throw new Error(`${what} line ${i}: expected ${fields} fields`);
    out.push(f);
  });
  return out;
}

export interface StateReg {
  readonly name: string;
  readonly num: number;
  readonly isetMin: number;
  readonly isetMax: number;
  readonly rwWait: boolean;
  readonly rrNop: boolean;
}

/** State registers by name (without `%`). */
export const STATE_REGS: ReadonlyMap<string, StateReg> = new Map(
  rows(STATE_REG_TABLE, 4, "state-regs").map(([name, num, isets, flags]) => {
    const [lo, hi] = (isets as string).split("-").map(Number) as [number, number];
    const reg: StateReg = {
      name: name as string,
      num: parseHex(num as string, "state reg number"),
      isetMin: lo,
      isetMax: hi,
      rwWait: (flags as string)[0] === "w",
      rrNop: (flags as string)[1] === "n",
    };
    return [reg.name, reg];
  }),
);

/** State register names by number, in table order. */
export const STATE_REGS_BY_NUM: ReadonlyMap<number, readonly StateReg[]> = (() => {
  const m = new Map<number, StateReg[]>();
  for (const r of STATE_REGS.values()) m.set(r.num, [...(m.get(r.num) ?? []), r]);
  return m;
})();

export interface MmuReg {
  readonly name: string;
  readonly addr: number;
  readonly isetMin: number;
  /** CS1 MAS value for ALC2/5. */
  readonly mas: number;
  /** ALC that `mmurr` reads it on, or undefined when write-only. */
  readonly readChannel: number | undefined;
  /** First iset where `mmurw` may write it, 0 = never. */
  readonly writable: number;
}

export const MMU_REGS: ReadonlyMap<string, MmuReg> = new Map(
  rows(MMU_REG_TABLE, 6, "mmu-regs").map(([name, addr, min, masOpc, rch, wr]) => {
    const reg: MmuReg = {
      name: name as string,
      addr: parseHex(addr as string, "mmu address"),
      isetMin: Number(min),
      mas: (parseHex(masOpc as string, "mmu mas") << 3) | 7,
      readChannel: rch === "-" ? undefined : Number(rch),
      writable: Number(wr),
    };
    return [reg.name, reg];
  }),
);

export interface AauReg {
  readonly name: string;
  readonly cls: number;
  readonly d: number | undefined;
  readonly ind: number | undefined;
}

export const AAU_REGS: ReadonlyMap<string, AauReg> = new Map(
  rows(AAU_REG_TABLE, 3, "aau-regs").map(([name, cls, field]) => {
    const f = field as string;
    const reg: AauReg = {
      name: name as string,
      cls: parseHex(cls as string, "aau class"),
      d: f[0] === "d" ? Number(f.slice(1)) : undefined,
      ind: f[0] === "i" ? Number(f.slice(1)) : undefined,
    };
    return [reg.name, reg];
  }),
);

export interface ControlOp {
  readonly name: string;
  readonly isetMin: number;
  readonly isetMax: number;
  /** Which syllable(s) it lives in: ss, cs0, cs1, hs, pls, aas, apb, ct (SS+CS*), ... */
  readonly kind: string;
  readonly shape: string;
}

/** Operations encoded by hand (not ALS rows), by mnemonic. */
export const CONTROL_OPS: ReadonlyMap<string, ControlOp> = new Map(
  rows(CONTROL_TABLE, 4, "control").map(([name, isets, kind, shape]) => {
    const m = /^(\d)-(\d?)$/.exec(isets as string);
    if (!m) throw new Error(`control table: bad iset range '${isets}'`);
    const op: ControlOp = {
      name: name as string,
      isetMin: Number(m[1]),
      isetMax: m[2] === "" ? MAX_ISET : Number(m[2]),
      kind: kind as string,
      shape: shape as string,
    };
    return [op.name, op];
  }),
);

export interface WaitFlag {
  readonly name: string;
  readonly bit: number;
  readonly isetMin: number;
}

/** `wait` flags in bit order. */
export const WAIT_FLAGS: readonly WaitFlag[] = rows(WAIT_FLAG_TABLE, 3, "wait flags").map(
  ([name, bit, min]) => ({
    name: name as string,
    bit: Number(bit),
    isetMin: Number(min),
  }),
);

/** mova operations by name: AAS opc and first iset. */
export const MOVA_OPS: ReadonlyMap<string, { readonly opc: number; readonly isetMin: number }> = new Map(
  rows(MOVA_TABLE, 3, "mova").map(([name, opc, min]) => [
    name as string,
    { opc: Number(opc), isetMin: Number(min) },
  ]),
);
