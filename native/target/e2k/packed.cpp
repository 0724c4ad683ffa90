// Packed operations (ISA.md §4.6). ISA.md gives the families but rarely the lane order; where it
// is silent the facts come from the QEMU fork (Q, ISA.md §0): lanes are numbered from the least
// significant end, src1 is the first operand, and operations that combine both sources (packs,
// horizontal adds, movmsk) put the lanes from src2 in the LOW half of the result and those from
// src1 in the high half — except the horizontal adds, whose low half comes from src1 [Q].
#include "target/e2k/packed.h"

#include <cstring>
#include <limits>
#include <type_traits>

#include "target/e2k/fpu.h"

namespace e2k {

namespace {

template <typename T>
T lane(uint64_t v, unsigned i) {
  T x;
  std::memcpy(&x, reinterpret_cast<const uint8_t *>(&v) + i * sizeof(T), sizeof(T));
  return x;
}

template <typename T>
void set_lane(uint64_t &v, unsigned i, T x) {
  std::memcpy(reinterpret_cast<uint8_t *>(&v) + i * sizeof(T), &x, sizeof(T));
}

template <typename T>
constexpr unsigned lanes() {
  return 8 / sizeof(T);
}

// Lane i of the result = f(lane i of a, lane i of b).
template <typename T, typename F>
uint64_t map2(uint64_t a, uint64_t b, F f) {
  uint64_t r = 0;
  for (unsigned i = 0; i < lanes<T>(); i++) set_lane<T>(r, i, static_cast<T>(f(lane<T>(a, i), lane<T>(b, i))));
  return r;
}

// Horizontal: result lanes [0, n/2) = f over adjacent pairs of a, [n/2, n) = of b [Q].
template <typename T, typename F>
uint64_t hmap(uint64_t a, uint64_t b, F f) {
  uint64_t r = 0;
  constexpr unsigned h = lanes<T>() / 2;
  for (unsigned i = 0; i < h; i++) {
    set_lane<T>(r, i, static_cast<T>(f(lane<T>(a, 2 * i), lane<T>(a, 2 * i + 1))));
    set_lane<T>(r, i + h, static_cast<T>(f(lane<T>(b, 2 * i), lane<T>(b, 2 * i + 1))));
  }
  return r;
}

template <typename T>
T sat(int64_t v) {
  if (v < static_cast<int64_t>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (v > static_cast<int64_t>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(v);
}

// Narrowing pack: the lanes of b (saturated to D) fill the low half, those of a the high half [Q].
template <typename S, typename D>
uint64_t pack(uint64_t a, uint64_t b) {
  uint64_t r = 0;
  constexpr unsigned n = lanes<S>();
  for (unsigned i = 0; i < n; i++) {
    set_lane<D>(r, i, sat<D>(lane<S>(b, i)));
    set_lane<D>(r, i + n, sat<D>(lane<S>(a, i)));
  }
  return r;
}

// Interleave: lanes `first`.. of b and a alternate, b's lane first (even result lanes) [Q].
template <typename T>
uint64_t unpack(uint64_t a, uint64_t b, unsigned first) {
  uint64_t r = 0;
  for (unsigned i = 0; i < lanes<T>(); i++) set_lane<T>(r, i, lane<T>((i & 1) ? a : b, first + i / 2));
  return r;
}

// Sign bits: bit i = sign of b's lane i, bit (n + i) = sign of a's lane i [Q].
template <typename T>
uint64_t movmsk(uint64_t a, uint64_t b) {
  using S = typename std::make_signed<T>::type;
  uint64_t r = 0;
  for (unsigned i = 0; i < lanes<T>(); i++) {
    r |= uint64_t(static_cast<S>(lane<T>(b, i)) < 0) << i;
    r |= uint64_t(static_cast<S>(lane<T>(a, i)) < 0) << (i + lanes<T>());
  }
  return r;
}

// kind 0 shl, 1 shr, 2 sar; counts >= the lane width give 0 (sar: the sign fill).
template <typename T>
uint64_t shift_lanes(uint64_t a, uint64_t count, int kind) {
  const unsigned bits = 8 * sizeof(T);
  using S = typename std::make_signed<T>::type;
  uint64_t r = 0;
  for (unsigned i = 0; i < lanes<T>(); i++) {
    T x = lane<T>(a, i);
    T y;
    if (kind == 0) y = count >= bits ? T(0) : static_cast<T>(x << count);
    else if (kind == 1) y = count >= bits ? T(0) : static_cast<T>(x >> count);
    else y = static_cast<T>(static_cast<S>(x) >> (count >= bits ? bits - 1 : count));
    set_lane<T>(r, i, y);
  }
  return r;
}

// Rotate right of each lane by count mod the lane width (psrcw/psrcd) [Q].
template <typename T>
uint64_t rotr_lanes(uint64_t a, uint64_t count) {
  const unsigned bits = 8 * sizeof(T);
  unsigned c = static_cast<unsigned>(count % bits);
  return map2<T>(a, 0, [&](T x, T) { return c == 0 ? x : static_cast<T>((x >> c) | (x << (bits - c))); });
}

// psign: y < 0 -> -x, y == 0 -> 0, else x (wrapping).
template <typename T>
uint64_t psign(uint64_t a, uint64_t b) {
  using S = typename std::make_signed<T>::type;
  return map2<T>(a, b, [](T x, T y) {
    S s = static_cast<S>(y);
    return s < 0 ? static_cast<T>(T(0) - x) : s == 0 ? T(0) : x;
  });
}

uint64_t all_ones_if(uint64_t c) { return c ? ~uint64_t(0) : 0; }

// Two 32-bit FP lanes: lane i = fp_op(op, a_i, b_i); cmp ops give all-ones/zero lane masks.
uint64_t fp_lanes(E2kState &s, FpOp op, uint64_t a, uint64_t b, bool mask) {
  uint64_t r = 0;
  for (unsigned i = 0; i < 2; i++) {
    uint64_t v = fp_op(s, op, lane<uint32_t>(a, i), lane<uint32_t>(b, i)) & 0xffffffffu;
    if (mask) v = v ? 0xffffffffu : 0;
    set_lane<uint32_t>(r, i, static_cast<uint32_t>(v));
  }
  return r;
}

FpOp fcmp_s(unsigned cc) { return static_cast<FpOp>(static_cast<unsigned>(FpOp::cmps0) + cc); }
FpOp fcmp_d(unsigned cc) { return static_cast<FpOp>(static_cast<unsigned>(FpOp::cmpd0) + cc); }

// The packed FP compares, in the order of their condition code (eq lt le uod neq nlt nle od).
constexpr Mn kPfcmpS[8] = {Mn::pfcmpeqs, Mn::pfcmplts, Mn::pfcmples, Mn::pfcmpuods,
                           Mn::pfcmpneqs, Mn::pfcmpnlts, Mn::pfcmpnles, Mn::pfcmpods};
constexpr Mn kPfcmpD[8] = {Mn::pfcmpeqd, Mn::pfcmpltd, Mn::pfcmpled, Mn::pfcmpuodd,
                           Mn::pfcmpneqd, Mn::pfcmpnltd, Mn::pfcmpnled, Mn::pfcmpodd};
constexpr Mn kQpfcmpS[8] = {Mn::qpfcmpeqs, Mn::qpfcmplts, Mn::qpfcmples, Mn::qpfcmpuods,
                            Mn::qpfcmpneqs, Mn::qpfcmpnlts, Mn::qpfcmpnles, Mn::qpfcmpods};
constexpr Mn kQpfcmpD[8] = {Mn::qpfcmpeqd, Mn::qpfcmpltd, Mn::qpfcmpled, Mn::qpfcmpuodd,
                            Mn::qpfcmpneqd, Mn::qpfcmpnltd, Mn::qpfcmpnled, Mn::qpfcmpodd};

int index_of(const Mn (&table)[8], Mn mn) {
  for (int i = 0; i < 8; i++)
    if (table[i] == mn) return i;
  return -1;
}

// Integer lane operations (no FP state).
bool int_op(Mn mn, uint64_t a, uint64_t b, uint64_t *out) {
  uint64_t r;
  switch (mn) {
    // add/sub, wrapping and saturating
    case Mn::paddb: r = map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x + y; }); break;
    case Mn::paddh: r = map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x + y; }); break;
    case Mn::paddw: r = map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x + y; }); break;
    case Mn::paddd: r = a + b; break;
    case Mn::psubb: r = map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x - y; }); break;
    case Mn::psubh: r = map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x - y; }); break;
    case Mn::psubw: r = map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x - y; }); break;
    case Mn::psubd: r = a - b; break;
    case Mn::paddsb: r = map2<int8_t>(a, b, [](int8_t x, int8_t y) { return sat<int8_t>(int64_t(x) + y); }); break;
    case Mn::paddsh: r = map2<int16_t>(a, b, [](int16_t x, int16_t y) { return sat<int16_t>(int64_t(x) + y); }); break;
    case Mn::paddusb:
      r = map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return sat<uint8_t>(int64_t(x) + y); });
      break;
    case Mn::paddush:
      r = map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return sat<uint16_t>(int64_t(x) + y); });
      break;
    case Mn::psubsb: r = map2<int8_t>(a, b, [](int8_t x, int8_t y) { return sat<int8_t>(int64_t(x) - y); }); break;
    case Mn::psubsh: r = map2<int16_t>(a, b, [](int16_t x, int16_t y) { return sat<int16_t>(int64_t(x) - y); }); break;
    case Mn::psubusb:
      r = map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return sat<uint8_t>(int64_t(x) - y); });
      break;
    case Mn::psubush:
      r = map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return sat<uint16_t>(int64_t(x) - y); });
      break;
    // horizontal add/sub of adjacent lanes
    case Mn::phaddh: r = hmap<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x + y; }); break;
    case Mn::phaddw: r = hmap<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x + y; }); break;
    case Mn::phaddsh: r = hmap<int16_t>(a, b, [](int16_t x, int16_t y) { return sat<int16_t>(int64_t(x) + y); }); break;
    case Mn::phsubh: r = hmap<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x - y; }); break;
    case Mn::phsubw: r = hmap<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x - y; }); break;
    case Mn::phsubsh: r = hmap<int16_t>(a, b, [](int16_t x, int16_t y) { return sat<int16_t>(int64_t(x) - y); }); break;
    // logic
    case Mn::pandd: r = a & b; break;
    case Mn::pandnd: r = a & ~b; break;  // the scalar andn rule (src2 inverted) [U for packed]
    case Mn::pord: r = a | b; break;
    case Mn::pxord: r = a ^ b; break;
    // compares to lane masks
    case Mn::pcmpeqb: r = map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x == y ? 0xff : 0; }); break;
    case Mn::pcmpeqh: r = map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x == y ? 0xffff : 0; }); break;
    case Mn::pcmpeqw: r = map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x == y ? 0xffffffffu : 0; }); break;
    case Mn::pcmpeqd: r = all_ones_if(a == b); break;
    case Mn::pcmpgtd: r = all_ones_if(static_cast<int64_t>(a) > static_cast<int64_t>(b)); break;
    case Mn::pcmpgtb: r = map2<int8_t>(a, b, [](int8_t x, int8_t y) { return x > y ? -1 : 0; }); break;
    case Mn::pcmpgth: r = map2<int16_t>(a, b, [](int16_t x, int16_t y) { return x > y ? -1 : 0; }); break;
    case Mn::pcmpgtw: r = map2<int32_t>(a, b, [](int32_t x, int32_t y) { return x > y ? -1 : 0; }); break;
    // min/max
    case Mn::pmaxsh: r = map2<int16_t>(a, b, [](int16_t x, int16_t y) { return x > y ? x : y; }); break;
    case Mn::pmaxub: r = map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x > y ? x : y; }); break;
    case Mn::pminsh: r = map2<int16_t>(a, b, [](int16_t x, int16_t y) { return x < y ? x : y; }); break;
    case Mn::pminub: r = map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x < y ? x : y; }); break;
    case Mn::pmaxsb: r = map2<int8_t>(a, b, [](int8_t x, int8_t y) { return x > y ? x : y; }); break;
    case Mn::pmaxuh: r = map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x > y ? x : y; }); break;
    case Mn::pmaxsw: r = map2<int32_t>(a, b, [](int32_t x, int32_t y) { return x > y ? x : y; }); break;
    case Mn::pmaxuw: r = map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x > y ? x : y; }); break;
    case Mn::pminsb: r = map2<int8_t>(a, b, [](int8_t x, int8_t y) { return x < y ? x : y; }); break;
    case Mn::pminuh: r = map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x < y ? x : y; }); break;
    case Mn::pminsw: r = map2<int32_t>(a, b, [](int32_t x, int32_t y) { return x < y ? x : y; }); break;
    case Mn::pminuw: r = map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x < y ? x : y; }); break;
    // multiplies
    case Mn::pmulhh:
      r = map2<int16_t>(a, b, [](int16_t x, int16_t y) { return static_cast<int16_t>((int32_t(x) * y) >> 16); });
      break;
    case Mn::pmulhuh:
      r = map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return static_cast<uint16_t>((uint32_t(x) * y) >> 16); });
      break;
    case Mn::pmullh: r = map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return static_cast<uint16_t>(x * y); }); break;
    case Mn::pmullw:
      r = map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return static_cast<uint32_t>(uint64_t(x) * y); });
      break;
    case Mn::pmulhrsh:  // (x*y) >> 14, rounded by one more bit [Q]
      r = map2<int16_t>(a, b, [](int16_t x, int16_t y) {
        return static_cast<int16_t>((((int32_t(x) * y) >> 14) + 1) >> 1);
      });
      break;
    case Mn::pmulubhh:  // unsigned byte i of a (bytes 0..3) times signed half i of b, rounded >> 8 [Q]
      r = 0;
      for (unsigned i = 0; i < 4; i++)
        set_lane<uint16_t>(r, i, static_cast<uint16_t>((int32_t(lane<uint8_t>(a, i)) * lane<int16_t>(b, i) + 0x80) >> 8));
      break;
    case Mn::pmaddh:  // signed halves multiplied, adjacent products summed into words (wrapping) [Q]
      r = 0;
      for (unsigned i = 0; i < 2; i++) {
        uint32_t p0 = static_cast<uint32_t>(int32_t(lane<int16_t>(a, 2 * i)) * lane<int16_t>(b, 2 * i));
        uint32_t p1 = static_cast<uint32_t>(int32_t(lane<int16_t>(a, 2 * i + 1)) * lane<int16_t>(b, 2 * i + 1));
        set_lane<uint32_t>(r, i, p0 + p1);
      }
      break;
    case Mn::pmaddubsh:  // signed bytes of a times unsigned bytes of b, pairs summed with saturation [Q]
      r = 0;
      for (unsigned i = 0; i < 4; i++) {
        int32_t p0 = int32_t(lane<int8_t>(a, 2 * i)) * lane<uint8_t>(b, 2 * i);
        int32_t p1 = int32_t(lane<int8_t>(a, 2 * i + 1)) * lane<uint8_t>(b, 2 * i + 1);
        set_lane<int16_t>(r, i, sat<int16_t>(int64_t(p0) + p1));
      }
      break;
    // averages and sums of differences
    case Mn::pavgusb: r = map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return (x + y + 1) >> 1; }); break;
    case Mn::pavgush: r = map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return (x + y + 1) >> 1; }); break;
    case Mn::psadbw:
      r = 0;
      for (unsigned i = 0; i < 8; i++) {
        int d = int(lane<uint8_t>(a, i)) - int(lane<uint8_t>(b, i));
        r += static_cast<uint64_t>(d < 0 ? -d : d);
      }
      break;
    case Mn::mpsadbh:  // half i = sum over k < 4 of |a.byte[i + k] - b.byte[k]| [Q]
      r = 0;
      for (unsigned i = 0; i < 4; i++) {
        unsigned sum = 0;
        for (unsigned k = 0; k < 4; k++) {
          int d = int(lane<uint8_t>(a, i + k)) - int(lane<uint8_t>(b, k));
          sum += static_cast<unsigned>(d < 0 ? -d : d);
        }
        set_lane<uint16_t>(r, i, static_cast<uint16_t>(sum));
      }
      break;
    case Mn::phminposuh: {  // smallest unsigned half of a then b (first wins): value, index in half 1 [Q]
      uint16_t v = lane<uint16_t>(a, 0), idx = 0;
      for (unsigned i = 0; i < 8; i++) {
        uint16_t x = lane<uint16_t>(i < 4 ? a : b, i & 3);
        if (x < v) {
          v = x;
          idx = static_cast<uint16_t>(i);
        }
      }
      r = v | (uint64_t(idx) << 16);
      break;
    }
    // sign
    case Mn::psignb: r = psign<uint8_t>(a, b); break;
    case Mn::psignh: r = psign<uint16_t>(a, b); break;
    case Mn::psignw: r = psign<uint32_t>(a, b); break;
    // shifts by a scalar count (src2)
    case Mn::psllh: r = shift_lanes<uint16_t>(a, b, 0); break;
    case Mn::psllw: r = shift_lanes<uint32_t>(a, b, 0); break;
    case Mn::pslld: r = b >= 64 ? 0 : a << b; break;
    case Mn::psrlh: r = shift_lanes<uint16_t>(a, b, 1); break;
    case Mn::psrlw: r = shift_lanes<uint32_t>(a, b, 1); break;
    case Mn::psrld: r = b >= 64 ? 0 : a >> b; break;
    case Mn::psrah: r = shift_lanes<uint16_t>(a, b, 2); break;
    case Mn::psraw: r = shift_lanes<uint32_t>(a, b, 2); break;
    case Mn::qpsrad: r = shift_lanes<uint64_t>(a, b, 2); break;  // per 64-bit half
    case Mn::psrcw: r = rotr_lanes<uint32_t>(a, b); break;
    case Mn::psrcd: r = rotr_lanes<uint64_t>(a, b); break;
    // packs, unpacks, sign masks
    case Mn::packsshb: r = pack<int16_t, int8_t>(a, b); break;
    case Mn::packushb: r = pack<int16_t, uint8_t>(a, b); break;
    case Mn::packsswh: r = pack<int32_t, int16_t>(a, b); break;
    case Mn::packuswh: r = pack<int32_t, uint16_t>(a, b); break;
    case Mn::punpcklbh: r = unpack<uint8_t>(a, b, 0); break;
    case Mn::punpckhbh: r = unpack<uint8_t>(a, b, 4); break;
    case Mn::punpcklhw: r = unpack<uint16_t>(a, b, 0); break;
    case Mn::punpckhhw: r = unpack<uint16_t>(a, b, 2); break;
    case Mn::punpcklwd: r = unpack<uint32_t>(a, b, 0); break;
    case Mn::punpckhwd: r = unpack<uint32_t>(a, b, 1); break;
    case Mn::pmovmskb: r = movmsk<uint8_t>(a, b); break;
    case Mn::pmovmskps: r = movmsk<uint32_t>(a, b); break;
    case Mn::pmovmskpd: r = movmsk<uint64_t>(a, b); break;
    case Mn::qpmsk2sgnb:  // per 64-bit half: byte i's top bit := mask bit i (b holds the half's 8 bits) [Q]
      r = 0;
      for (unsigned i = 0; i < 8; i++) {
        uint8_t x = lane<uint8_t>(a, i);
        set_lane<uint8_t>(r, i, static_cast<uint8_t>(((b >> i) & 1) ? (x | 0x80) : (x & 0x7f)));
      }
      break;
    default: return false;
  }
  *out = r;
  return true;
}

