// FP semantics on the host FPU: x86-64 gives IEEE binary32/binary64 (SSE) and the x87
// 80-bit format as long double, so results and flags match bit for bit. The rounding mode
// (and for fp80 the precision) is taken from the guest control register for every operation;
// flags are accumulated.
#include "target/e2k/fpu.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "target/e2k/cpu-state.h"
#include "tcg/host-fp.h"

namespace e2k {

namespace {

// Host FP state is switched by hand around each guest op: glibc's fesetround/feclearexcept/
// fetestexcept each rewrite both the x87 environment and MXCSR, which dominated FP-heavy guests.
// f32/f64 ops run on SSE only (MXCSR), fp80 ops on the x87 only (control/status word).
// MXCSR: flags ie de ze oe ue pe in bits 5:0 (the E2K order), rounding in bits 14:13 with the
// E2K encoding (0 nearest, 1 down, 2 up, 3 toward zero). The x87 control word has the same
// rounding encoding in bits 11:10 and precision control in bits 9:8, as %fpcr.
// The denormal flag (de) is not reported: the guest never saw it from this emulator before.
constexpr uint32_t kFlagMask = 0x3d;

uint32_t get_mxcsr() {
  uint32_t v;
  asm volatile("stmxcsr %0" : "=m"(v) : : "memory");
  return v;
}
void set_mxcsr(uint32_t v) { asm volatile("ldmxcsr %0" : : "m"(v) : "memory"); }

// SSE rounding mode `rc` with clear flags for one op; the host's rounding comes back afterwards.
class SseScope {
 public:
  explicit SseScope(unsigned rc) {
    uint32_t cur = get_mxcsr();
    host_ = cur & ~uint32_t(0x603f);
    uint32_t want = host_ | ((rc & 3u) << 13);
    if (cur != want) set_mxcsr(want);
    changed_rc_ = (rc & 3) != 0;
  }
  ~SseScope() {
    if (changed_rc_) set_mxcsr(host_);
  }
  void set_rc(unsigned rc) {
    set_mxcsr((get_mxcsr() & ~uint32_t(0x6000)) | ((rc & 3u) << 13));
    changed_rc_ = true;
  }
  uint64_t flags() const { return get_mxcsr() & kFlagMask; }

 private:
  uint32_t host_;
  bool changed_rc_;
};

// x87 rounding `rc` and precision `pc` (x87 encoding: 0 single, 2 double, 3 extended), status cleared.
class X87Scope {
 public:
  X87Scope(unsigned rc, unsigned pc) {
    asm volatile("fnstcw %0" : "=m"(host_) : : "memory");
    uint16_t want = static_cast<uint16_t>((host_ & ~0xf00u) | ((rc & 3u) << 10) | ((pc & 3u) << 8));
    asm volatile("fldcw %0\n\tfnclex" : : "m"(want) : "memory");
  }
  ~X87Scope() { asm volatile("fldcw %0" : : "m"(host_) : "memory"); }
  uint64_t flags() const {
    uint16_t sw;
    asm volatile("fnstsw %0" : "=m"(sw) : : "memory");
    return sw & kFlagMask;
  }

