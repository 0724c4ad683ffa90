// The E2K CPU state. E2kState is plain data: translated code reaches it by byte offset
// (tcg ld_env/st_env), so it holds only fixed-size fields. CPUState adds the host-side
// parts (hardware stacks, TB cache, options).
#pragma once
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "target/e2k/cpu.h"

namespace tcg {
class TbCache;
struct JitChain;
}

namespace e2k {

constexpr unsigned kMaxWindowRegs = 224;  // 112 quads
constexpr unsigned kGlobalRegs = 32;

// CTPR layout (ISA.md §6.1).
constexpr unsigned kCtprTagShift = 54;
enum CtprTag : uint64_t { CTPR_EMPTY = 0, CTPR_RETURN = 2, CTPR_DISP = 3, CTPR_SDISP = 5 };
constexpr uint64_t kCtprBaseMask = (uint64_t(1) << 48) - 1;

// Guest exception codes (ISA.md §10.3) used inside the CPU.
enum Excp : int {
  EXCP_ILLEGAL_OPCODE = 0,
  EXCP_PRIV_ACTION = 1,
  EXCP_WINDOW_BOUNDS = 9,
  EXCP_INSTR_PAGE = 20,
  EXCP_DATA_PAGE = 29,
  EXCP_ILLEGAL_OPERAND = 16,
  EXCP_ARRAY_BOUNDS = 17,
  EXCP_DIV = 34,
  EXCP_DIAG_CT_COND = 5,       // a conditional transfer on a tagged predicate (ISA.md 5.6)
  EXCP_DIAG_OPERAND = 15,      // a non-speculative operation consumed a tagged value
  EXCP_ADDR_NOT_ALIGNED = 19,  // misaligned access while %upsr.ac is set (ISA.md 5.3)
  EXCP_CHAIN_STACK_BOUNDS = 12,
  EXCP_PROC_STACK_BOUNDS = 11,
  EXCP_UNIMPLEMENTED = 1000,  // an operation this emulator does not implement: SIGILL
};

// Array access unit (ISA.md §13), the state user code sees. The index registers (aasti,
// aaind, aaincr) and aafstr/aasr hold 32-bit values in 64-bit slots so translated code can
// reach them with ordinary 64-bit env loads. aaind[0] is always 0 and aaincr[0] always 1.
constexpr unsigned kAauDescriptors = 32, kAauIndices = 16, kAauIncrs = 8, kAauAreas = 32;
struct AauArea {
  uint64_t pi;   // the fapb entry: APS word (low 32 bits) and disp (high 32), 0 = no entry
  uint64_t cdi;  // current data index, bytes (32-bit)
};
struct AauState {
  uint64_t aad_lo[kAauDescriptors];  // base [47:0], tag [56:54], mb [57], ed [58], rw [60:59]
  uint64_t aad_hi[kAauDescriptors];  // size [63:32]
  uint64_t sti[kAauIndices], ind[kAauIndices], incr[kAauIncrs];
  uint64_t ldi[kAauDescriptors], lda[kAauDescriptors], bf[kAauIndices];
  uint64_t fstr, ldv, ldm, sr;
  uint64_t sti_tag, ind_tag, incr_tag;
  AauArea area[2][kAauAreas];  // [0]: mova channels 0 and 1, [1]: channels 2 and 3
};

struct E2kState {
  uint64_t win[kMaxWindowRegs];     // current window, %r0 first (low 64 bits)
  uint64_t win_hi[kMaxWindowRegs];  // high part: 80-bit exponent or bits 127:64 (v5+)
  uint64_t g[kGlobalRegs];
  uint64_t g_hi[kGlobalRegs];
  uint64_t pred;        // bit i = physical predicate i
  uint64_t wsize;       // window size in registers
  uint64_t psize;       // parameter area size in registers
  uint64_t dbl;         // WD.dbl
  uint64_t fx;
  uint64_t keep_hi;     // mask of the bits a 32-bit write keeps: dbl ? 0 : 0xffffffff00000000
  // BR, architectural (quad units) and derived (register units) forms
  uint64_t rbs, rsz, rcur, psz, pcur;
  uint64_t rbase, rsize, rcur2;
  uint64_t ctpr[4];     // [1..3]
  uint64_t ret_ctpr;    // what `return %ctpr3` loads: a RETURN ctpr to the top chain frame, 0 if none
  uint64_t lsr, lsr1, ilcr, ilcr1;
  uint64_t upsr, pfpfr, fpcr, fpsr, psr;
  uint64_t usd_lo, usd_hi, sbr;
  uint64_t stack_limit;  // lowest usable data-stack address
  uint64_t mlock;        // %MLOCK condition (lock lost)
  uint64_t lock_addr, lock_value, lock_valid;
  uint64_t iset;
  uint64_t cur_pc;       // the bundle being executed (set by helpers that need it)
  uint64_t tb_flags;     // = cpu_tb_flags(*this), kept exact by translated code (tb-flags.h)
  // Pending exception from a helper (helpers stop the block and fill these).
  uint64_t exc_code, exc_addr;
  uint64_t scratch_hi;   // second result word of helpers that produce 80/128-bit values
  AauState aau;
  // Register tags (ISA.md 5.5, tags.h): 2 bits per 32-bit half; bits 3:0 tag the low 64
  // bits of a register, 7:4 the high part. All zero while tags_live is clear.
  uint64_t win_tag[kMaxWindowRegs];
  uint64_t g_tag[kGlobalRegs];
  uint64_t pred_tag;     // bit i: physical predicate i is tagged
  uint64_t tags_live;    // non-zero once a tag may exist: blocks are translated tag-aware
  CPUState *cpu;
};

// A chain-stack frame (what call pushes; ISA.md §7.1, §7.4), kept host-side.
struct ChainFrame {
  // Left uninitialized on purpose: cpu_do_call fills every field, and zeroing 136 bytes per
  // call (rep stos) was the largest single cost of call-heavy guest code.
  ChainFrame() {}  // NOLINT(modernize-use-equals-default)
  uint64_t ret_pc;
  uint64_t pred;
  uint64_t pred_tag;
  uint64_t wsize, psize, dbl, fx;
  uint64_t rbs, rsz, rcur, psz, pcur;
  uint64_t wbs;  // in registers (2 * quads)
  uint64_t usd_lo, usd_hi;
  bool syscall;
  bool tags_saved;  // the spilled registers' tags are on CPUState::ps_tags (tags.h)
};

// The spilled window registers (the procedure stack's contents), host-side: a growable array
// of words whose pushes are left uninitialized. Call and return move a few registers at a time,
// and std::vector's insert/resize (library calls, zero fill) cost more than the copies do.
class SpillStack {
 public:
  size_t size() const { return size_; }
  // Room for n more words on top, uninitialized: the caller fills them.
  uint64_t *push(size_t n) {
    if (size_ + n > cap_) grow(size_ + n);
    uint64_t *p = data_.get() + size_;
    size_ += n;
    return p;
  }
  void truncate(size_t n) {
    if (n < size_) size_ = n;
  }
  // Drops the top n words; returns them (valid until the next push).
  const uint64_t *pop(size_t n) {
    size_ -= n;
    return data_.get() + size_;
  }
  bool operator==(const SpillStack &o) const {
    return size_ == o.size_ && (size_ == 0 || std::memcmp(data_.get(), o.data_.get(), size_ * 8) == 0);
  }
  bool operator!=(const SpillStack &o) const { return !(*this == o); }

