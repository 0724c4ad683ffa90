// One E2K wide instruction (bundle) unpacked into its syllables (ISA.md §2) and validated.
// Everything the translator needs is here; an illegal encoding is reported, never guessed.
#pragma once
#include <cstddef>
#include <cstdint>

#include "target/e2k/alu-template.h"

namespace e2k {

struct AluSlot {
  bool present = false;
  uint32_t als = 0;
  int ales = -1;                          // ALES half-syllable, -1 when the op is short
  const AluTemplate *t = nullptr;
  bool sm = false;
  uint8_t src1 = 0, src2 = 0, dst = 0;    // raw operand bytes (ALS[23:16], [15:8], [7:0])
  uint8_t src3 = 0;                       // ALES[7:0] when it is an operand
  int pair = -1;                          // quad op: the partner channel
  bool pair_second = false;               // this slot is the second half of a quad op
  unsigned mas = 0;                       // from CS1 MAS, 0 if none
};

struct Bundle {
  uint64_t pc = 0;
  unsigned len = 0;      // bytes
  uint32_t hs = 0;
  bool has_ss = false, has_cs0 = false, has_cs1 = false;
  uint32_t ss = 0, cs0 = 0, cs1 = 0;
  unsigned n_lts = 0, n_pls = 0, n_cds = 0, n_aas = 0;
  uint32_t lts[4] = {0, 0, 0, 0};
  uint32_t pls[3] = {0, 0, 0};
  uint32_t cds[3] = {0, 0, 0};
  uint16_t aas[6] = {0, 0, 0, 0, 0, 0};
  bool aas_present[6] = {false, false, false, false, false, false};
  AluSlot alu[6];

  unsigned nop() const { return (hs >> 7) & 7; }
  bool loop_mode() const { return (hs >> 10) & 1; }
  // SS fields (0 when there is no SS)
  unsigned ct_cond() const { return has_ss ? ss & 0x1ff : 0; }
  unsigned ctop() const { return has_ss ? (ss >> 10) & 3 : 0; }
  unsigned cs1_opc() const { return cs1 >> 28; }
  bool has_call() const { return has_cs1 && cs1_opc() == 5; }
  bool has_ibranch() const { return has_cs0 && (cs0 >> 30) == 0 && ((cs0 >> 28) & 3) == 0; }
  // Does this bundle (possibly) transfer control?
  bool transfers() const;
};

// Minimum bytes needed to know a bundle's length (the header word).
constexpr size_t kBundleHeaderBytes = 4;
inline unsigned bundle_length(uint32_t hs) { return (((hs >> 4) & 7) + 1) * 8; }

// Decodes the bundle at `bytes` (len = bundle_length(first word) bytes must be readable).
// Returns nullptr on success or a short reason for exc_illegal_opcode.
const char *decode_bundle(const uint8_t *bytes, uint64_t pc, int iset, Bundle &out);

}  // namespace e2k