// FP lane operations (%pfpfr rounding and flags); scalar Mns here are the halves of qp ops.
bool fp_packed_op(E2kState &s, Mn mn, uint64_t a, uint64_t b, uint64_t *out) {
  int cc;
  if ((cc = index_of(kPfcmpS, mn)) >= 0) {
    *out = fp_lanes(s, fcmp_s(static_cast<unsigned>(cc)), a, b, true);
    return true;
  }
  if ((cc = index_of(kPfcmpD, mn)) >= 0) {
    *out = all_ones_if(fp_op(s, fcmp_d(static_cast<unsigned>(cc)), a, b));
    return true;
  }
  uint64_t r;
  switch (mn) {
    case Mn::pfadds: r = fp_lanes(s, FpOp::adds, a, b, false); break;
    case Mn::pfsubs: r = fp_lanes(s, FpOp::subs, a, b, false); break;
    case Mn::pfmuls: r = fp_lanes(s, FpOp::muls, a, b, false); break;
    case Mn::pfmins: r = fp_lanes(s, FpOp::mins, a, b, false); break;
    case Mn::pfmaxs: r = fp_lanes(s, FpOp::maxs, a, b, false); break;
    case Mn::pistofs: r = fp_lanes(s, FpOp::istofs, 0, b, false); break;
    case Mn::pfstois: r = fp_lanes(s, FpOp::stois, 0, b, false); break;
    case Mn::pfstoistr: r = fp_lanes(s, FpOp::stoistr, 0, b, false); break;
    case Mn::pfstoifs: {  // the mode is word 0 of src1, for both lanes [Q]
      uint64_t mode = a & 0xffffffffu;
      r = fp_lanes(s, FpOp::rndis, mode | (mode << 32), b, false);
      break;
    }
    case Mn::pfhadds:
    case Mn::pfhsubs: {
      FpOp op = mn == Mn::pfhadds ? FpOp::adds : FpOp::subs;
      r = fp_op(s, op, lane<uint32_t>(a, 0), lane<uint32_t>(a, 1)) & 0xffffffffu;
      r |= (fp_op(s, op, lane<uint32_t>(b, 0), lane<uint32_t>(b, 1)) & 0xffffffffu) << 32;
      break;
    }
    case Mn::pfaddsubs:  // lane 0 subtracts, lane 1 adds [Q]
      r = fp_op(s, FpOp::subs, lane<uint32_t>(a, 0), lane<uint32_t>(b, 0)) & 0xffffffffu;
      r |= (fp_op(s, FpOp::adds, lane<uint32_t>(a, 1), lane<uint32_t>(b, 1)) & 0xffffffffu) << 32;
      break;
    case Mn::pfdivs: r = fp_op(s, FpOp::divs, a, b); break;  // a scalar single on ALC5 [Q]
    case Mn::pfsqrts: r = fp_op(s, FpOp::sqrts, 0, b); break;
    case Mn::faddd: case Mn::pfaddd: r = fp_op(s, FpOp::addd, a, b); break;
    case Mn::fsubd: case Mn::pfsubd: r = fp_op(s, FpOp::subd, a, b); break;
    case Mn::fmuld: case Mn::pfmuld: r = fp_op(s, FpOp::muld, a, b); break;
    case Mn::fdivd: case Mn::pfdivd: r = fp_op(s, FpOp::divd, a, b); break;
    case Mn::fmind: case Mn::pfmind: r = fp_op(s, FpOp::mind, a, b); break;
    case Mn::fmaxd: case Mn::pfmaxd: r = fp_op(s, FpOp::maxd, a, b); break;
    case Mn::fdtoifd: case Mn::pfdtoifd: r = fp_op(s, FpOp::rndid, a, b); break;
    case Mn::pfstofd: case Mn::fstofd: r = fp_op(s, FpOp::stofd, 0, b); break;
    case Mn::pfdtofs: case Mn::fdtofs: r = fp_op(s, FpOp::dtofs, 0, b); break;
    case Mn::pfdtois: case Mn::fdtois: r = fp_op(s, FpOp::dtois, 0, b); break;
    case Mn::pfdtoistr: case Mn::fdtoistr: r = fp_op(s, FpOp::dtoistr, 0, b); break;
    case Mn::fstoid: r = fp_op(s, FpOp::stoid, 0, b); break;
    case Mn::fstoidtr: r = fp_op(s, FpOp::stoidtr, 0, b); break;
    case Mn::istofd: r = fp_op(s, FpOp::istofd, 0, b); break;
    case Mn::idtofs: r = fp_op(s, FpOp::idtofs, 0, b); break;
    case Mn::fdtoid: r = fp_op(s, FpOp::dtoid, 0, b); break;
    case Mn::fdtoidtr: r = fp_op(s, FpOp::dtoidtr, 0, b); break;
    case Mn::idtofd: r = fp_op(s, FpOp::idtofd, 0, b); break;
    case Mn::qpfaddsubd: r = fp_op(s, FpOp::subd, a, b); break;  // the low half; the high one is faddd [Q]
    default: return false;
  }
  *out = r;
  return true;
}

}  // namespace