 private:
  uint16_t host_;
};

constexpr unsigned kPcExtended = 3;
constexpr uint64_t kInvalid = 1, kInexact = 32;

float f32(uint64_t v) {
  uint32_t u = static_cast<uint32_t>(v);
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
double f64(uint64_t v) {
  double d;
  std::memcpy(&d, &v, 8);
  return d;
}
uint64_t bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
uint64_t bits(double d) {
  uint64_t u;
  std::memcpy(&u, &d, 8);
  return u;
}

template <typename I, typename F>
I to_int(F v, bool trunc, bool *invalid, bool *inexact) {
  if (std::isnan(v)) {
    *invalid = true;
    return std::numeric_limits<I>::min();
  }
  F r = trunc ? std::trunc(v) : std::nearbyint(v);
  // The valid range is [-2^(n-1), 2^(n-1)); compare in the FP type.
  const F lo = -std::ldexp(F(1), std::numeric_limits<I>::digits);
  const F hi = std::ldexp(F(1), std::numeric_limits<I>::digits);
  if (r < lo || r >= hi) {
    *invalid = true;
    return std::numeric_limits<I>::min();
  }
  if (r != v) *inexact = true;
  return static_cast<I>(r);
}

template <typename F>
uint64_t fcmp(unsigned cc, F a, F b) {
  bool uod = std::isnan(a) || std::isnan(b);
  switch (cc) {
    case 0: return !uod && a == b;
    case 1: return !uod && a < b;
    case 2: return !uod && a <= b;
    case 3: return uod;
    case 4: return uod || a != b;
    case 5: return uod || !(a < b);
    case 6: return uod || !(a <= b);
    default: return !uod;
  }
}

template <typename F>
F fmin_e2k(F a, F b) { return a < b ? a : b; }
template <typename F>
F fmax_e2k(F a, F b) { return a > b ? a : b; }

}  // namespace

uint64_t fp_op(E2kState &s, FpOp op, uint64_t a, uint64_t b) {
  // The four IEEE operations share their code with the IR's fadd/fsub/fmul/fdiv.
  int arith = -1;
  switch (op) {
    case FpOp::adds: case FpOp::addd: arith = static_cast<int>(tcg::FpBin::add); break;
    case FpOp::subs: case FpOp::subd: arith = static_cast<int>(tcg::FpBin::sub); break;
    case FpOp::muls: case FpOp::muld: arith = static_cast<int>(tcg::FpBin::mul); break;
    case FpOp::divs: case FpOp::divd: arith = static_cast<int>(tcg::FpBin::div); break;
    default: break;
  }
  if (arith >= 0) {
    bool single = op == FpOp::adds || op == FpOp::subs || op == FpOp::muls || op == FpOp::divs;
    uint32_t status = static_cast<uint32_t>(s.pfpfr);
    uint64_t r = tcg::host_fp_bin(static_cast<tcg::FpBin>(arith), single, a, b, &status);
    s.pfpfr |= status & tcg::kFpFlagMask;
    return r;
  }
  SseScope scope(static_cast<unsigned>(s.pfpfr >> 13));
  volatile float fa = f32(a), fb = f32(b);
  volatile double da = f64(a), db = f64(b);
  bool invalid = false, inexact = false;
  uint64_t r = 0;
  unsigned u = static_cast<unsigned>(op);
  switch (op) {
    case FpOp::mins: r = bits(fmin_e2k<float>(fa, fb)); break;
    case FpOp::maxs: r = bits(fmax_e2k<float>(fa, fb)); break;
    case FpOp::sqrts: r = bits(std::sqrt(static_cast<float>(fb))); break;
    case FpOp::mind: r = bits(fmin_e2k<double>(da, db)); break;
    case FpOp::maxd: r = bits(fmax_e2k<double>(da, db)); break;
    case FpOp::sqrtd: r = bits(std::sqrt(static_cast<double>(db))); break;
    case FpOp::stois: r = static_cast<uint32_t>(to_int<int32_t, float>(fb, false, &invalid, &inexact)); break;
    case FpOp::stoistr: r = static_cast<uint32_t>(to_int<int32_t, float>(fb, true, &invalid, &inexact)); break;
    case FpOp::stoid: r = static_cast<uint64_t>(to_int<int64_t, float>(fb, false, &invalid, &inexact)); break;
    case FpOp::stoidtr: r = static_cast<uint64_t>(to_int<int64_t, float>(fb, true, &invalid, &inexact)); break;
    case FpOp::dtois: r = static_cast<uint32_t>(to_int<int32_t, double>(db, false, &invalid, &inexact)); break;
    case FpOp::dtoistr: r = static_cast<uint32_t>(to_int<int32_t, double>(db, true, &invalid, &inexact)); break;
    case FpOp::dtoid: r = static_cast<uint64_t>(to_int<int64_t, double>(db, false, &invalid, &inexact)); break;
    case FpOp::dtoidtr: r = static_cast<uint64_t>(to_int<int64_t, double>(db, true, &invalid, &inexact)); break;
    case FpOp::istofs: r = bits(static_cast<float>(static_cast<int32_t>(b))); break;
    case FpOp::istofd: r = bits(static_cast<double>(static_cast<int32_t>(b))); break;
    case FpOp::idtofs: r = bits(static_cast<float>(static_cast<int64_t>(b))); break;
    case FpOp::idtofd: r = bits(static_cast<double>(static_cast<int64_t>(b))); break;
    case FpOp::stofd: r = bits(static_cast<double>(static_cast<float>(fb))); break;
    case FpOp::dtofs: r = bits(static_cast<float>(static_cast<double>(db))); break;
    case FpOp::rcps: r = bits(1.0f / static_cast<float>(fb)); break;
    case FpOp::rsqrts: {
      volatile float root = std::sqrt(static_cast<float>(fb));
      r = bits(1.0f / static_cast<float>(root));
      break;
    }
    case FpOp::scales: r = bits(std::ldexp(static_cast<float>(fa), static_cast<int32_t>(b))); break;
    case FpOp::scaled: r = bits(std::ldexp(static_cast<double>(da), static_cast<int32_t>(b))); break;
    case FpOp::rndis:
    case FpOp::rndid: {
      if ((a & 4) == 0) scope.set_rc(static_cast<unsigned>(a));
      if (op == FpOp::rndis) r = bits(std::nearbyint(static_cast<float>(fb)));
      else r = bits(std::nearbyint(static_cast<double>(db)));
      bool differs = op == FpOp::rndis ? f32(r) != static_cast<float>(fb) : f64(r) != static_cast<double>(db);
      if (differs && (a & 8) == 0) inexact = true;
      break;
    }
    default:
      if (op >= FpOp::cmps0 && op <= FpOp::cmps7) {
        r = fcmp<float>(u - static_cast<unsigned>(FpOp::cmps0), fa, fb);
      } else if (op >= FpOp::cmpd0 && op <= FpOp::cmpd7) {
        r = fcmp<double>(u - static_cast<unsigned>(FpOp::cmpd0), da, db);
      }
      break;
  }
  // The result goes through memory so the op cannot move past the flag read.
  volatile uint64_t out = r;
  uint64_t f = scope.flags() | (invalid ? kInvalid : 0) | (inexact ? kInexact : 0);
  s.pfpfr |= f;
  return out;
}

uint64_t fp_fma(E2kState &s, bool dbl, bool neg_product, bool neg_c, uint64_t a, uint64_t b, uint64_t c) {
  SseScope scope(static_cast<unsigned>(s.pfpfr >> 13));
  uint64_t r;
  // Negating an operand is exact, so -(a*b) + c is fma(-a, b, c).
  if (dbl) {
    volatile double x = f64(a), y = f64(b), z = f64(c);
    volatile double v = std::fma(neg_product ? -x : x, static_cast<double>(y), neg_c ? -z : z);
    r = bits(static_cast<double>(v));
  } else {
    volatile float x = f32(a), y = f32(b), z = f32(c);
    volatile float v = std::fma(neg_product ? -x : x, static_cast<float>(y), neg_c ? -z : z);
    r = bits(static_cast<float>(v));
  }
  volatile uint64_t out = r;
  s.pfpfr |= scope.flags();
  return out;
}

namespace {

long double make_x(uint64_t lo, uint64_t hi) {
  unsigned char buf[sizeof(long double)] = {};
  std::memcpy(buf, &lo, 8);
  uint16_t se = static_cast<uint16_t>(hi);
  std::memcpy(buf + 8, &se, 2);
  long double x;
  std::memcpy(&x, buf, sizeof x);
  return x;
}

uint64_t split_x(long double x, uint64_t *hi) {
  unsigned char buf[sizeof(long double)];
  std::memcpy(buf, &x, sizeof x);
  uint64_t lo;
  uint16_t se;
  std::memcpy(&lo, buf, 8);
  std::memcpy(&se, buf + 8, 2);
  *hi = se;
  return lo;
}

uint64_t fx_flags_to_fpsr(uint64_t f) {
  // x87 status order: ie de ze oe ue pe = bits 0..5, the same order as the E2K flags.
  return f;
}

}  // namespace

uint64_t fx_op(E2kState &s, FxOp op, uint64_t a_lo, uint64_t a_hi, uint64_t b_lo, uint64_t b_hi, uint64_t *hi) {
  // Arithmetic rounds to %fpcr's precision and rounding control, as the x87 does.
  X87Scope scope(static_cast<unsigned>(s.fpcr >> 10), static_cast<unsigned>(s.fpcr >> 8));
  volatile long double a = make_x(a_lo, a_hi), b = make_x(b_lo, b_hi);
  volatile long double r = 0;
  switch (op) {
    case FxOp::add: r = a + b; break;
    case FxOp::sub: r = a - b; break;
    case FxOp::mul: r = a * b; break;
    case FxOp::div: r = a / b; break;
    case FxOp::rsub: r = b - a; break;
    case FxOp::sqrt: {
      // x87 fsqrt: rounded to the precision and rounding control in force; negative -> invalid
      long double x = a;
      asm volatile("fsqrt" : "+t"(x));
      r = x;
      break;
    }
    case FxOp::scale: {
      // FSCALE multiplies by 2^trunc(st1) in one rounding (overflow/underflow as for a product), but
      // the x87 does not apply precision control to it: a multiply by 1 rounds the result to pc,
      // as fxmulxx would round it. A double rounding is possible only when the scaled value is
      // already subnormal in the 80-bit format [U: the hardware's single rounding is assumed there].
      long double n = static_cast<long double>(static_cast<int32_t>(b_lo));
      long double x = a;
      asm volatile("fscale" : "+t"(x) : "u"(n));
      volatile long double one = 1.0L;
      r = x * one;
      break;
    }
  }
  s.fpsr |= fx_flags_to_fpsr(scope.flags());
  return split_x(r, hi);
}

uint64_t fx_from_double(E2kState &s, uint64_t d, uint64_t *hi) {
  X87Scope scope(static_cast<unsigned>(s.fpcr >> 10), kPcExtended);
  volatile double v = f64(d);
  volatile long double x = static_cast<long double>(v);
  uint64_t r = split_x(x, hi);
  s.fpsr |= scope.flags();
  return r;
}

uint64_t fx_to_double(E2kState &s, uint64_t lo, uint64_t hi) {
  X87Scope scope(static_cast<unsigned>(s.pfpfr >> 13), kPcExtended);
  volatile long double x = make_x(lo, hi);
  volatile double d = static_cast<double>(x);
  uint64_t r = bits(static_cast<double>(d));
  s.pfpfr |= scope.flags();
  return r;
}

uint64_t fx_from_single(E2kState &s, uint64_t f, uint64_t *hi) {
  X87Scope scope(static_cast<unsigned>(s.fpcr >> 10), kPcExtended);
  volatile float v = f32(f);
  volatile long double x = static_cast<long double>(v);
  uint64_t r = split_x(x, hi);
  s.fpsr |= scope.flags();
  return r;
}

uint64_t fx_to_single(E2kState &s, uint64_t lo, uint64_t hi) {
  X87Scope scope(static_cast<unsigned>(s.pfpfr >> 13), kPcExtended);
  volatile long double x = make_x(lo, hi);
  volatile float f = static_cast<float>(x);
  uint64_t r = bits(static_cast<float>(f));
  s.pfpfr |= scope.flags();
  return r;
}

uint64_t fx_to_int(E2kState &s, uint64_t lo, uint64_t hi, bool i64, bool trunc) {
  X87Scope scope(static_cast<unsigned>(s.fpcr >> 10), kPcExtended);
  volatile long double x = make_x(lo, hi);
  bool invalid = false, inexact = false;
  uint64_t r = i64 ? static_cast<uint64_t>(to_int<int64_t, long double>(x, trunc, &invalid, &inexact))
                   : static_cast<uint32_t>(to_int<int32_t, long double>(x, trunc, &invalid, &inexact));
  s.fpsr |= scope.flags() | (invalid ? kInvalid : 0) | (inexact ? kInexact : 0);
  return r;
}

uint64_t fx_from_int(E2kState &s, uint64_t v, bool i64, uint64_t *hi) {
  (void)s;  // every 32/64-bit integer is exact in the 64-bit mantissa
  long double x = i64 ? static_cast<long double>(static_cast<int64_t>(v))
                      : static_cast<long double>(static_cast<int32_t>(v));
  return split_x(x, hi);
}

namespace {

// The flags word of a compare; signaling: whether this NaN operand raises invalid.
template <typename F>
uint64_t cmp_flags(F a, F b, bool any_nan_invalid, bool a_snan, bool b_snan, bool *invalid) {
  if (std::isnan(a) || std::isnan(b)) {
    *invalid = any_nan_invalid || a_snan || b_snan;
    return 0x45;
  }
  return a == b ? 0x40 : a < b ? 0x01 : 0x00;
}

}  // namespace

uint64_t fp_cmp_flags(E2kState &s, bool dbl, bool quiet, uint64_t a, uint64_t b) {
  bool invalid = false;
  uint64_t r;
  if (dbl) {
    auto snan = [](uint64_t v) { return std::isnan(f64(v)) && !((v >> 51) & 1); };
    r = cmp_flags<double>(f64(a), f64(b), !quiet, snan(a), snan(b), &invalid);
  } else {
    auto snan = [](uint64_t v) { return std::isnan(f32(v)) && !((v >> 22) & 1); };
    r = cmp_flags<float>(f32(a), f32(b), !quiet, snan(a), snan(b), &invalid);
  }
  if (invalid) s.pfpfr |= kInvalid;
  return r;
}

uint64_t fx_cmp(E2kState &s, unsigned cc, uint64_t a_lo, uint64_t a_hi, uint64_t b_lo, uint64_t b_hi) {
  X87Scope scope(static_cast<unsigned>(s.fpcr >> 10), kPcExtended);
  long double a = make_x(a_lo, a_hi), b = make_x(b_lo, b_hi);
  uint64_t r;
  if (cc >= 8) {
    // an 80-bit NaN is signaling when mantissa bit 62 is clear
    auto snan = [](long double x, uint64_t lo) { return std::isnan(x) && !((lo >> 62) & 1); };
    bool invalid = false;
    r = cmp_flags<long double>(a, b, cc == 8, snan(a, a_lo), snan(b, b_lo), &invalid);
    if (invalid) s.fpsr |= kInvalid;
  } else {
    r = fcmp<long double>(cc, a, b);
  }
  s.fpsr |= scope.flags();
  return r;
}

}  // namespace e2k
