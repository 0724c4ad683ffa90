// x86-64 code generation from the IR (see jit-x86_64.h for the contract).
//
// Host register use inside a block:
//   rbp  the target state (ld_env/st_env base)          r12  RunContext*
//   r13  host address of guest address 0               r14  guest page-flag table
//   rax, rcx, rdx  scratch (never hold a temp)
//   rbx, r15, rsi, rdi, r8, r9, r10, r11  temps, by linear-scan allocation over the block
// Temps that do not get a register live in stack slots. Guest memory is reached inline: a
// page-flag test and a host access at r13 + addr; anything unusual (a fault, a page-crossing
// access, a store to a page with translated code) takes an out-of-line path that calls the same
// C++ accessors the interpreter uses, so both backends give the same result.
#include "tcg/jit-x86_64.h"

#include "tcg/host-fp.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>

#define XBYAK_NO_OP_NAMES
#include <xbyak/xbyak.h>
#include <xbyak/xbyak_util.h>

#ifdef QEMU_E2K_HAVE_CAPSTONE
#include <capstone/capstone.h>
#endif

namespace tcg {

namespace {

using namespace Xbyak;
using namespace Xbyak::util;

using JitFn = void (*)(RunContext *ctx, uint8_t *env);

// ---------------------------------------------------------------------------------------------
// The code buffer: one RWX mapping filled front to back. When it is full every block's code is
// dropped at once (the generation changes) and blocks are compiled again on their next run.

constexpr size_t kCodeBufferSize = size_t(64) << 20;

struct CodeBuffer {
  uint8_t *base = nullptr;
  size_t used = 0;
  uint32_t gen = 1;
  bool failed = false;

  bool ensure() {
    if (base != nullptr) return true;
    if (failed) return false;
    void *p = mmap(nullptr, kCodeBufferSize, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      failed = true;
      return false;
    }
    base = static_cast<uint8_t *>(p);
    return true;
  }
  void flush() {
    used = 0;
    gen++;
  }
};

CodeBuffer g_code;
JitStats g_stats;

// ---------------------------------------------------------------------------------------------
// Direct links (see jit_run in the header). An exit's site is
//     [cmp rax, imm32 (next pc); jne A]      only when the next pc is not a constant
//     cmp dword [rbp + flags], imm32; jne B
//     jmp C
// Unlinked, A, B and C all go to the site's record stub (note the site, leave to the
// dispatcher); linked, A and B go to the jump-cache lookup and C to the successor's body;
// where no link can be made (a next pc beyond imm32, a block the JIT refused) everything goes
// to the lookup.

struct LinkSite {
  uint8_t *jne_pc;     // rel32 of the jne after the pc compare (null: constant next pc)
  uint8_t *imm_pc;     // imm32 of that compare
  uint8_t *jne_flags;  // rel32 of the jne after the flags compare
  uint8_t *imm_flags;  // imm32 of that compare
  uint8_t *jmp;        // rel32 of the final jmp
  const uint8_t *record, *lookup;
};
struct Links {
  uint32_t gen = 0;              // code generation of the sites
  std::vector<LinkSite> sites;   // every site of this generation (index = its number)
  std::vector<size_t> patched;   // sites not in the unlinked state
};
Links g_links;

void links_sync_gen() {
  if (g_links.gen == g_code.gen) return;
  g_links.sites.clear();
  g_links.patched.clear();
  g_links.gen = g_code.gen;
}

void set_rel32(uint8_t *field, const void *to) {
  if (field == nullptr) return;
  const int32_t rel = static_cast<int32_t>(static_cast<const uint8_t *>(to) - (field + 4));
  std::memcpy(field, &rel, sizeof rel);
}

void set_imm32(uint8_t *field, uint32_t v) {
  if (field != nullptr) std::memcpy(field, &v, sizeof v);
}

void site_unlink(const LinkSite &site) {
  set_rel32(site.jne_pc, site.record);
  set_rel32(site.jne_flags, site.record);
  set_rel32(site.jmp, site.record);
}

// The dispatcher ran `body` for (pc, flags) right after the site left through its record stub.
void site_link(size_t i, uint64_t pc, uint32_t flags, const void *body) {
  const LinkSite &site = g_links.sites[i];
  g_links.patched.push_back(i);
  set_rel32(site.jne_pc, site.lookup);
  set_rel32(site.jne_flags, site.lookup);
  if (body == nullptr || (site.jne_pc != nullptr && pc > 0x7fffffffu)) {
    set_rel32(site.jmp, site.lookup);  // no link possible: the jump cache only
    return;
  }
  set_imm32(site.imm_pc, static_cast<uint32_t>(pc));
  set_imm32(site.imm_flags, flags);
  set_rel32(site.jmp, body);
  g_stats.links++;
}

// Blocks were dropped: a (pc, flags) may now resolve elsewhere, so every site starts over.
void links_undo() {
  links_sync_gen();
  for (size_t i : g_links.patched) site_unlink(g_links.sites[i]);
  g_links.patched.clear();
}

FILE *g_perfmap = nullptr;
bool g_perfmap_on = false;
void (*g_out_asm_hook)(const TranslationBlock &tb) = nullptr;

// ---------------------------------------------------------------------------------------------
// Slow paths, called from generated code. They use the interpreter's accessors.

int slow_load(RunContext *ctx, uint64_t addr, uint64_t size, uint64_t *out) {
  if (guest_load(*ctx->mem, addr, static_cast<unsigned>(size), out)) return 1;
  ctx->status = RunStatus::Fault;
  ctx->fault_addr = addr;
  ctx->fault_write = false;
  return 0;
}

uint64_t slow_load_nf(RunContext *ctx, uint64_t addr, uint64_t size, uint64_t fail_value) {
  uint64_t v;
  return guest_load(*ctx->mem, addr, static_cast<unsigned>(size), &v) ? v : fail_value;
}

int slow_probe_w(RunContext *ctx, uint64_t addr, uint64_t size) {
  if (guest_store_ok(*ctx->mem, addr, static_cast<unsigned>(size))) return 1;
  ctx->status = RunStatus::Fault;
  ctx->fault_addr = addr;
  ctx->fault_write = true;
  return 0;
}

int slow_store(RunContext *ctx, uint64_t addr, uint64_t size, uint64_t value) {
  bool code = false;
  if (!guest_store(*ctx->mem, addr, static_cast<unsigned>(size), value, &code)) {
    ctx->status = RunStatus::Fault;
    ctx->fault_addr = addr;
    ctx->fault_write = true;
    return 0;
  }
  if (code && ctx->code_written != nullptr) ctx->code_written(ctx, addr, size);
  return 1;
}

uint64_t soft_popcount(uint64_t v) { return static_cast<uint64_t>(__builtin_popcountll(v)); }

// ---------------------------------------------------------------------------------------------
// Register allocation: linear scan over live intervals [first, last] op index. Blocks only
// branch forward in practice; a backward branch stretches every interval that crosses the loop
// over the whole loop, which keeps the static assignment correct.

constexpr int kNoReg = -1;

// Allocatable host registers (indices into Operand::Code numbering).
const int kAllocRegs[] = {Operand::RBX, Operand::R15, Operand::RSI, Operand::RDI,
                          Operand::R8,  Operand::R9,  Operand::R10, Operand::R11};
constexpr unsigned kNumAllocRegs = sizeof(kAllocRegs) / sizeof(kAllocRegs[0]);
bool is_caller_saved(int reg) { return reg != Operand::RBX && reg != Operand::R15; }

struct Allocation {
  std::vector<int> reg;       // per temp: host register or kNoReg
  std::vector<int> slot;      // per temp: stack slot or -1
  std::vector<uint32_t> start, end;
  std::vector<uint8_t> pure;  // per temp: only defined by one movi, read only after it: no storage
  unsigned n_slots = 0;
};

void temp_refs(const Op &op, const OpInfo &info, unsigned *n, Temp *out) {
  *n = info.n_out + info.n_in;
  for (unsigned i = 0; i < *n; i++) out[i] = op.args[i];
}

Allocation allocate(const Block &b) {
  Allocation a;
  const uint32_t nt = b.n_temps;
  const uint32_t kUnset = UINT32_MAX;
  a.reg.assign(nt, kNoReg);
  a.slot.assign(nt, -1);
  a.start.assign(nt, kUnset);
  a.end.assign(nt, 0);
  // Constants: every read is emitted as an immediate, so they need no register or slot.
  std::vector<uint32_t> defs(nt, 0), def_at(nt, 0), first_use(nt, UINT32_MAX);
  for (uint32_t i = 0; i < b.ops.size(); i++) {
    const Op &op = b.ops[i];
    const OpInfo &info = op_info(op.opc);
    for (unsigned k = info.n_out; k < info.n_out + info.n_in; k++)
      if (op.args[k] < nt) first_use[op.args[k]] = std::min(first_use[op.args[k]], i);
    if (info.n_out == 1 && op.args[0] < nt) {
      defs[op.args[0]]++;
      def_at[op.args[0]] = op.opc == Opc::movi ? i : UINT32_MAX;
    }
  }
  a.pure.assign(nt, 0);
  for (uint32_t t = 1; t < nt; t++)
    a.pure[t] = defs[t] == 1 && def_at[t] != UINT32_MAX && (first_use[t] == UINT32_MAX || first_use[t] > def_at[t]);
  for (uint32_t i = 0; i < b.ops.size(); i++) {
    const Op &op = b.ops[i];
    unsigned n;
    Temp refs[kMaxArgs];
    temp_refs(op, op_info(op.opc), &n, refs);
    for (unsigned k = 0; k < n; k++) {
      Temp t = refs[k];
      if (t >= nt) continue;
      if (a.start[t] == kUnset) a.start[t] = i;
      a.end[t] = i;
    }
  }
  // Backward branches: stretch intervals over loops.
  for (uint32_t i = 0; i < b.ops.size(); i++) {
    const Op &op = b.ops[i];
    if (op.opc != Opc::br && op.opc != Opc::brcond) continue;
    uint32_t target = b.label_pos[static_cast<size_t>(op.imm)];
    if (target > i) continue;
    for (uint32_t t = 1; t < nt; t++) {
      if (a.start[t] == kUnset) continue;
      if (a.end[t] >= target && a.start[t] <= i) {
        a.start[t] = std::min(a.start[t], target);
        a.end[t] = std::max(a.end[t], i);
      }
    }
  }
  // Temp 0 (the discard temp) always lives in memory.
  a.slot[0] = static_cast<int>(a.n_slots++);

  std::vector<uint32_t> order;
  for (uint32_t t = 1; t < nt; t++)
    if (a.start[t] != kUnset && !a.pure[t]) order.push_back(t);
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return a.start[x] < a.start[y]; });