bool packed_supported(Mn mn) {
  if (index_of(kPfcmpS, mn) >= 0 || index_of(kPfcmpD, mn) >= 0) return true;
  switch (mn) {
    case Mn::paddb: case Mn::paddh: case Mn::paddw: case Mn::paddd:
    case Mn::psubb: case Mn::psubh: case Mn::psubw: case Mn::psubd:
    case Mn::paddsb: case Mn::paddsh: case Mn::paddusb: case Mn::paddush:
    case Mn::psubsb: case Mn::psubsh: case Mn::psubusb: case Mn::psubush:
    case Mn::phaddh: case Mn::phaddw: case Mn::phaddsh: case Mn::phsubh: case Mn::phsubw: case Mn::phsubsh:
    case Mn::pandd: case Mn::pandnd: case Mn::pord: case Mn::pxord:
    case Mn::pcmpeqd: case Mn::pcmpgtd:
    case Mn::pcmpeqb: case Mn::pcmpeqh: case Mn::pcmpeqw: case Mn::pcmpgtb: case Mn::pcmpgth: case Mn::pcmpgtw:
    case Mn::pmaxsh: case Mn::pmaxub: case Mn::pminsh: case Mn::pminub:
    case Mn::pmaxsb: case Mn::pmaxuh: case Mn::pmaxsw: case Mn::pmaxuw:
    case Mn::pminsb: case Mn::pminuh: case Mn::pminsw: case Mn::pminuw:
    case Mn::pmulhh: case Mn::pmulhuh: case Mn::pmullh: case Mn::pmullw: case Mn::pmulhrsh: case Mn::pmulubhh:
    case Mn::pmaddh: case Mn::pmaddubsh:
    case Mn::pavgusb: case Mn::pavgush: case Mn::psadbw: case Mn::mpsadbh: case Mn::phminposuh:
    case Mn::psignb: case Mn::psignh: case Mn::psignw:
    case Mn::psllh: case Mn::psllw: case Mn::pslld: case Mn::psrlh: case Mn::psrlw: case Mn::psrld:
    case Mn::psrah: case Mn::psraw: case Mn::psrcw: case Mn::psrcd:
    case Mn::packsshb: case Mn::packushb: case Mn::packsswh: case Mn::packuswh:
    case Mn::punpcklbh: case Mn::punpckhbh: case Mn::punpcklhw: case Mn::punpckhhw:
    case Mn::punpcklwd: case Mn::punpckhwd:
    case Mn::pmovmskb: case Mn::pmovmskps: case Mn::pmovmskpd:
    case Mn::pfadds: case Mn::pfsubs: case Mn::pfmuls: case Mn::pfmins: case Mn::pfmaxs:
    case Mn::pfhadds: case Mn::pfhsubs: case Mn::pfaddsubs: case Mn::pfstoifs: case Mn::pfdivs:
    case Mn::pfmind: case Mn::pfmaxd: case Mn::pfdivd: case Mn::pfdtoifd:
    case Mn::pistofs: case Mn::pfstois: case Mn::pfstoistr: case Mn::pfsqrts:
    case Mn::pfstofd: case Mn::pfdtofs: case Mn::pfdtois: case Mn::pfdtoistr:
      return true;
    default:
      return false;
  }
}

