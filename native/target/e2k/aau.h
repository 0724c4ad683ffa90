// Array Access Unit (ISA.md §13): staa*/ldaa* (array stores and loads through %aad/%aasti
// with the `incr` post-increment), aaurr*/aaurw* (AAU register reads and writes), and array
// prefetch: `bap` loads the fapb program that `ldisp %ctpr2` points at, `mova*` (AAS
// syllables) read its elements, `eap` stops it. The prefetch is executed synchronously when a
// mova asks for an element; an element that cannot be loaded reads as kMovaInvalid.
#pragma once
#include <cstdint>

#include "tcg/interp.h"
#include "tcg/ir.h"
#include "target/e2k/decode.h"

namespace e2k {

// What a mova returns for an element that cannot be loaded (the hardware's diagnostic value).
constexpr uint64_t kMovaInvalid = 0xEAED0F70EAED0F70ULL;

// What the AAU lowering borrows from the bundle translator (translate.cpp).
class AauHost {
 public:
  virtual tcg::Temp aau_read_reg(uint8_t byte, tcg::Temp *hi) = 0;
  // Destination write committed with the bundle's other register writes ('D' 64-bit, 'S', 'X').
  virtual void aau_write_reg(uint8_t byte, tcg::Temp en, tcg::Temp lo, tcg::Temp hi, char size) = 0;
  // A store checked and done with the bundle's other stores (loop-mode suppression included).
  virtual void aau_store(tcg::Temp en, tcg::Temp addr, tcg::Temp lo, tcg::Temp hi, unsigned size) = 0;
  virtual tcg::Temp aau_cond_source(unsigned psrc) = 0;  // RLP predicate source (ISA.md §2.12)
  virtual void aau_illegal(const char *why) = 0;

 protected:
  ~AauHost() = default;
};

// The AAU part of one bundle. alu() and mova() run in the bundle's read phase; commit() after
// its stores and register writes (index advances, AAU register writes, bap/eap).
class AauBundle {
 public:
  AauBundle(tcg::Builder &b, const Bundle &bd, AauHost &host) : b_(b), bd_(bd), host_(host) {}
  static bool handles(const AluSlot &s);
  void alu(unsigned ch, tcg::Temp en);
  void mova();
  // store_ok: 0, or a temp that is 0 when loop mode suppressed this bundle's stores.
  void commit(tcg::Temp store_ok);

 private:
  struct Advance {  // aasti[ind] += aaincr[incr] << shift after the access
    unsigned ch, ind, incr, shift;
    bool store;
    tcg::Temp cond;  // the am CDS condition (0: none), evaluated in mova()
  };
  struct RegWrite {  // aaurw*, applied at commit
    tcg::Temp en, lo, hi;
    uint32_t sel;
  };
  tcg::Builder &b_;
  const Bundle &bd_;
  AauHost &host_;
  Advance adv_[2];
  unsigned n_adv_ = 0;
  RegWrite rw_[2];
  unsigned n_rw_ = 0;

  tcg::Temp imm(int64_t v) { return b_.movi(v); }
  tcg::Temp address(const AluSlot &s);
  void access(const AluSlot &s, unsigned ch, tcg::Temp en);
  void reg_access(const AluSlot &s, tcg::Temp en);
  tcg::Temp am_condition(unsigned ch, bool *found);
};

// The destination bytes of the bundle's mova operations (for the window checks); returns the count.
unsigned aau_mova_dsts(const Bundle &bd, uint8_t out[4]);

// Helpers (listed in helpers.def).
uint64_t helper_aaurr(tcg::RunContext *ctx, uint64_t sel, uint64_t, uint64_t, uint64_t);
uint64_t helper_aaurw(tcg::RunContext *ctx, uint64_t sel, uint64_t lo, uint64_t hi, uint64_t);
uint64_t helper_mova(tcg::RunContext *ctx, uint64_t aas, uint64_t chan, uint64_t, uint64_t);
uint64_t helper_aau_advance(tcg::RunContext *ctx, uint64_t side, uint64_t area, uint64_t, uint64_t);
uint64_t helper_aau_bap(tcg::RunContext *ctx, uint64_t, uint64_t, uint64_t, uint64_t);
uint64_t helper_aau_eap(tcg::RunContext *ctx, uint64_t, uint64_t, uint64_t, uint64_t);

}  // namespace e2k