  std::vector<uint32_t> active;  // temps holding a register
  bool free_reg[kNumAllocRegs];
  for (bool &f : free_reg) f = true;
  auto reg_index = [](int reg) {
    for (unsigned i = 0; i < kNumAllocRegs; i++)
      if (kAllocRegs[i] == reg) return i;
    return 0u;
  };
  for (uint32_t t : order) {
    // Expire intervals that ended before this one starts.
    for (size_t i = 0; i < active.size();) {
      uint32_t u = active[i];
      if (a.end[u] < a.start[t]) {
        free_reg[reg_index(a.reg[u])] = true;
        active[i] = active.back();
        active.pop_back();
      } else {
        i++;
      }
    }
    int chosen = kNoReg;
    for (unsigned i = 0; i < kNumAllocRegs; i++)
      if (free_reg[i]) {
        chosen = kAllocRegs[i];
        free_reg[i] = false;
        break;
      }
    if (chosen != kNoReg) {
      a.reg[t] = chosen;
      active.push_back(t);
      continue;
    }
    // Spill whichever of the active intervals (or this one) ends last.
    size_t victim = 0;
    for (size_t i = 1; i < active.size(); i++)
      if (a.end[active[i]] > a.end[active[victim]]) victim = i;
    uint32_t v = active[victim];
    if (a.end[v] > a.end[t]) {
      a.reg[t] = a.reg[v];
      a.reg[v] = kNoReg;
      a.slot[v] = static_cast<int>(a.n_slots++);
      active[victim] = t;
    } else {
      a.slot[t] = static_cast<int>(a.n_slots++);
    }
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// The code generator.

class Emitter : public CodeGenerator {
 public:
  Emitter(size_t max, void *where, const Block &b, const RunContext &ctx, const Allocation &alloc,
          size_t first_site)
      : CodeGenerator(max, where), b_(b), mem_(*ctx.mem), helpers_(ctx.helpers), tb_flags_off_(ctx.tb_flags_off),
        a_(alloc), first_site_(first_site) {
    labels_.resize(b.n_labels);
    find_constants();
    find_probed_stores();
    // Frame: caller-saved save area, call-argument scratch, one result scratch, spill slots.
    // One frame size for every block, so chained blocks share the frame of the first.
    frame_ = kMxcsrOff + 8;
    if (frame_ % 16 != 8) frame_ += 8;
  }

  // Returns false when the block has an op this backend does not know.
  bool generate();
  // Offset of the block body (the entry for chained jumps) from the start of the code.
  size_t body_offset() const { return body_offset_; }
  // The link sites of the generated code, numbered from first_site (valid once the code is
  // final; their jumps still to be pointed at their record stubs).
  std::vector<LinkSite> sites() const;
  static constexpr unsigned kMaxSlots = 480;

 private:
  static constexpr int kSaveOff = 0;    // 6 caller-saved registers
  static constexpr int kArgOff = 48;    // 5 argument words
  static constexpr int kOutOff = 88;    // one result word
  static constexpr int kSpillOff = 96;  // spill slots
  static constexpr int kMxcsrOff = kSpillOff + 8 * kMaxSlots;  // host MXCSR, guest MXCSR (dwords)

  const Block &b_;
  const e2k::GuestMemory &mem_;
  const HelperInfo *helpers_;
  int64_t tb_flags_off_;  // RunContext::tb_flags_off
  const Allocation &a_;
  // Link sites being emitted: code offsets of their fields (-1: none) and their stub labels.
  struct SiteCode {
    ptrdiff_t jne_pc = -1, imm_pc = -1, jne_flags = -1, imm_flags = -1, jmp = -1;
    Label record, lookup;
  };
  size_t first_site_;
  std::vector<std::unique_ptr<SiteCode>> sites_;
  uint32_t frame_ = 0;
  size_t body_offset_ = 0;
  std::vector<Label> labels_;
  Label leave_;
  Label exit_miss_;  // rax = next pc: leave with RunStatus::Exit
  bool have_exit_ = false;
  std::vector<std::function<void()>> cold_;  // out-of-line paths, emitted after the body
  uint32_t cur_ = 0;                          // index of the op being emitted
  // Inline FP: while fp_guest_, MXCSR holds the guest rounding mode and collects the flags of
  // the FP ops since fp_enter; fp_leave ORs them into the status word at fp_status_ and puts the
  // host MXCSR back. Every op that may leave, branch, join, call C code or touch the status
  // word is preceded by fp_leave, so outside such a run MXCSR is always the host's.
  bool fp_guest_ = false;
  // tb_flags as stored by a constant st_env on the straight line to here (-1: unknown).
  int64_t known_flags_ = -1;
  void track_flags(const Op &op);
  // insn_start ops whose RunContext::insns increment is still to be added: flushed before any
  // branch, label, helper call or exit, and on the out-of-line paths that leave the block.
  unsigned pending_insns_ = 0;
  void flush_insns() {
    if (pending_insns_ != 0) add(qword[r12 + offsetof(RunContext, insns)], pending_insns_);
    pending_insns_ = 0;
  }
  // Leaves the block from an out-of-line path with `pending` increments not yet added.
  void leave_with(unsigned pending) {
    if (pending != 0) add(qword[r12 + offsetof(RunContext, insns)], pending);
    jmp(leave_, T_NEAR);
  }
  int64_t fp_status_ = 0;
  bool have_popcnt_ = Xbyak::util::Cpu().has(Xbyak::util::Cpu::tPOPCNT);

  // probed_[i]: op i is a qst whose address and size a qprobe_w checked earlier on the same
  // straight line (no label, so every path to the store ran the probe; no helper call, which
  // could change page flags; the address temp not redefined in between).
  std::vector<uint8_t> probed_;
  void find_probed_stores() {
    probed_.assign(b_.ops.size(), 0);
    std::vector<std::pair<Temp, uint8_t>> probes;  // since the last label or call
    for (uint32_t i = 0; i < b_.ops.size(); i++) {
      const Op &op = b_.ops[i];
      switch (op.opc) {
        case Opc::label:
        case Opc::call:
          probes.clear();
          continue;
        case Opc::qprobe_w:
          probes.push_back({op.args[0], op.size});
          continue;
        case Opc::qst:
          for (const auto &p : probes)
            if (p.first == op.args[0] && p.second == op.size) probed_[i] = 1;
          continue;
        default:
          break;
      }
      if (op_info(op.opc).n_out == 1) {
        for (size_t k = 0; k < probes.size();) {
          if (probes[k].first == op.args[0]) probes.erase(probes.begin() + static_cast<long>(k));
          else k++;
        }
      }
    }
  }

  // Temps whose only definition is a movi: uses after it may take the value as an immediate.
  std::vector<uint32_t> def_count_, def_at_;
  void find_constants() {
    def_count_.assign(b_.n_temps, 0);
    def_at_.assign(b_.n_temps, 0);
    for (uint32_t i = 0; i < b_.ops.size(); i++) {
      const Op &op = b_.ops[i];
      if (op_info(op.opc).n_out != 1) continue;
      Temp d = op.args[0];
      def_count_[d]++;
      def_at_[d] = op.opc == Opc::movi ? i : UINT32_MAX;
    }
  }
  bool konst(Temp t, int64_t *v) const {
    if (t == 0 || def_count_[t] != 1 || (def_at_[t] >= cur_ && !a_.pure[t])) return false;
    *v = b_.ops[def_at_[t]].imm;
    return true;
  }
  // t as an instruction immediate of an operation of the given width (32-bit ops take the low
  // half, 64-bit ones a sign-extended 32-bit value).
  bool imm32(Temp t, bool i32, int32_t *v) const {
    int64_t k;
    if (!konst(t, &k)) return false;
    if (!i32 && (k < INT32_MIN || k > INT32_MAX)) return false;
    *v = static_cast<int32_t>(static_cast<uint32_t>(k));
    return true;
  }
  // The register that holds t, or kNoReg.
  int reg_of(Temp t) const { return a_.reg[t]; }
  // Stores temp v (low `size` bytes) to `dst`, from its register or as an immediate if possible.
  void store_temp(const Address &dst_any, Temp v, uint8_t size) {
    int32_t k;
    const RegExp &re = dst_any.getRegExp();
    if (imm32(v, size < 8, &k)) {
      switch (size) {
        case 1: mov(byte[re], static_cast<uint8_t>(k)); break;
        case 2: mov(word[re], static_cast<uint16_t>(k)); break;
        case 4: mov(dword[re], static_cast<uint32_t>(k)); break;
        default: mov(qword[re], k); break;
      }
      return;
    }
    Reg64 src = rax;
    if (in_reg(v)) src = r64(a_.reg[v]);
    else get(rax, v);
    switch (size) {
      case 1: mov(byte[re], src.cvt8()); break;
      case 2: mov(word[re], src.cvt16()); break;
      case 4: mov(dword[re], src.cvt32()); break;
      default: mov(qword[re], src); break;
    }
  }

  static Reg64 r64(int code) { return Reg64(code); }
  static Reg32 r32(int code) { return Reg32(code); }

  bool in_reg(Temp t) const { return a_.reg[t] != kNoReg; }
  Address slot_addr(Temp t) const { return qword[rsp + kSpillOff + 8 * a_.slot[t]]; }
  Address slot_addr32(Temp t) const { return dword[rsp + kSpillOff + 8 * a_.slot[t]]; }

  // Loads temp t into register `dst` (64 bits).
  void get(const Reg64 &dst, Temp t) {
    if (a_.pure[t]) {
      const int64_t v = b_.ops[def_at_[t]].imm;
      if (v >= 0 && v <= UINT32_MAX) mov(dst.cvt32(), static_cast<uint32_t>(v));
      else mov(dst, static_cast<uint64_t>(v));
    } else if (in_reg(t)) {
      if (a_.reg[t] != dst.getIdx()) mov(dst, r64(a_.reg[t]));
    } else {
      mov(dst, slot_addr(t));
    }
  }
  // Writes register `src` (64 bits) to temp t.
  void put(Temp t, const Reg64 &src) {
    if (in_reg(t)) {
      if (a_.reg[t] != src.getIdx()) mov(r64(a_.reg[t]), src);
    } else {
      mov(slot_addr(t), src);
    }
  }
  // The temp as an r/m operand of the given width (64 or 32 bits).
  const Operand &rm(Temp t, bool i32, Address *tmp_addr) {
    if (a_.pure[t]) {  // a constant: in rdx
      get(rdx, t);
      rm_reg_ = i32 ? static_cast<Reg>(edx) : static_cast<Reg>(rdx);
      return rm_reg_;
    }
    if (in_reg(t)) {
      rm_reg_ = i32 ? static_cast<Reg>(r32(a_.reg[t])) : static_cast<Reg>(r64(a_.reg[t]));
      return rm_reg_;
    }
    *tmp_addr = i32 ? slot_addr32(t) : slot_addr(t);
    return *tmp_addr;
  }
  Reg rm_reg_;

  // Caller-saved registers holding temps that are live at op `at` (an out-of-line path runs
  // after the whole body is emitted, so it names its op).
  std::vector<int> live_caller_saved(uint32_t at) const {
    std::vector<int> regs;
    for (uint32_t t = 1; t < a_.reg.size(); t++) {
      int r = a_.reg[t];
      if (r == kNoReg || !is_caller_saved(r)) continue;
      if (a_.start[t] <= at && a_.end[t] >= at && std::find(regs.begin(), regs.end(), r) == regs.end())
        regs.push_back(r);
    }
    return regs;
  }
  static int save_index(int reg) {
    switch (reg) {
      case Operand::RSI: return 0;
      case Operand::RDI: return 1;
      case Operand::R8: return 2;
      case Operand::R9: return 3;
      case Operand::R10: return 4;
      default: return 5;  // R11
    }
  }
  void save(const std::vector<int> &regs) {
    for (int r : regs) mov(qword[rsp + kSaveOff + 8 * save_index(r)], r64(r));
  }
  void restore(const std::vector<int> &regs) {
    for (int r : regs) mov(r64(r), qword[rsp + kSaveOff + 8 * save_index(r)]);
  }
  // Calls fn(ctx, args...) with up to four further arguments already in the arg scratch area.
  void call_c(const void *fn, unsigned nargs) {
    mov(rdi, r12);
    const Reg64 argregs[] = {rsi, rdx, rcx, r8};
    for (unsigned i = 0; i < nargs; i++) mov(argregs[i], qword[rsp + kArgOff + 8 * i]);
    mov(rax, reinterpret_cast<uintptr_t>(fn));
    call(rax);
  }
  void set_status(RunStatus st) {
    mov(byte[r12 + offsetof(RunContext, status)], static_cast<uint8_t>(st));
  }

  void prologue();
  void epilogue();
  bool emit_op(const Op &op);
  void emit_binary(const Op &op);
  bool emit_binary_fast(const Op &op);
  Reg64 acc_for(Temp d, Temp keep) const;
  void emit_compare(const Op &op, Temp x, Temp y);
  void emit_shift(const Op &op);
  void emit_divrem(const Op &op);
  void emit_cond_jump(Cond c, const Label &l);
  void emit_setcc(Cond c);
  void emit_page_check(unsigned size, uint8_t need, uint8_t forbid, Label &slow);
  void emit_qld(const Op &op);
  void emit_qld_nf(const Op &op);
  void emit_qprobe_w(const Op &op);
  void emit_qst(const Op &op);
  void emit_call(const Op &op);
  bool fp_safe(const Op &op) const;
  void fp_enter(int64_t status_off);
  void fp_leave();
  void emit_fp(const Op &op);
  void load_extend(const Op &op, const Reg64 &dst, const Address &src);
};

void Emitter::prologue() {
  push(rbx);
  push(rbp);
  push(r12);
  push(r13);
  push(r14);
  push(r15);
  sub(rsp, frame_);
  mov(r12, rdi);
  mov(rbp, rsi);
  mov(rax, qword[r12 + offsetof(RunContext, mem)]);
  mov(r13, qword[rax + offsetof(e2k::GuestMemory, base)]);
  mov(r14, qword[rax + offsetof(e2k::GuestMemory, page_flags)]);
}

void Emitter::epilogue() {
  L(leave_);
  add(rsp, frame_);
  pop(r15);
  pop(r14);
  pop(r13);
  pop(r12);
  pop(rbp);
  pop(rbx);
  ret();
}

bool Emitter::generate() {
  if (a_.n_slots > kMaxSlots) return false;
  prologue();
  body_offset_ = getSize();
  for (cur_ = 0; cur_ < b_.ops.size(); cur_++) {
    const Op &op = b_.ops[cur_];
    if (fp_guest_ && !fp_safe(op)) fp_leave();
    track_flags(op);
    switch (op.opc) {
      case Opc::label: case Opc::br: case Opc::brcond: case Opc::call: case Opc::exit: case Opc::raise:
        flush_insns();
        break;
      default:
        break;
    }
    if (!emit_op(op)) return false;
  }
  if (fp_guest_) fp_leave();
  flush_insns();
  // Falling off the end is a translator bug; the interpreter reports it the same way.
  set_status(RunStatus::Raise);
  mov(qword[r12 + offsetof(RunContext, raise_code)], -1);
  epilogue();
  if (have_exit_) {
    L(exit_miss_);
    mov(qword[r12 + offsetof(RunContext, next_pc)], rax);
    set_status(RunStatus::Exit);
    jmp(leave_, T_NEAR);
  }
  for (auto &f : cold_) f();
  return true;
}

void Emitter::track_flags(const Op &op) {
  if (tb_flags_off_ < 0) return;
  switch (op.opc) {
    case Opc::st_env: {
      if (op.imm + op.size <= tb_flags_off_ || tb_flags_off_ + 4 <= op.imm) return;
      int64_t k;
      known_flags_ = op.imm == tb_flags_off_ && op.size >= 4 && konst(op.args[0], &k) ? static_cast<uint32_t>(k) : -1;
      return;
    }
    case Opc::label: case Opc::call: case Opc::st_envx:
      known_flags_ = -1;  // a join, or code that may write any state
      return;
    default:
      return;
  }
}

std::vector<LinkSite> Emitter::sites() const {
  uint8_t *code = const_cast<uint8_t *>(getCode());
  auto at = [code](ptrdiff_t off) { return off < 0 ? nullptr : code + off; };
  std::vector<LinkSite> out;
  for (const auto &sc : sites_)
    out.push_back(LinkSite{at(sc->jne_pc), at(sc->imm_pc), at(sc->jne_flags), at(sc->imm_flags), at(sc->jmp),
                           static_cast<const uint8_t *>(sc->record.getAddress()),
                           static_cast<const uint8_t *>(sc->lookup.getAddress())});
  return out;
}

void Emitter::emit_cond_jump(Cond c, const Label &l) {
  switch (c) {
    case Cond::eq: je(l, T_NEAR); break;
    case Cond::ne: jne(l, T_NEAR); break;
    case Cond::ltu: jb(l, T_NEAR); break;
    case Cond::leu: jbe(l, T_NEAR); break;
    case Cond::gtu: ja(l, T_NEAR); break;
    case Cond::geu: jae(l, T_NEAR); break;
    case Cond::lt: jl(l, T_NEAR); break;
    case Cond::le: jle(l, T_NEAR); break;
    case Cond::gt: jg(l, T_NEAR); break;
    case Cond::ge: jge(l, T_NEAR); break;
  }
}

void Emitter::emit_setcc(Cond c) {
  switch (c) {
    case Cond::eq: sete(al); break;
    case Cond::ne: setne(al); break;
    case Cond::ltu: setb(al); break;
    case Cond::leu: setbe(al); break;
    case Cond::gtu: seta(al); break;
    case Cond::geu: setae(al); break;
    case Cond::lt: setl(al); break;
    case Cond::le: setle(al); break;
    case Cond::gt: setg(al); break;
    case Cond::ge: setge(al); break;
  }
  movzx(eax, al);
}

void Emitter::emit_binary(const Op &op) {
  const Temp d = op.args[0], x = op.args[1], y = op.args[2];
  if (emit_binary_fast(op)) return;
  get(rax, x);
  Address tmp = ptr[rsp];
  if (op.opc == Opc::andc || op.opc == Opc::orc || op.opc == Opc::xorc) {
    get(rcx, y);
    not_(rcx);
    if (op.i32) {
      if (op.opc == Opc::andc) and_(eax, ecx);
      if (op.opc == Opc::orc) or_(eax, ecx);
      if (op.opc == Opc::xorc) xor_(eax, ecx);
    } else {
      if (op.opc == Opc::andc) and_(rax, rcx);
      if (op.opc == Opc::orc) or_(rax, rcx);
      if (op.opc == Opc::xorc) xor_(rax, rcx);
    }
    put(d, rax);
    return;
  }
  const Operand &src = rm(y, op.i32, &tmp);
  const Reg &acc = op.i32 ? static_cast<const Reg &>(eax) : static_cast<const Reg &>(rax);
  switch (op.opc) {
    case Opc::add: add(acc, src); break;
    case Opc::sub: sub(acc, src); break;
    case Opc::mul: imul(acc, src); break;
    case Opc::and_: and_(acc, src); break;
    case Opc::or_: or_(acc, src); break;
    case Opc::xor_: xor_(acc, src); break;
    default: break;
  }
  put(d, rax);
}

// cmp x, y for setcond/brcond: x from its register (or rcx), y as an immediate, register or slot.
void Emitter::emit_compare(const Op &op, Temp x, Temp y) {
  const bool w32 = op.i32;
  Reg64 xr = rcx;
  if (in_reg(x)) xr = r64(a_.reg[x]);
  else get(rcx, x);
  const Reg first = w32 ? static_cast<Reg>(xr.cvt32()) : static_cast<Reg>(xr);
  int32_t k;
  if (imm32(y, w32, &k)) {
    cmp(first, k);
  } else if (in_reg(y)) {
    const Reg64 yr = r64(a_.reg[y]);
    cmp(first, w32 ? static_cast<Reg>(yr.cvt32()) : static_cast<Reg>(yr));
  } else {
    Address tmp = ptr[rsp];
    cmp(first, rm(y, w32, &tmp));
  }
}

// The register a result is computed in: the destination's own register when it does not hold
// an input still needed (`keep`), else rax (the caller then stores rax with put).
Reg64 Emitter::acc_for(Temp d, Temp keep) const {
  if (in_reg(d) && !(keep != 0 && in_reg(keep) && a_.reg[keep] == a_.reg[d])) return r64(a_.reg[d]);
  return rax;
}

// add/sub/mul/and/or/xor straight into the destination's register, with a constant second
// operand as an immediate; returns false to use the general path.
bool Emitter::emit_binary_fast(const Op &op) {
  switch (op.opc) {
    case Opc::add: case Opc::sub: case Opc::mul: case Opc::and_: case Opc::or_: case Opc::xor_: break;
    default: return false;
  }
  const Temp d = op.args[0];
  Temp x = op.args[1], y = op.args[2];
  const bool w32 = op.i32;
  int32_t k = 0;
  bool yk = imm32(y, w32, &k);
  const bool commutative = op.opc != Opc::sub;
  if (!yk && commutative && imm32(x, w32, &k)) {
    std::swap(x, y);
    yk = true;
  }
  if (!yk && commutative && in_reg(d) && in_reg(y) && a_.reg[y] == a_.reg[d] &&
      !(in_reg(x) && a_.reg[x] == a_.reg[d]))
    std::swap(x, y);  // d = x OP d: compute d OP x in place
  const Reg64 acc64 = acc_for(d, yk ? 0 : y);
  const Reg acc = w32 ? static_cast<Reg>(acc64.cvt32()) : static_cast<Reg>(acc64);
  if (yk && op.opc == Opc::mul) {
    if (in_reg(x)) {
      const Reg64 xr = r64(a_.reg[x]);
      imul(acc, w32 ? static_cast<Reg>(xr.cvt32()) : static_cast<Reg>(xr), k);
    } else {
      Address tmp = ptr[rsp];
      imul(acc, rm(x, w32, &tmp), k);
    }
  } else {
    get(acc64, x);
    if (yk) {
      switch (op.opc) {
        case Opc::add: add(acc, k); break;
        case Opc::sub: sub(acc, k); break;
        case Opc::and_: and_(acc, k); break;
        case Opc::or_: or_(acc, k); break;
        case Opc::xor_: xor_(acc, k); break;
        default: break;
      }
    } else {
      Address tmp = ptr[rsp];
      const Operand &src = rm(y, w32, &tmp);
      switch (op.opc) {
        case Opc::add: add(acc, src); break;
        case Opc::sub: sub(acc, src); break;
        case Opc::mul: imul(acc, src); break;
        case Opc::and_: and_(acc, src); break;
        case Opc::or_: or_(acc, src); break;
        case Opc::xor_: xor_(acc, src); break;
        default: break;
      }
    }
  }
  if (acc64.getIdx() == Operand::RAX) put(d, rax);
  return true;
}

void Emitter::emit_shift(const Op &op) {
  int64_t count;
  if (konst(op.args[2], &count)) {
    const unsigned n = static_cast<unsigned>(count) & (op.i32 ? 31 : 63);
    const Reg64 acc64 = acc_for(op.args[0], 0);
    const Reg acc = op.i32 ? static_cast<Reg>(acc64.cvt32()) : static_cast<Reg>(acc64);
    get(acc64, op.args[1]);
    if (n == 0) {
      if (op.i32) mov(acc64.cvt32(), acc64.cvt32());
    } else {
      switch (op.opc) {
        case Opc::shl: shl(acc, n); break;
        case Opc::shr: shr(acc, n); break;
        case Opc::sar: sar(acc, n); break;
        case Opc::rotl: rol(acc, n); break;
        default: ror(acc, n); break;
      }
    }
    if (acc64.getIdx() == Operand::RAX) put(op.args[0], rax);
    return;
  }
  get(rcx, op.args[2]);
  get(rax, op.args[1]);
  if (op.i32) {
    switch (op.opc) {
      case Opc::shl: shl(eax, cl); break;
      case Opc::shr: shr(eax, cl); break;
      case Opc::sar: sar(eax, cl); break;
      case Opc::rotl: rol(eax, cl); break;
      default: ror(eax, cl); break;
    }
  } else {
    switch (op.opc) {
      case Opc::shl: shl(rax, cl); break;
      case Opc::shr: shr(rax, cl); break;
      case Opc::sar: sar(rax, cl); break;
      case Opc::rotl: rol(rax, cl); break;
      default: ror(rax, cl); break;
    }
  }
  if (op.i32) mov(eax, eax);  // a zero count leaves the register untouched: still zero-extend
  put(op.args[0], rax);
}

// Division with the IR's total semantics: x/0 = 0, x%0 = x, MIN/-1 = MIN, MIN%-1 = 0.
void Emitter::emit_divrem(const Op &op) {
  const bool rem = op.opc == Opc::remu || op.opc == Opc::rems;
  const bool sign = op.opc == Opc::divs || op.opc == Opc::rems;
  Label by_zero, by_minus1, done;
  get(rcx, op.args[2]);
  get(rax, op.args[1]);
  if (op.i32) {
    mov(eax, eax);
    mov(ecx, ecx);
  }
  if (!sign) {
    // Unsigned fast paths, common in rotating-register index arithmetic ((base + k) % size):
    // a < b gives a / b = 0, a % b = a; b <= a < 2b gives 1 and a - b. No division needed.
    Label slow;
    cmp(rax, rcx);
    if (rem) {
      jb(done, T_NEAR);
      mov(rdx, rax);
      sub(rdx, rcx);
      cmp(rdx, rcx);
      jae(slow, T_NEAR);
      mov(rax, rdx);
      jmp(done, T_NEAR);
    } else {
      Label ge;
      jae(ge, T_NEAR);
      xor_(eax, eax);
      jmp(done, T_NEAR);
      L(ge);
      mov(rdx, rax);
      sub(rdx, rcx);
      cmp(rdx, rcx);
      jae(slow, T_NEAR);
      mov(eax, 1);
      jmp(done, T_NEAR);
    }
    L(slow);
  }
  if (op.i32)
    test(ecx, ecx);
  else
    test(rcx, rcx);
  je(by_zero, T_NEAR);
  if (sign) {
    if (op.i32)
      cmp(ecx, -1);
    else
      cmp(rcx, -1);
    je(by_minus1, T_NEAR);
  }
  if (op.i32) {
    if (sign) {
      cdq();
      idiv(ecx);
    } else {
      xor_(edx, edx);
      div(ecx);
    }
    if (rem) mov(eax, edx);
  } else {
    if (sign) {
      cqo();
      idiv(rcx);
    } else {
      xor_(edx, edx);
      div(rcx);
    }
    if (rem) mov(rax, rdx);
  }
  jmp(done, T_NEAR);
  if (sign) {
    L(by_minus1);
    if (rem) {
      xor_(eax, eax);
    } else if (op.i32) {
      neg(eax);
    } else {
      neg(rax);
    }
    jmp(done, T_NEAR);
  }
  L(by_zero);
  if (!rem) xor_(eax, eax);  // x % 0 = x: rax already holds x (zero-extended for i32)
  L(done);
  put(op.args[0], rax);
}

// Jumps to `slow` unless the `size`-byte access at rcx stays within one page of the window
// whose flags have every `need` bit and no `forbid` bit. Clobbers rdx.
void Emitter::emit_page_check(unsigned size, uint8_t need, uint8_t forbid, Label &slow) {
  const uint64_t npages = mem_.size >> e2k::GuestMemory::kPageBits;
  mov(rdx, rcx);
  shr(rdx, e2k::GuestMemory::kPageBits);
  if (npages <= 0x7fffffffu) {
    cmp(rdx, static_cast<uint32_t>(npages));
  } else {
    mov(rax, npages);
    cmp(rdx, rax);
  }
  jae(slow, T_NEAR);
  movzx(edx, byte[r14 + rdx]);
  and_(edx, need | forbid);
  cmp(edx, need);
  jne(slow, T_NEAR);
  if (size > 1) {
    mov(edx, ecx);
    and_(edx, static_cast<uint32_t>(e2k::GuestMemory::kPageSize - 1));
    cmp(edx, static_cast<uint32_t>(e2k::GuestMemory::kPageSize - size));
    ja(slow, T_NEAR);
  }
}

void Emitter::load_extend(const Op &op, const Reg64 &dst, const Address &src) {
  switch (op.size) {
    case 1:
      if (op.sign)
        movsx(dst, byte[src.getRegExp()]);
      else
        movzx(Reg32(dst.getIdx()), byte[src.getRegExp()]);
      break;
    case 2:
      if (op.sign)
        movsx(dst, word[src.getRegExp()]);
      else
        movzx(Reg32(dst.getIdx()), word[src.getRegExp()]);
      break;
    case 4:
      if (op.sign)
        movsxd(dst, dword[src.getRegExp()]);
      else
        mov(Reg32(dst.getIdx()), dword[src.getRegExp()]);
      break;
    default: mov(dst, qword[src.getRegExp()]); break;
  }
}

void Emitter::emit_qld(const Op &op) {
  Label slow, resume;
  const uint32_t at = cur_;
  const Op copy = op;
  get(rcx, op.args[1]);
  emit_page_check(op.size, e2k::PAGE_VALID | e2k::PAGE_READ, 0, slow);
  const Reg64 acc = acc_for(op.args[0], 0);
  load_extend(op, acc, ptr[r13 + rcx]);
  L(resume);
  if (acc.getIdx() == Operand::RAX) put(op.args[0], rax);
  const unsigned pending = pending_insns_;
  cold_.push_back([this, slow, resume, at, copy, acc, pending]() mutable {
    L(slow);
    auto live = live_caller_saved(at);
    save(live);
    mov(qword[rsp + kArgOff], rcx);
    mov(qword[rsp + kArgOff + 8], copy.size);
    lea(rax, ptr[rsp + kOutOff]);
    mov(qword[rsp + kArgOff + 16], rax);
    call_c(reinterpret_cast<const void *>(&slow_load), 3);
    restore(live);
    Label ok;
    test(eax, eax);
    jne(ok, T_NEAR);
    leave_with(pending);  // the fault is recorded in the RunContext
    L(ok);
    load_extend(copy, acc, ptr[rsp + kOutOff]);
    jmp(resume, T_NEAR);
  });
}

void Emitter::emit_qld_nf(const Op &op) {
  Label slow, resume;
  const uint32_t at = cur_;
  const Op copy = op;
  get(rcx, op.args[1]);
  emit_page_check(op.size, e2k::PAGE_VALID | e2k::PAGE_READ, 0, slow);
  Op zero_extended = op;
  zero_extended.sign = false;
  load_extend(zero_extended, rax, ptr[r13 + rcx]);
  L(resume);
  put(op.args[0], rax);
  cold_.push_back([this, slow, resume, at, copy]() mutable {
    L(slow);
    auto live = live_caller_saved(at);
    save(live);
    mov(qword[rsp + kArgOff], rcx);
    mov(qword[rsp + kArgOff + 8], copy.size);
    mov(rax, static_cast<uint64_t>(copy.imm));
    mov(qword[rsp + kArgOff + 16], rax);
    call_c(reinterpret_cast<const void *>(&slow_load_nf), 3);
    restore(live);
    jmp(resume, T_NEAR);
  });
}

void Emitter::emit_qprobe_w(const Op &op) {
  Label slow, resume;
  const uint32_t at = cur_;
  const uint8_t size = op.size;
  get(rcx, op.args[0]);
  emit_page_check(op.size, e2k::PAGE_VALID | e2k::PAGE_WRITE, 0, slow);
  L(resume);
  const unsigned pending = pending_insns_;
  cold_.push_back([this, slow, resume, at, size, pending]() mutable {
    L(slow);
    auto live = live_caller_saved(at);
    save(live);
    mov(qword[rsp + kArgOff], rcx);
    mov(qword[rsp + kArgOff + 8], size);
    call_c(reinterpret_cast<const void *>(&slow_probe_w), 2);
    restore(live);
    test(eax, eax);
    jne(resume, T_NEAR);
    leave_with(pending);
  });
}

void Emitter::emit_qst(const Op &op) {
  Label slow, resume;
  const uint32_t at = cur_;
  const uint8_t size = op.size;
  get(rcx, op.args[0]);
  // A page holding translated code takes the slow path, which invalidates that code.
  if (probed_[cur_]) {
    // A qprobe_w of this address and size ran on every path here: the access is inside the
    // window and writable. Its slow path also passes page-crossing accesses, which the store
    // must still send to the slow path (the second page may hold code); then the code flag.
    if (size > 1) {
      mov(edx, ecx);
      and_(edx, static_cast<uint32_t>(e2k::GuestMemory::kPageSize - 1));
      cmp(edx, static_cast<uint32_t>(e2k::GuestMemory::kPageSize - size));
      ja(slow, T_NEAR);
    }
    mov(rdx, rcx);
    shr(rdx, e2k::GuestMemory::kPageBits);
    test(byte[r14 + rdx], e2k::PAGE_CODE);
    jnz(slow, T_NEAR);
  } else {
    emit_page_check(op.size, e2k::PAGE_VALID | e2k::PAGE_WRITE, e2k::PAGE_CODE, slow);
  }
  store_temp(ptr[r13 + rcx], op.args[1], op.size);
  L(resume);
  const Temp value = op.args[1];
  const unsigned pending = pending_insns_;
  cold_.push_back([this, slow, resume, at, size, value, pending]() mutable {
    L(slow);
    auto live = live_caller_saved(at);
    mov(qword[rsp + kArgOff], rcx);
    get(rax, value);
    mov(qword[rsp + kArgOff + 16], rax);
    mov(qword[rsp + kArgOff + 8], size);
    save(live);
    call_c(reinterpret_cast<const void *>(&slow_store), 3);
    restore(live);
    test(eax, eax);
    jne(resume, T_NEAR);
    leave_with(pending);
  });
}

void Emitter::emit_call(const Op &op) {
  // Arguments to the scratch area first (their registers may be the ABI's argument registers).
  for (unsigned i = 0; i < 4; i++) store_temp(ptr[rsp + kArgOff + 8 * i], op.args[1 + i], 8);
  auto live = live_caller_saved(cur_);
  save(live);
  call_c(reinterpret_cast<const void *>(helpers_[op.imm].fn), 4);
  restore(live);
  put(op.args[0], rax);
  Label stopped;
  cmp(byte[r12 + offsetof(RunContext, stop)], 0);
  jne(stopped, T_NEAR);
  cold_.push_back([this, stopped]() mutable {
    L(stopped);
    set_status(RunStatus::Stop);
    jmp(leave_, T_NEAR);
  });
}

// Ops that can run while MXCSR is in the guest's mode: no C call, no way out of the straight
// line of code, no access to the FP status word.
bool Emitter::fp_safe(const Op &op) const {
  switch (op.opc) {
    case Opc::fadd:
    case Opc::fsub:
    case Opc::fmul:
    case Opc::fdiv:
      return op.imm == fp_status_;
    case Opc::ld_env:
    case Opc::st_env:
      return op.imm + op.size <= fp_status_ || fp_status_ + 4 <= op.imm;
    case Opc::ctpop:
      return have_popcnt_;
    case Opc::movi: case Opc::mov: case Opc::add: case Opc::sub: case Opc::mul: case Opc::and_:
    case Opc::or_: case Opc::xor_: case Opc::andc: case Opc::orc: case Opc::xorc: case Opc::shl:
    case Opc::shr: case Opc::sar: case Opc::rotl: case Opc::rotr: case Opc::neg: case Opc::not_:
    case Opc::ext8s: case Opc::ext16s: case Opc::ext32s: case Opc::ext8u: case Opc::ext16u:
    case Opc::ext32u: case Opc::setcond: case Opc::movcond: case Opc::mulhu: case Opc::mulhs:
    case Opc::divu: case Opc::divs: case Opc::remu: case Opc::rems: case Opc::clz:
    case Opc::insn_start:
      return true;
    default:
      return false;
  }
}

void Emitter::fp_enter(int64_t status_off) {
  const Address host = dword[rsp + kMxcsrOff], guest = dword[rsp + kMxcsrOff + 4];
  stmxcsr(host);
  mov(eax, dword[rbp + status_off]);
  and_(eax, kFpRoundMask);
  mov(ecx, host);
  and_(ecx, kFpMxcsrKeep);
  or_(eax, ecx);
  mov(guest, eax);
  ldmxcsr(guest);
  fp_guest_ = true;
  fp_status_ = status_off;
}

void Emitter::fp_leave() {
  const Address host = dword[rsp + kMxcsrOff], guest = dword[rsp + kMxcsrOff + 4];
  stmxcsr(guest);
  mov(eax, guest);
  and_(eax, kFpFlagMask);
  or_(dword[rbp + fp_status_], eax);
  ldmxcsr(host);
  fp_guest_ = false;
}

// x = a OP b in xmm0 with the operand order of host_fp_bin.
void Emitter::emit_fp(const Op &op) {
  if (!fp_guest_) fp_enter(op.imm);
  const bool single = op.i32;
  const Temp d = op.args[0], a = op.args[1], b = op.args[2];
  if (in_reg(a) || a_.pure[a]) {
    const Reg64 ra = in_reg(a) ? r64(a_.reg[a]) : rax;
    get(ra, a);
    if (single) movd(xmm0, ra.cvt32());
    else movq(xmm0, ra);
  } else {
    if (single) movd(xmm0, slot_addr32(a));
    else movq(xmm0, slot_addr(a));
  }
  Address mb = ptr[rsp];
  const Operand *src = &xmm1;
  if (in_reg(b) || a_.pure[b]) {
    const Reg64 rb = in_reg(b) ? r64(a_.reg[b]) : rax;
    get(rb, b);
    if (single) movd(xmm1, rb.cvt32());
    else movq(xmm1, rb);
  } else {
    mb = single ? slot_addr32(b) : slot_addr(b);
    src = &mb;
  }
  switch (op.opc) {
    case Opc::fadd: if (single) addss(xmm0, *src); else addsd(xmm0, *src); break;
    case Opc::fsub: if (single) subss(xmm0, *src); else subsd(xmm0, *src); break;
    case Opc::fmul: if (single) mulss(xmm0, *src); else mulsd(xmm0, *src); break;
    default: if (single) divss(xmm0, *src); else divsd(xmm0, *src); break;
  }
  if (in_reg(d)) {
    if (single) movd(r32(a_.reg[d]), xmm0);
    else movq(r64(a_.reg[d]), xmm0);
  } else if (single) {
    movd(eax, xmm0);
    mov(slot_addr(d), rax);
  } else {
    movq(slot_addr(d), xmm0);
  }
}

bool Emitter::emit_op(const Op &op) {
  const Temp d = op.args[0];
  switch (op.opc) {
    case Opc::movi:
      if (a_.pure[d]) {
        // read as an immediate wherever it is used
      } else if (in_reg(d)) {
        if (op.imm == 0) xor_(r32(a_.reg[d]), r32(a_.reg[d]));
        else mov(r64(a_.reg[d]), static_cast<uint64_t>(op.imm));
      } else if (op.imm >= INT32_MIN && op.imm <= INT32_MAX) {
        mov(slot_addr(d), static_cast<int32_t>(op.imm));
      } else {
        mov(rax, static_cast<uint64_t>(op.imm));
        put(d, rax);
      }
      return true;
    case Opc::mov:
      if (in_reg(d)) {
        get(r64(a_.reg[d]), op.args[1]);
      } else if (in_reg(op.args[1])) {
        put(d, r64(a_.reg[op.args[1]]));
      } else {
        get(rax, op.args[1]);
        put(d, rax);
      }
      return true;
    case Opc::add:
    case Opc::sub:
    case Opc::mul:
    case Opc::and_:
    case Opc::or_:
    case Opc::xor_:
    case Opc::andc:
    case Opc::orc:
    case Opc::xorc:
      emit_binary(op);
      return true;
    case Opc::shl:
    case Opc::shr:
    case Opc::sar:
    case Opc::rotl:
    case Opc::rotr:
      emit_shift(op);
      return true;
    case Opc::neg:
    case Opc::not_:
      get(rax, op.args[1]);
      if (op.i32) {
        if (op.opc == Opc::neg)
          neg(eax);
        else
          not_(eax);
      } else {
        if (op.opc == Opc::neg)
          neg(rax);
        else
          not_(rax);
      }
      put(d, rax);
      return true;
    case Opc::ext8s:
    case Opc::ext16s:
    case Opc::ext32s:
    case Opc::ext8u:
    case Opc::ext16u:
    case Opc::ext32u:
      if (in_reg(d) && in_reg(op.args[1])) {
        // register to register: one instruction, not through rax
        const int dr = a_.reg[d], sr = a_.reg[op.args[1]];
        switch (op.opc) {
          case Opc::ext8s: movsx(r64(dr), Reg8(sr, true)); break;
          case Opc::ext16s: movsx(r64(dr), Reg16(sr)); break;
          case Opc::ext32s: movsxd(r64(dr), Reg32(sr)); break;
          case Opc::ext8u: movzx(Reg32(dr), Reg8(sr, true)); break;
          case Opc::ext16u: movzx(Reg32(dr), Reg16(sr)); break;
          default: mov(Reg32(dr), Reg32(sr)); break;
        }
        return true;
      }
      break;
    default:
      break;
  }
  switch (op.opc) {
    case Opc::ext8s: get(rax, op.args[1]); movsx(rax, al); put(d, rax); return true;
    case Opc::ext16s: get(rax, op.args[1]); movsx(rax, ax); put(d, rax); return true;
    case Opc::ext32s: get(rax, op.args[1]); movsxd(rax, eax); put(d, rax); return true;
    case Opc::ext8u: get(rax, op.args[1]); movzx(eax, al); put(d, rax); return true;
    case Opc::ext16u: get(rax, op.args[1]); movzx(eax, ax); put(d, rax); return true;
    case Opc::ext32u: get(rax, op.args[1]); mov(eax, eax); put(d, rax); return true;
    case Opc::setcond: {
      emit_compare(op, op.args[1], op.args[2]);
      emit_setcc(op.cc);
      put(d, rax);
      return true;
    }
    case Opc::movcond:
      get(rdx, op.args[1]);
      get(rcx, op.args[2]);
      get(rax, op.args[3]);
      test(rdx, rdx);
      cmovne(rax, rcx);
      put(d, rax);
      return true;
    case Opc::mulhu:
    case Opc::mulhs:
      get(rcx, op.args[2]);
      get(rax, op.args[1]);
      if (op.opc == Opc::mulhu)
        mul(rcx);
      else
        imul(rcx);
      put(d, rdx);
      return true;
    case Opc::divu:
    case Opc::divs:
    case Opc::remu:
    case Opc::rems:
      emit_divrem(op);
      return true;
    case Opc::clz: {
      Label zero, done;
      get(rax, op.args[1]);
      if (op.i32) {
        bsr(ecx, eax);
        je(zero, T_NEAR);
        xor_(ecx, 31);
      } else {
        bsr(rcx, rax);
        je(zero, T_NEAR);
        xor_(ecx, 63);
      }
      jmp(done, T_NEAR);
      L(zero);
      mov(ecx, op.i32 ? 32 : 64);
      L(done);
      put(d, rcx);
      return true;
    }
    case Opc::ctpop:
      get(rax, op.args[1]);
      if (op.i32) mov(eax, eax);
      if (have_popcnt_) {
        popcnt(rax, rax);
      } else {
        mov(qword[rsp + kArgOff], rax);
        auto live = live_caller_saved(cur_);
        save(live);
        mov(rdi, qword[rsp + kArgOff]);
        mov(rax, reinterpret_cast<uintptr_t>(&soft_popcount));
        call(rax);
        restore(live);
      }
      put(d, rax);
      return true;
    case Opc::ld_env: {
      const Reg64 acc = acc_for(d, 0);
      switch (op.size) {
        case 8: mov(acc, qword[rbp + op.imm]); break;
        case 4: mov(acc.cvt32(), dword[rbp + op.imm]); break;
        case 2: movzx(acc.cvt32(), word[rbp + op.imm]); break;
        default: movzx(acc.cvt32(), byte[rbp + op.imm]); break;
      }
      if (acc.getIdx() == Operand::RAX) put(d, rax);
      return true;
    }
    case Opc::st_env:
      store_temp(ptr[rbp + op.imm], op.args[0], op.size);
      return true;
    case Opc::ld_envx: {
      const Reg64 acc = acc_for(d, 0);
      int64_t k;
      if (konst(op.args[1], &k) && k >= 0 && k < (int64_t(1) << 24)) {
        mov(acc, qword[rbp + (op.imm + 8 * k)]);
      } else {
        const Reg64 idx = in_reg(op.args[1]) ? r64(a_.reg[op.args[1]]) : rax;
        if (idx.getIdx() == Operand::RAX) get(rax, op.args[1]);
        mov(acc, qword[rbp + idx * 8 + op.imm]);
      }
      if (acc.getIdx() == Operand::RAX) put(d, rax);
      return true;
    }
    case Opc::st_envx: {
      int64_t k;
      if (konst(op.args[0], &k) && k >= 0 && k < (int64_t(1) << 24)) {
        store_temp(ptr[rbp + (op.imm + 8 * k)], op.args[1], 8);
      } else {
        const Reg64 idx = in_reg(op.args[0]) ? r64(a_.reg[op.args[0]]) : rcx;
        if (idx.getIdx() == Operand::RCX) get(rcx, op.args[0]);
        store_temp(ptr[rbp + idx * 8 + op.imm], op.args[1], 8);
      }
      return true;
    }
    case Opc::qld: emit_qld(op); return true;
    case Opc::qld_nf: emit_qld_nf(op); return true;
    case Opc::qprobe_w: emit_qprobe_w(op); return true;
    case Opc::qst: emit_qst(op); return true;
    case Opc::call: emit_call(op); return true;
    case Opc::fadd:
    case Opc::fsub:
    case Opc::fmul:
    case Opc::fdiv:
      emit_fp(op);
      return true;
    case Opc::label: L(labels_[static_cast<size_t>(op.imm)]); return true;
    case Opc::br: jmp(labels_[static_cast<size_t>(op.imm)], T_NEAR); return true;
    case Opc::brcond:
      emit_compare(op, op.args[0], op.args[1]);
      emit_cond_jump(op.cc, labels_[static_cast<size_t>(op.imm)]);
      return true;
    case Opc::insn_start:
      if (op.imm >= INT32_MIN && op.imm <= INT32_MAX) {
        mov(qword[r12 + offsetof(RunContext, insn_pc)], static_cast<uint32_t>(op.imm));
      } else {
        mov(rax, static_cast<uint64_t>(op.imm));
        mov(qword[r12 + offsetof(RunContext, insn_pc)], rax);
      }
      pending_insns_++;
      return true;
    case Opc::raise:
      set_status(RunStatus::Raise);
      mov(rax, static_cast<uint64_t>(op.imm));
      mov(qword[r12 + offsetof(RunContext, raise_code)], rax);
      jmp(leave_, T_NEAR);
      return true;
    case Opc::exit: {
      // Chaining: jump cache lookup, unless chaining is off or the CPU was asked to stop. The
      // status and next pc are stored only when the block really leaves (exit_miss_).
      get(rax, op.args[0]);
      mov(rdx, qword[r12 + offsetof(RunContext, chain_stop)]);  // kChainOff when not chaining
      cmp(dword[rdx], 0);
      jne(exit_miss_, T_NEAR);
      {
        // The link site (see Links): fields recorded as offsets, stubs emitted out of line.
        auto site = std::make_unique<SiteCode>();
        SiteCode &sc = *site;
        const int64_t number = static_cast<int64_t>(first_site_ + sites_.size());
        int64_t next;
        if (!konst(op.args[0], &next)) {
          cmp(rax, 0x7fffffff);  // a 32-bit immediate, patched
          sc.imm_pc = static_cast<ptrdiff_t>(getSize()) - 4;
          jne(sc.record, T_NEAR);
          sc.jne_pc = static_cast<ptrdiff_t>(getSize()) - 4;
        }
        // Flags this path stored as a constant are the ones the link is made with: no test.
        if (tb_flags_off_ >= 0 && known_flags_ < 0) {
          cmp(dword[rbp + static_cast<int32_t>(tb_flags_off_)], 0x7fffffff);
          sc.imm_flags = static_cast<ptrdiff_t>(getSize()) - 4;
          jne(sc.record, T_NEAR);
          sc.jne_flags = static_cast<ptrdiff_t>(getSize()) - 4;
        }
        jmp(sc.record, T_NEAR);
        sc.jmp = static_cast<ptrdiff_t>(getSize()) - 4;
        L(sc.lookup);
        mov(rcx, qword[r12 + offsetof(RunContext, jit_chain)]);  // set: chain_stop passed
        cold_.push_back([this, &sc, number] {
          L(sc.record);
          mov(qword[r12 + offsetof(RunContext, link_site)], static_cast<uint32_t>(number));
          jmp(exit_miss_, T_NEAR);
        });
        sites_.push_back(std::move(site));
      }
      // No temp is live after an exit: rsi/rdi are free. Index as JitChain::index.
      if (tb_flags_off_ >= 0)
        mov(edx, dword[rbp + static_cast<int32_t>(tb_flags_off_)]);
      else
        xor_(edx, edx);
      mov(esi, edx);
      shr(esi, 12);
      xor_(esi, edx);
      mov(rdi, rax);
      shr(rdi, 3);
      xor_(esi, edi);
      and_(esi, JitChain::kEntries - 1);
      shl(esi, JitChain::kEntryShift);
      add(rcx, rsi);
      cmp(rax, qword[rcx + offsetof(JitChain, table) + offsetof(JitChain::Entry, pc)]);
      jne(exit_miss_, T_NEAR);
      cmp(rdx, qword[rcx + offsetof(JitChain, table) + offsetof(JitChain::Entry, flags)]);
      jne(exit_miss_, T_NEAR);
      jmp(qword[rcx + offsetof(JitChain, table) + offsetof(JitChain::Entry, body)]);
      have_exit_ = true;
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

bool jit_compile(TranslationBlock &tb, const RunContext &ctx) {
  if (tb.jit_refused) return false;
  if (tb.host_code != nullptr && tb.host_gen == g_code.gen) return true;
  if (!g_code.ensure()) {
    tb.jit_refused = true;
    return false;
  }
  const Allocation alloc = allocate(tb.ir);
  for (int attempt = 0; attempt < 2; attempt++) {
    try {
      links_sync_gen();
      Emitter e(kCodeBufferSize - g_code.used, g_code.base + g_code.used, tb.ir, ctx, alloc, g_links.sites.size());
      if (!e.generate()) {
        tb.jit_refused = true;
        g_stats.blocks_refused++;
        return false;
      }
      e.ready();
      tb.host_code = e.getCode();
      tb.host_body = e.getCode() + e.body_offset();
      tb.host_size = static_cast<uint32_t>(e.getSize());
      tb.host_gen = g_code.gen;
      g_code.used += (e.getSize() + 15) & ~size_t(15);
      g_stats.blocks_compiled++;
      g_stats.code_bytes += e.getSize();
      for (const LinkSite &site : e.sites()) {
        site_unlink(site);
        g_links.sites.push_back(site);
      }
      if (g_perfmap_on) {
        if (g_perfmap == nullptr) {
          char path[64];
          std::snprintf(path, sizeof path, "/tmp/perf-%d.map", static_cast<int>(getpid()));
          g_perfmap = std::fopen(path, "w");
        }
        if (g_perfmap != nullptr) {
          std::fprintf(g_perfmap, "%" PRIxPTR " %x e2k:0x%" PRIx64 "\n", reinterpret_cast<uintptr_t>(tb.host_code),
                       tb.host_size, tb.pc);
          std::fflush(g_perfmap);
        }
      }
      return true;
    } catch (const Xbyak::Error &err) {
      if (static_cast<int>(err) != ERR_CODE_IS_TOO_BIG || attempt == 1) {
        tb.jit_refused = true;
        g_stats.blocks_refused++;
        return false;
      }
      g_code.flush();  // the buffer is full: start over (every block recompiles on its next run)
      g_stats.flushes++;
    }
  }
  return false;
}

void jit_run(TranslationBlock &tb, RunContext &ctx, uint32_t flags) {
  const bool fresh = tb.host_code == nullptr || tb.host_gen != g_code.gen;
  const int64_t site = ctx.link_site;
  const uint32_t site_gen = g_code.gen;  // the site's number is of this code generation
  ctx.link_site = -1;
  const bool compiled = jit_compile(tb, ctx);
  // The exit that led here: link it (compiling may have refilled the buffer; then it is gone).
  if (site >= 0 && g_code.gen == site_gen && g_links.gen == site_gen &&
      static_cast<size_t>(site) < g_links.sites.size())
    site_link(static_cast<size_t>(site), tb.pc, flags, compiled ? tb.host_body : nullptr);
  if (!compiled) {
    interpret(tb.ir, ctx);
    return;
  }
  if (fresh && g_out_asm_hook != nullptr) g_out_asm_hook(tb);
  if (ctx.jit_chain != nullptr) {
    auto *chain = static_cast<JitChain *>(ctx.jit_chain);
    if (chain->gen != g_code.gen) jit_chain_flush(chain);  // the code buffer was refilled
    JitChain::Entry &e = chain->table[JitChain::index(tb.pc, flags)];
    e.pc = tb.pc;
    e.flags = flags;
    e.body = tb.host_body;
  }
  ctx.stop = false;
  reinterpret_cast<JitFn>(const_cast<void *>(tb.host_code))(&ctx, ctx.env);
}

std::string jit_disassemble(const TranslationBlock &tb) {
  std::string out;
#ifdef QEMU_E2K_HAVE_CAPSTONE
  if (tb.host_code == nullptr || tb.host_gen != g_code.gen) return out;
  csh handle;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) return out;
  cs_insn *insn = nullptr;
  size_t n = cs_disasm(handle, static_cast<const uint8_t *>(tb.host_code), tb.host_size,
                       reinterpret_cast<uintptr_t>(tb.host_code), 0, &insn);
  char line[256];
  for (size_t i = 0; i < n; i++) {
    std::snprintf(line, sizeof line, "0x%016" PRIx64 ":  %-8s %s\n", insn[i].address, insn[i].mnemonic,
                  insn[i].op_str);
    out += line;
  }
  if (n > 0) cs_free(insn, n);
  cs_close(&handle);
#else
  (void)tb;
#endif
  return out;
}

JitChain *jit_chain_create(const volatile int *exit_request) {
  auto *chain = new JitChain();
  chain->exit_request = exit_request;
  jit_chain_flush(chain);
  return chain;
}

void jit_chain_destroy(JitChain *chain) { delete chain; }

void jit_chain_flush(JitChain *chain) {
  links_undo();
  // No guest pc is ever odd-aligned like this, so the entries match nothing.
  for (JitChain::Entry &e : chain->table) {
    e.pc = ~uint64_t(0);
    e.flags = 0;
    e.body = nullptr;
  }
  chain->gen = g_code.gen;
}

void jit_set_perfmap(bool on) { g_perfmap_on = on; }

void jit_set_out_asm_hook(void (*hook)(const TranslationBlock &tb)) { g_out_asm_hook = hook; }

const JitStats &jit_stats() { return g_stats; }

}  // namespace tcg