uint64_t packed_op(E2kState &s, Mn mn, uint64_t a, uint64_t b) {
  uint64_t r = 0;
  if (int_op(mn, a, b, &r)) return r;
  if (fp_packed_op(s, mn, a, b, &r)) return r;
  return 0;  // not reached: the translator only sends operations listed above
}

bool packed_quad_form(Mn mn, QuadForm *f) {
  // Operand half numbers: 0 src1.lo, 1 src1.hi, 2 src2.lo, 3 src2.hi.
  auto halves = [&](Mn h) { *f = QuadForm{h, h, 0, 2, 1, 3, 0, 0}; };
  int cc;
  if ((cc = index_of(kQpfcmpS, mn)) >= 0) {
    halves(kPfcmpS[cc]);
    return true;
  }
  if ((cc = index_of(kQpfcmpD, mn)) >= 0) {
    halves(kPfcmpD[cc]);
    return true;
  }
  switch (mn) {
    case Mn::qpand: halves(Mn::pandd); return true;
    case Mn::qpandn: halves(Mn::pandnd); return true;
    case Mn::qpor: halves(Mn::pord); return true;
    case Mn::qpxor: halves(Mn::pxord); return true;
    case Mn::qpaddb: halves(Mn::paddb); return true;
    case Mn::qpaddh: halves(Mn::paddh); return true;
    case Mn::qpaddw: halves(Mn::paddw); return true;
    case Mn::qpaddd: halves(Mn::paddd); return true;
    case Mn::qpsubb: halves(Mn::psubb); return true;
    case Mn::qpsubh: halves(Mn::psubh); return true;
    case Mn::qpsubw: halves(Mn::psubw); return true;
    case Mn::qpsubd: halves(Mn::psubd); return true;
    case Mn::qpaddsb: halves(Mn::paddsb); return true;
    case Mn::qpaddsh: halves(Mn::paddsh); return true;
    case Mn::qpaddusb: halves(Mn::paddusb); return true;
    case Mn::qpaddush: halves(Mn::paddush); return true;
    case Mn::qpsubsb: halves(Mn::psubsb); return true;
    case Mn::qpsubsh: halves(Mn::psubsh); return true;
    case Mn::qpsubusb: halves(Mn::psubusb); return true;
    case Mn::qpsubush: halves(Mn::psubush); return true;
    case Mn::qpcmpeqb: halves(Mn::pcmpeqb); return true;
    case Mn::qpcmpeqh: halves(Mn::pcmpeqh); return true;
    case Mn::qpcmpeqw: halves(Mn::pcmpeqw); return true;
    case Mn::qpcmpgtb: halves(Mn::pcmpgtb); return true;
    case Mn::qpcmpgth: halves(Mn::pcmpgth); return true;
    case Mn::qpcmpgtw: halves(Mn::pcmpgtw); return true;
    case Mn::qpcmpeqd: halves(Mn::pcmpeqd); return true;
    case Mn::qpcmpgtd: halves(Mn::pcmpgtd); return true;
    case Mn::qpmaxsh: halves(Mn::pmaxsh); return true;
    case Mn::qpmaxub: halves(Mn::pmaxub); return true;
    case Mn::qpminsh: halves(Mn::pminsh); return true;
    case Mn::qpminub: halves(Mn::pminub); return true;
    case Mn::qpmaxsb: halves(Mn::pmaxsb); return true;
    case Mn::qpmaxuh: halves(Mn::pmaxuh); return true;
    case Mn::qpmaxsw: halves(Mn::pmaxsw); return true;
    case Mn::qpmaxuw: halves(Mn::pmaxuw); return true;
    case Mn::qpminsb: halves(Mn::pminsb); return true;
    case Mn::qpminuh: halves(Mn::pminuh); return true;
    case Mn::qpminsw: halves(Mn::pminsw); return true;
    case Mn::qpminuw: halves(Mn::pminuw); return true;
    case Mn::qpmulhh: halves(Mn::pmulhh); return true;
    case Mn::qpmulhuh: halves(Mn::pmulhuh); return true;
    case Mn::qpmullh: halves(Mn::pmullh); return true;
    case Mn::qpmullw: halves(Mn::pmullw); return true;
    case Mn::qpmulhrsh: halves(Mn::pmulhrsh); return true;
    case Mn::qpmaddh: halves(Mn::pmaddh); return true;
    case Mn::qpmaddubsh: halves(Mn::pmaddubsh); return true;
    case Mn::qpavgusb: halves(Mn::pavgusb); return true;
    case Mn::qpavgush: halves(Mn::pavgush); return true;
    case Mn::qpsadbw: halves(Mn::psadbw); return true;  // one sum per 64-bit half, as SSE psadbw
    case Mn::qpsignb: halves(Mn::psignb); return true;
    case Mn::qpsignh: halves(Mn::psignh); return true;
    case Mn::qpsignw: halves(Mn::psignw); return true;
    // shifts: src2 is one 64-bit count for both halves [Q]
    case Mn::qpsllh: halves(Mn::psllh); return true;
    case Mn::qpsllw: halves(Mn::psllw); return true;
    case Mn::qpslld: halves(Mn::pslld); return true;
    case Mn::qpsrlh: halves(Mn::psrlh); return true;
    case Mn::qpsrlw: halves(Mn::psrlw); return true;
    case Mn::qpsrld: halves(Mn::psrld); return true;
    case Mn::qpsrah: halves(Mn::psrah); return true;
    case Mn::qpsraw: halves(Mn::psraw); return true;
    case Mn::qpsrad: halves(Mn::qpsrad); return true;
    case Mn::qpsrcw: halves(Mn::psrcw); return true;
    case Mn::qpsrcd: halves(Mn::psrcd); return true;
    // src2 is 32 bits (qpmpsadbh: the same 4 bytes for both halves; qpmsk2sgnb: 8 mask bits each)
    case Mn::qpmpsadbh: halves(Mn::mpsadbh); return true;
    case Mn::qpmsk2sgnb: *f = QuadForm{mn, mn, 0, 2, 1, 3, 0, 8}; return true;
    // src1 is 64 bits: its words 0 and 1 feed the low and high half [Q]
    case Mn::qpmulubhh: *f = QuadForm{Mn::pmulubhh, Mn::pmulubhh, 0, 2, 1, 3, 32, 0}; return true;
    // packs: the low half packs src2, the high half src1 (each as hi:lo lanes) [Q]
    case Mn::qpacksshb: *f = QuadForm{Mn::packsshb, Mn::packsshb, 3, 2, 1, 0, 0, 0}; return true;
    case Mn::qpackushb: *f = QuadForm{Mn::packushb, Mn::packushb, 3, 2, 1, 0, 0, 0}; return true;
    case Mn::qpacksswh: *f = QuadForm{Mn::packsswh, Mn::packsswh, 3, 2, 1, 0, 0, 0}; return true;
    case Mn::qpackuswh: *f = QuadForm{Mn::packuswh, Mn::packuswh, 3, 2, 1, 0, 0, 0}; return true;
    // horizontal: the low half from the pairs of src1, the high half from src2 [Q]
    case Mn::qphaddh: *f = QuadForm{Mn::phaddh, Mn::phaddh, 0, 1, 2, 3, 0, 0}; return true;
    case Mn::qphaddw: *f = QuadForm{Mn::phaddw, Mn::phaddw, 0, 1, 2, 3, 0, 0}; return true;
    case Mn::qphaddsh: *f = QuadForm{Mn::phaddsh, Mn::phaddsh, 0, 1, 2, 3, 0, 0}; return true;
    case Mn::qphsubh: *f = QuadForm{Mn::phsubh, Mn::phsubh, 0, 1, 2, 3, 0, 0}; return true;
    case Mn::qphsubw: *f = QuadForm{Mn::phsubw, Mn::phsubw, 0, 1, 2, 3, 0, 0}; return true;
    case Mn::qphsubsh: *f = QuadForm{Mn::phsubsh, Mn::phsubsh, 0, 1, 2, 3, 0, 0}; return true;
    case Mn::qpfhadds: *f = QuadForm{Mn::pfhadds, Mn::pfhadds, 0, 1, 2, 3, 0, 0}; return true;
    case Mn::qpfhsubs: *f = QuadForm{Mn::pfhsubs, Mn::pfhsubs, 0, 1, 2, 3, 0, 0}; return true;
    // FP
    case Mn::qpfadds: halves(Mn::pfadds); return true;
    case Mn::qpfsubs: halves(Mn::pfsubs); return true;
    case Mn::qpfmuls: halves(Mn::pfmuls); return true;
    case Mn::qpfmins: halves(Mn::pfmins); return true;
    case Mn::qpfmaxs: halves(Mn::pfmaxs); return true;
    case Mn::qpfaddd: halves(Mn::faddd); return true;
    case Mn::qpfsubd: halves(Mn::fsubd); return true;
    case Mn::qpfmuld: halves(Mn::fmuld); return true;
    case Mn::qpfmind: halves(Mn::fmind); return true;
    case Mn::qpfmaxd: halves(Mn::fmaxd); return true;
    case Mn::qpfaddsubs: halves(Mn::pfaddsubs); return true;
    case Mn::qpfaddsubd: *f = QuadForm{Mn::qpfaddsubd, Mn::faddd, 0, 2, 1, 3, 0, 0}; return true;
    case Mn::qpfstoifs: halves(Mn::pfstoifs); return true;  // src1 (64-bit) = mode
    case Mn::qpfdtoifd: halves(Mn::fdtoifd); return true;
    // unary (ALOPF12: src1 reads as 0)
    case Mn::qpfstois: halves(Mn::pfstois); return true;
    case Mn::qpfstoistr: halves(Mn::pfstoistr); return true;
    case Mn::qpistofs: halves(Mn::pistofs); return true;
    case Mn::qpfdtoid: halves(Mn::fdtoid); return true;
    case Mn::qpfdtoidtr: halves(Mn::fdtoidtr); return true;
    case Mn::qpidtofd: halves(Mn::idtofd); return true;
    // widening (64-bit src2, 128-bit result): word i of src2 -> half i [Q]
    case Mn::qpfstoid: *f = QuadForm{Mn::fstoid, Mn::fstoid, 0, 2, 1, 3, 0, 32}; return true;
    case Mn::qpfstoidtr: *f = QuadForm{Mn::fstoidtr, Mn::fstoidtr, 0, 2, 1, 3, 0, 32}; return true;
    case Mn::qpistofd: *f = QuadForm{Mn::istofd, Mn::istofd, 0, 2, 1, 3, 0, 32}; return true;
    case Mn::qpfstofd: *f = QuadForm{Mn::fstofd, Mn::fstofd, 0, 2, 1, 3, 0, 32}; return true;
    // narrowing (128-bit src2, 64-bit result): half i -> word i (the translator packs the words) [Q]
    case Mn::qpfdtois: halves(Mn::fdtois); return true;
    case Mn::qpfdtoistr: halves(Mn::fdtoistr); return true;
    case Mn::qpidtofs: halves(Mn::idtofs); return true;
    case Mn::qpfdtofs: halves(Mn::fdtofs); return true;
    default: return false;
  }
}

