// See optimize.h. Forward passes work on extended basic blocks: every label is a join
// point, so what is known about temps and guest state is forgotten there.
#include "tcg/optimize.h"

#include <map>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tcg {

namespace {

bool is_pure(const Op &op) {
  const OpInfo &info = op_info(op.opc);
  if (info.n_out != 1 || (info.flags & (IRF_SIDE | IRF_LABEL)) != 0) return false;
  return op.opc != Opc::qld_nf || true;  // qld_nf never faults: pure apart from reading memory
}

// An op that only computes from its input temps (no state, no memory).
bool is_arith(const Op &op) {
  if (!is_pure(op)) return false;
  switch (op.opc) {
    case Opc::ld_env:
    case Opc::ld_envx:
    case Opc::qld_nf:
      return false;
    default:
      return true;
  }
}

void make_movi(Op &op, uint64_t v) {
  Temp d = op.args[0];
  op = Op();
  op.opc = Opc::movi;
  op.args[0] = d;
  op.imm = static_cast<int64_t>(v);
}

void make_mov(Op &op, Temp src) {
  Temp d = op.args[0];
  op = Op();
  op.opc = Opc::mov;
  op.args[0] = d;
  op.args[1] = src;
}

void make_nop(Op &op) {
  op = Op();
  op.opc = Opc::label;
  op.imm = -1;  // removed below
}

bool eval_cond(Cond c, uint64_t a, uint64_t b, bool i32) {
  Op op;
  op.opc = Opc::setcond;
  op.cc = c;
  op.i32 = i32;
  uint64_t in[2] = {a, b}, out = 0;
  fold_op(op, in, &out);
  return out != 0;
}

struct Forward {
  Block &b;
  std::vector<uint32_t> defs;  // definitions per temp over the whole block
  // What is known at the current op. The members below name its parts.
  struct Facts {
    std::unordered_map<Temp, uint64_t> konst;
    std::unordered_map<Temp, Temp> copy;
    std::unordered_map<uint64_t, Temp> const_temp;
    std::map<std::pair<int64_t, uint8_t>, Temp> env;  // (offset, size) -> temp holding the value
    std::map<std::tuple<uint8_t, bool, uint8_t, uint8_t, bool, Temp, Temp, Temp, int64_t>, Temp> vn;
  };
  Facts facts;
  std::unordered_map<Temp, uint64_t> &konst = facts.konst;
  std::unordered_map<Temp, Temp> &copy = facts.copy;
  std::unordered_map<uint64_t, Temp> &const_temp = facts.const_temp;
  std::map<std::pair<int64_t, uint8_t>, Temp> &env = facts.env;
  std::map<std::tuple<uint8_t, bool, uint8_t, uint8_t, bool, Temp, Temp, Temp, int64_t>, Temp> &vn = facts.vn;
  bool changed = false;
  // A label reached by one branch only and not by falling through (the op before it leaves)
  // starts with what was known at that branch: facts are about single-definition temps and
  // guest state, all still true there. E.g. the code after `brcond ok; raise; ok:`.
  std::vector<uint32_t> label_refs;
  std::unordered_map<int64_t, size_t> saved_at;  // label -> index in saved
  std::vector<Facts> saved;

  explicit Forward(Block &blk) : b(blk), defs(blk.n_temps, 0), label_refs(blk.n_labels, 0) {
    for (const Op &op : b.ops) {
      if (op_info(op.opc).n_out == 1) defs[op.args[0]]++;
      if ((op.opc == Opc::br || op.opc == Opc::brcond) && op.imm >= 0) label_refs[static_cast<size_t>(op.imm)]++;
    }
  }
  void save_for(int64_t label) {
    if (label < 0 || label_refs[static_cast<size_t>(label)] != 1) return;
    saved_at[label] = saved.size();
    saved.push_back(facts);
  }
  // At a label: keep the facts of its single branch when nothing falls through into it.
  void enter_label(int64_t label, bool falls_in) {
    auto it = saved_at.find(label);
    if (falls_in || it == saved_at.end()) {
      reset();
      return;
    }
    std::swap(facts, saved[it->second]);  // member-wise: the references above stay valid
    saved_at.erase(it);
  }
  bool ssa(Temp t) const { return t == 0 || defs[t] <= 1; }
  void reset() {
    konst.clear();
    const_temp.clear();
    copy.clear();
    env.clear();
    vn.clear();
  }
  void forget_def(Temp d) {
    konst.erase(d);
    copy.erase(d);
  }
  Temp resolve(Temp t) {
    auto it = copy.find(t);
    return it == copy.end() ? t : it->second;
  }

