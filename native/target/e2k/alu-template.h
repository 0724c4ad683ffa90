// ALU operation templates, generated at build time from target/e2k/opcodes (the single
// source of truth) by scripts/gen-e2k-tables.ts into e2k-alu-table.inc.
#pragma once
#include <cstdint>

#include "e2k-alu-table.inc"

namespace e2k {

enum class Mn : uint16_t {
#define E2K_MN_ENUM(name) name,
  E2K_MNEMONICS(E2K_MN_ENUM)
#undef E2K_MN_ENUM
      kCount
};

enum class Fmt : uint8_t {
#define E2K_FMT_ENUM(name) name,
  E2K_FORMATS(E2K_FMT_ENUM)
#undef E2K_FMT_ENUM
      kCount
};

struct AluTemplate {
  Mn mn;
  Fmt fmt;
  uint8_t iset_min, iset_max;
  uint8_t opc;
  uint8_t channels;     // bit i = ALCi
  int16_t als_ext;      // fixed ALS[23:16] or -1
  int16_t cmp_opce;     // fixed ALS[7:5] or -1
  int16_t fixed_src1;   // or -1
  int16_t fixed_src2;   // or -1
  int16_t ales_opc2;    // -1 = short op (no ALES)
  int16_t ales_opce;    // fixed ALES[7:0] or -1 (then it is an operand)
  bool mas;
  const char *sizes;    // operand sizes, e.g. "DDD"
};

const char *mnemonic_name(Mn mn);
const char *format_name(Fmt f);

// Finds the template for an ALS on `channel` (ales < 0: short form) for `iset`; `mas` is
// the channel's memory-access specifier (tells aaurr/aaurw from ldaa/staa). nullptr: illegal.
const AluTemplate *find_alu_template(uint32_t als, int ales, unsigned channel, int iset, unsigned mas);

}  // namespace e2k