bool packed_pred_compare(Mn mn, Mn *lanes, bool *all) {
  struct Row {
    Mn mn, lanes;
    bool all;
  };
  static constexpr Row kRows[] = {
      {Mn::pcmpeqbop, Mn::pcmpeqb, false}, {Mn::pcmpeqhop, Mn::pcmpeqh, false},
      {Mn::pcmpeqwop, Mn::pcmpeqw, false}, {Mn::pcmpeqdop, Mn::pcmpeqd, false},
      {Mn::pcmpgtbop, Mn::pcmpgtb, false}, {Mn::pcmpgthop, Mn::pcmpgth, false},
      {Mn::pcmpgtwop, Mn::pcmpgtw, false}, {Mn::pcmpgtdop, Mn::pcmpgtd, false},
      {Mn::pcmpeqbap, Mn::pcmpeqb, true},  {Mn::pcmpeqhap, Mn::pcmpeqh, true},
      {Mn::pcmpeqwap, Mn::pcmpeqw, true},  {Mn::pcmpeqdap, Mn::pcmpeqd, true},
      {Mn::pcmpgtbap, Mn::pcmpgtb, true},  {Mn::pcmpgthap, Mn::pcmpgth, true},
      {Mn::pcmpgtwap, Mn::pcmpgtw, true},  {Mn::pcmpgtdap, Mn::pcmpgtd, true},
      {Mn::qpcmpeqbop, Mn::pcmpeqb, false}, {Mn::qpcmpeqhop, Mn::pcmpeqh, false},
      {Mn::qpcmpeqwop, Mn::pcmpeqw, false}, {Mn::qpcmpeqdop, Mn::pcmpeqd, false},
      {Mn::qpcmpgtbop, Mn::pcmpgtb, false}, {Mn::qpcmpgthop, Mn::pcmpgth, false},
      {Mn::qpcmpgtwop, Mn::pcmpgtw, false}, {Mn::qpcmpgtdop, Mn::pcmpgtd, false},
      {Mn::qpcmpeqbap, Mn::pcmpeqb, true},  {Mn::qpcmpeqhap, Mn::pcmpeqh, true},
      {Mn::qpcmpeqwap, Mn::pcmpeqw, true},  {Mn::qpcmpeqdap, Mn::pcmpeqd, true},
      {Mn::qpcmpgtbap, Mn::pcmpgtb, true},  {Mn::qpcmpgthap, Mn::pcmpgth, true},
      {Mn::qpcmpgtwap, Mn::pcmpgtw, true},  {Mn::qpcmpgtdap, Mn::pcmpgtd, true},
  };
  for (const Row &r : kRows) {
    if (r.mn == mn) {
      *lanes = r.lanes;
      *all = r.all;
      return true;
    }
  }
  return false;
}

