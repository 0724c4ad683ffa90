// Names the disassembler prints for state registers (rrs/rrd/rws/rwd, ISA.md §12) and AAU
// registers (aaurr*/aaurw*, ISA.md §13). Numbers and first isets are ISA.md facts.
// TODO(opcodes): move to target/e2k/opcodes/ once the shared state/AAU register tables land there.

interface StateReg {
  readonly num: number;
  readonly name: string;
  readonly isetMin: number;
  readonly isetMax: number;
}

const V = 6;
const STATE_REGS: readonly StateReg[] = (() => {
  const rows: StateReg[] = [];
  const add = (num: number, name: string, isetMin = 1, isetMax = V): void => {
    rows.push({ num, name, isetMin, isetMax });
  };
  add(0x00, "%psr");
  add(0x01, "%wd");
  add(0x04, "%core_mode", 3);
  add(0x06, "%cwd");
  add(0x07, "%psp.hi");
  add(0x09, "%psp.lo");
  add(0x0b, "%pshtp");
  add(0x0d, "%pcsp.hi");
  add(0x0f, "%pcsp.lo");
  add(0x13, "%pcshtp");
  add(0x15, "%ctpr1");
  add(0x16, "%ctpr2");
  add(0x17, "%ctpr3");
  add(0x19, "%ctpr1.hi", 6);
  add(0x1a, "%ctpr2.hi", 6);
  add(0x1b, "%ctpr3.hi", 6);
  add(0x1e, "%sbr");
  add(0x21, "%cutd");
  add(0x22, "%oscutd", 6);
  add(0x23, "%eir");
  add(0x24, "%tsd", 1, 2);
  add(0x25, "%cuir");
  add(0x26, "%oscud.hi");
  add(0x27, "%oscud.lo");
  add(0x28, "%osgd.hi");
  add(0x29, "%osgd.lo");
  add(0x2a, "%osem");
  add(0x2b, "%oscuir", 6);
  add(0x2c, "%usd.hi");
  add(0x2d, "%usd.lo");
  add(0x2e, "%tr", 1, 2);
  add(0x2f, "%osr0");
  add(0x30, "%cud.hi");
  add(0x31, "%cud.lo");
  add(0x32, "%gd.hi");
  add(0x33, "%gd.lo");
  ["cs", "ds", "es", "fs", "gs", "ss"].forEach((seg, i) => {
    add(0x34 + 2 * i, `%${seg}.hi`);
    add(0x35 + 2 * i, `%${seg}.lo`);
  });
  add(0x40, "%dibcr");
  add(0x41, "%dimcr");
  add(0x42, "%dibsr");
  add(0x43, "%dtcr");
  add(0x46, "%dimtp.hi", 6);
  add(0x47, "%dimtp.lo", 6);
  for (let i = 0; i < 4; i++) add(0x48 + i, `%dibar${i}`);
  add(0x4c, "%dimar0");
  add(0x4d, "%dimar1");
  add(0x4e, "%dtarf");
  add(0x4f, "%dtart");
  add(0x51, "%cr0.hi");
  add(0x53, "%cr0.lo");
  add(0x55, "%cr1.hi");
  add(0x57, "%cr1.lo");
  const v6: [number, string][] = [
    [0x58, "%sh_psp.hi"],
    [0x59, "%sh_psp.lo"],
    [0x5a, "%bu_psp.hi"],
    [0x5b, "%bu_psp.lo"],
    [0x5c, "%sh_pcsp.hi"],
    [0x5d, "%sh_pcsp.lo"],
    [0x5e, "%sh_pshtp"],
    [0x5f, "%sh_pcshtp"],
    [0x60, "%virt_ctrl_cu"],
    [0x61, "%hceb"],
    [0x62, "%hcem"],
    [0x63, "%g_preempt_tmr"],
    [0x64, "%intc_info_cu"],
    [0x65, "%intc_ptr_cu"],
    [0x66, "%sh_psr"],
    [0x67, "%sh_core_mode"],
    [0x68, "%sh_oscud.hi"],
    [0x69, "%sh_oscud.lo"],
    [0x6a, "%sh_osgd.hi"],
    [0x6b, "%sh_osgd.lo"],
    [0x6c, "%sh_oscutd"],
    [0x6d, "%sh_oscuir"],
    [0x6e, "%sh_osr0"],
    [0x6f, "%sh_sclkm3"],
    [0x74, "%bu_pcsp.hi"],
    [0x75, "%bu_pcsp.lo"],
    [0x76, "%sh_wd"],
  ];
  for (const [n, name] of v6) add(n, name, 6);
  add(0x70, "%sclkm1", 3);
  add(0x71, "%sclkm2", 3);
  add(0x72, "%sclkm3", 3);
  add(0x78, "%cu_hw0", 2);
  add(0x79, "%cu_hw1", 5);
  add(0x80, "%upsr");
  add(0x81, "%ip");
  add(0x82, "%nip");
  add(0x83, "%lsr");
  add(0x84, "%pfpfr");
  add(0x85, "%fpcr");
  add(0x86, "%fpsr");
  add(0x87, "%ilcr");
  add(0x88, "%br");
  add(0x89, "%bgr");
  add(0x8a, "%idr", 2);
  add(0x90, "%clkr");
  add(0x91, "%rndpr", 3);
  add(0x92, "%sclkr", 3);
  add(0x9c, "%tir.hi");
  add(0x9d, "%tir.lo");
  add(0xa0, "%rpr.lo");
  add(0xa1, "%sbbp");
  add(0xa2, "%rpr.hi");
  add(0xc0, "%upsrm", 3);
  add(0xc3, "%lsr1", 5);
  add(0xc7, "%ilcr1", 5);
  return rows;
})();

