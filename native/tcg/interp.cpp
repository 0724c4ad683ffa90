// The IR interpreter. One handler per op, dispatched through a table generated from
// ir-ops.def (adding an op without a handler does not compile).
#include "tcg/interp.h"

#include "tcg/host-fp.h"
#include "tcg/optimize.h"

#include <cstring>
#include <vector>

namespace tcg {

const volatile int kChainOff = 1;

using e2k::GuestMemory;

static bool page_ok(const GuestMemory &mem, uint64_t addr, uint8_t need) {
  if ((addr & ~mem.mask) != 0) return false;  // outside the guest address space
  return (mem.flags(addr) & need) == need;
}

static bool range_ok(const GuestMemory &mem, uint64_t addr, unsigned size, uint8_t need) {
  if (!page_ok(mem, addr, need)) return false;
  uint64_t last = addr + size - 1;
  if (last < addr) return false;
  if ((last >> GuestMemory::kPageBits) != (addr >> GuestMemory::kPageBits)) return page_ok(mem, last, need);
  return true;
}

bool guest_load(const GuestMemory &mem, uint64_t addr, unsigned size, uint64_t *out) {
  if (!range_ok(mem, addr, size, e2k::PAGE_VALID | e2k::PAGE_READ)) return false;
  uint64_t v = 0;
  std::memcpy(&v, mem.g2h(addr), size);  // range_ok keeps [addr, addr+size) inside the window
  *out = v;
  return true;
}

bool guest_store_ok(const GuestMemory &mem, uint64_t addr, unsigned size) {
  return range_ok(mem, addr, size, e2k::PAGE_VALID | e2k::PAGE_WRITE);
}

bool guest_store(GuestMemory &mem, uint64_t addr, unsigned size, uint64_t value, bool *code_page) {
  if (!guest_store_ok(mem, addr, size)) return false;
  std::memcpy(mem.g2h(addr), &value, size);
  *code_page = ((mem.flags(addr) | mem.flags(addr + size - 1)) & e2k::PAGE_CODE) != 0;
  return true;
}

namespace {

__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 s128;

enum Next { kNext, kJump, kLeave };

struct State {
  const Block &b;
  RunContext &ctx;
  uint64_t *t;
  size_t pc;  // op index
};

inline uint64_t res(const Op &op, uint64_t v) { return op.i32 ? static_cast<uint32_t>(v) : v; }
inline unsigned width(const Op &op) { return op.i32 ? 32 : 64; }

bool eval_cond(Cond c, uint64_t a, uint64_t b, bool i32) {
  if (i32) {
    a = static_cast<uint32_t>(a);
    b = static_cast<uint32_t>(b);
  }
  int64_t sa = i32 ? static_cast<int32_t>(a) : static_cast<int64_t>(a);
  int64_t sb = i32 ? static_cast<int32_t>(b) : static_cast<int64_t>(b);
  switch (c) {
    case Cond::eq: return a == b;
    case Cond::ne: return a != b;
    case Cond::ltu: return a < b;
    case Cond::leu: return a <= b;
    case Cond::gtu: return a > b;
    case Cond::geu: return a >= b;
    case Cond::lt: return sa < sb;
    case Cond::le: return sa <= sb;
    case Cond::gt: return sa > sb;
    case Cond::ge: return sa >= sb;
  }
  return false;
}

#define A(i) s.t[op.args[i]]
#define H(name) inline Next do_##name(State &s, const Op &op)

H(movi) { A(0) = static_cast<uint64_t>(op.imm); return kNext; }
H(mov) { A(0) = A(1); return kNext; }
H(add) { A(0) = res(op, A(1) + A(2)); return kNext; }
H(sub) { A(0) = res(op, A(1) - A(2)); return kNext; }
H(mul) { A(0) = res(op, A(1) * A(2)); return kNext; }
H(and_) { A(0) = res(op, A(1) & A(2)); return kNext; }
H(or_) { A(0) = res(op, A(1) | A(2)); return kNext; }
H(xor_) { A(0) = res(op, A(1) ^ A(2)); return kNext; }
H(andc) { A(0) = res(op, A(1) & ~A(2)); return kNext; }
H(orc) { A(0) = res(op, A(1) | ~A(2)); return kNext; }
H(xorc) { A(0) = res(op, A(1) ^ ~A(2)); return kNext; }
H(shl) { A(0) = res(op, A(1) << (A(2) & (width(op) - 1))); return kNext; }
H(shr) {
  uint64_t v = op.i32 ? static_cast<uint32_t>(A(1)) : A(1);
  A(0) = res(op, v >> (A(2) & (width(op) - 1)));
  return kNext;
}
H(sar) {
  unsigned n = A(2) & (width(op) - 1);
  A(0) = op.i32 ? static_cast<uint32_t>(static_cast<int32_t>(A(1)) >> n)
                : static_cast<uint64_t>(static_cast<int64_t>(A(1)) >> n);
  return kNext;
}
H(rotl) {
  unsigned w = width(op), n = A(2) & (w - 1);
  uint64_t v = op.i32 ? static_cast<uint32_t>(A(1)) : A(1);
  A(0) = n == 0 ? v : res(op, (v << n) | (v >> (w - n)));
  return kNext;
}
H(rotr) {
  unsigned w = width(op), n = A(2) & (w - 1);
  uint64_t v = op.i32 ? static_cast<uint32_t>(A(1)) : A(1);
  A(0) = n == 0 ? v : res(op, (v >> n) | (v << (w - n)));
  return kNext;
}
H(neg) { A(0) = res(op, 0 - A(1)); return kNext; }
H(not_) { A(0) = res(op, ~A(1)); return kNext; }
H(ext8s) { A(0) = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(A(1)))); return kNext; }
H(ext16s) { A(0) = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(A(1)))); return kNext; }
H(ext32s) { A(0) = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(A(1)))); return kNext; }
H(ext8u) { A(0) = static_cast<uint8_t>(A(1)); return kNext; }
H(ext16u) { A(0) = static_cast<uint16_t>(A(1)); return kNext; }
H(ext32u) { A(0) = static_cast<uint32_t>(A(1)); return kNext; }
H(setcond) { A(0) = eval_cond(op.cc, A(1), A(2), op.i32) ? 1 : 0; return kNext; }
H(movcond) { A(0) = A(1) != 0 ? A(2) : A(3); return kNext; }
H(mulhu) {
  A(0) = static_cast<uint64_t>((static_cast<u128>(A(1)) * A(2)) >> 64);
  return kNext;
}
H(mulhs) {
  s128 p = static_cast<s128>(static_cast<int64_t>(A(1))) * static_cast<int64_t>(A(2));
  A(0) = static_cast<uint64_t>(static_cast<u128>(p) >> 64);
  return kNext;
}
H(divu) {
  uint64_t a = op.i32 ? static_cast<uint32_t>(A(1)) : A(1), b = op.i32 ? static_cast<uint32_t>(A(2)) : A(2);
  A(0) = b == 0 ? 0 : res(op, a / b);
  return kNext;
}
H(divs) {
  if (op.i32) {
    int32_t a = static_cast<int32_t>(A(1)), b = static_cast<int32_t>(A(2));
    int32_t q = b == 0 ? 0 : (b == -1 ? static_cast<int32_t>(0u - static_cast<uint32_t>(a)) : a / b);
    A(0) = static_cast<uint32_t>(q);
  } else {
    int64_t a = static_cast<int64_t>(A(1)), b = static_cast<int64_t>(A(2));
    int64_t q = b == 0 ? 0 : (b == -1 ? static_cast<int64_t>(0 - static_cast<uint64_t>(a)) : a / b);
    A(0) = static_cast<uint64_t>(q);
  }
  return kNext;
}
H(remu) {
  uint64_t a = op.i32 ? static_cast<uint32_t>(A(1)) : A(1), b = op.i32 ? static_cast<uint32_t>(A(2)) : A(2);
  A(0) = b == 0 ? a : res(op, a % b);
  return kNext;
}
H(rems) {
  if (op.i32) {
    int32_t a = static_cast<int32_t>(A(1)), b = static_cast<int32_t>(A(2));
    int32_t r = b == 0 ? a : (b == -1 ? 0 : a % b);
    A(0) = static_cast<uint32_t>(r);
  } else {
    int64_t a = static_cast<int64_t>(A(1)), b = static_cast<int64_t>(A(2));
    int64_t r = b == 0 ? a : (b == -1 ? 0 : a % b);
    A(0) = static_cast<uint64_t>(r);
  }
  return kNext;
}
H(clz) {
  uint64_t v = op.i32 ? static_cast<uint32_t>(A(1)) : A(1);
  A(0) = v == 0 ? width(op) : static_cast<uint64_t>(op.i32 ? __builtin_clz(static_cast<uint32_t>(v)) : __builtin_clzll(v));
  return kNext;
}
H(ctpop) {
  uint64_t v = op.i32 ? static_cast<uint32_t>(A(1)) : A(1);
  A(0) = static_cast<uint64_t>(__builtin_popcountll(v));
  return kNext;
}
H(ld_env) {
  const uint8_t *p = s.ctx.env + op.imm;
  switch (op.size) {
    case 8: { uint64_t v; std::memcpy(&v, p, 8); A(0) = v; break; }
    case 4: { uint32_t v; std::memcpy(&v, p, 4); A(0) = v; break; }
    case 2: { uint16_t v; std::memcpy(&v, p, 2); A(0) = v; break; }
    default: A(0) = *p; break;
  }
  return kNext;
}
H(st_env) {
  uint8_t *p = s.ctx.env + op.imm;
  uint64_t v = A(0);
  switch (op.size) {
    case 8: std::memcpy(p, &v, 8); break;
    case 4: { uint32_t x = static_cast<uint32_t>(v); std::memcpy(p, &x, 4); break; }
    case 2: { uint16_t x = static_cast<uint16_t>(v); std::memcpy(p, &x, 2); break; }
    default: *p = static_cast<uint8_t>(v); break;
  }
  return kNext;
}
H(ld_envx) {
  std::memcpy(&A(0), s.ctx.env + op.imm + 8 * A(1), 8);
  return kNext;
}
H(st_envx) {
  std::memcpy(s.ctx.env + op.imm + 8 * A(0), &A(1), 8);
  return kNext;
}