namespace {

uint8_t reverse_bits(uint8_t b) {
  uint8_t r = 0;
  for (unsigned j = 0; j < 8; j++) r = static_cast<uint8_t>(r | (((b >> j) & 1) << (7 - j)));
  return r;
}

uint8_t sign_fill(uint8_t b) { return (b & 0x80) ? 0xff : 0x00; }

// pshufb s1, s2, s3 (ISA.md 4.6): byte i chosen and transformed by control byte i of s3.
uint64_t pshufb(uint64_t s1, uint64_t s2, uint64_t s3) {
  uint64_t r = 0;
  for (unsigned i = 0; i < 8; i++) {
    uint8_t c = lane<uint8_t>(s3, i);
    uint8_t b;
    if (c & 0x80) {
      unsigned k = (c >> 4) & 7;
      b = k == 2 ? 0x7f : k == 4 ? 0x80 : k == 6 ? 0xff : 0x00;
    } else {
      b = lane<uint8_t>((c & 8) ? s1 : s2, c & 7);
      if (c & 0x10) b = static_cast<uint8_t>(~b);
      if (c & 0x20) b = reverse_bits(b);
      if (c & 0x40) b = sign_fill(b);
    }
    set_lane<uint8_t>(r, i, b);
  }
  return r;
}

// One 64-bit half of qppermb from one source: byte i is taken when control bit 4 selects that
// source (1 = src1, 0 = src2), from index c & 15 of (hi:lo), then bit 5 inverts, bit 6 reverses
// the bits, bit 7 fills with the sign [Q]. Bytes from the other source are 0.
uint64_t permb_part(bool from_src1, uint64_t lo, uint64_t hi, uint64_t ctl) {
  uint64_t r = 0;
  for (unsigned i = 0; i < 8; i++) {
    uint8_t c = lane<uint8_t>(ctl, i);
    if (((c & 0x10) != 0) != from_src1) continue;
    unsigned k = c & 15;
    uint8_t b = lane<uint8_t>(k < 8 ? lo : hi, k & 7);
    if (c & 0x20) b = static_cast<uint8_t>(~b);
    if (c & 0x40) b = reverse_bits(b);
    if (c & 0x80) b = sign_fill(b);
    set_lane<uint8_t>(r, i, b);
  }
  return r;
}

}  // namespace