/** State register name for a number on an iset, or undefined when there is none. */
export function stateRegName(num: number, iset: number): string | undefined {
  for (const r of STATE_REGS) if (r.num === num && r.isetMin <= iset && iset <= r.isetMax) return r.name;
  return undefined;
}

/** Which opce1 field numbers an AAU register class (ISA.md §13). */
type AauIndex = "d" | "ind" | "none";
const AAU_CLASSES: ReadonlyMap<number, { readonly name: string; readonly index: AauIndex }> = new Map([
  [0x00, { name: "aad", index: "d" }],
  [0x01, { name: "aasti", index: "ind" }],
  [0x02, { name: "aaind", index: "ind" }],
  [0x03, { name: "aaincr", index: "ind" }],
  [0x04, { name: "aaldi", index: "d" }],
  [0x05, { name: "aalda", index: "d" }],
  [0x08, { name: "aafstr", index: "none" }],
  [0x09, { name: "aaldv", index: "none" }],
  [0x0a, { name: "aaldm", index: "none" }],
  [0x0c, { name: "aabf", index: "ind" }],
  [0x10, { name: "aadr", index: "d" }],
  [0x11, { name: "aasti_tag", index: "none" }],
  [0x12, { name: "aaind_tag", index: "none" }],
  [0x13, { name: "aaincr_tag", index: "none" }],
  [0x1b, { name: "aasr", index: "none" }],
]);

/**
 * Name of the AAU register selected by an aaurr/aaurw opce1 (ALS[23:8]), or undefined when the
 * class is unknown or bits outside the used fields are set (gas never sets them).
 */
export function aauRegName(opce1: number): string | undefined {
  const cls = (opce1 >> 2) & 0x1f;
  const ind = (opce1 >> 7) & 0xf;
  const d = (opce1 >> 11) & 0x1f;
  const c = AAU_CLASSES.get(cls);
  if (!c) return undefined;
  const other = opce1 & ~(0x1f << 2) & ~(c.index === "d" ? 0x1f << 11 : c.index === "ind" ? 0xf << 7 : 0);
  if ((other & 0xffff) !== 0) return undefined;
  if (c.index === "d") return `%${c.name}${d}`;
  if (c.index === "ind") return `%${c.name}${ind}`;
  return `%${c.name}`;
}