  static Cond swapped(Cond c) {
    switch (c) {
      case Cond::ltu: return Cond::gtu;
      case Cond::leu: return Cond::geu;
      case Cond::gtu: return Cond::ltu;
      case Cond::geu: return Cond::leu;
      case Cond::lt: return Cond::gt;
      case Cond::le: return Cond::ge;
      case Cond::gt: return Cond::lt;
      case Cond::ge: return Cond::le;
      default: return c;
    }
  }
  // `k < x` as `x > k`: the backends compare against an immediate second operand.
  void constant_second(Op &op, unsigned first) {
    if (konst.count(op.args[first]) != 0 && konst.count(op.args[first + 1]) == 0) {
      std::swap(op.args[first], op.args[first + 1]);
      op.cc = swapped(op.cc);
      changed = true;
    }
  }

  void run() {
    bool falls_in = true;  // can the previous op fall through to this one?
    for (Op &op : b.ops) {
      const OpInfo &info = op_info(op.opc);
      if (op.opc == Opc::label) {
        if (op.imm >= 0) {
          enter_label(op.imm, falls_in);
          falls_in = true;
        }
        continue;
      }
      if (op.opc != Opc::insn_start) falls_in = !(op.opc == Opc::br || op.opc == Opc::exit || op.opc == Opc::raise);
      // copy propagation into the inputs
      for (unsigned i = info.n_out; i < info.n_out + info.n_in; i++) {
        Temp r = resolve(op.args[i]);
        if (r != op.args[i]) {
          op.args[i] = r;
          changed = true;
        }
      }
      if (op.opc == Opc::call) {
        // helpers may read and write any guest state
        env.clear();
      }
      if (op.opc == Opc::st_env) {
        for (auto it = env.begin(); it != env.end();) {
          int64_t lo = it->first.first, hi = lo + it->first.second;
          if (lo < op.imm + op.size && op.imm < hi) it = env.erase(it);
          else ++it;
        }
        if (ssa(op.args[0])) env[{op.imm, op.size}] = op.args[0];
        continue;
      }
      if (op.opc == Opc::st_envx) {
        env.clear();
        continue;
      }
      if (op.opc == Opc::fadd || op.opc == Opc::fsub || op.opc == Opc::fmul || op.opc == Opc::fdiv) {
        // the op ORs flags into the FP status word at env + imm: forget what is known of it
        for (auto it = env.begin(); it != env.end();) {
          int64_t lo = it->first.first, hi = lo + it->first.second;
          if (lo < op.imm + 4 && op.imm < hi) it = env.erase(it);
          else ++it;
        }
      }
      if (op.opc == Opc::brcond) {
        auto a = konst.find(op.args[0]), c = konst.find(op.args[1]);
        if (a != konst.end() && c != konst.end()) {
          bool taken = eval_cond(op.cc, a->second, c->second, op.i32);
          if (taken) {
            int64_t l = op.imm;
            op = Op();
            op.opc = Opc::br;
            op.imm = l;
            falls_in = false;
            save_for(l);
          } else {
            // the label loses this reference; nothing is saved for it
            label_refs[static_cast<size_t>(op.imm)]--;
            make_nop(op);
          }
          changed = true;
          continue;
        }
        constant_second(op, 0);
        save_for(op.imm);
        continue;
      }
      if (op.opc == Opc::br) {
        save_for(op.imm);
        continue;
      }
      if (info.n_out != 1) continue;
      Temp d = op.args[0];
      forget_def(d);
      // drop facts that mention d as a source (only possible for non-SSA temps)
      if (!ssa(d)) {
        for (auto it = copy.begin(); it != copy.end();) {
          if (it->second == d) it = copy.erase(it);
          else ++it;
        }
        for (auto it = env.begin(); it != env.end();) {
          if (it->second == d) it = env.erase(it);
          else ++it;
        }
        vn.clear();
      }
      if (op.opc == Opc::movi) {
        if (!ssa(d)) continue;
        uint64_t v = static_cast<uint64_t>(op.imm);
        konst[d] = v;
        // one temp per constant value: later copies become uses of the first
        auto it = const_temp.find(v);
        if (it != const_temp.end()) {
          make_mov(op, it->second);
          copy[d] = it->second;
          changed = true;
        } else {
          const_temp[v] = d;
        }
        continue;
      }
      if (op.opc == Opc::mov) {
        auto k = konst.find(op.args[1]);
        if (k != konst.end()) {
          make_movi(op, k->second);
          if (ssa(d)) konst[d] = k->second;
          changed = true;
        } else if (ssa(d) && ssa(op.args[1])) {
          copy[d] = op.args[1];
        }
        continue;
      }
      if (op.opc == Opc::ld_env) {
        auto it = env.find({op.imm, op.size});
        if (it != env.end() && ssa(d)) {
          make_mov(op, it->second);
          copy[d] = it->second;
          changed = true;
        } else if (ssa(d)) {
          env[{op.imm, op.size}] = d;
        }
        continue;
      }
      if (!is_arith(op)) continue;
      if (op.opc == Opc::setcond) constant_second(op, 1);
      // constant folding
      uint64_t in[kMaxArgs] = {};
      bool all = true;
      for (unsigned i = 0; i < info.n_in; i++) {
        auto k = konst.find(op.args[1 + i]);
        if (k == konst.end()) {
          all = false;
          break;
        }
        in[i] = k->second;
      }
      uint64_t v;
      if (all && fold_op(op, in, &v)) {
        make_movi(op, v);
        if (ssa(d)) konst[d] = v;
        changed = true;
        continue;
      }
      if (simplify(op)) {
        changed = true;
        if (op.opc == Opc::mov && ssa(d) && ssa(op.args[1])) copy[d] = op.args[1];
        continue;
      }
      // value numbering of pure arithmetic
      if (!ssa(d)) continue;
      bool inputs_ssa = true;
      for (unsigned i = 0; i < info.n_in; i++) inputs_ssa = inputs_ssa && ssa(op.args[1 + i]);
      if (!inputs_ssa) continue;
      auto key = std::make_tuple(static_cast<uint8_t>(op.opc), op.i32, static_cast<uint8_t>(op.cc), op.size, op.sign,
                                 op.args[1], op.args[2], op.args[3], op.imm);
      auto it = vn.find(key);
      if (it != vn.end() && info.n_in <= 3) {
        make_mov(op, it->second);
        copy[d] = it->second;
        changed = true;
      } else if (info.n_in <= 3) {
        vn[key] = d;
      }
    }
  }