 private:
  void grow(size_t need) {
    size_t cap = cap_ * 2 > need ? cap_ * 2 : need + 256;
    std::unique_ptr<uint64_t[]> bigger(new uint64_t[cap]);
    if (size_ != 0) std::memcpy(bigger.get(), data_.get(), size_ * 8);
    data_ = std::move(bigger);
    cap_ = cap;
  }
  std::unique_ptr<uint64_t[]> data_;
  size_t size_ = 0, cap_ = 0;
};

struct CPUState {
  E2kState s;
  GuestMemory *mem = nullptr;
  CpuOptions opts{};
  int iset = 4;
  SpillStack ps;  // spilled window registers: per call, wbs low words then wbs high words
  std::vector<uint64_t> ps_tags;  // their tags (win_tag layout), for frames with tags_saved
  std::vector<ChainFrame> pcs;
  // The states interrupted by the signal handlers now running (cpu_signal_enter), innermost last.
  struct SignalSave {
    E2kState s;
    uint64_t pc;
    size_t pcs, ps, ps_tags;  // stack depths before the handler's frames
    uint64_t cookie;
  };
  std::vector<SignalSave> sig_saves;
  uint64_t ps_limit = 0, pcs_limit = 0;  // capacity in registers / frames
  uint64_t ps_base = 0, pcs_base = 0;
  uint64_t pc = 0;
  std::unique_ptr<tcg::TbCache> tbs;
  tcg::JitChain *jit_chain = nullptr;  // JIT block chaining (null with the interpreter)
  CpuException exc{};
  bool in_syscall = false;
  volatile sig_atomic_t exit_request = 0;
  uint64_t stat_bundles = 0, stat_blocks = 0;  // bundles started / blocks run (statistics)
  uint64_t tb_budget = 0;  // when non-zero: blocks left before cpu_run returns Interrupted (tests)
  uint64_t syscall_nr_override = 0;
};

// Window and stack operations shared by helpers and the syscall path. Each returns false
// and records an exception in cpu->exc on failure.
bool cpu_do_call(CPUState *cpu, unsigned wbs_regs, uint64_t target, uint64_t ret_pc, bool syscall);
bool cpu_do_return(CPUState *cpu, uint64_t *next_pc);
// The RETURN ctpr for a frame whose return address is ret_pc.
inline uint64_t cpu_return_ctpr(uint64_t ret_pc) {
  return (ret_pc & kCtprBaseMask) | (uint64_t(CTPR_RETURN) << kCtprTagShift) | (uint64_t(3) << 57);
}
void cpu_set_br(E2kState &s, uint64_t rbs, uint64_t rsz, uint64_t rcur);
// The same for a rotation known to be valid (rcur <= rsz: a saved frame's): no reduction.
inline void cpu_set_br_valid(E2kState &s, uint64_t rbs, uint64_t rsz, uint64_t rcur) {
  s.rbs = rbs;
  s.rsz = rsz;
  s.rcur = rcur;
  s.rbase = 2 * rbs;
  s.rsize = 2 * (rsz + 1);
  s.rcur2 = 2 * rcur;
}
// %cr1.lo of a chain frame (ISA.md §7.4): wbs and wpsz in quads (sizes given in registers), wfx.
inline uint64_t cpu_cr1_lo(uint64_t wbs, uint64_t psize, uint64_t fx) {
  return ((wbs / 2) << 33) | ((psize / 2) << 26) | (fx << 25);
}
void cpu_raise(CPUState *cpu, int code, uint64_t pc, uint64_t addr, const char *reason);
// The translation-block flags of the state (tb-flags.h); cpu_sync_tb_flags stores them in
// s.tb_flags (call it after changing the rotation from C++).
uint32_t cpu_tb_flags(const E2kState &s);
inline void cpu_sync_tb_flags(E2kState &s) { s.tb_flags = cpu_tb_flags(s); }

}  // namespace e2k