uint64_t extend(const Op &op, uint64_t v) {
  if (!op.sign) return v;
  switch (op.size) {
    case 1: return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(v)));
    case 2: return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(v)));
    case 4: return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v)));
    default: return v;
  }
}

Next fault(State &s, uint64_t addr, bool write) {
  s.ctx.status = RunStatus::Fault;
  s.ctx.fault_addr = addr;
  s.ctx.fault_write = write;
  return kLeave;
}

H(qld) {
  uint64_t v;
  if (!guest_load(*s.ctx.mem, A(1), op.size, &v)) return fault(s, A(1), false);
  A(0) = extend(op, v);
  return kNext;
}
H(qld_nf) {
  uint64_t v;
  A(0) = guest_load(*s.ctx.mem, A(1), op.size, &v) ? v : static_cast<uint64_t>(op.imm);
  return kNext;
}
H(qprobe_w) {
  if (!guest_store_ok(*s.ctx.mem, A(0), op.size)) return fault(s, A(0), true);
  return kNext;
}
H(qst) {
  bool code = false;
  if (!guest_store(*s.ctx.mem, A(0), op.size, A(1), &code)) return fault(s, A(0), true);
  if (code && s.ctx.code_written != nullptr) s.ctx.code_written(&s.ctx, A(0), op.size);
  return kNext;
}
H(call) {
  A(0) = s.ctx.helpers[op.imm].fn(&s.ctx, A(1), A(2), A(3), A(4));
  if (s.ctx.stop) {
    s.ctx.status = RunStatus::Stop;
    return kLeave;
  }
  return kNext;
}
H(label) {
  (void)s;
  (void)op;
  return kNext;
}
H(br) {
  s.pc = s.b.label_pos[static_cast<size_t>(op.imm)];
  return kJump;
}
H(brcond) {
  if (!eval_cond(op.cc, A(0), A(1), op.i32)) return kNext;
  s.pc = s.b.label_pos[static_cast<size_t>(op.imm)];
  return kJump;
}
H(insn_start) {
  s.ctx.insn_pc = static_cast<uint64_t>(op.imm);
  s.ctx.insns++;
  return kNext;
}
H(raise) {
  s.ctx.status = RunStatus::Raise;
  s.ctx.raise_code = op.imm;
  return kLeave;
}
H(exit) {
  s.ctx.status = RunStatus::Exit;
  s.ctx.next_pc = A(0);
  return kLeave;
}

