// IR tables (generated from ir-ops.def), the op builder and the -d op printer.
#include "tcg/ir.h"

#include <cinttypes>
#include <cstdio>

namespace tcg {

static const OpInfo kOpInfo[] = {
#define IR_OP(name, nout, nin, flags) {#name, nout, nin, flags},
#include "tcg/ir-ops.def"
#undef IR_OP
};

const OpInfo &op_info(Opc opc) { return kOpInfo[static_cast<unsigned>(opc)]; }

const char *cond_name(Cond c) {
  static const char *const names[] = {"eq", "ne", "ltu", "leu", "gtu", "geu", "lt", "le", "gt", "ge"};
  return names[static_cast<unsigned>(c)];
}

void Block::finalize() {
  label_pos.assign(n_labels, 0);
  for (size_t i = 0; i < ops.size(); i++)
    if (ops[i].opc == Opc::label) label_pos[static_cast<size_t>(ops[i].imm)] = static_cast<uint32_t>(i);
}

Op &Builder::emit(Opc opc) {
  b_.ops.emplace_back();
  Op &op = b_.ops.back();
  op.opc = opc;
  return op;
}

Temp Builder::movi(int64_t v) {
  Temp d = temp();
  Op &op = emit(Opc::movi);
  op.args[0] = d;
  op.imm = v;
  return d;
}

Temp Builder::mov(Temp a) {
  Temp d = temp();
  mov_to(d, a);
  return d;
}

void Builder::mov_to(Temp d, Temp a) {
  Op &op = emit(Opc::mov);
  op.args[0] = d;
  op.args[1] = a;
}

Temp Builder::bin(Opc opc, Temp a, Temp b, bool i32) {
  Temp d = temp();
  Op &op = emit(opc);
  op.i32 = i32;
  op.args[0] = d;
  op.args[1] = a;
  op.args[2] = b;
  return d;
}

Temp Builder::un(Opc opc, Temp a, bool i32) {
  Temp d = temp();
  Op &op = emit(opc);
  op.i32 = i32;
  op.args[0] = d;
  op.args[1] = a;
  return d;
}

Temp Builder::setcond(Cond c, Temp a, Temp b, bool i32) {
  Temp d = temp();
  Op &op = emit(Opc::setcond);
  op.cc = c;
  op.i32 = i32;
  op.args[0] = d;
  op.args[1] = a;
  op.args[2] = b;
  return d;
}

Temp Builder::movcond(Temp c, Temp a, Temp b) {
  Temp d = temp();
  Op &op = emit(Opc::movcond);
  op.args[0] = d;
  op.args[1] = c;
  op.args[2] = a;
  op.args[3] = b;
  return d;
}

Temp Builder::ld_env(int64_t off, uint8_t size) {
  Temp d = temp();
  Op &op = emit(Opc::ld_env);
  op.args[0] = d;
  op.imm = off;
  op.size = size;
  return d;
}

void Builder::st_env(int64_t off, Temp v, uint8_t size) {
  Op &op = emit(Opc::st_env);
  op.args[0] = v;
  op.imm = off;
  op.size = size;
}

Temp Builder::ld_envx(int64_t off, Temp idx) {
  Temp d = temp();
  Op &op = emit(Opc::ld_envx);
  op.args[0] = d;
  op.args[1] = idx;
  op.imm = off;
  return d;
}

void Builder::st_envx(int64_t off, Temp idx, Temp v) {
  Op &op = emit(Opc::st_envx);
  op.args[0] = idx;
  op.args[1] = v;
  op.imm = off;
}

Temp Builder::qld(Temp addr, uint8_t size, bool sign) {
  Temp d = temp();
  Op &op = emit(Opc::qld);
  op.args[0] = d;
  op.args[1] = addr;
  op.size = size;
  op.sign = sign;
  return d;
}

Temp Builder::qld_nf(Temp addr, uint8_t size, int64_t fail_value) {
  Temp d = temp();
  Op &op = emit(Opc::qld_nf);
  op.args[0] = d;
  op.args[1] = addr;
  op.size = size;
  op.imm = fail_value;
  return d;
}

void Builder::qprobe_w(Temp addr, uint8_t size) {
  Op &op = emit(Opc::qprobe_w);
  op.args[0] = addr;
  op.size = size;
}

void Builder::qst(Temp addr, Temp v, uint8_t size) {
  Op &op = emit(Opc::qst);
  op.args[0] = addr;
  op.args[1] = v;
  op.size = size;
}

Temp Builder::call(int helper, Temp a, Temp b, Temp c, Temp d) {
  Temp r = temp();
  Op &op = emit(Opc::call);
  op.args[0] = r;
  op.args[1] = a;
  op.args[2] = b;
  op.args[3] = c;
  op.args[4] = d;
  op.imm = helper;
  return r;
}

Temp Builder::fbin(Opc opc, Temp a, Temp b, bool single, int64_t status_off) {
  Temp d = temp();
  Op &op = emit(opc);
  op.args[0] = d;
  op.args[1] = a;
  op.args[2] = b;
  op.i32 = single;
  op.imm = status_off;
  return d;
}

void Builder::label(uint32_t l) { emit(Opc::label).imm = l; }
void Builder::br(uint32_t l) { emit(Opc::br).imm = l; }

void Builder::brcond(Cond c, Temp a, Temp b, uint32_t l, bool i32) {
  Op &op = emit(Opc::brcond);
  op.cc = c;
  op.i32 = i32;
  op.args[0] = a;
  op.args[1] = b;
  op.imm = l;
}

void Builder::insn_start(uint64_t pc) {
  emit(Opc::insn_start).imm = static_cast<int64_t>(pc);
  b_.n_insns++;
}

void Builder::raise(int64_t code) { emit(Opc::raise).imm = code; }

void Builder::exit(Temp pc) { emit(Opc::exit).args[0] = pc; }

std::string format_block(const Block &b, const HelperInfo *helpers) {
  std::string out;
  char buf[160];
  for (const Op &op : b.ops) {
    const OpInfo &info = op_info(op.opc);
    if (op.opc == Opc::insn_start) {
      snprintf(buf, sizeof buf, " ---- 0x%016" PRIx64 "\n", static_cast<uint64_t>(op.imm));
      out += buf;
      continue;
    }
    if (op.opc == Opc::label) {
      snprintf(buf, sizeof buf, " L%" PRId64 ":\n", op.imm);
      out += buf;
      continue;
    }
    std::string line = " ";
    line += info.name;
    if ((info.flags & IRF_TYPED) != 0) line += op.i32 ? "_i32" : "_i64";
    if ((info.flags & IRF_CC) != 0) {
      line += ' ';
      line += cond_name(op.cc);
    }
    if ((info.flags & IRF_SIZE) != 0) {
      snprintf(buf, sizeof buf, " %s%u", op.sign ? "s" : "u", op.size * 8);
      line += buf;
    }
    unsigned n = info.n_out + info.n_in;
    for (unsigned i = 0; i < n; i++) {
      snprintf(buf, sizeof buf, "%s t%u", i == 0 ? "" : ",", op.args[i]);
      line += buf;
    }
    if (op.opc == Opc::call && helpers != nullptr) {
      line += " ";
      line += helpers[op.imm].name;
    } else if ((info.flags & IRF_LABEL) != 0) {
      snprintf(buf, sizeof buf, "%s L%" PRId64, n ? "," : "", op.imm);
      line += buf;
    } else if ((info.flags & IRF_IMM) != 0) {
      snprintf(buf, sizeof buf, "%s $0x%" PRIx64, n ? "," : "", static_cast<uint64_t>(op.imm));
      line += buf;
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace tcg
