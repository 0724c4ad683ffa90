#include "target/e2k/alu-template.h"

#include <vector>

namespace e2k {

#define E2K_ALU_TEMPLATE_ROWS
#include "e2k-alu-table.inc"

const char *mnemonic_name(Mn mn) {
  static const char *const names[] = {
#define E2K_MN_NAME(name) #name,
      E2K_MNEMONICS(E2K_MN_NAME)
#undef E2K_MN_NAME
  };
  return names[static_cast<unsigned>(mn)];
}

const char *format_name(Fmt f) {
  static const char *const names[] = {
#define E2K_FMT_NAME(name) #name,
      E2K_FORMATS(E2K_FMT_NAME)
#undef E2K_FMT_NAME
  };
  return names[static_cast<unsigned>(f)];
}

namespace {

// Index: (table, opc) -> candidate rows. table 0 = short, 1 + opc2 for long forms.
struct Index {
  std::vector<const AluTemplate *> slots[0x20 + 1][128];
  Index() {
    for (const AluTemplate &t : kAluTemplateRows) {
      int table = t.ales_opc2 < 0 ? 0 : 1 + t.ales_opc2;
      if (table > 0x20) continue;
      slots[table][t.opc & 0x7f].push_back(&t);
    }
  }
};

const Index &index() {
  static const Index idx;
  return idx;
}

}  // namespace

const AluTemplate *find_alu_template(uint32_t als, int ales, unsigned channel, int iset, unsigned mas) {
  unsigned opc = (als >> 24) & 0x7f;
  int table = 0;
  unsigned opce = 0;
  if (ales >= 0) {
    unsigned opc2 = (static_cast<unsigned>(ales) >> 8) & 0xff;
    if (opc2 > 0x1f) return nullptr;
    table = 1 + static_cast<int>(opc2);
    opce = static_cast<unsigned>(ales) & 0xff;
  }
  const AluTemplate *found = nullptr, *aau_reg_found = nullptr;
  for (const AluTemplate *t : index().slots[table][opc]) {
    if ((t->channels & (1u << channel)) == 0) continue;
    if (iset < t->iset_min || iset > t->iset_max) continue;
    if (t->als_ext >= 0 && ((als >> 16) & 0xff) != static_cast<unsigned>(t->als_ext)) continue;
    if (t->cmp_opce >= 0 && ((als >> 5) & 7) != static_cast<unsigned>(t->cmp_opce)) continue;
    if (t->fixed_src1 >= 0 && ((als >> 16) & 0xff) != static_cast<unsigned>(t->fixed_src1)) continue;
    if (t->fixed_src2 >= 0 && ((als >> 8) & 0xff) != static_cast<unsigned>(t->fixed_src2)) continue;
    // ALES[7:0] is an 8-bit literal operand in these formats, whatever the table's default
    bool lit8 = t->fmt == Fmt::ALOPF11_LIT8 || t->fmt == Fmt::ALOPF12_PSHUFH;
    if (!lit8 && t->ales_opce >= 0 && opce != static_cast<unsigned>(t->ales_opce)) continue;
    bool aau_reg = t->fmt == Fmt::AAURW || t->fmt == Fmt::AAURR;
    if (aau_reg) {
      // aaurr/aaurw are the ldaa/staa opcodes with MAS 0x3F on their channel
      if (mas == 0x3f && aau_reg_found == nullptr) aau_reg_found = t;
      continue;
    }
    if (found == nullptr) found = t;  // first row wins (table order: canonical spelling first)
  }
  return aau_reg_found ? aau_reg_found : found;
}

}  // namespace e2k