uint64_t packed3_op(Mn mn, unsigned sel, uint64_t a, uint64_t b, uint64_t c) {
  switch (mn) {
    case Mn::pshufb: return pshufb(a, b, c);
    case Mn::pmerge: {  // byte i = (s3 byte i negative) ? s2 : s1 [Q]
      uint64_t r = 0;
      for (unsigned i = 0; i < 8; i++) set_lane<uint8_t>(r, i, lane<uint8_t>(lane<int8_t>(c, i) < 0 ? b : a, i));
      return r;
    }
    case Mn::qppermb: return permb_part(sel == 0, a, b, c);
    default: return packed_lit8_supported(mn) ? packed_lit8_op(mn, a, b, sel) : 0;
  }
}

uint64_t plog_op(unsigned table, uint64_t a, uint64_t b, uint64_t c) {
  // Each of the 8 minterms contributes the bits where (a, b, c) match it.
  uint64_t r = 0;
  for (unsigned k = 0; k < 8; k++) {
    if (!((table >> k) & 1)) continue;
    uint64_t m = ((k & 4) ? a : ~a) & ((k & 2) ? b : ~b) & ((k & 1) ? c : ~c);
    r |= m;
  }
  return r;
}

bool packed_lit8_supported(Mn mn) {
  switch (mn) {
    case Mn::psllqh: case Mn::psllql: case Mn::psrlqh: case Mn::psrlql:
    case Mn::pinsh: case Mn::pextrh: case Mn::pshufw: case Mn::pshufh:
      return true;
    default:
      return false;
  }
}

