// -mcpu= values MCST gas accepts and what they mean: the iset used for encoding and the e_flags
// word (machine in bits 31:24, EF_E2K_INCOMPAT for a named CPU model). Default: elbrus-v2.
import { E2K_MACH, EF_E2K_INCOMPAT, e2kMachToFlags } from "../elf/constants";

export interface CpuChoice {
  readonly iset: number;
  readonly flags: number;
}

const CPUS: Record<string, { iset: number; mach: number; incompat: boolean }> = {
  "elbrus-v2": { iset: 2, mach: E2K_MACH.v2, incompat: false },
  "elbrus-2cm": { iset: 2, mach: E2K_MACH.v2, incompat: false },
  "elbrus-2c+": { iset: 2, mach: E2K_MACH.v2, incompat: true },
  "elbrus-v3": { iset: 3, mach: E2K_MACH.v3, incompat: false },
  "elbrus-4c": { iset: 3, mach: E2K_MACH.v3, incompat: true },
  "elbrus-v4": { iset: 4, mach: E2K_MACH.v4, incompat: false },
  "elbrus-8c": { iset: 4, mach: E2K_MACH["8c"], incompat: true },
  "elbrus-1c+": { iset: 4, mach: E2K_MACH["1c+"], incompat: true },
  "elbrus-v5": { iset: 5, mach: E2K_MACH.v5, incompat: false },
  "elbrus-8c2": { iset: 5, mach: E2K_MACH.v5, incompat: true },
  "elbrus-v6": { iset: 6, mach: E2K_MACH.v6, incompat: false },
  "elbrus-12c": { iset: 6, mach: E2K_MACH["12c"], incompat: true },
  "elbrus-16c": { iset: 6, mach: E2K_MACH["16c"], incompat: true },
  "elbrus-2c3": { iset: 6, mach: E2K_MACH["2c3"], incompat: true },
};

export const CPU_NAMES = Object.keys(CPUS);

export function parseCpu(name: string): CpuChoice | undefined {
  const c = CPUS[name];
  if (!c) return undefined;
  return { iset: c.iset, flags: (e2kMachToFlags(c.mach) | (c.incompat ? EF_E2K_INCOMPAT : 0)) >>> 0 };
}

export const DEFAULT_CPU = "elbrus-v2";
