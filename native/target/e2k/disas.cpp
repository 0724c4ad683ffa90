// Compact bundle printer for -d in_asm: the address, the raw syllables and one line per
// operation (mnemonic and raw operand bytes). Not objdump syntax; that is the TS disassembler's job.
#include <cinttypes>
#include <cstdio>
#include <string>

#include "target/e2k/translate.h"

namespace e2k {

static std::string operand(uint8_t v) {
  char buf[16];
  if (v < 0x80) snprintf(buf, sizeof buf, "%%b[%u]", v);
  else if (v < 0xc0) snprintf(buf, sizeof buf, "%%r%u", v - 0x80u);
  else if (v >= 0xe0) snprintf(buf, sizeof buf, "%%g%u", v - 0xe0u);
  else snprintf(buf, sizeof buf, "0x%02x", v);
  return buf;
}

std::string disas_bundle(const Bundle &b) {
  std::string out;
  char buf[160];
  snprintf(buf, sizeof buf, "0x%016" PRIx64 ": HS %08x (%u bytes)", b.pc, b.hs, b.len);
  out += buf;
  if (b.has_ss) {
    snprintf(buf, sizeof buf, " SS %08x", b.ss);
    out += buf;
  }
  out += "\n";
  for (unsigned i = 0; i < 6; i++) {
    const AluSlot &s = b.alu[i];
    if (!s.present) continue;
    Fmt f = s.t->fmt;
    unsigned o = (s.als >> 8) & 0xffff;  // AAU operations: ALS[23:8] holds fields, not operands
    if (f == Fmt::AAURW || f == Fmt::AAURR) {
      snprintf(buf, sizeof buf, "  %s,%u class=0x%x, d=%u, ind=%u, %s", mnemonic_name(s.t->mn), i, (o >> 2) & 0x1f,
               o >> 11, (o >> 7) & 0xf, operand(s.dst).c_str());
    } else if (f == Fmt::ALOPF10 || f == Fmt::ALOPF19) {
      snprintf(buf, sizeof buf, "  %s,%u%s aad=%u, aasti=%u, incr=%u, am=%u, lts=%u, %s", mnemonic_name(s.t->mn), i,
               s.sm ? ",sm" : "", o >> 11, (o >> 7) & 0xf, (o >> 4) & 7, (o >> 2) & 1, o & 3,
               operand(s.dst).c_str());
    } else {
      snprintf(buf, sizeof buf, "  %s,%u%s %s, %s, %s", mnemonic_name(s.t->mn), i, s.sm ? ",sm" : "",
               operand(s.src1).c_str(), operand(s.src2).c_str(), operand(s.dst).c_str());
    }
    out += buf;
    if (s.ales >= 0) {
      snprintf(buf, sizeof buf, " [ales %04x]", static_cast<unsigned>(s.ales));
      out += buf;
    }
    out += "\n";
  }
  if (b.has_cs0) {
    snprintf(buf, sizeof buf, "  cs0 %08x\n", b.cs0);
    out += buf;
  }
  if (b.has_cs1) {
    snprintf(buf, sizeof buf, "  cs1 %08x\n", b.cs1);
    out += buf;
  }
  for (unsigned i = 0; i < b.n_pls; i++) {
    snprintf(buf, sizeof buf, "  pls%u %08x\n", i, b.pls[i]);
    out += buf;
  }
  for (unsigned i = 0; i < b.n_cds; i++) {
    snprintf(buf, sizeof buf, "  cds%u %08x\n", i, b.cds[i]);
    out += buf;
  }
  // mova channels (AAS2..5) with their destination byte from AAS0/AAS1
  static const char *const kMova[8] = {"mova?", "movab", "movah", "movaw", "movad", "movaq", "mova?", "movaqp"};
  for (unsigned ch = 0; ch < 4; ch++) {
    if (!b.aas_present[2 + ch]) continue;
    unsigned aas = b.aas[2 + ch], d = b.aas[ch >> 1];
    auto dst = static_cast<uint8_t>((ch & 1) ? d & 0xff : d >> 8);
    snprintf(buf, sizeof buf, "  %s,%u area=%u, ind=%u, am=%u, be=%u, %s\n", kMova[(aas >> 12) & 7], ch,
             (aas >> 6) & 0x1f, (aas >> 1) & 0x1f, aas & 1, (aas >> 15) & 1, operand(dst).c_str());
    out += buf;
  }
  for (unsigned i = 0; i < b.n_lts; i++) {
    snprintf(buf, sizeof buf, "  lts%u %08x\n", i, b.lts[i]);
    out += buf;
  }
  return out;
}

}  // namespace e2k