  // x+0, x-0, x|0, x^0, x<<0 ..., x&~0: a move (64-bit ops only: i32 ops also truncate)
  bool simplify(Op &op) {
    auto kb = konst.find(op.args[2]);
    if (op.i32) return false;
    switch (op.opc) {
      case Opc::add: case Opc::sub: case Opc::or_: case Opc::xor_: case Opc::shl: case Opc::shr:
      case Opc::sar: case Opc::rotl: case Opc::rotr: case Opc::andc:
        if (kb != konst.end() && kb->second == 0) {
          make_mov(op, op.args[1]);
          return true;
        }
        break;
      case Opc::and_:
        if (kb != konst.end() && kb->second == ~uint64_t(0)) {
          make_mov(op, op.args[1]);
          return true;
        }
        break;
      case Opc::movcond: {
        auto kc = konst.find(op.args[1]);
        if (kc != konst.end()) {
          make_mov(op, kc->second != 0 ? op.args[2] : op.args[3]);
          return true;
        }
        break;
      }
      default:
        break;
    }
    return false;
  }
};

// Removes unreachable ops (after br/exit/raise up to the next label), no-op markers,
// unreferenced labels and `br L; L:` pairs.
bool cleanup(Block &b) {
  bool changed = false;
  std::vector<uint32_t> refs(b.n_labels, 0);
  for (const Op &op : b.ops)
    if ((op.opc == Opc::br || op.opc == Opc::brcond) && op.imm >= 0) refs[static_cast<size_t>(op.imm)]++;
  std::vector<Op> out;
  out.reserve(b.ops.size());
  bool dead = false;
  for (size_t i = 0; i < b.ops.size(); i++) {
    const Op &op = b.ops[i];
    if (op.opc == Opc::label) {
      if (op.imm < 0 || refs[static_cast<size_t>(op.imm)] == 0) {
        changed = true;
        continue;
      }
      dead = false;
      // `br L; L:`
      if (!out.empty() && out.back().opc == Opc::br && out.back().imm == op.imm) {
        out.pop_back();
        refs[static_cast<size_t>(op.imm)]--;
        changed = true;
        if (refs[static_cast<size_t>(op.imm)] == 0) continue;
      }
      out.push_back(op);
      continue;
    }
    if (dead && op.opc != Opc::insn_start) {
      if (op.opc == Opc::br || op.opc == Opc::brcond) refs[static_cast<size_t>(op.imm)]--;
      changed = true;
      continue;
    }
    out.push_back(op);
    if (op.opc == Opc::br || op.opc == Opc::exit || op.opc == Opc::raise) dead = true;
  }
  b.ops.swap(out);
  return changed;
}

// Backward liveness over the (acyclic, forward-branching) block: pure ops whose result is
// never read are removed. Branches make any temp live at a label live before the branch.
bool dce(Block &b) {
  std::vector<uint8_t> live(b.n_temps, 0);
  // Conservative: a temp read anywhere after its definition in program order is live. The
  // translator never branches backwards, so program order covers every path.
  std::vector<uint32_t> uses(b.n_temps, 0);
  for (const Op &op : b.ops) {
    const OpInfo &info = op_info(op.opc);
    for (unsigned i = info.n_out; i < info.n_out + info.n_in; i++) uses[op.args[i]]++;
  }
  bool changed = false;
  for (size_t i = b.ops.size(); i-- > 0;) {
    Op &op = b.ops[i];
    const OpInfo &info = op_info(op.opc);
    if (info.n_out == 1 && is_pure(op) && uses[op.args[0]] == 0 && op.args[0] != 0) {
      for (unsigned k = 1; k <= info.n_in; k++) uses[op.args[k]]--;
      make_nop(op);
      changed = true;
    }
  }
  (void)live;
  return changed;
}

// Dead guest-state stores: a st_env overwritten by a later st_env of the same field, with no
// read of the field and no way out of the block (helper call, memory access that may fault,
// branch, label, exit) in between, is removed. The state stays exact wherever code can leave.
bool dse(Block &b) {
  std::map<std::pair<int64_t, uint8_t>, size_t> pending;  // (offset, size) -> op index of the store
  bool changed = false;
  for (size_t i = 0; i < b.ops.size(); i++) {
    Op &op = b.ops[i];
    switch (op.opc) {
      case Opc::st_env: {
        auto same = pending.find({op.imm, op.size});
        if (same != pending.end()) {
          make_nop(b.ops[same->second]);
          pending.erase(same);
          changed = true;
        }
        for (auto it = pending.begin(); it != pending.end();) {  // partial overlaps stay
          int64_t lo = it->first.first, hi = lo + it->first.second;
          if (lo < op.imm + op.size && op.imm < hi) it = pending.erase(it);
          else ++it;
        }
        pending[{op.imm, op.size}] = i;
        break;
      }
      case Opc::ld_env:
        for (auto it = pending.begin(); it != pending.end();) {
          int64_t lo = it->first.first, hi = lo + it->first.second;
          if (lo < op.imm + op.size && op.imm < hi) it = pending.erase(it);
          else ++it;
        }
        break;
      case Opc::insn_start:
      case Opc::qld_nf:
        break;
      default:
        if (op.opc == Opc::label && op.imm < 0) break;  // a removed op
        if ((op_info(op.opc).flags & (IRF_SIDE | IRF_LABEL)) != 0 || op.opc == Opc::ld_envx ||
            op.opc == Opc::st_envx)
          pending.clear();
        break;
    }
  }
  return changed;
}

bool has_backward_branch(const Block &b) {
  std::vector<size_t> pos(b.n_labels, SIZE_MAX);
  for (size_t i = 0; i < b.ops.size(); i++) {
    const Op &op = b.ops[i];
    if (op.opc == Opc::label && op.imm >= 0) pos[static_cast<size_t>(op.imm)] = i;
    if ((op.opc == Opc::br || op.opc == Opc::brcond) && pos[static_cast<size_t>(op.imm)] != SIZE_MAX) return true;
  }
  return false;
}

}  // namespace

OptimizeStats optimize(Block &b) {
  OptimizeStats st;
  st.ops_before = b.ops.size();
  // The forward facts and liveness assume branches only go forward (what translators emit).
  if (has_backward_branch(b)) {
    st.ops_after = b.ops.size();
    return st;
  }
  for (int round = 0; round < 4; round++) {
    Forward f(b);
    f.run();
    bool c1 = cleanup(b);
    bool c2 = dce(b);
    bool c3 = dse(b);
    bool c4 = cleanup(b);
    if (!f.changed && !c1 && !c2 && !c3 && !c4) break;
  }
  st.ops_after = b.ops.size();
  return st;
}

}  // namespace tcg
