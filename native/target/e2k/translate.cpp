// E2K bundle -> IR lowering. See translate.h for the block shape and ISA.md §10.1 for the
// order of effects this file implements.
#include "target/e2k/translate.h"

#include <cinttypes>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <vector>

#include "linux-user/log.h"
#include "tcg/interp.h"
#include "target/e2k/aau.h"
#include "target/e2k/fpu.h"
#include "target/e2k/helpers.h"
#include "target/e2k/packed.h"
#include "target/e2k/tb-flags.h"
#include "target/e2k/tags.h"

namespace e2k {

void (*g_unimplemented_hook)(Mn mn, Fmt fmt) = nullptr;

using tcg::Builder;
using tcg::Cond;
using tcg::Opc;
using tcg::Temp;

namespace {

constexpr int64_t off(size_t o) { return static_cast<int64_t>(o); }
#define ENV(field) off(offsetof(E2kState, field))

// The diagnostic value a faulting speculative load produces (ISA.md §5.6).
constexpr int64_t kDiagValue = 0x4AFAFAFA4AFAFAFALL;

struct Write {
  enum Kind { Reg, Pred, Ctpr, StateReg } kind = Reg;
  Temp en = 0;          // 0 = unconditional, else temp != 0 enables
  // Reg: register byte decoded as a window index temp or a fixed env offset
  bool indexed = false;
  Temp idx = 0;         // window index (indexed) or predicate number temp (Pred)
  int64_t env_off = 0;  // fixed register slot offset (lo); hi is at +kHiDelta for window/global
  bool global = false;
  Temp lo = 0, hi = 0;
  char size = 'D';      // 'S' 32-bit write rule, 'D' 64, 'X' lo+hi, 'W' 32 bits always kept-high (movts)
  unsigned ctpr = 0;
  unsigned state_reg = 0;
  bool state32 = false;
  // Tag-aware blocks: the result's tag (4 bits per 64-bit word, 0/1 for a predicate).
  Temp tag = 0;
  bool tag_set = false;
};

// What earlier bundles of the block already proved about the window (saves re-checking).
struct BlockFacts {
  int checked_r = -1;  // %r0..%r(checked_r) are inside the window
  int checked_b = -1;  // %b[0..checked_b] are inside the rotating area and the window
};

// The rotation (BR) as far as the translator knows it at the current bundle. A specialized
// block (tb-flags.h) starts with all of it known from its flags; a TB_FLAG_GENERIC block
// knows nothing until a setbn/setbp sets a part to constants. Reading a part that came from
// the flags marks the block as depending on them (`used`).
struct Rotation {
  uint32_t other_flags = 0;  // the non-rotation bits of the block's flags (always known)
  bool known_r = false, known_p = false;          // rbs/rsz/rcur; psz/pcur
  bool r_from_flags = false, p_from_flags = false;
  unsigned rbs = 0, rsz = 0, rcur = 0, psz = 0, pcur = 0;
  bool used = false;
  bool r() {
    if (known_r && r_from_flags) used = true;
    return known_r;
  }
  bool p() {
    if (known_p && p_from_flags) used = true;
    return known_p;
  }
};

class BundleTranslator : private AauHost {
 public:
  BundleTranslator(Builder &b, const Bundle &bd, BlockFacts &facts, Rotation &rot, uint32_t flags, int iset)
      : b_(b), bd_(bd), facts_(facts), rot_(rot), aau_(b, bd, *this), tags_((flags & TB_FLAG_TAGS) != 0),
        align_((flags & TB_FLAG_ALIGN_CHECK) != 0), iset_(iset) {}
  void run();
  void setwd();
  bool failed() const { return illegal_; }
  bool ends_block() const { return ends_block_; }
  const char *reason() const { return illegal_reason_; }

 private:
  Builder &b_;
  const Bundle &bd_;
  BlockFacts &facts_;
  Rotation &rot_;
  std::vector<Write> writes_;
  std::vector<uint32_t> store_labels_;
  struct Store {
    Temp en;
    Temp addr;
    Temp v;
    Temp v_hi;
    unsigned size;
    bool lock;
    bool pair16;
  };
  std::vector<Store> stores_;
  unsigned max_r_ = 0;
  bool uses_r_ = false;
  unsigned max_b_ = 0;
  bool uses_b_ = false;
  bool illegal_ = false;
  const char *illegal_reason_ = nullptr;
  Temp zero_ = 0;
  Temp loop_end_ = 0;
  // lsr before the bundle, loaded at its top by loop_end() (0: not loaded there), and lsr after
  // an alc that acts on both outcomes of the transfer, computed from it (0: not precomputed).
  Temp lsr_in_ = 0;
  Temp lsr_alc_ = 0;
  bool taken_inverted_ = false;
  bool lsr_written_ = false;  // the bundle writes lsr before its stubs (rwd, strmd count)  // ct_condition returned the complement of the condition
  Temp cmp_res_[6] = {0, 0, 0, 0, 0, 0};  // compare results of this bundle (ct type 9)
  Temp clp_res_[3] = {0, 0, 0};
  AauBundle aau_;  // staa/ldaa/aaurr/aaurw/mova/bap/eap (aau.cpp)

  // AauHost
  Temp aau_read_reg(uint8_t byte, Temp *hi) override { return read_reg(byte, hi); }
  void aau_write_reg(uint8_t byte, Temp en, Temp lo, Temp hi, char size) override {
    write_dst(byte, en, lo, hi, size);
  }
  void aau_store(Temp en, Temp addr, Temp lo, Temp hi, unsigned size) override {
    stores_.push_back(Store{en, addr, lo, hi, size, false, false});
  }
  Temp aau_cond_source(unsigned psrc) override { return cond_source(psrc); }
  void aau_illegal(const char *why) override { illegal(why); }
  // Register tags (tags.h). tags_: this block is tag-aware; acc_: OR of the tags of the
  // registers the current channel read (4 bits); extra_: tag the operation itself creates;
  // transparent_: the operation moves or inspects tags instead of trapping on them.
  bool tags_;
  bool align_;  // %upsr.ac was set when the block was translated
  const int iset_;
  Temp acc_ = 0, extra_ = 0;
  bool transparent_ = false;
  bool ends_block_ = false;

  void note_tag(uint8_t byte, bool wide) {
    Temp t;
    if (byte < 0x80 && rot_.r()) t = b_.ld_env(ENV(win_tag) + 8 * b_fixed(byte));
    else if (byte < 0x80) t = b_.ld_envx(ENV(win_tag), b_index(byte));
    else if (byte < 0xc0) t = b_.ld_env(ENV(win_tag) + 8 * (byte - 0x80));
    else t = b_.ld_env(ENV(g_tag) + 8 * (byte - 0xe0));
    Temp m = b_.bin(Opc::and_, t, imm(0xf));
    if (wide) m = b_.bin(Opc::or_, m, b_.bin(Opc::and_, b_.bin(Opc::shr, t, imm(4)), imm(0xf)));
    acc_ = acc_ ? b_.bin(Opc::or_, acc_, m) : m;
  }
  Temp read_pred_tag(unsigned k) {
    return b_.bin(Opc::and_, b_.bin(Opc::shr, b_.ld_env(ENV(pred_tag)), pred_phys(k)), imm(1));
  }
  // Tag-unaware block: an operation about to create a tag leaves before the bundle commits
  // anything; the CPU loop runs the bundle again from a tag-aware block (tags.h).
  void leave_for_tags(Temp cond) {
    uint32_t ok = b_.new_label();
    b_.brcond(Cond::eq, cond, imm(0), ok);
    b_.call(HELPER_tags_on);
    b_.exit(imm(static_cast<int64_t>(bd_.pc)));
    b_.label(ok);
  }
  // An operation creates a diagnostic value when cond holds (tag 5 for 64-bit results,
  // 1 for 32-bit ones).
  void diag_when(Temp cond, uint64_t tag) {
    if (!tags_) {
      leave_for_tags(cond);
      return;
    }
    Temp t = b_.movcond(cond, imm(static_cast<int64_t>(tag)), imm(0));
    extra_ = extra_ ? b_.bin(Opc::or_, extra_, t) : t;
  }
  // %upsr.ac: 1 when an access of size bytes at a is misaligned and must be checked.
  Temp misaligned(const AluSlot &s, Temp a, unsigned size) {
    if (!align_ || size <= 1) return 0;
    unsigned mod = s.mas & 7;
    if (s.mas != 0 && mod != 7 && ((s.mas >> 4) & 1)) return 0;  // MAS.na: meant to be misaligned
    return b_.setcond(Cond::ne, b_.bin(Opc::and_, a, imm(size - 1)), imm(0));
  }
  void raise_misaligned(Temp mis, Temp a) {
    if (mis == 0) return;
    uint32_t ok = b_.new_label();
    b_.brcond(Cond::eq, mis, imm(0), ok);
    b_.call(HELPER_raise, imm(EXCP_ADDR_NOT_ALIGNED), a);
    b_.label(ok);
  }
  // A speculative load of size bytes at a that produced v: a load that cannot be performed
  // (or, with %upsr.ac, is misaligned) yields the diagnostic value.
  Temp sm_load_result(const AluSlot &s, Temp a, unsigned size, Temp v, unsigned align_size);
  void finish_channel_tags(const AluSlot &s, size_t first_write);
  // Tag-aware commit of a register write: the tag bits the write covers take w.tag.
  void commit_tag(const Write &w) {
    Temp tag = w.tag ? w.tag : imm(0);
    int64_t slot = w.global ? ENV(g_tag) + (w.env_off - ENV(g)) : ENV(win_tag) + (w.env_off - ENV(win));
    Temp old = w.indexed ? b_.ld_envx(ENV(win_tag), w.idx) : b_.ld_env(slot);
    Temp keep, mask;
    switch (w.size) {
      case 'S':  // the high half of the word survives only while dbl is clear
        keep = b_.bin(Opc::or_, imm(0xf0), b_.bin(Opc::and_, b_.bin(Opc::shr, b_.ld_env(ENV(keep_hi)), imm(60)), imm(0xc)));
        mask = imm(3);
        break;
      case 'W': keep = imm(0xfc); mask = imm(3); break;
      case 'X': keep = imm(0); mask = imm(0xff); break;
      default: keep = imm(0xf0); mask = imm(0xf); break;
    }
    Temp nt = b_.bin(Opc::or_, b_.bin(Opc::and_, old, keep), b_.bin(Opc::and_, tag, mask));
    if (w.indexed) b_.st_envx(ENV(win_tag), w.idx, nt);
    else b_.st_env(slot, nt);
  }
  void commit_pred_tag(const Write &w) {
    Temp tag = w.tag ? b_.bin(Opc::and_, w.tag, imm(1)) : imm(0);
    Temp p = b_.ld_env(ENV(pred_tag));
    Temp bit = b_.bin(Opc::shl, imm(1), w.idx);
    b_.st_env(ENV(pred_tag), b_.bin(Opc::or_, b_.bin(Opc::andc, p, bit), b_.bin(Opc::shl, tag, w.idx)));
  }

  void illegal(const char *why) {
    if (!illegal_) illegal_reason_ = why;
    illegal_ = true;
  }
  Temp imm(int64_t v) { return b_.movi(v); }

  // ---- operands --------------------------------------------------------------------
  void note_reg(uint8_t byte) {
    if (byte < 0x80) {
      uses_b_ = true;
      if (byte > max_b_) max_b_ = byte;
    } else if (byte < 0xc0) {
      uses_r_ = true;
      if (byte - 0x80u > max_r_) max_r_ = byte - 0x80u;
    }
  }
  void scan_operands();

  Temp b_index(unsigned i) {
    // rbase + (rcur2 + i) % rsize
    Temp cur = b_.ld_env(ENV(rcur2));
    Temp sum = b_.bin(Opc::add, cur, imm(i));
    Temp m = b_.bin(Opc::remu, sum, b_.ld_env(ENV(rsize)));
    return b_.bin(Opc::add, m, b_.ld_env(ENV(rbase)));
  }
  // The window register %b[i] is when the rotation is known (check i < rsize first).
  unsigned b_fixed(unsigned i) const {
    unsigned rsize = 2 * (rot_.rsz + 1);
    return 2 * rot_.rbs + (2 * rot_.rcur + i) % rsize;
  }
  Temp rsize_t() { return rot_.r() ? imm(2 * (rot_.rsz + 1)) : b_.ld_env(ENV(rsize)); }
  Temp rbase_t() { return rot_.r() ? imm(2 * rot_.rbs) : b_.ld_env(ENV(rbase)); }

  // Reads a register operand (byte < 0xC0 or >= 0xE0); hi = the high word when wanted.
  Temp read_reg(uint8_t byte, Temp *hi) {
    if (tags_ && (byte < 0xc0 || byte >= 0xe0)) note_tag(byte, hi != nullptr);
    return read_reg_value(byte, hi);
  }
  Temp read_reg_value(uint8_t byte, Temp *hi) {
    if (byte < 0x80 && rot_.r()) {
      unsigned n = b_fixed(byte);
      if (hi) *hi = b_.ld_env(ENV(win_hi) + 8 * n);
      return b_.ld_env(ENV(win) + 8 * n);
    }
    if (byte < 0x80) {
      Temp idx = b_index(byte);
      if (hi) *hi = b_.ld_envx(ENV(win_hi), idx);
      return b_.ld_envx(ENV(win), idx);
    }
    if (byte < 0xc0) {
      unsigned n = byte - 0x80u;
      if (hi) *hi = b_.ld_env(ENV(win_hi) + 8 * n);
      return b_.ld_env(ENV(win) + 8 * n);
    }
    if (byte < 0xe0) {
      illegal("register operand expected");
      if (hi) *hi = imm(0);
      return imm(0);
    }
    unsigned n = byte - 0xe0u;
    if (hi) *hi = b_.ld_env(ENV(g_hi) + 8 * n);
    return b_.ld_env(ENV(g) + 8 * n);
  }

  Temp literal(unsigned n, bool wide) {
    if (n >= bd_.n_lts || (wide && n + 1 >= bd_.n_lts)) {
      illegal("literal syllable not present");
      return imm(0);
    }
    if (wide) return imm(static_cast<int64_t>((uint64_t(bd_.lts[n + 1]) << 32) | bd_.lts[n]));
    return imm(static_cast<int64_t>(static_cast<int32_t>(bd_.lts[n])));
  }

  Temp src1(const AluSlot &s, Temp *hi = nullptr) {
    if (s.src1 >= 0xc0 && s.src1 < 0xe0) return imm(s.src1 & 0x1f);
    return read_reg(s.src1, hi);
  }
  Temp src2(const AluSlot &s, Temp *hi = nullptr) {
    uint8_t v = s.src2;
    if (v < 0xc0 || v >= 0xe0) return read_reg(v, hi);
    if (v < 0xd0) return imm(v & 0xf);
    switch (v) {
      case 0xd0: case 0xd1: {
        unsigned n = v & 1;
        if (n >= bd_.n_lts) break;
        return imm(static_cast<int16_t>(bd_.lts[n] & 0xffff));
      }
      case 0xd4: case 0xd5: {
        unsigned n = v & 1;
        if (n >= bd_.n_lts) break;
        return imm(static_cast<int16_t>(bd_.lts[n] >> 16));
      }
      case 0xd8: case 0xd9: case 0xda: case 0xdb: return literal(v & 3, false);
      case 0xdc: case 0xdd: case 0xde: return literal(v & 3, true);
      default: break;
    }
    illegal("invalid src2 literal selector");
    return imm(0);
  }
  Temp src3(const AluSlot &s, Temp *hi = nullptr) {
    if (s.src3 >= 0xc0 && s.src3 < 0xe0) {
      illegal("src3 must be a register");
      return imm(0);
    }
    return read_reg(s.src3, hi);
  }

