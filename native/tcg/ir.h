// The guest-neutral IR: a translation block is a flat list of ops over 64-bit temps, with
// local labels. Guest state is reached only through ld_env/st_env (fixed offsets into the
// target's state struct) and guest memory only through qld/qst, so a register-allocating
// backend can follow. Targets add helper functions by index (see HelperInfo).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tcg {

enum IrFlags : uint32_t {
  IRF_IMM = 1,
  IRF_CC = 2,
  IRF_SIZE = 4,
  IRF_LABEL = 8,
  IRF_SIDE = 16,
  IRF_TYPED = 32,
};

enum class Opc : uint8_t {
#define IR_OP(name, nout, nin, flags) name,
#include "tcg/ir-ops.def"
#undef IR_OP
  kCount
};

struct OpInfo {
  const char *name;
  uint8_t n_out, n_in;
  uint32_t flags;
};
const OpInfo &op_info(Opc opc);

enum class Cond : uint8_t { eq, ne, ltu, leu, gtu, geu, lt, le, gt, ge };
const char *cond_name(Cond c);

using Temp = uint32_t;
constexpr unsigned kMaxArgs = 5;

struct Op {
  Opc opc;
  bool i32 = false;   // IRF_TYPED ops: operate on 32 bits
  Cond cc = Cond::eq;
  uint8_t size = 8;   // memory/env access size in bytes
  bool sign = false;  // loads: sign-extend
  Temp args[kMaxArgs] = {0, 0, 0, 0, 0};
  int64_t imm = 0;
};

// A translated block and the temps it uses. Temp 0 is a scratch "discard" temp.
struct Block {
  uint64_t guest_pc = 0;
  uint64_t guest_end = 0;  // address after the last bundle
  std::vector<Op> ops;
  uint32_t n_temps = 1;
  uint32_t n_labels = 0;
  std::vector<uint32_t> label_pos;  // filled by finalize(): op index of each label
  unsigned n_insns = 0;

  void finalize();
};

// Helpers a target registers; called as fn(ctx, a, b, c, d).
struct RunContext;
using HelperFn = uint64_t (*)(RunContext *ctx, uint64_t a, uint64_t b, uint64_t c, uint64_t d);
struct HelperInfo {
  const char *name;
  HelperFn fn;
};

// Printer for -d op.
std::string format_block(const Block &b, const HelperInfo *helpers);

// Emits ops; keeps the translator free of Op field juggling.
class Builder {
 public:
  explicit Builder(Block &b) : b_(b) {}
  Temp temp() { return b_.n_temps++; }
  uint32_t new_label() { return b_.n_labels++; }
  Temp movi(int64_t v);
  Temp mov(Temp a);
  void mov_to(Temp d, Temp a);
  Temp bin(Opc opc, Temp a, Temp b, bool i32 = false);
  Temp un(Opc opc, Temp a, bool i32 = false);
  Temp setcond(Cond c, Temp a, Temp b, bool i32 = false);
  Temp movcond(Temp c, Temp a, Temp b);
  Temp ld_env(int64_t off, uint8_t size = 8);
  void st_env(int64_t off, Temp v, uint8_t size = 8);
  Temp ld_envx(int64_t off, Temp idx);
  void st_envx(int64_t off, Temp idx, Temp v);
  Temp qld(Temp addr, uint8_t size, bool sign = false);
  Temp qld_nf(Temp addr, uint8_t size, int64_t fail_value);
  void qprobe_w(Temp addr, uint8_t size);
  void qst(Temp addr, Temp v, uint8_t size);
  Temp call(int helper, Temp a = 0, Temp b = 0, Temp c = 0, Temp d = 0);
  // fadd/fsub/fmul/fdiv: single = binary32; status_off = env offset of the FP status word.
  Temp fbin(Opc opc, Temp a, Temp b, bool single, int64_t status_off);
  void label(uint32_t l);
  void br(uint32_t l);
  void brcond(Cond c, Temp a, Temp b, uint32_t l, bool i32 = false);
  void insn_start(uint64_t pc);
  void raise(int64_t code);
  void exit(Temp pc);
  Op &emit(Opc opc);

 private:
  Block &b_;
};

}  // namespace tcg
