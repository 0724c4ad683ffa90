// ELF64 constants used by the E2K toolchain (assembler, linker, objdump). Values are those of
// the ELF gABI and of MCST binutils' include/elf/e2k.h (EM_MCST_ELBRUS, R_E2K_*, e_flags).

export const EM_MCST_ELBRUS = 175;

export const ET_REL = 1;
export const ET_EXEC = 2;

export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const EV_CURRENT = 1;

export const EHDR_SIZE = 64;
export const PHDR_SIZE = 56;
export const SHDR_SIZE = 64;
export const SYM_SIZE = 24;
export const RELA_SIZE = 24;

// Section types.
export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_NOTE = 7;
export const SHT_INIT_ARRAY = 14;
export const SHT_FINI_ARRAY = 15;

// Section flags.
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_MERGE = 0x10;
export const SHF_STRINGS = 0x20;
export const SHF_INFO_LINK = 0x40;
export const SHF_GROUP = 0x200;
export const SHF_TLS = 0x400;

export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;

// Symbol binding and type.
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_TLS = 6;

// Program headers.
export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

// e_flags (include/elf/e2k.h): the target machine sits in bits 31:24.
export const EF_E2K_IPD = 3;
export const EF_E2K_X86APP = 4;
export const EF_E2K_4MB_PAGES = 8;
export const EF_E2K_INCOMPAT = 16;
export const EF_E2K_PM = 32;
export const EF_E2K_PACK_SEGMENTS = 64;

/** e_flags machine field value of an instruction-set version or CPU model. */
export const E2K_MACH = {
  generic: 0,
  v1: 1,
  v2: 2,
  v3: 3,
  v4: 4,
  v5: 5,
  v6: 6,
  "8c": 19,
  "1c+": 20,
  "12c": 21,
  "16c": 22,
  "2c3": 23,
} as const;

export function e2kMachToFlags(mach: number): number {
  return (mach << 24) >>> 0;
}

export function e2kFlagsToMach(flags: number): number {
  return (flags >>> 24) & 0xff;
}

/** The iset version a machine value implies (models map to their series). */
export function e2kMachIset(mach: number): number | undefined {
  if (mach >= 1 && mach <= 6) return mach;
  if (mach === 19 || mach === 20) return 4;
  if (mach >= 21 && mach <= 23) return 6;
  return undefined;
}

// Relocation types (include/elf/e2k.h). Note that 0 is R_E2K_32_ABS, not "none".
export const R_E2K_32_ABS = 0;
export const R_E2K_32_PC = 2;
export const R_E2K_64_ABS = 50;
export const R_E2K_64_ABS_LIT = 51;
export const R_E2K_64_PC_LIT = 54;
export const R_E2K_64_RELATIVE = 65;
export const R_E2K_64_RELATIVE_LIT = 66;
export const R_E2K_DISP = 110;
export const R_E2K_PREF = 111;
export const R_E2K_NONE = 112;

/** Names of the relocation types objdump/readelf print. */
export const R_E2K_NAMES: Readonly<Record<number, string>> = {
  0: "R_E2K_32_ABS",
  2: "R_E2K_32_PC",
  3: "R_E2K_AP_GOT",
  4: "R_E2K_PL_GOT",
  8: "R_E2K_32_JMP_SLOT",
  9: "R_E2K_32_COPY",
  10: "R_E2K_32_RELATIVE",
  11: "R_E2K_32_IRELATIVE",
  12: "R_E2K_32_SIZE",
  13: "R_E2K_32_DYNOPT",
  50: "R_E2K_64_ABS",
  51: "R_E2K_64_ABS_LIT",
  54: "R_E2K_64_PC_LIT",
  63: "R_E2K_64_JMP_SLOT",
  64: "R_E2K_64_COPY",
  65: "R_E2K_64_RELATIVE",
  66: "R_E2K_64_RELATIVE_LIT",
  67: "R_E2K_64_IRELATIVE",
  68: "R_E2K_64_SIZE",
  69: "R_E2K_64_GOTOFF",
  70: "R_E2K_TLS_GDMOD",
  71: "R_E2K_TLS_GDREL",
  74: "R_E2K_TLS_IE",
  75: "R_E2K_32_TLS_LE",
  76: "R_E2K_64_TLS_LE",
  80: "R_E2K_TLS_32_DTPMOD",
  81: "R_E2K_TLS_32_DTPREL",
  82: "R_E2K_TLS_64_DTPMOD",
  83: "R_E2K_TLS_64_DTPREL",
  84: "R_E2K_TLS_TPOFF32",
  85: "R_E2K_TLS_TPOFF64",
  100: "R_E2K_AP",
  101: "R_E2K_PL",
  108: "R_E2K_GOT",
  109: "R_E2K_GOTOFF",
  110: "R_E2K_DISP",
  111: "R_E2K_PREF",
  112: "R_E2K_NONE",
  114: "R_E2K_GOTPLT",
  115: "R_E2K_ISLOCAL",
  118: "R_E2K_ISLOCAL32",
  256: "R_E2K_64_GOTOFF_LIT",
  257: "R_E2K_64_DYNOPT",
};