  // Destination writes, committed at the end of the bundle.
  void write_dst(uint8_t byte, Temp en, Temp lo, Temp hi, char size) {
    Write w;
    w.en = en;
    w.lo = lo;
    w.hi = hi;
    w.size = size;
    if (byte < 0x80 && rot_.r()) {
      w.env_off = ENV(win) + 8 * b_fixed(byte);
    } else if (byte < 0x80) {
      w.indexed = true;
      w.idx = b_index(byte);
    } else if (byte < 0xc0) {
      w.env_off = ENV(win) + 8 * (byte - 0x80);
    } else if (byte >= 0xe0) {
      w.env_off = ENV(g) + 8 * (byte - 0xe0);
      w.global = true;
    } else if (byte >= 0xd1 && byte <= 0xd3) {
      w.kind = Write::Ctpr;
      w.ctpr = byte - 0xd0u;
    } else if (byte == 0xdf || byte == 0xde) {
      return;  // %empty
    } else {
      illegal("invalid destination");
      return;
    }
    writes_.push_back(w);
  }

  // ---- predicates ------------------------------------------------------------------
  Temp pred_phys(unsigned k) {
    // k <= psz: (pcur + k) % (psz + 1), else k
    if (rot_.p()) return imm(k <= rot_.psz ? (rot_.pcur + k) % (rot_.psz + 1) : k);
    Temp psz = b_.ld_env(ENV(psz));
    Temp kk = imm(k);
    Temp rot = b_.setcond(Cond::leu, kk, psz);
    Temp p1 = b_.bin(Opc::add, psz, imm(1));
    Temp r = b_.bin(Opc::remu, b_.bin(Opc::add, b_.ld_env(ENV(pcur)), kk), p1);
    return b_.movcond(rot, r, kk);
  }
  Temp read_pred(unsigned k) {
    Temp idx = pred_phys(k);
    Temp v = b_.bin(Opc::shr, b_.ld_env(ENV(pred)), idx);
    return b_.bin(Opc::and_, v, imm(1));
  }
  // lsr as it was before the bundle (only for reads made before any write of the bundle).
  Temp lsr_before() { return lsr_in_ ? lsr_in_ : b_.ld_env(ENV(lsr)); }
  Temp pcnt_le(unsigned n) {
    Temp pcnt = b_.bin(Opc::and_, b_.bin(Opc::shr, lsr_before(), imm(48)), imm(0x1f));
    return b_.setcond(Cond::leu, pcnt, imm(n));
  }
  // RLP/MRGC predicate source byte (ISA.md §2.12).
  Temp cond_source(unsigned psrc) {
    if ((psrc & 0x60) == 0x60) return read_pred(psrc & 0x1f);
    if ((psrc & 0x60) == 0x40) return pcnt_le(psrc & 0x1f);
    illegal("invalid predicate source");
    return imm(0);
  }
  // AND of the RLP entries covering channel ch (0 = always executes); MRGC if merge.
  Temp channel_cond(unsigned ch, bool merge, bool *found);