uint64_t packed_lit8_op(Mn mn, uint64_t a, uint64_t b, unsigned lit) {
  // psll/psrl q[hl]: (a:b) as one 128-bit value shifted by lit bytes; h/l = which half [Q].
  unsigned sh = 8 * lit;
  switch (mn) {
    case Mn::psllql: return sh >= 64 ? 0 : b << sh;
    case Mn::psllqh:
      if (sh == 0) return a;
      if (sh < 64) return (a << sh) | (b >> (64 - sh));
      return sh < 128 ? b << (sh - 64) : 0;
    case Mn::psrlqh: return sh >= 64 ? 0 : a >> sh;
    case Mn::psrlql:
      if (sh == 0) return b;
      if (sh < 64) return (b >> sh) | (a << (64 - sh));
      return sh < 128 ? a >> (sh - 64) : 0;
    case Mn::pinsh:  // half `lit` of a := the low half of b; lit > 3 leaves a [Q]
      if (lit > 3) return a;
      return (a & ~(uint64_t(0xffff) << (16 * lit))) | ((b & 0xffff) << (16 * lit));
    case Mn::pextrh:  // halves 0..3 of b, 4..7 of a, else 0 [Q]
      if (lit < 4) return lane<uint16_t>(b, lit);
      return lit < 8 ? lane<uint16_t>(a, lit - 4) : 0;
    case Mn::pshufw: {  // word i = selector (lit >> 2i) & 3: bit 1 picks a (1) or b, bit 0 the word [Q]
      uint64_t r = 0;
      for (unsigned i = 0; i < 2; i++) {
        unsigned k = (lit >> (2 * i)) & 3;
        set_lane<uint32_t>(r, i, lane<uint32_t>(k > 1 ? a : b, k & 1));
      }
      return r;
    }
    case Mn::pshufh: {  // half i of the result = half (lit >> 2i) & 3 of the source (b) [Q]
      uint64_t r = 0;
      for (unsigned i = 0; i < 4; i++) set_lane<uint16_t>(r, i, lane<uint16_t>(b, (lit >> (2 * i)) & 3));
      return r;
    }
    default: return 0;
  }
}

}  // namespace e2k