Next fp_bin(State &s, const Op &op, FpBin kind) {
  uint32_t status;
  std::memcpy(&status, s.ctx.env + op.imm, 4);
  s.t[op.args[0]] = host_fp_bin(kind, op.i32, s.t[op.args[1]], s.t[op.args[2]], &status);
  std::memcpy(s.ctx.env + op.imm, &status, 4);
  return kNext;
}
H(fadd) { return fp_bin(s, op, FpBin::add); }
H(fsub) { return fp_bin(s, op, FpBin::sub); }
H(fmul) { return fp_bin(s, op, FpBin::mul); }
H(fdiv) { return fp_bin(s, op, FpBin::div); }

#undef A
#undef H

using Handler = Next (*)(State &, const Op &);
const Handler kHandlers[] = {
#define IR_OP(name, nout, nin, flags) &do_##name,
#include "tcg/ir-ops.def"
#undef IR_OP
};

}  // namespace

bool fold_op(const Op &op, const uint64_t *in, uint64_t *out) {
  const OpInfo &info = op_info(op.opc);
  if (info.n_out != 1 || (info.flags & (IRF_SIDE | IRF_LABEL)) != 0) return false;
  switch (op.opc) {
    case Opc::ld_env:
    case Opc::ld_envx:
    case Opc::qld:
    case Opc::qld_nf:
    case Opc::call:
      return false;
    default:
      break;
  }
  // Run the interpreter's own handler on a scratch temp file.
  uint64_t t[kMaxArgs + 1] = {};
  Op local = op;
  local.args[0] = 0;
  for (unsigned i = 0; i < info.n_in; i++) {
    t[i + 1] = in[i];
    local.args[i + 1] = i + 1;
  }
  Block dummy;
  RunContext ctx;
  State s{dummy, ctx, t, 0};
  if (kHandlers[static_cast<unsigned>(op.opc)](s, local) != kNext) return false;
  *out = t[0];
  return true;
}

void interpret(const Block &b, RunContext &ctx) {
  thread_local std::vector<uint64_t> temps;
  if (temps.size() < b.n_temps) temps.resize(b.n_temps);
  temps[0] = 0;
  State s{b, ctx, temps.data(), 0};
  ctx.stop = false;
  const size_t n = b.ops.size();
  const Op *ops = b.ops.data();
  while (s.pc < n) {
    const Op &op = ops[s.pc];
    Next r;
    // Dispatch generated from ir-ops.def: one case per op, its handler inlined.
    switch (op.opc) {
#define IR_OP(name, nout, nin, flags) \
  case Opc::name:                     \
    r = do_##name(s, op);             \
    break;
#include "tcg/ir-ops.def"
#undef IR_OP
      default:
        r = kLeave;
        ctx.status = RunStatus::Raise;
        ctx.raise_code = -1;
        break;
    }
    if (r == kNext) {
      s.pc++;
      continue;
    }
    if (r == kLeave) return;
  }
  // Falling off the end is a translator bug; report it as an illegal-instruction stop.
  ctx.status = RunStatus::Raise;
  ctx.raise_code = -1;
}

}  // namespace tcg