  void translate_alu(unsigned ch, Temp en);
  Temp icomb(unsigned code, Temp x, Temp y, bool i32, unsigned ch);
  // Packed, quad-packed, plog and FMA operations (ISA.md 4.5, 4.6); false: not one of them.
  bool translate_packed(const AluSlot &s, Temp en);
  bool quad_operand(const AluSlot &s, unsigned which, char size, Temp *lo, Temp *hi);
  void quad_op(Mn qmn, const Temp op[4], Temp *lo, Temp *hi);
  // src2 of an 80-bit operation as (mantissa, sign+exponent): 'x' a register, 's'/'d' widened.
  Temp fx_src2(const AluSlot &s, char fmt, Temp *hi);
  bool translate_fx(const AluSlot &s, Temp en);
  // An operation that decodes but that this CPU does not implement: SIGILL when executed.
  void unimplemented(const AluSlot &s) {
    if (g_unimplemented_hook) g_unimplemented_hook(s.t->mn, s.t->fmt);
    qemu_log_mask(LOG_UNIMP, "e2k: %s (%s) at 0x%016" PRIx64 " is not implemented\n", mnemonic_name(s.t->mn),
                  format_name(s.t->fmt), bd_.pc);
    b_.raise(EXCP_UNIMPLEMENTED);
  }
  // Reverse the low `size` bytes of v (MAS.be accesses, ISA.md 5.2); built from shifts and masks.
  Temp bswap(Temp v, unsigned size) {
    Temp r = imm(0);
    for (unsigned i = 0; i < size; i++) {
      Temp byte = b_.bin(Opc::and_, b_.bin(Opc::shr, v, imm(8 * i)), imm(0xff));
      r = b_.bin(Opc::or_, r, b_.bin(Opc::shl, byte, imm(8 * (size - 1 - i))));
    }
    return r;
  }
  Temp fcomb(unsigned code, Temp x, Temp y, bool dbl);
  Temp fpop(FpOp op, Temp x, Temp y);
  void do_store(const AluSlot &s, Temp en, unsigned size);
  Temp ct_condition();
  void plu(std::vector<Write> &pw);
  Temp loop_end();
  Temp alc_update(Temp l);
  void branch_unless_alc_fast(Temp l, Temp lcnt, uint32_t slow);
  bool alc_on_both_paths() const;
  void setbr();
  void stubs(bool taken);
  void store_tb_flags();
  void finish_bundle(Temp taken);
};

// #LOOP_END (ISA.md §8): lsr.vlc && ecnt == 0 && lcnt < 2, from lsr before the bundle.
// lcnt >= 2 (every iteration of a counted loop but the last) decides it alone, on a branch the
// host predicts, so the usual case costs a compare instead of the whole formula. When the
// bundle's alc acts whatever the transfer does (the usual loop body), the same branch also
// yields lsr after the alc: on the fast path (no pcnt, #LOOP_OVER clear) just lcnt - 1.
Temp BundleTranslator::loop_end() {
  Temp lsr = b_.ld_env(ENV(lsr));
  lsr_in_ = lsr;
  bool alc = alc_on_both_paths();
  Temp end = b_.temp(), next = alc ? b_.temp() : 0;
  uint32_t slow = b_.new_label(), done = b_.new_label();
  Temp lcnt = b_.un(Opc::ext32u, lsr);
  if (alc) {
    branch_unless_alc_fast(lsr, lcnt, slow);
  } else {
    b_.brcond(Cond::ltu, lcnt, imm(2), slow);
  }
  b_.mov_to(end, imm(0));
  if (alc) b_.mov_to(next, b_.bin(Opc::sub, lsr, imm(1)));
  b_.br(done);
  b_.label(slow);
  const int64_t vlc = int64_t(1) << 37, ecnt = int64_t(0x1f) << 32;
  Temp e = b_.setcond(Cond::eq, b_.bin(Opc::and_, lsr, imm(vlc | ecnt)), imm(vlc));
  if (alc) e = b_.bin(Opc::and_, e, b_.setcond(Cond::ltu, lcnt, imm(2)));  // also here with lcnt >= 2
  b_.mov_to(end, e);
  if (alc) b_.mov_to(next, alc_update(lsr));
  b_.label(done);
  lsr_alc_ = next;
  return end;
}

// The alc fast path, taken on every iteration but the last ones of a counted loop: lcnt >= 2
// with pcnt and the #LOOP_OVER bit clear leaves just lsr - 1 (no field reaches 0, nothing
// borrows), so the loop-carried chain through lsr is one subtract and a predicted branch
// replaces the general update. Branches to `slow` when lsr l (lcnt its low word) is off it.
void BundleTranslator::branch_unless_alc_fast(Temp l, Temp lcnt, uint32_t slow) {
  b_.brcond(Cond::ltu, lcnt, imm(2), slow);
  b_.brcond(Cond::ne, b_.bin(Opc::and_, l, imm((int64_t(0x1f) << 48) | (int64_t(1) << 38))), imm(0), slow);
}

bool BundleTranslator::alc_on_both_paths() const {
  return bd_.has_ss && ((bd_.ss >> 16) & 1) && ((bd_.ss >> 17) & 1);
}

// lsr after alc (ISA.md §8): lcnt and pcnt count down to 0; #LOOP_OVER := lcnt == 0 (after
// the count); ecnt counts down once lcnt is 0 when vlc. A field is decremented only when
// non-zero: no borrows.
Temp BundleTranslator::alc_update(Temp l) {
  Temp lcnt_nz = b_.setcond(Cond::ne, b_.un(Opc::ext32u, l), imm(0));
  Temp pcnt_nz = b_.setcond(Cond::ne, b_.bin(Opc::and_, l, imm(int64_t(0x1f) << 48)), imm(0));
  Temp n = b_.bin(Opc::sub, l, lcnt_nz);
  n = b_.bin(Opc::sub, n, b_.bin(Opc::shl, pcnt_nz, imm(48)));
  Temp over = b_.setcond(Cond::eq, b_.un(Opc::ext32u, n), imm(0));
  // vlc && ecnt != 0: (l & (vlc|ecnt)) > vlc
  const int64_t vlc = int64_t(1) << 37, ecnt = int64_t(0x1f) << 32;
  Temp e_dec = b_.bin(Opc::and_, over, b_.setcond(Cond::gtu, b_.bin(Opc::and_, l, imm(vlc | ecnt)), imm(vlc)));
  n = b_.bin(Opc::sub, n, b_.bin(Opc::shl, e_dec, imm(32)));
  n = b_.bin(Opc::andc, n, imm(int64_t(1) << 38));
  return b_.bin(Opc::or_, n, b_.bin(Opc::shl, over, imm(38)));
}

// The state word tb_flags from the rotation fields: constant where the rotation is known.
void BundleTranslator::store_tb_flags() {
  uint32_t known = rot_.other_flags;
  uint32_t mask = ~TB_BR_MASK;
  if (rot_.r()) {
    known |= tb_flags_br(rot_.rbs, rot_.rsz, rot_.rcur, 0, 0);
    mask |= tb_flags_br(0x3f, 0x3f, 0x3f, 0, 0);
  }
  if (rot_.p()) {
    known |= tb_flags_br(0, 0, 0, rot_.psz, rot_.pcur);
    mask |= tb_flags_br(0, 0, 0, 0x1f, 0x1f);
  }
  Temp v = imm(known);
  if (mask != ~uint32_t(0)) {
    // an unknown part: take it from the fields
    if (!(mask & tb_flags_br(0x3f, 0, 0, 0, 0))) {
      v = b_.bin(Opc::or_, v, b_.ld_env(ENV(rbs)));
      v = b_.bin(Opc::or_, v, b_.bin(Opc::shl, b_.ld_env(ENV(rsz)), imm(6)));
      v = b_.bin(Opc::or_, v, b_.bin(Opc::shl, b_.ld_env(ENV(rcur)), imm(12)));
    }
    if (!(mask & tb_flags_br(0, 0, 0, 0x1f, 0))) {
      v = b_.bin(Opc::or_, v, b_.bin(Opc::shl, b_.ld_env(ENV(psz)), imm(18)));
      v = b_.bin(Opc::or_, v, b_.bin(Opc::shl, b_.ld_env(ENV(pcur)), imm(23)));
    }
  }
  b_.st_env(ENV(tb_flags), v);
}

// setbn/setbp (CS1 SETR0/SETR1/SETBR): constants, so the rotation becomes known.
void BundleTranslator::setbr() {
  uint32_t cs1 = bd_.cs1;
  if ((cs1 >> 26) & 1) {
    unsigned rbs = cs1 & 0x3f, rsz = (cs1 >> 6) & 0x3f, rcur = ((cs1 >> 12) & 0x3f) % (rsz + 1);
    b_.st_env(ENV(rbs), imm(rbs));
    b_.st_env(ENV(rsz), imm(rsz));
    b_.st_env(ENV(rcur), imm(rcur));
    b_.st_env(ENV(rbase), imm(2 * rbs));
    b_.st_env(ENV(rsize), imm(2 * (rsz + 1)));
    b_.st_env(ENV(rcur2), imm(2 * rcur));
    rot_.known_r = true;
    rot_.r_from_flags = false;
    rot_.rbs = rbs;
    rot_.rsz = rsz;
    rot_.rcur = rcur;
  }
  if ((cs1 >> 27) & 1) {
    unsigned psz = (cs1 >> 18) & 0x1f;
    b_.st_env(ENV(psz), imm(psz));
    b_.st_env(ENV(pcur), imm(0));
    rot_.known_p = true;
    rot_.p_from_flags = false;
    rot_.psz = psz;
    rot_.pcur = 0;
  }
  store_tb_flags();
}

// The alc/abp/abn stubs of SS for one outcome of the transfer condition (ISA.md §8).
void BundleTranslator::stubs(bool taken) {
  if (!bd_.has_ss) return;
  uint32_t ss = bd_.ss;
  bool alc = taken ? (ss >> 16) & 1 : (ss >> 17) & 1;
  bool abp = taken ? (ss >> 18) & 1 : (ss >> 19) & 1;
  bool abn = taken ? (ss >> 21) & 1 : (ss >> 22) & 1;
  if (alc) {
    if (lsr_alc_ && !lsr_written_) {
      b_.st_env(ENV(lsr), lsr_alc_);  // computed by loop_end() from lsr before the bundle
    } else {
      Temp l = b_.ld_env(ENV(lsr));
      uint32_t slow = b_.new_label(), done = b_.new_label();
      branch_unless_alc_fast(l, b_.un(Opc::ext32u, l), slow);
      b_.st_env(ENV(lsr), b_.bin(Opc::sub, l, imm(1)));
      b_.br(done);
      b_.label(slow);
      b_.st_env(ENV(lsr), alc_update(l));
      b_.label(done);
    }
  }
  if (abp) {
    // pcur := (pcur - 1) mod (psz + 1)
    if (rot_.p()) {
      rot_.pcur = (rot_.pcur + rot_.psz) % (rot_.psz + 1);
      b_.st_env(ENV(pcur), imm(rot_.pcur));
    } else {
      Temp pcur = b_.ld_env(ENV(pcur));
      Temp dec = b_.bin(Opc::sub, pcur, imm(1));
      Temp zero = b_.setcond(Cond::eq, pcur, imm(0));
      b_.st_env(ENV(pcur), b_.movcond(zero, b_.ld_env(ENV(psz)), dec));
    }
  }
  if (abn) {
    // rcur := (rcur - 1) mod (rsz + 1)
    if (rot_.r()) {
      rot_.rcur = (rot_.rcur + rot_.rsz) % (rot_.rsz + 1);
      b_.st_env(ENV(rcur), imm(rot_.rcur));
      b_.st_env(ENV(rcur2), imm(2 * rot_.rcur));
    } else {
      Temp rcur = b_.ld_env(ENV(rcur));
      Temp dec = b_.bin(Opc::sub, rcur, imm(1));
      Temp zero = b_.setcond(Cond::eq, rcur, imm(0));
      Temp nr = b_.movcond(zero, b_.ld_env(ENV(rsz)), dec);
      b_.st_env(ENV(rcur), nr);
      b_.st_env(ENV(rcur2), b_.bin(Opc::add, nr, nr));
    }
  }
  if (abp || abn) store_tb_flags();
}

// Stubs and the control transfer at the end of the bundle, one path per outcome of the
// condition, so each exit knows the rotation it leaves with.
void BundleTranslator::finish_bundle(Temp taken) {
  const Bundle &bd = bd_;
  uint64_t next = bd.pc + bd.len;
  bool ibranch = bd.has_ibranch() && bd.has_ss && bd.ctop() == 0;
  bool ct = bd.has_ss && bd.ctop() != 0;
  if (!ibranch && !ct) {
    stubs(false);  // no transfer: only the *f stubs act
    return;
  }
  const Rotation before = rot_;
  uint32_t fall = b_.new_label();
  b_.brcond(taken_inverted_ ? Cond::ne : Cond::eq, taken, imm(0), fall);
  stubs(true);
  if (ibranch) {
    int64_t disp = static_cast<int64_t>(static_cast<int32_t>(bd.cs0 << 4) >> 4) * 8;
    b_.exit(imm(static_cast<int64_t>(bd.pc + static_cast<uint64_t>(disp))));
  } else if (bd.has_call()) {
    b_.exit(b_.call(HELPER_call, imm(bd.ctop()), imm(bd.cs1 & 0x7f), imm(static_cast<int64_t>(next))));
  } else {
    // ct through a disp ctpr inline; a return (or a fault) in the helper
    int64_t ctoff = ENV(ctpr) + 8 * bd.ctop();
    Temp c = b_.ld_env(ctoff);
    Temp tag = b_.bin(Opc::and_, b_.bin(Opc::shr, c, imm(kCtprTagShift)), imm(7));
    uint32_t slow = b_.new_label();
    b_.brcond(Cond::ne, tag, imm(CTPR_DISP), slow);
    b_.exit(b_.bin(Opc::and_, c, imm(static_cast<int64_t>(kCtprBaseMask))));
    b_.label(slow);
    b_.exit(b_.call(HELPER_ct, imm(bd.ctop()), imm(static_cast<int64_t>(bd.pc))));
  }
  Rotation after_taken = rot_;
  rot_ = before;
  rot_.used = after_taken.used;
  b_.label(fall);
  stubs(false);
  b_.exit(imm(static_cast<int64_t>(next)));
}

Temp BundleTranslator::channel_cond(unsigned ch, bool merge, bool *found) {
  Temp acc = 0;
  *found = false;
  unsigned cluster = ch / 3, pos = ch % 3;
  for (unsigned i = 0; i < bd_.n_cds; i++) {
    for (unsigned h = 0; h < 2; h++) {
      unsigned e = h == 0 ? bd_.cds[i] >> 16 : bd_.cds[i] & 0xffff;
      unsigned opc = (e >> 14) & 3;
      bool is_mrgc = opc >= 2;
      if (is_mrgc != merge) continue;
      if ((opc & 1) != cluster) continue;
      if (!merge && ((e >> 13) & 1)) continue;  // am entries condition AAU index advance
      if (((e >> (10 + pos)) & 1) == 0) continue;
      Temp c = cond_source(e & 0x7f);
      if ((e >> (7 + pos)) & 1) c = b_.bin(Opc::xor_, c, imm(1));
      acc = acc == 0 ? c : b_.bin(Opc::and_, acc, c);
      *found = true;
    }
  }
  return acc;
}

Temp BundleTranslator::ct_condition() {
  unsigned cond = bd_.ct_cond();
  unsigned type = cond >> 5, psrc = cond & 0x1f;
  auto loop_end = [&]() { return loop_end_; };
  auto pcnt_zero = [&]() {
    Temp pcnt = b_.bin(Opc::and_, b_.bin(Opc::shr, lsr_before(), imm(48)), imm(0x1f));
    return b_.setcond(Cond::eq, pcnt, imm(0));
  };
  switch (type) {
    case 0: return imm(0);
    case 1: return imm(1);
    case 2: return read_pred(psrc);
    case 3: taken_inverted_ = true; return read_pred(psrc);
    case 4: return loop_end();
    case 5: taken_inverted_ = true; return loop_end();
    case 6:
    case 0xe: {
      Temp p = read_pred(psrc);
      if (type == 0xe) p = b_.bin(Opc::xor_, p, imm(1));
      p = b_.bin(Opc::and_, p, pcnt_zero());  // the predicate counts only outside the prologue
      return b_.bin(Opc::or_, p, loop_end());
    }
    case 7:
    case 0xf: {
      Temp p = read_pred(psrc);
      if (type == 7) p = b_.bin(Opc::xor_, p, imm(1));
      Temp pz = pcnt_zero();
      p = b_.bin(Opc::or_, p, b_.bin(Opc::xor_, pz, imm(1)));
      return b_.bin(Opc::and_, p, b_.bin(Opc::xor_, loop_end(), imm(1)));
    }
    case 8: return b_.ld_env(ENV(mlock));  // || %dt_al: no result of this CPU carries a tag
    case 9: {
      // %MLOCK || a compare (or CLP) result of this bundle
      static const unsigned alc[4] = {0, 1, 3, 4};
      auto res = [&](Temp t) { return t ? t : imm(0); };
      Temp c;
      unsigned form = (psrc >> 3) & 3;
      if (form == 0) {
        c = res(cmp_res_[alc[(psrc >> 1) & 3]]);
        if (psrc & 1) c = b_.bin(Opc::xor_, c, imm(1));
      } else if (form == 1) {
        unsigned first = (psrc >> 2) & 1 ? 3 : 0;
        Temp c0 = res(cmp_res_[first]), c1 = res(cmp_res_[first + 1]);
        if (psrc & 2) c0 = b_.bin(Opc::xor_, c0, imm(1));
        if (psrc & 1) c1 = b_.bin(Opc::xor_, c1, imm(1));
        c = b_.bin(Opc::or_, c0, c1);
      } else {
        unsigned k = (psrc >> 1) & 3;
        c = k < 3 ? res(clp_res_[k]) : imm(0);
        if (psrc & 1) c = b_.bin(Opc::xor_, c, imm(1));
      }
      return b_.bin(Opc::or_, c, b_.ld_env(ENV(mlock)));
    }
    default: illegal("reserved ct condition"); return imm(0);
  }
}

void BundleTranslator::scan_operands() {
  for (unsigned i = 0; i < 6; i++) {
    const AluSlot &s = bd_.alu[i];
    if (!s.present) continue;
    Fmt f = s.t->fmt;
    bool has_src1 = s.t->fixed_src1 < 0 && f != Fmt::ALOPF2 && f != Fmt::ALOPF12 && f != Fmt::ALOPF22 &&
                    f != Fmt::ALOPF15 && f != Fmt::ALOPF16 && f != Fmt::ALOPF10 && f != Fmt::ALOPF19 &&
                    f != Fmt::AAURW && f != Fmt::AAURR;
    bool has_src2 = s.t->fixed_src2 < 0 && f != Fmt::ALOPF10 && f != Fmt::ALOPF19 && f != Fmt::AAURW &&
                    f != Fmt::AAURR && f != Fmt::ALOPF16;
    if (has_src1) note_reg(s.src1);
    if (has_src2) note_reg(s.src2);
    if ((f == Fmt::ALOPF21 || f == Fmt::ALOPF21_MERGE) && s.t->ales_opce < 0) note_reg(s.src3);
    bool dst_reg = f != Fmt::ALOPF7 && f != Fmt::ALOPF8 && f != Fmt::ALOPF15 && f != Fmt::ALOPF17;
    if (dst_reg) note_reg(s.dst);
  }
  uint8_t mova_dst[4];
  for (unsigned i = 0, n = aau_mova_dsts(bd_, mova_dst); i < n; i++) note_reg(mova_dst[i]);
}

static bool is_s(char c) { return c == 'S'; }

void BundleTranslator::do_store(const AluSlot &s, Temp en, unsigned size) {
  Temp a = b_.bin(Opc::add, src1(s), src2(s));
  Temp hi = 0;
  Temp v = read_reg(s.dst, size == 16 ? &hi : nullptr);
  if (s.dst >= 0xc0 && s.dst < 0xe0) illegal("store value must be a register");
  Store st{en, a, v, hi, size, false, false};
  unsigned mod = s.mas & 7;
  // 16-byte stores are checked for 16-byte alignment, like the loads [U, ISA.md 5.3]
  if (mod != 2 || s.mas == 0) raise_misaligned(misaligned(s, a, size), a);
  if (s.mas != 0) {
    if (mod == 2 && (s.mas >> 3) == 0) {
      st.lock = true;
    } else if (mod == 7) {
      // cache-line flushes and other special stores: no data effect for user mode
      if (((s.mas >> 3) & 0xf) == 1 || ((s.mas >> 3) & 0xf) == 2) return;
      illegal("unsupported special store MAS");
    } else if ((s.mas >> 3) & 1) {
      // MAS.be: memory holds the value byte-reversed (a 16-byte value as one 128-bit number)
      if (size == 16) {
        Temp lo = bswap(st.v_hi, 8);
        st.v_hi = bswap(st.v, 8);
        st.v = lo;
      } else if (size > 1) {
        st.v = bswap(st.v, size);
      }
    }
  }
  stores_.push_back(st);
}

void BundleTranslator::translate_alu(unsigned ch, Temp en) {
  const AluSlot &s = bd_.alu[ch];
  const AluTemplate &t = *s.t;
  const char *sz = t.sizes;
  size_t nsz = std::strlen(sz);
  char dsz = nsz ? sz[nsz - 1] : 'D';
  Mn mn = t.mn;
  if (AauBundle::handles(s)) {
    aau_.alu(ch, en);
    return;
  }

  auto bin = [&](Opc opc) {
    bool i32 = is_s(sz[0]);
    Temp r = b_.bin(opc, src1(s), src2(s), i32);
    write_dst(s.dst, en, r, 0, dsz);
  };
  auto div_guard = [&](Temp divisor, bool i32) -> bool {
    // non-speculative division by zero raises exc_div; ,sm yields a diagnostic value
    if (s.sm) return true;
    uint32_t ok = b_.new_label();
    b_.brcond(Cond::ne, divisor, imm(0), ok, i32);
    b_.raise(EXCP_DIV);
    b_.label(ok);
    return false;
  };
  auto fp2 = [&](FpOp op) {
    Temp r = fpop(op, src1(s), src2(s));
    write_dst(s.dst, en, r, 0, dsz);
  };
  auto fp1 = [&](FpOp op) {
    Temp r = b_.call(HELPER_fpop, imm(static_cast<int>(op)), imm(0), src2(s));
    write_dst(s.dst, en, r, 0, dsz);
  };
  auto load = [&](unsigned size) {
    Temp a = b_.bin(Opc::add, src1(s), src2(s));
    unsigned mod = s.mas & 7;
    if (s.mas == 7 && ch == 0) {
      Temp r = b_.call(HELPER_lock_load, a, imm(size));
      write_dst(s.dst, en, r, 0, 'D');
      return;
    }
    if (s.mas != 0 && mod != 0) {
      if (mod == 3 && (ch == 2 || ch == 5)) {
        // DAM check load: report a conflict so the fix-up path runs (as Q does)
        Temp one = imm(1);
        Write w;
        w.kind = Write::StateReg;
        w.en = en;
        w.state_reg = 0x1000;  // %MLOCK pseudo register
        w.lo = one;
        writes_.push_back(w);
      } else if (mod == 4 && s.sm) {
        return;  // speculative lock/check load: skipped
      } else if (mod == 7) {
        illegal("unsupported special load MAS");
      }
    }
    // MAS.be (mod != 7): the value is byte-reversed after the load (ISA.md 5.2)
    bool be = s.mas != 0 && mod != 7 && ((s.mas >> 3) & 1);
    Temp mis = s.sm ? 0 : misaligned(s, a, size);
    raise_misaligned(mis, a);
    if (size == 16) {
      Temp a8 = b_.bin(Opc::add, a, imm(8));
      Temp lo = s.sm ? b_.qld_nf(a, 8, kDiagValue) : b_.qld(a, 8);
      Temp hi = s.sm ? b_.qld_nf(a8, 8, kDiagValue) : b_.qld(a8, 8);
      if (s.sm) {
        lo = sm_load_result(s, a, 8, lo, 16);
        hi = sm_load_result(s, a8, 8, hi, 0);
      }
      if (be) {
        Temp t = bswap(hi, 8);
        hi = bswap(lo, 8);
        lo = t;
      }
      write_dst(s.dst, en, lo, hi, 'X');
      return;
    }
    Temp r = s.sm ? b_.qld_nf(a, static_cast<uint8_t>(size), kDiagValue) : b_.qld(a, static_cast<uint8_t>(size));
    if (s.sm) r = sm_load_result(s, a, size, r, size);
    if (be && size > 1) r = bswap(r, size);
    write_dst(s.dst, en, r, 0, 'D');
  };

  switch (mn) {
    case Mn::ands: case Mn::andd: bin(Opc::and_); return;
    case Mn::andns: case Mn::andnd: bin(Opc::andc); return;
    case Mn::ors: case Mn::ord: bin(Opc::or_); return;
    case Mn::orns: case Mn::ornd: bin(Opc::orc); return;
    case Mn::xors: case Mn::xord: bin(Opc::xor_); return;
    case Mn::xorns: case Mn::xornd: bin(Opc::xorc); return;
    case Mn::adds: case Mn::addd: bin(Opc::add); return;
    case Mn::subs: case Mn::subd: bin(Opc::sub); return;
    case Mn::shls: case Mn::shld: bin(Opc::shl); return;
    case Mn::shrs: case Mn::shrd: bin(Opc::shr); return;
    case Mn::sars: case Mn::sard: bin(Opc::sar); return;
    case Mn::scls: case Mn::scld: bin(Opc::rotl); return;
    case Mn::scrs: case Mn::scrd: bin(Opc::rotr); return;
    case Mn::muls: case Mn::muld: bin(Opc::mul); return;
    case Mn::umulx: {
      Temp r = b_.bin(Opc::mul, b_.un(Opc::ext32u, src1(s)), b_.un(Opc::ext32u, src2(s)));
      write_dst(s.dst, en, r, 0, 'D');
      return;
    }
    case Mn::smulx: {
      Temp r = b_.bin(Opc::mul, b_.un(Opc::ext32s, src1(s)), b_.un(Opc::ext32s, src2(s)));
      write_dst(s.dst, en, r, 0, 'D');
      return;
    }
    case Mn::umulhd: bin(Opc::mulhu); return;
    case Mn::smulhd: bin(Opc::mulhs); return;
    case Mn::udivs: case Mn::udivd: case Mn::sdivs: case Mn::sdivd: {
      bool i32 = mn == Mn::udivs || mn == Mn::sdivs;
      Temp a = src1(s), d = src2(s);
      bool diag = div_guard(d, i32);
      Opc opc = (mn == Mn::udivs || mn == Mn::udivd) ? Opc::divu : Opc::divs;
      Temp r = b_.bin(opc, a, d, i32);
      if (diag) {
        Temp z = b_.setcond(Cond::eq, d, imm(0), i32);
        diag_when(z, i32 ? kDiagTag32 : kDiagTag64);
        r = b_.movcond(z, imm(kDiagValue), r);
      }
      write_dst(s.dst, en, r, 0, dsz);
      return;
    }
    case Mn::udivx: case Mn::umodx: case Mn::sdivx: case Mn::smodx: {
      bool sgn = mn == Mn::sdivx || mn == Mn::smodx;
      bool mod = mn == Mn::umodx || mn == Mn::smodx;
      Temp a = src1(s);
      Temp d = b_.un(sgn ? Opc::ext32s : Opc::ext32u, src2(s));
      bool diag = div_guard(d, false);
      Temp q = b_.bin(sgn ? Opc::divs : Opc::divu, a, d);
      Temp r = mod ? b_.bin(sgn ? Opc::rems : Opc::remu, a, d) : q;
      if (!mod && !s.sm) {
        // a quotient that does not fit 32 bits raises exc_div
        uint32_t ok = b_.new_label();
        Temp fits = sgn ? b_.setcond(Cond::eq, b_.un(Opc::ext32s, q), q) : b_.setcond(Cond::leu, q, imm(0xffffffff));
        b_.brcond(Cond::ne, fits, imm(0), ok);
        b_.raise(EXCP_DIV);
        b_.label(ok);
      }
      if (diag) {
        Temp z = b_.setcond(Cond::eq, d, imm(0));
        diag_when(z, kDiagTag64);
        r = b_.movcond(z, imm(kDiagValue), r);
      }
      write_dst(s.dst, en, r, 0, dsz);
      return;
    }
    case Mn::sxt: {
      Temp r = b_.call(HELPER_sxt, src1(s), src2(s));
      write_dst(s.dst, en, r, 0, 'D');
      return;
    }
    case Mn::getfs: case Mn::getfd: {
      Temp r = b_.call(HELPER_getf, src1(s), src2(s), imm(mn == Mn::getfs ? 32 : 64));
      write_dst(s.dst, en, r, 0, dsz);
      return;
    }
    case Mn::insfs: case Mn::insfd: {
      Temp r = b_.call(HELPER_insf, src1(s), src2(s), src3(s), imm(mn == Mn::insfs ? 32 : 64));
      write_dst(s.dst, en, r, 0, dsz);
      return;
    }
    case Mn::merges: case Mn::merged: case Mn::pmrgp: {  // pmrgp (v6) is merged under another name [Q]
      bool found;
      Temp c = channel_cond(ch, true, &found);
      Temp a = src1(s), bb = src2(s);
      Temp r = found ? b_.movcond(c, bb, a) : a;
      write_dst(s.dst, en, r, 0, dsz);
      return;
    }
    case Mn::lzcnts: case Mn::lzcntd: {
      Temp r = b_.un(Opc::clz, src2(s), mn == Mn::lzcnts);
      write_dst(s.dst, en, r, 0, dsz);
      return;
    }
    case Mn::popcnts: case Mn::popcntd: {
      Temp r = b_.un(Opc::ctpop, src2(s), mn == Mn::popcnts);
      write_dst(s.dst, en, r, 0, dsz);
      return;
    }
    case Mn::bitrevs: case Mn::bitrevd: {
      Temp r = b_.call(HELPER_bitrev, src2(s), imm(mn == Mn::bitrevs ? 32 : 64));
      write_dst(s.dst, en, r, 0, dsz);
      return;
    }
    case Mn::movts: case Mn::movtcs: transparent_ = true; write_dst(s.dst, en, src2(s), 0, 'W'); return;
    case Mn::movtd: case Mn::movtcd: transparent_ = true; write_dst(s.dst, en, src2(s), 0, 'D'); return;
    case Mn::movtq: case Mn::movtcq: {
      transparent_ = true;
      // two ALCs, each moving one half (the second slot names the odd register)
      write_dst(s.dst, en, src2(s), 0, 'D');
      const AluSlot &o = bd_.alu[s.pair];
      write_dst(o.dst, en, src2(o), 0, 'D');
      return;
    }
    case Mn::ldb: load(1); return;
    case Mn::ldh: load(2); return;
    case Mn::ldw: load(4); return;
    case Mn::ldd: load(8); return;
    case Mn::ldqp: load(16); return;
    case Mn::ldq: {
      // pair: first slot loads [a], second [a + 8]
      Temp a = b_.bin(Opc::add, src1(s), src2(s));
      Temp a8 = b_.bin(Opc::add, a, imm(8));
      if (!s.sm) raise_misaligned(misaligned(s, a, 8), a);
      Temp lo = s.sm ? b_.qld_nf(a, 8, kDiagValue) : b_.qld(a, 8);
      Temp hi = s.sm ? b_.qld_nf(a8, 8, kDiagValue) : b_.qld(a8, 8);
      if (s.sm) {
        lo = sm_load_result(s, a, 8, lo, 8);
        hi = sm_load_result(s, a8, 8, hi, 0);
      }
      write_dst(s.dst, en, lo, 0, 'D');
      write_dst(bd_.alu[s.pair].dst, en, hi, 0, 'D');
      return;
    }
    case Mn::stb: do_store(s, en, 1); return;
    case Mn::sth: do_store(s, en, 2); return;
    case Mn::stw: do_store(s, en, 4); return;
    case Mn::std: do_store(s, en, 8); return;
    case Mn::stqp: do_store(s, en, 16); return;
    case Mn::stq: {
      Temp a = b_.bin(Opc::add, src1(s), src2(s));
      const AluSlot &o = bd_.alu[s.pair];
      raise_misaligned(misaligned(s, a, 8), a);
      Temp v0 = read_reg(s.dst, nullptr), v1 = read_reg(o.dst, nullptr);
      stores_.push_back(Store{en, a, v0, 0, 8, false, false});
      stores_.push_back(Store{en, b_.bin(Opc::add, a, imm(8)), v1, 0, 8, false, false});
      return;
    }
    case Mn::getsp: {
      Temp r = b_.call(HELPER_getsp, src2(s));
      write_dst(s.dst, en, r, 0, 'D');
      return;
    }
    case Mn::rrs: case Mn::rrd: {
      Temp r = b_.call(HELPER_rrd, imm(s.src1), imm(static_cast<int64_t>(bd_.pc)));
      write_dst(s.dst, en, r, 0, mn == Mn::rrs ? 'S' : 'D');
      return;
    }
    case Mn::rws: case Mn::rwd: {
      Write w;
      w.kind = Write::StateReg;
      w.en = en;
      w.state_reg = s.dst;
      w.state32 = mn == Mn::rws;
      if (s.dst == 0x80) ends_block_ = true;  // %upsr.ac decides how the next block is translated
      w.lo = src2(s);
      writes_.push_back(w);
      return;
    }
    case Mn::movfi: {
      Temp hi;
      read_reg(s.src2, &hi);
      if (s.src2 >= 0xc0 && s.src2 < 0xe0) illegal("movfi needs a register");
      write_dst(s.dst, en, b_.un(Opc::ext16u, hi), 0, 'S');
      return;
    }
    case Mn::movif: {
      Temp lo = src1(s), hi = b_.un(Opc::ext16u, src2(s));
      write_dst(s.dst, en, lo, hi, 'X');
      return;
    }
    case Mn::fadds: fp2(FpOp::adds); return;
    case Mn::fsubs: fp2(FpOp::subs); return;
    case Mn::fmuls: fp2(FpOp::muls); return;
    case Mn::fdivs: fp2(FpOp::divs); return;
    case Mn::fmins: fp2(FpOp::mins); return;
    case Mn::fmaxs: fp2(FpOp::maxs); return;
    case Mn::faddd: fp2(FpOp::addd); return;
    case Mn::fsubd: fp2(FpOp::subd); return;
    case Mn::fmuld: fp2(FpOp::muld); return;
    case Mn::fdivd: fp2(FpOp::divd); return;
    case Mn::fmind: fp2(FpOp::mind); return;
    case Mn::fmaxd: fp2(FpOp::maxd); return;
    case Mn::fsqrts: fp1(FpOp::sqrts); return;
    case Mn::frcps: fp1(FpOp::rcps); return;
    case Mn::frsqrts: fp1(FpOp::rsqrts); return;
    case Mn::fsqrtid: write_dst(s.dst, en, src2(s), 0, 'D'); return;  // first step: carries the operand
    case Mn::fsqrttd: case Mn::pfsqrttd: {
      Temp r = b_.call(HELPER_fpop, imm(static_cast<int>(FpOp::sqrtd)), imm(0), src1(s));
      write_dst(s.dst, en, r, 0, 'D');
      return;
    }
    case Mn::fstois: fp1(FpOp::stois); return;
    case Mn::fstoistr: fp1(FpOp::stoistr); return;
    case Mn::fstoid: fp1(FpOp::stoid); return;
    case Mn::fstoidtr: fp1(FpOp::stoidtr); return;
    case Mn::fdtois: fp1(FpOp::dtois); return;
    case Mn::fdtoistr: fp1(FpOp::dtoistr); return;
    case Mn::fdtoid: fp1(FpOp::dtoid); return;
    case Mn::fdtoidtr: fp1(FpOp::dtoidtr); return;
    case Mn::istofs: fp1(FpOp::istofs); return;
    case Mn::istofd: fp1(FpOp::istofd); return;
    case Mn::idtofs: fp1(FpOp::idtofs); return;
    case Mn::idtofd: fp1(FpOp::idtofd); return;
    case Mn::fstofd: fp1(FpOp::stofd); return;
    case Mn::fdtofs: fp1(FpOp::dtofs); return;
    case Mn::fscales: fp2(FpOp::scales); return;
    case Mn::fscaled: fp2(FpOp::scaled); return;
    case Mn::fstoifs: fp2(FpOp::rndis); return;
    case Mn::fdtoifd: fp2(FpOp::rndid); return;
    case Mn::gettags: case Mn::gettagd: {
      // a tag-unaware block runs only while every tag is zero
      transparent_ = true;
      Temp t = 0;
      if (tags_) {
        acc_ = 0;
        src2(s);
        t = acc_ ? b_.bin(Opc::and_, acc_, imm(mn == Mn::gettags ? 3 : 0xf)) : 0;
      }
      size_t n = writes_.size();
      write_dst(s.dst, en, t ? t : imm(0), 0, dsz);
      if (writes_.size() > n) writes_.back().tag_set = true;  // the tag number is an ordinary value
      return;
    }
    case Mn::puttags: case Mn::puttagd: {
      transparent_ = true;
      Temp v = src1(s);
      Temp t = b_.bin(Opc::and_, src2(s), imm(mn == Mn::puttags ? 3 : 0xf));
      if (!tags_) leave_for_tags(t);
      size_t n = writes_.size();
      write_dst(s.dst, en, v, 0, dsz);
      if (writes_.size() > n) {
        writes_.back().tag = t;
        writes_.back().tag_set = true;
      }
      return;
    }
    case Mn::puttagqp: {
      // a 128-bit value with the tag src2 (8 bits: 2 per 32-bit quarter)
      if (s.src1 >= 0xc0 && s.src1 < 0xe0) {
        illegal("puttagqp needs a register");
        return;
      }
      transparent_ = true;
      Temp hi;
      Temp lo = src1(s, &hi);
      Temp t = b_.bin(Opc::and_, src2(s), imm(0xff));
      if (!tags_) leave_for_tags(t);
      size_t n = writes_.size();
      write_dst(s.dst, en, lo, hi, 'X');
      if (writes_.size() > n) {
        writes_.back().tag = t;
        writes_.back().tag_set = true;
      }
      return;
    }
    case Mn::movtrs: case Mn::movtrcs: transparent_ = true; write_dst(s.dst, en, src2(s), 0, 'W'); return;
    case Mn::movtrd: case Mn::movtrcd: transparent_ = true; write_dst(s.dst, en, src2(s), 0, 'D'); return;
    case Mn::movx: case Mn::movxa: case Mn::movxc: {
      Temp hi;
      Temp lo = read_reg(s.src2, &hi);
      if (mn == Mn::movxa) hi = b_.bin(Opc::and_, hi, imm(0x7fff));
      else if (mn == Mn::movxc) hi = b_.bin(Opc::xor_, hi, imm(0x8000));
      write_dst(s.dst, en, lo, hi, 'X');
      return;
    }
    case Mn::pfadds: case Mn::pfsubs: case Mn::pfmuls: case Mn::pfmins: case Mn::pfmaxs: {
      FpOp op = mn == Mn::pfadds ? FpOp::adds
                : mn == Mn::pfsubs ? FpOp::subs
                : mn == Mn::pfmuls ? FpOp::muls
                : mn == Mn::pfmins ? FpOp::mins
                                   : FpOp::maxs;
      Temp r = b_.call(HELPER_pfop, imm(static_cast<int>(op)), src1(s), src2(s));
      write_dst(s.dst, en, r, 0, 'D');
      return;
    }
    case Mn::pfaddd: fp2(FpOp::addd); return;
    case Mn::pfsubd: fp2(FpOp::subd); return;
    case Mn::pfmuld: fp2(FpOp::muld); return;
    case Mn::fdtofx: case Mn::fstofx: {
      FxCvt k = mn == Mn::fdtofx ? FxCvt::from_d : FxCvt::from_s;
      Temp lo = b_.call(HELPER_fxcvt, imm(static_cast<int>(k)), src2(s), imm(0));
      Temp hi = b_.ld_env(ENV(scratch_hi));
      write_dst(s.dst, en, lo, hi, 'X');
      return;
    }
    case Mn::fxtofd: case Mn::fxtofs: {
      Temp hi;
      Temp lo = read_reg(s.src2, &hi);
      if (s.src2 >= 0xc0 && s.src2 < 0xe0) illegal("80-bit operand must be a register");
      FxCvt k = mn == Mn::fxtofd ? FxCvt::to_d : FxCvt::to_s;
      Temp r = b_.call(HELPER_fxcvt, imm(static_cast<int>(k)), lo, hi);
      write_dst(s.dst, en, r, 0, dsz);
      return;
    }
    case Mn::fxaddxx: case Mn::fxsubxx: case Mn::fxmulxx: case Mn::fxdivxx: {
      FxOp op = mn == Mn::fxaddxx ? FxOp::add
                : mn == Mn::fxsubxx ? FxOp::sub
                : mn == Mn::fxmulxx ? FxOp::mul
                : mn == Mn::fxdivxx ? FxOp::div
                                    : FxOp::rsub;
      if ((s.src1 >= 0xc0 && s.src1 < 0xe0) || (s.src2 >= 0xc0 && s.src2 < 0xe0)) {
        illegal("80-bit operands must be registers");
        return;
      }
      Temp h1, h2;
      Temp l1 = read_reg(s.src1, &h1), l2 = read_reg(s.src2, &h2);
      Temp a = b_.bin(Opc::or_, b_.bin(Opc::shl, b_.un(Opc::ext16u, h1), imm(16)), imm(static_cast<int>(op)));
      Temp lo = b_.call(HELPER_fxop, a, l1, l2, h2);
      Temp hi = b_.ld_env(ENV(scratch_hi));
      write_dst(s.dst, en, lo, hi, 'X');
      return;
    }
    // 80-bit square root in three steps, chained as glibc's sqrtl does it (sysdeps/e2k/fpu/e_sqrtl.S):
    //   fxsqrtixx x, t;  fxsqrtuxx x, t, t;  fxsqrttxx x, t, r   (r = sqrt(x))
    // The intermediate t is hardware-internal and only ever fed to the next step, so the first two
    // steps carry their src2 along unchanged and the final step computes sqrt(src1) with %fpcr's
    // precision and rounding (the QEMU fork's model [Q]); only the final step raises flags.
    // The s/d forms (fxsqrt{i,u,t}{s,d}x) stay unimplemented: binutils and the fork disagree on
    // which of src1/src2 holds the 32/64-bit operand.
    case Mn::fxsqrtixx: case Mn::fxsqrtuxx: {
      if ((mn == Mn::fxsqrtuxx && s.src1 >= 0xc0 && s.src1 < 0xe0) || (s.src2 >= 0xc0 && s.src2 < 0xe0)) {
        illegal("80-bit operands must be registers");
        return;
      }
      Temp hi;
      Temp lo = read_reg(s.src2, &hi);
      write_dst(s.dst, en, lo, hi, 'X');
      return;
    }
    case Mn::fxsqrttxx: case Mn::fxscalesx: {
      // fxscalesx: src1 * 2^src2, src2 a signed 32-bit integer (register or literal); glibc's
      // scalbnl/ldexpl on v4+ are this one operation (sysdeps/e2k/fpu/s_scalbnl.c, s_ldexpl.c).
      bool sqrt = mn == Mn::fxsqrttxx;
      if ((s.src1 >= 0xc0 && s.src1 < 0xe0) || (sqrt && s.src2 >= 0xc0 && s.src2 < 0xe0)) {
        illegal("80-bit operands must be registers");
        return;
      }
      Temp h1;
      Temp l1 = read_reg(s.src1, &h1);
      FxOp op = sqrt ? FxOp::sqrt : FxOp::scale;
      Temp a = b_.bin(Opc::or_, b_.bin(Opc::shl, b_.un(Opc::ext16u, h1), imm(16)), imm(static_cast<int>(op)));
      Temp lo = b_.call(HELPER_fxop, a, l1, sqrt ? imm(0) : src2(s), imm(0));
      Temp hi = b_.ld_env(ENV(scratch_hi));
      write_dst(s.dst, en, lo, hi, 'X');
      return;
    }
    default:
      break;
  }

  // Compares to a predicate (ALOPF7): cmp / cmpand / fcmp.
  if (t.fmt == Fmt::ALOPF7) {
    transparent_ = true;  // a tagged operand gives a tagged predicate (ISA.md 5.6)
    unsigned cc = (s.als >> 5) & 7;
    unsigned pdst = s.als & 0x1f;
    bool i32 = is_s(sz[0]);
    Temp r = 0;
    if (t.opc == 0x20 || t.opc == 0x21) {
      Temp a = src1(s), bb = src2(s);
      Temp d = b_.bin(Opc::sub, a, bb, i32);
      switch (cc) {
        case 0: {  // signed overflow of a - b
          Temp x = b_.bin(Opc::and_, b_.bin(Opc::xor_, a, bb, i32), b_.bin(Opc::xor_, a, d, i32), i32);
          r = b_.setcond(Cond::lt, x, imm(0), i32);
          break;
        }
        case 1: r = b_.setcond(Cond::ltu, a, bb, i32); break;
        case 2: r = b_.setcond(Cond::eq, a, bb, i32); break;
        case 3: r = b_.setcond(Cond::leu, a, bb, i32); break;
        case 4: r = b_.setcond(Cond::lt, d, imm(0), i32); break;
        case 5: r = b_.bin(Opc::xor_, b_.bin(Opc::and_, b_.un(Opc::ctpop, b_.un(Opc::ext8u, d)), imm(1)), imm(1)); break;
        case 6: r = b_.setcond(Cond::lt, a, bb, i32); break;
        default: r = b_.setcond(Cond::le, a, bb, i32); break;
      }
    } else if (t.opc == 0x22 || t.opc == 0x23) {
      Temp x = b_.bin(Opc::and_, src1(s), src2(s), i32);
      switch (cc) {
        case 2: r = b_.setcond(Cond::eq, x, imm(0), i32); break;
        case 4: r = b_.setcond(Cond::lt, x, imm(0), i32); break;
        case 5: r = b_.bin(Opc::xor_, b_.bin(Opc::and_, b_.un(Opc::ctpop, b_.un(Opc::ext8u, x)), imm(1)), imm(1)); break;
        case 7: r = b_.setcond(Cond::le, x, imm(0), i32); break;
        default: illegal("reserved cmpand condition"); return;
      }
    } else if (t.opc == 0x28 || t.opc == 0x29 || t.opc == 0x2b) {
      // fxcmp<cc>{s,d,x}b: 80-bit src1 against a 32/64/80-bit src2 [Q]
      if (s.src1 >= 0xc0 && s.src1 < 0xe0) {
        illegal("80-bit operand must be a register");
        return;
      }
      Temp h1, h2;
      Temp l1 = read_reg(s.src1, &h1);
      Temp l2 = fx_src2(s, t.opc == 0x28 ? 's' : t.opc == 0x29 ? 'd' : 'x', &h2);
      Temp a = b_.bin(Opc::or_, b_.bin(Opc::shl, b_.un(Opc::ext16u, h1), imm(16)), imm(cc));
      r = b_.call(HELPER_fxcmp, a, l1, l2, h2);
    } else if (t.opc == 0x2e || t.opc == 0x2f) {
      FpOp base = t.opc == 0x2e ? FpOp::cmps0 : FpOp::cmpd0;
      r = b_.call(HELPER_fpop, imm(static_cast<int>(base) + static_cast<int>(cc)), src1(s), src2(s));
    } else {
      unimplemented(s);
      return;
    }
    cmp_res_[ch] = en ? b_.bin(Opc::and_, r, en) : r;
    Write w;
    w.kind = Write::Pred;
    w.en = en;
    w.idx = pred_phys(pdst);
    w.lo = r;
    writes_.push_back(w);
    return;
  }
  // FP compares into a register (ALOPF11 EXT 0x2C/0x2D, opce 0xC0 + cc): all-ones or zero.
  if (t.fmt == Fmt::ALOPF11 && (t.opc == 0x2c || t.opc == 0x2d) && t.ales_opc2 == 1 && t.ales_opce >= 0xc0) {
    bool dbl = t.opc == 0x2d;
    FpOp base = dbl ? FpOp::cmpd0 : FpOp::cmps0;
    int cc = t.ales_opce - 0xc0;
    Temp r = b_.call(HELPER_fpop, imm(static_cast<int>(base) + cc), src1(s), src2(s));
    write_dst(s.dst, en, b_.un(Opc::neg, r, !dbl), 0, dsz);
    return;
  }
  // Integer combined operations (ICMB0-3): t = op1(src1, src2); dst = op2(src3, t) (ISA.md §4.5).
  bool icmb = t.ales_opc2 >= 0x08 && t.ales_opc2 <= 0x0b;
  if ((t.fmt == Fmt::ALOPF21 || t.fmt == Fmt::ALOPF21_MERGE) && icmb) {
    bool i32 = (t.opc & 1) == 0;
    unsigned op1 = (t.opc >> 1) & 0xf;
    unsigned op2 = ((static_cast<unsigned>(t.ales_opc2) & 3) << 2) | ((t.opc >> 5) & 3);
    Temp a = src1(s), bb = src2(s), c = src3(s);
    Temp t1 = icomb(op1, a, bb, i32, ch);
    Temp r = icomb(op2, c, t1, i32, ch);
    write_dst(s.dst, en, r, 0, dsz);
    return;
  }
  // Scalar FP combined operations (FCMB0-1), each step rounded on its own (Q model).
  if (t.fmt == Fmt::ALOPF21 && (t.ales_opc2 == 0x0c || t.ales_opc2 == 0x0d)) {
    bool dbl = (t.opc & 1) != 0;
    unsigned op1 = (t.opc >> 1) & 7;
    unsigned op2 = ((static_cast<unsigned>(t.ales_opc2) & 1) << 2) | ((t.opc >> 5) & 3);
    Temp a = src1(s), bb = src2(s), c = src3(s);
    Temp t1 = fcomb(op1, a, bb, dbl);
    Temp r = fcomb(op2, c, t1, dbl);
    if (t1 == 0 || r == 0) {
      unimplemented(s);
      return;
    }
    write_dst(s.dst, en, r, 0, dsz);
    return;
  }
  if (translate_packed(s, en)) return;
  if (translate_fx(s, en)) return;
  // Everything else decodes but is not implemented yet: the guest gets SIGILL.
  unimplemented(s);
}

Temp BundleTranslator::icomb(unsigned code, Temp x, Temp y, bool i32, unsigned ch) {
  switch (code) {
    case 0: return b_.bin(Opc::and_, x, y, i32);
    case 1: return b_.bin(Opc::andc, x, y, i32);
    case 2: return b_.bin(Opc::or_, x, y, i32);
    case 3: return b_.bin(Opc::orc, x, y, i32);
    case 4: return b_.bin(Opc::xor_, x, y, i32);
    case 5: return b_.bin(Opc::xorc, x, y, i32);
    case 6: return b_.bin(Opc::sub, y, x, i32);  // rsub
    case 7: {                                     // merge: selector from the channel's MRGC
      bool found;
      Temp c = channel_cond(ch, true, &found);
      return found ? b_.movcond(c, y, x) : x;
    }
    case 8: return b_.bin(Opc::add, x, y, i32);
    case 9: return b_.bin(Opc::sub, x, y, i32);
    case 10: return b_.bin(Opc::rotl, x, y, i32);
    case 11: return b_.bin(Opc::rotr, x, y, i32);
    case 12: return b_.bin(Opc::shl, x, y, i32);
    case 13: return b_.bin(Opc::shr, x, y, i32);
    case 14: return b_.bin(Opc::sar, x, y, i32);
    default: return b_.call(HELPER_getf, x, y, imm(i32 ? 32 : 64));
  }
}

// One fpop operation: the IEEE add/sub/mul/div of fp32/fp64 as IR ops (inline SSE in the JIT,
// %pfpfr as their status word, which has the MXCSR layout), anything else through the helper.
Temp BundleTranslator::fpop(FpOp op, Temp x, Temp y) {
  Opc opc;
  switch (op) {
    case FpOp::adds: case FpOp::addd: opc = Opc::fadd; break;
    case FpOp::subs: case FpOp::subd: opc = Opc::fsub; break;
    case FpOp::muls: case FpOp::muld: opc = Opc::fmul; break;
    case FpOp::divs: case FpOp::divd: opc = Opc::fdiv; break;
    default: return b_.call(HELPER_fpop, imm(static_cast<int>(op)), x, y);
  }
  bool single = op == FpOp::adds || op == FpOp::subs || op == FpOp::muls || op == FpOp::divs;
  return b_.fbin(opc, x, y, single, ENV(pfpfr));
}

Temp BundleTranslator::fcomb(unsigned code, Temp x, Temp y, bool dbl) {
  FpOp add = dbl ? FpOp::addd : FpOp::adds, sub = dbl ? FpOp::subd : FpOp::subs;
  FpOp mul = dbl ? FpOp::muld : FpOp::muls;
  switch (code) {
    case 0: return fpop(add, x, y);
    case 1: return fpop(sub, x, y);
    case 4: return fpop(mul, x, y);
    case 5: return fpop(sub, y, x);  // rsub
    default: return 0;  // packed-only steps (hadd/hsub/addsub)
  }
}

// Reads operand `which` (1..3) of a quad-packed operation as two 64-bit halves. A 128-bit ('P')
// operand must be a register: what the hardware does with a literal there is not known (ISA.md
// 4.3) [U]; a 64/32-bit operand is its own high half.
bool BundleTranslator::quad_operand(const AluSlot &s, unsigned which, char size, Temp *lo, Temp *hi) {
  uint8_t byte = which == 1 ? s.src1 : which == 2 ? s.src2 : s.src3;
  bool literal = byte >= 0xc0 && byte < 0xe0;
  if (size == 'P') {
    if (literal) {
      illegal("quad-packed operands must be registers");
      return false;
    }
    *lo = which == 1 ? src1(s, hi) : which == 2 ? src2(s, hi) : src3(s, hi);
    return true;
  }
  *lo = which == 1 ? src1(s) : which == 2 ? src2(s) : src3(s);
  *hi = *lo;
  return true;
}

// A quad-packed binary operation (packed_quad_form) on op = {src1.lo, src1.hi, src2.lo, src2.hi}.
void BundleTranslator::quad_op(Mn qmn, const Temp op[4], Temp *lo, Temp *hi) {
  QuadForm f;
  packed_quad_form(qmn, &f);
  Temp ha = f.hi_shift_a ? b_.bin(Opc::shr, op[f.hi_a], imm(f.hi_shift_a)) : op[f.hi_a];
  Temp hb = f.hi_shift_b ? b_.bin(Opc::shr, op[f.hi_b], imm(f.hi_shift_b)) : op[f.hi_b];
  *lo = b_.call(HELPER_packed, imm(static_cast<int>(f.lo_op)), op[f.lo_a], op[f.lo_b]);
  *hi = b_.call(HELPER_packed, imm(static_cast<int>(f.hi_op)), ha, hb);
}

// One step of a packed FP combined operation (PFCMB/QPFCMB, ISA.md 4.5): the 64-bit packed (or,
// for `d`, scalar double) operation for fcomb `code`; Mn::kCount when the code has none.
namespace {
Mn pfcomb_mn(unsigned code, bool dbl, bool quad) {
  switch (code) {
    case 0: return quad ? (dbl ? Mn::qpfaddd : Mn::qpfadds) : (dbl ? Mn::faddd : Mn::pfadds);
    case 1: case 5: return quad ? (dbl ? Mn::qpfsubd : Mn::qpfsubs) : (dbl ? Mn::fsubd : Mn::pfsubs);
    case 2: return dbl ? Mn::kCount : quad ? Mn::qpfhadds : Mn::pfhadds;
    case 3: return dbl ? Mn::kCount : quad ? Mn::qpfhsubs : Mn::pfhsubs;
    case 4: return quad ? (dbl ? Mn::qpfmuld : Mn::qpfmuls) : (dbl ? Mn::fmuld : Mn::pfmuls);
    case 7: return quad ? (dbl ? Mn::qpfaddsubd : Mn::qpfaddsubs) : (dbl ? Mn::kCount : Mn::pfaddsubs);
    default: return Mn::kCount;
  }
}
}  // namespace

bool BundleTranslator::translate_packed(const AluSlot &s, Temp en) {
  const AluTemplate &t = *s.t;
  const Mn mn = t.mn;
  const char *sz = t.sizes;
  const size_t nsz = std::strlen(sz);
  const char dsz = nsz ? sz[nsz - 1] : 'D';
  const bool unary = t.fmt == Fmt::ALOPF2 || t.fmt == Fmt::ALOPF12;
  // Writes a pair of halves: 128-bit, or two 32-bit words of a 64-bit result (narrowing ops).
  auto write_pair = [&](Temp lo, Temp hi) {
    if (dsz == 'P') {
      write_dst(s.dst, en, lo, hi, 'X');
    } else {
      Temp w = b_.bin(Opc::or_, b_.un(Opc::ext32u, lo), b_.bin(Opc::shl, hi, imm(32)));
      write_dst(s.dst, en, w, 0, dsz);
    }
  };

  // 64-bit packed operations: one helper call on (src1, src2); unary forms read src1 as 0.
  if ((t.fmt == Fmt::ALOPF11 || unary) && packed_supported(mn)) {
    Temp a = unary ? imm(0) : src1(s);
    Temp r = b_.call(HELPER_packed, imm(static_cast<int>(mn)), a, src2(s));
    write_dst(s.dst, en, r, 0, dsz);
    return true;
  }
  // lit8 forms: the literal is ALES[7:0].
  if ((t.fmt == Fmt::ALOPF11_LIT8 || t.fmt == Fmt::ALOPF12_PSHUFH) && packed_lit8_supported(mn) && s.ales >= 0) {
    unsigned lit = static_cast<unsigned>(s.ales) & 0xff;
    Temp a = t.fmt == Fmt::ALOPF12_PSHUFH ? imm(0) : src1(s);
    Temp r = b_.call(HELPER_packed3, imm(static_cast<int>(mn) | static_cast<int>(lit << 16)), a, src2(s), imm(0));
    write_dst(s.dst, en, r, 0, dsz);
    return true;
  }
  // Three-input byte operations.
  if (mn == Mn::pshufb || mn == Mn::pmerge) {
    Temp r = b_.call(HELPER_packed3, imm(static_cast<int>(mn)), src1(s), src2(s), src3(s));
    write_dst(s.dst, en, r, 0, 'D');
    return true;
  }
  if (mn == Mn::qpshufb || mn == Mn::qpmerge || mn == Mn::qppermb) {
    Temp l1, h1, l2, h2, l3, h3;
    if (!quad_operand(s, 1, 'P', &l1, &h1) || !quad_operand(s, 2, 'P', &l2, &h2) ||
        !quad_operand(s, 3, 'P', &l3, &h3))
      return true;
    Temp lo, hi;
    if (mn == Mn::qpshufb) {  // each half shuffles the 16 bytes of one source: lo from src2, hi from src1 [Q]
      Temp k = imm(static_cast<int>(Mn::pshufb));
      lo = b_.call(HELPER_packed3, k, h2, l2, l3);
      hi = b_.call(HELPER_packed3, k, h1, l1, h3);
    } else if (mn == Mn::qpmerge) {
      Temp k = imm(static_cast<int>(Mn::pmerge));
      lo = b_.call(HELPER_packed3, k, l1, l2, l3);
      hi = b_.call(HELPER_packed3, k, h1, h2, h3);
    } else {  // qppermb: bytes from src1 and from src2 computed apart and ORed
      Temp k1 = imm(static_cast<int>(Mn::qppermb)), k2 = imm(static_cast<int>(Mn::qppermb) | (1 << 16));
      lo = b_.bin(Opc::or_, b_.call(HELPER_packed3, k1, l1, h1, l3), b_.call(HELPER_packed3, k2, l2, h2, l3));
      hi = b_.bin(Opc::or_, b_.call(HELPER_packed3, k1, l1, h1, h3), b_.call(HELPER_packed3, k2, l2, h2, h3));
    }
    write_dst(s.dst, en, lo, hi, 'X');
    return true;
  }
  // plog/qplog (LCMBD/LCMBQ, ALES.opc2 0x10-0x13): truth table (ALES.opc2 bit 0 << 7) | ALS.opc.
  // The table lists qplog's operands as 64-bit; qplog acts on 128-bit registers as in Q [Q].
  if (t.fmt == Fmt::ALOPF21 && t.ales_opc2 >= 0x10 && t.ales_opc2 <= 0x13) {
    Temp table = imm(((t.ales_opc2 & 1) << 7) | t.opc);
    if ((t.ales_opc2 & 2) == 0) {
      write_dst(s.dst, en, b_.call(HELPER_plog, table, src1(s), src2(s), src3(s)), 0, 'D');
      return true;
    }
    Temp l1, h1, l2, h2, l3, h3;
    if (!quad_operand(s, 1, 'P', &l1, &h1) || !quad_operand(s, 2, 'P', &l2, &h2) ||
        !quad_operand(s, 3, 'P', &l3, &h3))
      return true;
    write_dst(s.dst, en, b_.call(HELPER_plog, table, l1, l2, l3), b_.call(HELPER_plog, table, h1, h2, h3), 'X');
    return true;
  }
  // v6 FMA (ALES.opc2 3): ALS.opc bit 0 double, 1 subtract the addend, 2 negate the product,
  // 3 quad-packed, 4 (quad) alternate: odd lanes flip bit 1 [Q]. dst = ±(src1·src2) ± src3.
  if (t.fmt == Fmt::ALOPF21 && t.ales_opc2 == 0x03 && t.opc < 0x14 && (sz[0] == 'S' || sz[0] == 'D' || sz[0] == 'P')) {
    unsigned opc = t.opc;
    bool dbl = opc & 1;
    int k = static_cast<int>((dbl ? 1 : 0) | ((opc & 2) ? 4 : 0) | ((opc & 4) ? 2 : 0));
    if (!(opc & 8) && !(opc & 16)) {
      write_dst(s.dst, en, b_.call(HELPER_fma, imm(k), src1(s), src2(s), src3(s)), 0, dsz);
      return true;
    }
    Temp l1, h1, l2, h2, l3, h3;
    if (!quad_operand(s, 1, 'P', &l1, &h1) || !quad_operand(s, 2, 'P', &l2, &h2) ||
        !quad_operand(s, 3, 'P', &l3, &h3))
      return true;
    bool alt = opc & 16;
    int klo = dbl ? k : (k | 8 | (alt ? 16 : 0));
    int khi = dbl ? (alt ? (k ^ 4) : k) : klo;
    write_dst(s.dst, en, b_.call(HELPER_fma, imm(klo), l1, l2, l3), b_.call(HELPER_fma, imm(khi), h1, h2, h3), 'X');
    return true;
  }
  // Packed FP combined operations (PFCMB0/1 0x0E/0x0F, QPFCMB0/1 0x16/0x17): t = op1(src1, src2);
  // dst = op2(src3, t) lane by lane, each step rounded on its own, as the scalar FCMB (ISA.md 4.5).
  bool pfcmb = t.ales_opc2 == 0x0e || t.ales_opc2 == 0x0f, qpfcmb = t.ales_opc2 == 0x16 || t.ales_opc2 == 0x17;
  if (t.fmt == Fmt::ALOPF21 && (pfcmb || qpfcmb)) {
    bool dbl = t.opc & 1;
    unsigned op1 = (t.opc >> 1) & 7;
    unsigned op2 = ((static_cast<unsigned>(t.ales_opc2) & 1) << 2) | ((t.opc >> 5) & 3);
    Mn m1 = pfcomb_mn(op1, dbl, qpfcmb), m2 = pfcomb_mn(op2, dbl, qpfcmb);
    if (m1 == Mn::kCount || m2 == Mn::kCount || op1 == 5) return false;
    if (pfcmb) {
      Temp t1 = b_.call(HELPER_packed, imm(static_cast<int>(m1)), src1(s), src2(s));
      Temp c = src3(s);
      Temp r = op2 == 5 ? b_.call(HELPER_packed, imm(static_cast<int>(m2)), t1, c)
                        : b_.call(HELPER_packed, imm(static_cast<int>(m2)), c, t1);
      write_dst(s.dst, en, r, 0, 'D');
      return true;
    }
    Temp l1, h1, l2, h2, l3, h3;
    if (!quad_operand(s, 1, 'P', &l1, &h1) || !quad_operand(s, 2, 'P', &l2, &h2) ||
        !quad_operand(s, 3, 'P', &l3, &h3))
      return true;
    Temp ops[4] = {l1, h1, l2, h2}, tl, th, rl, rh;
    quad_op(m1, ops, &tl, &th);
    Temp ops2[4] = {l3, h3, tl, th};
    Temp ops2r[4] = {tl, th, l3, h3};  // rsub: t - src3
    quad_op(m2, op2 == 5 ? ops2r : ops2, &rl, &rh);
    write_dst(s.dst, en, rl, rh, 'X');
    return true;
  }
  // v6 packed compares to a predicate (ALOPF17): "op" = some lane matches, "ap" = every lane;
  // the quad forms look at both halves.
  Mn cmp_lanes;
  bool all_lanes;
  if (t.fmt == Fmt::ALOPF17 && packed_pred_compare(mn, &cmp_lanes, &all_lanes)) {
    transparent_ = true;  // a tagged operand gives a tagged predicate
    Temp m;
    if (sz[0] == 'P') {
      Temp l1, h1, l2, h2;
      if (!quad_operand(s, 1, 'P', &l1, &h1) || !quad_operand(s, 2, 'P', &l2, &h2)) return true;
      Temp ml = b_.call(HELPER_packed, imm(static_cast<int>(cmp_lanes)), l1, l2);
      Temp mh = b_.call(HELPER_packed, imm(static_cast<int>(cmp_lanes)), h1, h2);
      m = b_.bin(all_lanes ? Opc::and_ : Opc::or_, ml, mh);
    } else {
      m = b_.call(HELPER_packed, imm(static_cast<int>(cmp_lanes)), src1(s), src2(s));
    }
    Temp r = all_lanes ? b_.setcond(Cond::eq, m, imm(-1)) : b_.setcond(Cond::ne, m, imm(0));
    cmp_res_[&s - bd_.alu] = en ? b_.bin(Opc::and_, r, en) : r;
    Write w;
    w.kind = Write::Pred;
    w.en = en;
    w.idx = pred_phys(s.dst & 0x1f);
    w.lo = r;
    writes_.push_back(w);
    return true;
  }
  // Register moves and builds of quad values.
  switch (mn) {
    case Mn::qppackdl:  // a 128-bit value with src1 as the high half and src2 as the low (ISA.md 4.6)
      write_dst(s.dst, en, src2(s), src1(s), 'X');
      return true;
    case Mn::qpswitchd: case Mn::qpswitchw: {  // d: swap the halves; w: swap the words of each half [Q]
      Temp lo, hi;
      if (!quad_operand(s, 2, 'P', &lo, &hi)) return true;
      if (mn == Mn::qpswitchd) write_dst(s.dst, en, hi, lo, 'X');
      else write_dst(s.dst, en, b_.bin(Opc::rotl, lo, imm(32)), b_.bin(Opc::rotl, hi, imm(32)), 'X');
      return true;
    }
    case Mn::qpcext_0x00: case Mn::qpcext_0x7f: case Mn::qpcext_0x80: case Mn::qpcext_0xff: {
      // low half = src2, high half = the byte of the mnemonic repeated [Q]
      uint64_t byte = mn == Mn::qpcext_0x00 ? 0 : mn == Mn::qpcext_0x7f ? 0x7f : mn == Mn::qpcext_0x80 ? 0x80 : 0xff;
      write_dst(s.dst, en, src2(s), imm(static_cast<int64_t>(byte * 0x0101010101010101ULL)), 'X');
      return true;
    }
    case Mn::qpmrgp: {  // merged on both halves, one MRGC condition [Q]
      Temp l1, h1, l2, h2;
      if (!quad_operand(s, 1, 'P', &l1, &h1) || !quad_operand(s, 2, 'P', &l2, &h2)) return true;
      bool found;
      Temp c = channel_cond(static_cast<unsigned>(&s - bd_.alu), true, &found);
      if (found) write_dst(s.dst, en, b_.movcond(c, l2, l1), b_.movcond(c, h2, h1), 'X');
      else write_dst(s.dst, en, l1, h1, 'X');
      return true;
    }
    // v5 add/sub with carry: dst = src1 ± src2 ± (src3 & 1); the _c forms give the carry/borrow
    // out instead. Q derives it by comparing the sum with src1, which misses a carry when
    // src2 + carry wraps; this takes the full 65-bit carry [U].
    case Mn::addcd: case Mn::addcd_c: case Mn::subcd: case Mn::subcd_c: {
      bool add = mn == Mn::addcd || mn == Mn::addcd_c;
      Temp a = src1(s), bb = src2(s), c = b_.bin(Opc::and_, src3(s), imm(1));
      Temp r1 = b_.bin(add ? Opc::add : Opc::sub, a, bb);
      Temp r = b_.bin(add ? Opc::add : Opc::sub, r1, c);
      if (mn == Mn::addcd || mn == Mn::subcd) {
        write_dst(s.dst, en, r, 0, 'D');
        return true;
      }
      Temp k1 = add ? b_.setcond(Cond::ltu, r1, a) : b_.setcond(Cond::ltu, a, bb);
      Temp k2 = add ? b_.setcond(Cond::ltu, r, r1) : b_.setcond(Cond::ltu, r1, c);
      write_dst(s.dst, en, b_.bin(Opc::or_, k1, k2), 0, 'D');
      return true;
    }
    case Mn::getfzs: case Mn::getfzd: {
      Temp r = b_.call(HELPER_getfz, src1(s), src2(s), imm(mn == Mn::getfzs ? 32 : 64));
      write_dst(s.dst, en, r, 0, dsz);
      return true;
    }
    case Mn::clmull: case Mn::clmulh:
      write_dst(s.dst, en, b_.call(HELPER_clmul, src1(s), src2(s), imm(mn == Mn::clmulh)), 0, 'D');
      return true;
    case Mn::stmqp: {  // v5 masked quad store to the address src1: byte i of the 128-bit value is stored
      // when bit i of src2 is set [Q] (gas prints the operands as [src1 + src2]; Q reads src2 as the
      // mask). Done as 16 byte stores, so bytes outside the mask are not touched (nor probed) [U].
      if (s.mas != 0) {
        illegal("MAS on a masked quad store is not supported");
        return true;
      }
      if (s.dst >= 0xc0 && s.dst < 0xe0) {
        illegal("store value must be a register");
        return true;
      }
      Temp hi;
      Temp lo = read_reg(s.dst, &hi);
      Temp addr = src1(s), mask = src2(s);
      for (unsigned i = 0; i < 16; i++) {
        Temp bit = b_.bin(Opc::and_, b_.bin(Opc::shr, mask, imm(i)), imm(1));
        Temp byte = b_.bin(Opc::shr, i < 8 ? lo : hi, imm(8 * (i & 7)));
        stores_.push_back(Store{en ? b_.bin(Opc::and_, en, bit) : bit, b_.bin(Opc::add, addr, imm(i)), byte, 0, 1,
                                false, false});
      }
      return true;
    }
    case Mn::qpsgn2mskb: {  // bit i = sign of byte i of the 128-bit src2 [Q]
      Temp lo, hi;
      if (!quad_operand(s, 2, 'P', &lo, &hi)) return true;
      write_dst(s.dst, en, b_.call(HELPER_packed, imm(static_cast<int>(Mn::pmovmskb)), hi, lo), 0, 'S');
      return true;
    }
    case Mn::qphminposuh: {  // the smallest unsigned half of src1 then src2: value | index << 16 [Q]
      Temp l1, h1, l2, h2;
      if (!quad_operand(s, 1, 'P', &l1, &h1) || !quad_operand(s, 2, 'P', &l2, &h2)) return true;
      Temp k = imm(static_cast<int>(Mn::phminposuh));
      Temp m1 = b_.call(HELPER_packed, k, l1, h1), m2 = b_.call(HELPER_packed, k, l2, h2);
      Temp take2 = b_.setcond(Cond::ltu, b_.un(Opc::ext16u, m2), b_.un(Opc::ext16u, m1));
      write_dst(s.dst, en, b_.movcond(take2, b_.bin(Opc::add, m2, imm(8 << 16)), m1), 0, 'D');
      return true;
    }
    default:
      break;
  }
  // Quad-packed operations built from 64-bit halves (packed_quad_form).
  QuadForm form;
  if ((t.fmt == Fmt::ALOPF11 || unary) && packed_quad_form(mn, &form)) {
    Temp ops[4];
    if (unary) {
      ops[0] = ops[1] = imm(0);
      if (!quad_operand(s, 2, sz[0], &ops[2], &ops[3])) return true;
    } else if (!quad_operand(s, 1, sz[0], &ops[0], &ops[1]) || !quad_operand(s, 2, sz[1], &ops[2], &ops[3])) {
      return true;
    }
    Temp lo, hi;
    quad_op(mn, ops, &lo, &hi);
    write_pair(lo, hi);
    return true;
  }
  return false;
}

Temp BundleTranslator::fx_src2(const AluSlot &s, char fmt, Temp *hi) {
  if (fmt == 'x') {
    if (s.src2 >= 0xc0 && s.src2 < 0xe0) illegal("80-bit operand must be a register");
    return read_reg(s.src2, hi);
  }
  FxCvt k = fmt == 's' ? FxCvt::from_s : FxCvt::from_d;
  Temp lo = b_.call(HELPER_fxcvt, imm(static_cast<int>(k)), src2(s), imm(0));
  *hi = b_.ld_env(ENV(scratch_hi));
  return lo;
}

// 80-bit operations with a 32/64-bit operand or result (ISA.md 4.4): fx<op><src2><result> with an
// 80-bit src1 (src2 widened exactly, the 80-bit result rounded as fxtofs/fxtofd round it) [Q];
// fxto{i,d}{s,d}[tr] and {i,d}stofx. The operation is read from the mnemonic (the opcode table is
// the single source of its letters).
bool BundleTranslator::translate_fx(const AluSlot &s, Temp en) {
  const AluTemplate &t = *s.t;
  const char *name = mnemonic_name(t.mn);
  const size_t n = std::strlen(name);
  const char *sz = t.sizes;
  const char dsz = sz[0] ? sz[std::strlen(sz) - 1] : 'D';
  if (t.fmt == Fmt::ALOPF2) {
    struct Cvt {
      const char *name;
      FxCvt k;
      bool to_x;
    };
    static const Cvt kCvts[] = {{"fxtois", FxCvt::to_i32, false},   {"fxtoistr", FxCvt::to_i32tr, false},
                                {"fxtoid", FxCvt::to_i64, false},   {"fxtoidtr", FxCvt::to_i64tr, false},
                                {"istofx", FxCvt::from_i32, true},  {"idtofx", FxCvt::from_i64, true}};
    for (const Cvt &c : kCvts) {
      if (std::strcmp(name, c.name) != 0) continue;
      if (c.to_x) {
        Temp lo = b_.call(HELPER_fxcvt, imm(static_cast<int>(c.k)), src2(s), imm(0));
        write_dst(s.dst, en, lo, b_.ld_env(ENV(scratch_hi)), 'X');
      } else {
        Temp hi;
        Temp lo = fx_src2(s, 'x', &hi);
        write_dst(s.dst, en, b_.call(HELPER_fxcvt, imm(static_cast<int>(c.k)), lo, hi), 0, dsz);
      }
      return true;
    }
    return false;
  }
  // fcmp{od,ud}{s,d}f and fxcmp{od,ud}{s,d,x}f: the flags word of the compare (fpu.h) [Q].
  if (t.fmt == Fmt::ALOPF11 && n >= 8 && name[n - 1] == 'f' && std::strstr(name, "cmp") &&
      (std::strstr(name, "cmpod") || std::strstr(name, "cmpud"))) {
    bool quiet = std::strstr(name, "cmpud") != nullptr;
    char f2 = name[n - 2];
    if (name[1] != 'x') {
      Temp r = b_.call(HELPER_fcmpf, imm((f2 == 'd' ? 1 : 0) | (quiet ? 2 : 0)), src1(s), src2(s));
      write_dst(s.dst, en, r, 0, dsz);
      return true;
    }
    if (s.src1 >= 0xc0 && s.src1 < 0xe0) {
      illegal("80-bit operands must be registers");
      return true;
    }
    Temp h1, h2;
    Temp l1 = read_reg(s.src1, &h1);
    Temp l2 = fx_src2(s, f2, &h2);
    Temp a = b_.bin(Opc::or_, b_.bin(Opc::shl, b_.un(Opc::ext16u, h1), imm(16)), imm(quiet ? 9 : 8));
    write_dst(s.dst, en, b_.call(HELPER_fxcmp, a, l1, l2, h2), 0, dsz);
    return true;
  }
  if (t.fmt != Fmt::ALOPF1 || n < 7 || std::strncmp(name, "fx", 2) != 0) return false;
  struct Op {
    const char *name;
    FxOp op;
  };
  static const Op kOps[] = {{"add", FxOp::add}, {"sub", FxOp::sub}, {"mul", FxOp::mul},
                            {"div", FxOp::div}, {"rsub", FxOp::rsub}};
  const char f2 = name[n - 2], fr = name[n - 1];
  auto fmt_ok = [](char c) { return c == 's' || c == 'd' || c == 'x'; };
  if (!fmt_ok(f2) || !fmt_ok(fr) || (f2 == 'x' && fr == 'x')) return false;
  const Op *op = nullptr;
  for (const Op &o : kOps)
    if (std::strlen(o.name) == n - 4 && std::strncmp(name + 2, o.name, n - 4) == 0) op = &o;
  if (!op) return false;
  if (s.src1 >= 0xc0 && s.src1 < 0xe0) {
    illegal("80-bit operands must be registers");
    return true;
  }
  Temp h1, h2;
  Temp l1 = read_reg(s.src1, &h1);
  Temp l2 = fx_src2(s, f2, &h2);
  Temp a = b_.bin(Opc::or_, b_.bin(Opc::shl, b_.un(Opc::ext16u, h1), imm(16)), imm(static_cast<int>(op->op)));
  Temp lo = b_.call(HELPER_fxop, a, l1, l2, h2);
  Temp hi = b_.ld_env(ENV(scratch_hi));
  if (fr == 'x') {
    write_dst(s.dst, en, lo, hi, 'X');
  } else {
    FxCvt k = fr == 's' ? FxCvt::to_s : FxCvt::to_d;
    write_dst(s.dst, en, b_.call(HELPER_fxcvt, imm(static_cast<int>(k)), lo, hi), 0, fr == 's' ? 'S' : 'D');
  }
  return true;
}

void BundleTranslator::plu(std::vector<Write> &pw) {
  if (bd_.n_pls == 0) return;
  Temp lp[7] = {0, 0, 0, 0, 0, 0, 0};
  Temp lpt[7] = {0, 0, 0, 0, 0, 0, 0};  // tag-aware blocks: their tags (a tagged predicate stays tagged)
  for (unsigned i = 0; i < bd_.n_pls && i < 2; i++) {
    for (unsigned h = 0; h < 2; h++) {
      unsigned src = h == 0 ? (bd_.pls[i] >> 24) & 0x7f : (bd_.pls[i] >> 16) & 0x7f;
      Temp v;
      if (src == 0) {
        v = b_.setcond(Cond::eq, b_.bin(Opc::and_, lsr_before(), imm(0xffffffff)), imm(0));
      } else if (src >= 0x60) {
        v = read_pred(src & 0x1f);
        if (tags_) lpt[2 * i + h] = read_pred_tag(src & 0x1f);
      } else if (src >= 0x40) {
        illegal("%bgrpred/%rndpred are not supported");
        v = imm(0);
      } else {
        illegal("%spred is not supported");
        v = imm(0);
      }
      lp[2 * i + h] = v;
    }
  }
  for (unsigned i = 0; i < bd_.n_pls; i++) {
    unsigned clp = bd_.pls[i] & 0xffff;
    unsigned opc = (clp >> 14) & 3;
    unsigned p0 = (clp >> 10) & 7, p1 = (clp >> 6) & 7;
    bool n0 = (clp >> 13) & 1, n1 = (clp >> 9) & 1;
    bool vdst = (clp >> 5) & 1;
    unsigned pdst = clp & 0x1f;
    if (clp == 0 && i < 2) continue;  // no CLP in this PLS
    auto get = [&](unsigned k) -> Temp {
      if (lp[k] == 0) {
        illegal("CLP reads an undefined local predicate");
        return imm(0);
      }
      return lp[k];
    };
    Temp a = get(p0), bb = get(p1);
    Temp ta = p0 < 7 ? lpt[p0] : 0, tb = p1 < 7 ? lpt[p1] : 0;
    Temp tr = ta && tb ? b_.bin(Opc::or_, ta, tb) : ta ? ta : tb;
    lpt[4 + i] = tr;
    if (n0) a = b_.bin(Opc::xor_, a, imm(1));
    if (n1) bb = b_.bin(Opc::xor_, bb, imm(1));
    if (opc == 3) {
      // movep: if a then pdst := b
      lp[4 + i] = bb;
      clp_res_[i] = bb;
      if (vdst) {
        Write w;
        w.kind = Write::Pred;
        w.en = a;
        w.idx = pred_phys(pdst);
        w.lo = bb;
        w.tag = tr;
        pw.push_back(w);
      }
      continue;
    }
    Temp r = b_.bin(Opc::and_, a, bb);
    lp[4 + i] = r;
    clp_res_[i] = r;
    if (vdst) {
      Write w;
      w.kind = Write::Pred;
      w.idx = pred_phys(pdst);
      w.lo = r;
      w.tag = tr;
      pw.push_back(w);
    }
  }
}

Temp BundleTranslator::sm_load_result(const AluSlot &s, Temp a, unsigned size, Temp v, unsigned align_size) {
  Temp mis = misaligned(s, a, align_size);
  uint64_t tag = size <= 4 ? kDiagTag32 : kDiagTag64;
  if (!tags_) {
    // A failed load returns kDiagValue. A narrower load never reads that value back, an
    // 8-byte one may: then the helper decides. Ordinary code pays one compare.
    uint32_t ok = b_.new_label(), leave = b_.new_label();
    if (mis) b_.brcond(Cond::ne, mis, imm(0), leave);
    b_.brcond(Cond::ne, v, imm(kDiagValue), ok);
    if (size >= 8) b_.brcond(Cond::eq, b_.call(HELPER_ld_fails, a, imm(size)), imm(0), ok);
    b_.label(leave);
    b_.call(HELPER_tags_on);
    b_.exit(imm(static_cast<int64_t>(bd_.pc)));
    b_.label(ok);
    return v;
  }
  Temp f = b_.call(HELPER_ld_fails, a, imm(size));
  if (mis) f = b_.bin(Opc::or_, f, mis);
  diag_when(f, tag);
  return b_.movcond(f, imm(kDiagValue), v);
}

// Tag-aware blocks, after each operation: a non-speculative operation that read a tagged
// value traps (exc_diag_operand); otherwise its results carry the OR of the tags it read
// and the tag it created (ISA.md 5.6). Stores are ordinary operations here: in 64-bit mode
// memory cannot keep the tag, so an ordinary store of a diagnostic value traps rather than
// losing it silently [U: the hardware rule for stores is not documented, ISA.md 5.5].
void BundleTranslator::finish_channel_tags(const AluSlot &s, size_t first_write) {
  if (!tags_) return;
  Temp t = acc_;
  if (t && is_s(s.t->sizes[0])) t = b_.bin(Opc::and_, t, imm(3));  // 32-bit operands: low halves
  if (t && !transparent_ && !s.sm) {
    uint32_t ok = b_.new_label();
    b_.brcond(Cond::eq, t, imm(0), ok);
    b_.raise(EXCP_DIAG_OPERAND);
    b_.label(ok);
  }
  Temp res = extra_;
  if (t && (transparent_ || s.sm)) res = res ? b_.bin(Opc::or_, res, t) : t;
  if (res == 0) return;
  for (size_t i = first_write; i < writes_.size(); i++) {
    Write &w = writes_[i];
    if (w.tag_set) continue;
    w.tag_set = true;
    if (w.kind == Write::Pred) {
      w.tag = b_.setcond(Cond::ne, res, imm(0));
    } else if (w.kind == Write::Reg) {
      Temp r4 = b_.bin(Opc::and_, res, imm(0xf));
      w.tag = w.size == 'X' ? b_.bin(Opc::or_, r4, b_.bin(Opc::shl, r4, imm(4))) : r4;
    }
  }
}

// setwd. Registers above the window are kept zero (cpu.cpp), so a window that grows or keeps
// its size needs only the new size and modes stored; psize <= wsize always holds, so that
// case cannot fail. A shrinking window (registers to clear) and the illegal sizes take the
// helper.
void BundleTranslator::setwd() {
  Builder &b = b_;
  uint32_t lts0 = bd_.lts[0];
  unsigned wsz = (lts0 >> 5) & 0x7f;
  facts_ = BlockFacts();
  if (wsz > 112) {
    b.call(HELPER_setwd, imm(lts0));
    return;
  }
  uint32_t slow = b.new_label(), done = b.new_label();
  b.brcond(Cond::gtu, b.ld_env(ENV(wsize)), imm(2 * wsz), slow);
  bool dbl = iset_ >= 3 && ((lts0 >> 3) & 1) != 0;
  b.st_env(ENV(wsize), imm(2 * wsz));
  b.st_env(ENV(fx), imm(((lts0 >> 4) & 1) ? 0 : 1));
  b.st_env(ENV(dbl), imm(dbl ? 1 : 0));
  b.st_env(ENV(keep_hi), imm(dbl ? 0 : static_cast<int64_t>(0xffffffff00000000ULL)));
  b.br(done);
  b.label(slow);
  b.call(HELPER_setwd, imm(lts0));
  b.label(done);
  // Past this point (the helper did not raise) the window is exactly 2 * wsz registers.
  facts_.checked_r = static_cast<int>(2 * wsz) - 1;
}

void BundleTranslator::run() {
  const Bundle &bd = bd_;
  Builder &b = b_;
  zero_ = b.movi(0);
  // 3. setwd takes effect for this bundle's operands.
  if (bd.has_cs1 && (bd.cs1_opc() == 0 || bd.cs1_opc() == 1)) setwd();
  // 2. window bounds (after setwd): %rN < wsize, %b[i] inside the rotating area and window.
  scan_operands();
  if (uses_r_ && static_cast<int>(max_r_) <= facts_.checked_r) uses_r_ = false;
  if (uses_b_ && static_cast<int>(max_b_) <= facts_.checked_b) uses_b_ = false;
  if (uses_r_) facts_.checked_r = static_cast<int>(max_r_);
  if (uses_b_) facts_.checked_b = static_cast<int>(max_b_);
  if (uses_b_ && rot_.r() && max_b_ < 2 * (rot_.rsz + 1)) {
    // Known rotation and %b inside it: what is left of the %b test is rbase + rsize <= wsize,
    // i.e. register rbase + rsize - 1 is in the window, one compare shared with the %r test.
    unsigned top = 2 * rot_.rbs + 2 * (rot_.rsz + 1) - 1;
    if (uses_r_ && max_r_ > top) top = max_r_;
    uses_r_ = static_cast<int>(top) > facts_.checked_r;
    uses_b_ = false;
    max_r_ = top;
    if (uses_r_) facts_.checked_r = static_cast<int>(top);
  }
  if (uses_r_) {
    uint32_t ok = b.new_label();
    b.brcond(Cond::ltu, imm(max_r_), b.ld_env(ENV(wsize)), ok);
    b.raise(EXCP_WINDOW_BOUNDS);
    b.label(ok);
  }
  if (uses_b_) {
    uint32_t ok1 = b.new_label(), ok2 = b.new_label();
    Temp rsize = rsize_t();
    b.brcond(Cond::ltu, imm(max_b_), rsize, ok1);
    b.raise(EXCP_WINDOW_BOUNDS);
    b.label(ok1);
    b.brcond(Cond::leu, b.bin(Opc::add, rbase_t(), rsize), b.ld_env(ENV(wsize)), ok2);
    b.raise(EXCP_WINDOW_BOUNDS);
    b.label(ok2);
  }
  // Conditions read the state from before the bundle.
  bool needs_loop_end = false;
  unsigned ctype = bd.ct_cond() >> 5;
  if (ctype == 4 || ctype == 5 || ctype == 6 || ctype == 7 || ctype == 0xe || ctype == 0xf) needs_loop_end = true;
  if (bd.loop_mode()) needs_loop_end = true;
  if (needs_loop_end) loop_end_ = loop_end();

  // 4. CS0: prepare ctprs.
  if (bd.has_cs0) {
    unsigned ctpr = bd.cs0 >> 30, opc = (bd.cs0 >> 28) & 3;
    int64_t disp = static_cast<int64_t>(static_cast<int32_t>(bd.cs0 << 4) >> 4) * 8;
    if (ctpr != 0) {
      int64_t ctoff = ENV(ctpr) + 8 * ctpr;
      if (opc == 0 || opc == 1) {
        uint64_t target = (bd.pc + static_cast<uint64_t>(disp)) & kCtprBaseMask;
        uint64_t v = target | (uint64_t(CTPR_DISP) << kCtprTagShift) | (uint64_t(opc) << 57);
        b.st_env(ctoff, imm(static_cast<int64_t>(v)));
      } else if (opc == 2) {
        uint64_t v = (bd.cs0 & 0x1f) | (uint64_t(CTPR_SDISP) << kCtprTagShift);
        b.st_env(ctoff, imm(static_cast<int64_t>(v)));
      } else if ((bd.cs0 & 0x0fffffff) == 0) {
        // return: the ctpr the top chain frame gives, kept current by call and return
        b.st_env(ctoff, b.ld_env(ENV(ret_ctpr)));
      } else {
        b.call(HELPER_gettsd, imm(ctpr));
      }
    }
  }

  // 6. ALU channels: sources are read and results computed; loads happen here.
  for (unsigned ch = 0; ch < 6; ch++) {
    const AluSlot &s = bd.alu[ch];
    if (!s.present || s.pair_second) continue;
    bool found;
    Temp en = channel_cond(ch, false, &found);
    if (s.pair >= 0) {
      bool f2;
      Temp en2 = channel_cond(static_cast<unsigned>(s.pair), false, &f2);
      if (f2) en = found ? b.bin(Opc::and_, en, en2) : en2;
      found = found || f2;
    }
    uint32_t skip = 0;
    if (found) {
      skip = b.new_label();
      b.brcond(Cond::eq, en, imm(0), skip);
    }
    acc_ = extra_ = 0;
    transparent_ = false;
    size_t first_write = writes_.size(), first_store = stores_.size();
    translate_alu(ch, found ? en : 0);
    finish_channel_tags(s, first_write);
    if (found) {
      b.label(skip);
      // The stores and writes this channel recorded are done after the skip label. An enable
      // other than the channel's condition (per-byte masks) was computed only if the code ran:
      // AND it with the condition, which is valid on both paths, so a skipped channel never
      // acts on values it did not compute.
      Temp ran = 0;
      auto gate = [&](Temp &e) {
        if (e == en) return;
        if (!ran) ran = b.setcond(Cond::ne, en, imm(0));
        e = e ? b.bin(Opc::and_, ran, e) : ran;
      };
      for (size_t k = first_store; k < stores_.size(); k++) gate(stores_[k].en);
      for (size_t k = first_write; k < writes_.size(); k++) gate(writes_[k].en);
    }
  }
  aau_.mova();
  std::vector<Write> plu_writes;
  plu(plu_writes);
  // The transfer condition (nothing is written yet, so it sees the state before the bundle).
  bool transfer = bd.has_ibranch() || (bd.has_ss && bd.ctop() != 0);
  Temp taken = transfer ? ct_condition() : imm(0);  // with no transfer only the *f stubs act
  if (illegal_) return;
  if (tags_ && transfer) {
    // a transfer conditioned on a tagged predicate raises exc_diag_ct_cond (ISA.md 5.6)
    unsigned cond = bd.ct_cond(), type = cond >> 5;
    if (type == 2 || type == 3 || type == 6 || type == 7 || type == 0xe || type == 0xf) {
      uint32_t ok = b.new_label();
      b.brcond(Cond::eq, read_pred_tag(cond & 0x1f), imm(0), ok);
      b.raise(EXCP_DIAG_CT_COND);
      b.label(ok);
    }
  }

  // Stores: check every address first so a faulting bundle stores nothing.
  bool lm = bd.loop_mode();
  Temp st_ok = 0;
  if (lm && !stores_.empty()) {
    // loop mode: stores are suppressed in the prologue (pcnt != 0) and, once strmd is 0,
    // in the epilogue (#LOOP_END)
    Temp lsr = lsr_before();
    Temp pcnt = b.bin(Opc::and_, b.bin(Opc::shr, lsr, imm(48)), imm(0x1f));
    Temp strmd = b.bin(Opc::and_, b.bin(Opc::shr, lsr, imm(53)), imm(0x7f));
    Temp pro = b.setcond(Cond::ne, pcnt, imm(0));
    Temp epi = b.bin(Opc::and_, b.setcond(Cond::eq, strmd, imm(0)), loop_end_);
    st_ok = b.bin(Opc::xor_, b.bin(Opc::or_, pro, epi), imm(1));
  }
  for (const Store &st : stores_) {
    if (st.lock) continue;
    // The first store runs before any other: if it faults, nothing is stored yet.
    if (&st == &stores_.front() && st.size != 16) continue;
    uint32_t skip = b.new_label();
    if (st.en) b.brcond(Cond::eq, st.en, imm(0), skip);
    if (st_ok) b.brcond(Cond::eq, st_ok, imm(0), skip);
    b.qprobe_w(st.addr, static_cast<uint8_t>(st.size == 16 ? 16 : st.size));
    b.label(skip);
  }
  for (const Store &st : stores_) {
    uint32_t skip = b.new_label();
    if (st.en) b.brcond(Cond::eq, st.en, imm(0), skip);
    if (st_ok) b.brcond(Cond::eq, st_ok, imm(0), skip);
    if (st.lock) {
      b.call(HELPER_lock_store, st.addr, st.v, imm(st.size));
    } else if (st.size == 16) {
      b.qst(st.addr, st.v, 8);
      b.qst(b.bin(Opc::add, st.addr, imm(8)), st.v_hi, 8);
    } else {
      b.qst(st.addr, st.v, static_cast<uint8_t>(st.size));
    }
    b.label(skip);
  }
  if (lm && !stores_.empty()) {
    lsr_written_ = true;
    // strmd counts down on stores done in a #LOOP_END bundle
    uint32_t skip = b.new_label();
    b.brcond(Cond::eq, st_ok, imm(0), skip);
    b.brcond(Cond::eq, loop_end_, imm(0), skip);
    Temp lsr = b.ld_env(ENV(lsr));
    Temp strmd = b.bin(Opc::and_, b.bin(Opc::shr, lsr, imm(53)), imm(0x7f));
    b.brcond(Cond::eq, strmd, imm(0), skip);
    Temp nl = b.bin(Opc::sub, lsr, imm(int64_t(1) << 53));
    b.st_env(ENV(lsr), nl);
    b.label(skip);
  }

  // Register, predicate, ctpr and state-register writes.
  for (const Write &w : writes_) {
    uint32_t skip = b.new_label();
    if (w.en) b.brcond(Cond::eq, w.en, imm(0), skip);
    switch (w.kind) {
      case Write::Reg: {
        Temp lo = w.lo;
        if (w.size == 'S' || w.size == 'W') {
          Temp old = w.indexed ? b.ld_envx(ENV(win), w.idx) : b.ld_env(w.env_off);
          Temp keep = w.size == 'W' ? imm(static_cast<int64_t>(0xffffffff00000000ULL)) : b.ld_env(ENV(keep_hi));
          lo = b.bin(Opc::or_, b.bin(Opc::and_, old, keep), b.un(Opc::ext32u, lo));
        }
        if (tags_) commit_tag(w);
        if (w.indexed) {
          b.st_envx(ENV(win), w.idx, lo);
          if (w.size == 'X') b.st_envx(ENV(win_hi), w.idx, w.hi);
        } else {
          b.st_env(w.env_off, lo);
          int64_t hi_delta = w.global ? ENV(g_hi) - ENV(g) : ENV(win_hi) - ENV(win);
          if (w.size == 'X') b.st_env(w.env_off + hi_delta, w.hi);
        }
        break;
      }
      case Write::Pred: {
        Temp p = b.ld_env(ENV(pred));
        Temp bit = b.bin(Opc::shl, imm(1), w.idx);
        Temp cleared = b.bin(Opc::andc, p, bit);
        Temp v = b.bin(Opc::shl, b.bin(Opc::and_, w.lo, imm(1)), w.idx);
        b.st_env(ENV(pred), b.bin(Opc::or_, cleared, v));
        if (tags_) commit_pred_tag(w);
        break;
      }
      case Write::Ctpr: {
        Temp v = b.bin(Opc::and_, w.lo, imm(static_cast<int64_t>(kCtprBaseMask)));
        v = b.bin(Opc::or_, v, imm(static_cast<int64_t>(uint64_t(CTPR_DISP) << kCtprTagShift)));
        b.st_env(ENV(ctpr) + 8 * w.ctpr, v);
        break;
      }
      case Write::StateReg:
        lsr_written_ = true;  // conservatively: any state register
        if (w.state_reg == 0x1000) b.st_env(ENV(mlock), w.lo);
        else b.call(HELPER_rwd, imm(w.state_reg), w.lo, imm(w.state32 ? 1 : 0));
        break;
    }
    b.label(skip);
  }
  // PLU results.
  for (const Write &w : plu_writes) {
    uint32_t skip = b.new_label();
    if (w.en) b.brcond(Cond::eq, w.en, imm(0), skip);
    Temp p = b.ld_env(ENV(pred));
    Temp bit = b.bin(Opc::shl, imm(1), w.idx);
    Temp v = b.bin(Opc::shl, b.bin(Opc::and_, w.lo, imm(1)), w.idx);
    b.st_env(ENV(pred), b.bin(Opc::or_, b.bin(Opc::andc, p, bit), v));
    if (tags_) commit_pred_tag(w);
    b.label(skip);
  }
  aau_.commit(st_ok);
  // 9. setbn/setbp (the bundle itself used the old rotation).
  if (bd.has_cs1 && (bd.cs1_opc() == 0 || bd.cs1_opc() == 1 || bd.cs1_opc() == 4) && (bd.cs1 & (3u << 26))) {
    setbr();
    facts_.checked_b = -1;
  }
  // 10, 11. alc/abp/abn stubs and the transfer.
  finish_bundle(taken);
}

}  // namespace

uint32_t translate_block(const GuestMemory &mem, uint64_t pc, uint32_t flags, const TranslateOptions &opt,
                         tcg::Block &out, std::string *in_asm) {
  out = tcg::Block();
  out.guest_pc = pc;
  Builder b(out);
  BlockFacts facts;
  Rotation rot;
  rot.other_flags = flags & ~TB_BR_MASK;
  if (!(flags & TB_FLAG_GENERIC)) {
    rot.known_r = rot.known_p = rot.r_from_flags = rot.p_from_flags = true;
    rot.rbs = tb_rbs(flags);
    rot.rsz = tb_rsz(flags);
    rot.rcur = tb_rcur(flags);
    rot.psz = tb_psz(flags);
    rot.pcur = tb_pcur(flags);
  }
  uint64_t cur = pc;
  for (unsigned n = 0; n < opt.max_bundles; n++) {
    b.insn_start(cur);
    // Fetch: the header first, then the whole bundle; code pages must be readable and executable.
    uint8_t buf[64];
    uint64_t hs64 = 0;
    const uint8_t need = PAGE_VALID | PAGE_READ | PAGE_EXEC;
    auto fetch_ok = [&](uint64_t a) { return (a & ~mem.mask) == 0 && (mem.flags(a) & need) == need; };
    if ((cur & 7) != 0 || !fetch_ok(cur) || !tcg::guest_load(mem, cur, 4, &hs64)) {
      b.call(HELPER_raise, b.movi(EXCP_INSTR_PAGE), b.movi(static_cast<int64_t>(cur)));
      b.exit(b.movi(static_cast<int64_t>(cur)));
      out.guest_end = cur + 8;
      break;
    }
    unsigned len = bundle_length(static_cast<uint32_t>(hs64));
    bool ok = fetch_ok(cur + len - 1);
    for (unsigned i = 0; ok && i < len; i += 8) {
      uint64_t w;
      ok = tcg::guest_load(mem, cur + i, 8, &w);
      std::memcpy(buf + i, &w, 8);
    }
    if (!ok) {
      b.call(HELPER_raise, b.movi(EXCP_INSTR_PAGE), b.movi(static_cast<int64_t>(cur + len - 1)));
      b.exit(b.movi(static_cast<int64_t>(cur)));
      out.guest_end = cur + len;
      break;
    }
    Bundle bd;
    const char *err = decode_bundle(buf, cur, opt.iset, bd);
    out.guest_end = cur + len;
    if (err != nullptr) {
      if (in_asm) {
        char line[96];
        snprintf(line, sizeof line, "0x%016" PRIx64 ": HS %08x (%u bytes) <illegal: ", cur,
                 static_cast<uint32_t>(hs64), len);
        *in_asm += std::string(line) + err + ">\n";
      }
      b.raise(EXCP_ILLEGAL_OPCODE);
      break;
    }
    if (in_asm) *in_asm += disas_bundle(bd);
    size_t mark = out.ops.size();
    uint32_t temps_mark = out.n_temps;
    BundleTranslator bt(b, bd, facts, rot, flags, opt.iset);
    BlockFacts saved = facts;
    Rotation saved_rot = rot;
    bt.run();
    if (bt.failed()) {
      facts = saved;
      rot = saved_rot;
      out.ops.resize(mark);
      out.n_temps = temps_mark;
      if (in_asm) *in_asm += std::string("  <illegal: ") + bt.reason() + ">\n";
      b.raise(EXCP_ILLEGAL_OPCODE);
      break;
    }
    cur += len;
    if (bd.transfers()) break;
    if (bt.ends_block() || n + 1 == opt.max_bundles || ((cur ^ pc) >> GuestMemory::kPageBits) != 0) {
      b.exit(b.movi(static_cast<int64_t>(cur)));
      break;
    }
  }
  out.finalize();
  return rot.used ? flags : tb_flags_generic(flags);
}

}  // namespace e2k
