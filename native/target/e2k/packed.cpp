// 64-bit packed integer operations (ISA.md §4.6): MMX-like lane semantics with src1 as the
// first operand. Operations whose operand order or lane layout is not established (packs,
// unpacks, shuffles) are left out and raise SIGILL.
#include "target/e2k/packed.h"

#include <cstring>
#include <limits>
#include <type_traits>

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

template <typename T, typename F>
uint64_t map2(uint64_t a, uint64_t b, F f) {
  uint64_t r = 0;
  for (unsigned i = 0; i < 8 / sizeof(T); i++) set_lane<T>(r, i, static_cast<T>(f(lane<T>(a, i), lane<T>(b, i))));
  return r;
}

template <typename T>
T sat(int64_t v) {
  if (v < static_cast<int64_t>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (v > static_cast<int64_t>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(v);
}

template <typename T>
uint64_t shift_lanes(uint64_t a, uint64_t count, int kind) {
  const unsigned bits = 8 * sizeof(T);
  using S = typename std::make_signed<T>::type;
  uint64_t r = 0;
  for (unsigned i = 0; i < 8 / sizeof(T); i++) {
    T x = lane<T>(a, i);
    T y;
    if (kind == 0) y = count >= bits ? T(0) : static_cast<T>(x << count);
    else if (kind == 1) y = count >= bits ? T(0) : static_cast<T>(x >> count);
    else y = static_cast<T>(static_cast<S>(x) >> (count >= bits ? bits - 1 : count));
    set_lane<T>(r, i, y);
  }
  return r;
}

}  // namespace

bool packed_supported(Mn mn) {
  switch (mn) {
    case Mn::paddb: case Mn::paddh: case Mn::paddw: case Mn::paddd:
    case Mn::psubb: case Mn::psubh: case Mn::psubw: case Mn::psubd:
    case Mn::paddsb: case Mn::paddsh: case Mn::paddusb: case Mn::paddush:
    case Mn::psubsb: case Mn::psubsh: case Mn::psubusb: case Mn::psubush:
    case Mn::pandd: case Mn::pandnd: case Mn::pord: case Mn::pxord:
    case Mn::pcmpeqd: case Mn::pcmpgtd:
    case Mn::pcmpeqb: case Mn::pcmpeqh: case Mn::pcmpeqw: case Mn::pcmpgtb: case Mn::pcmpgth: case Mn::pcmpgtw:
    case Mn::pmaxsh: case Mn::pmaxub: case Mn::pminsh: case Mn::pminub:
    case Mn::pmaxsb: case Mn::pmaxuh: case Mn::pmaxsw: case Mn::pmaxuw:
    case Mn::pminsb: case Mn::pminuh: case Mn::pminsw: case Mn::pminuw:
    case Mn::pmulhh: case Mn::pmulhuh: case Mn::pmullh: case Mn::pavgusb: case Mn::pavgush: case Mn::psadbw:
    case Mn::psllh: case Mn::psllw: case Mn::pslld: case Mn::psrlh: case Mn::psrlw: case Mn::psrld:
    case Mn::psrah: case Mn::psraw:
      return true;
    default:
      return false;
  }
}

bool packed_quad_half(Mn mn, Mn *half) {
  Mn h;
  switch (mn) {
    case Mn::qpand: h = Mn::pandd; break;
    case Mn::qpandn: h = Mn::pandnd; break;
    case Mn::qpor: h = Mn::pord; break;
    case Mn::qpxor: h = Mn::pxord; break;
    case Mn::qpaddb: h = Mn::paddb; break;
    case Mn::qpaddh: h = Mn::paddh; break;
    case Mn::qpaddw: h = Mn::paddw; break;
    case Mn::qpaddd: h = Mn::paddd; break;
    case Mn::qpsubb: h = Mn::psubb; break;
    case Mn::qpsubh: h = Mn::psubh; break;
    case Mn::qpsubw: h = Mn::psubw; break;
    case Mn::qpsubd: h = Mn::psubd; break;
    case Mn::qpaddsb: h = Mn::paddsb; break;
    case Mn::qpaddsh: h = Mn::paddsh; break;
    case Mn::qpaddusb: h = Mn::paddusb; break;
    case Mn::qpaddush: h = Mn::paddush; break;
    case Mn::qpsubsb: h = Mn::psubsb; break;
    case Mn::qpsubsh: h = Mn::psubsh; break;
    case Mn::qpsubusb: h = Mn::psubusb; break;
    case Mn::qpsubush: h = Mn::psubush; break;
    case Mn::qpcmpeqb: h = Mn::pcmpeqb; break;
    case Mn::qpcmpeqh: h = Mn::pcmpeqh; break;
    case Mn::qpcmpeqw: h = Mn::pcmpeqw; break;
    case Mn::qpcmpgtb: h = Mn::pcmpgtb; break;
    case Mn::qpcmpgth: h = Mn::pcmpgth; break;
    case Mn::qpcmpgtw: h = Mn::pcmpgtw; break;
    case Mn::qpcmpeqd: h = Mn::pcmpeqd; break;
    case Mn::qpcmpgtd: h = Mn::pcmpgtd; break;
    case Mn::qpmaxsh: h = Mn::pmaxsh; break;
    case Mn::qpmaxub: h = Mn::pmaxub; break;
    case Mn::qpminsh: h = Mn::pminsh; break;
    case Mn::qpminub: h = Mn::pminub; break;
    case Mn::qpmaxsb: h = Mn::pmaxsb; break;
    case Mn::qpmaxuh: h = Mn::pmaxuh; break;
    case Mn::qpmaxsw: h = Mn::pmaxsw; break;
    case Mn::qpmaxuw: h = Mn::pmaxuw; break;
    case Mn::qpminsb: h = Mn::pminsb; break;
    case Mn::qpminuh: h = Mn::pminuh; break;
    case Mn::qpminsw: h = Mn::pminsw; break;
    case Mn::qpminuw: h = Mn::pminuw; break;
    case Mn::qpmulhh: h = Mn::pmulhh; break;
    case Mn::qpmulhuh: h = Mn::pmulhuh; break;
    case Mn::qpmullh: h = Mn::pmullh; break;
    case Mn::qpavgusb: h = Mn::pavgusb; break;
    case Mn::qpavgush: h = Mn::pavgush; break;
    case Mn::qpsadbw: h = Mn::psadbw; break;  // one sum per 64-bit half, as SSE psadbw
    default: return false;
  }
  *half = h;
  return true;
}

bool packed_pred_compare(Mn mn, Mn *lanes, bool *all) {
  switch (mn) {
    case Mn::pcmpeqbop: *lanes = Mn::pcmpeqb; *all = false; return true;
    case Mn::pcmpeqhop: *lanes = Mn::pcmpeqh; *all = false; return true;
    case Mn::pcmpeqwop: *lanes = Mn::pcmpeqw; *all = false; return true;
    case Mn::pcmpgtbop: *lanes = Mn::pcmpgtb; *all = false; return true;
    case Mn::pcmpgthop: *lanes = Mn::pcmpgth; *all = false; return true;
    case Mn::pcmpgtwop: *lanes = Mn::pcmpgtw; *all = false; return true;
    case Mn::pcmpeqdop: *lanes = Mn::pcmpeqd; *all = false; return true;
    case Mn::pcmpgtdop: *lanes = Mn::pcmpgtd; *all = false; return true;
    case Mn::pcmpeqdap: *lanes = Mn::pcmpeqd; *all = true; return true;
    case Mn::pcmpgtdap: *lanes = Mn::pcmpgtd; *all = true; return true;
    case Mn::pcmpeqbap: *lanes = Mn::pcmpeqb; *all = true; return true;
    case Mn::pcmpeqhap: *lanes = Mn::pcmpeqh; *all = true; return true;
    case Mn::pcmpeqwap: *lanes = Mn::pcmpeqw; *all = true; return true;
    case Mn::pcmpgtbap: *lanes = Mn::pcmpgtb; *all = true; return true;
    case Mn::pcmpgthap: *lanes = Mn::pcmpgth; *all = true; return true;
    case Mn::pcmpgtwap: *lanes = Mn::pcmpgtw; *all = true; return true;
    default: return false;
  }
}

uint64_t pshufb_op(uint64_t s1, uint64_t s2, uint64_t s3) {
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
      if (c & 0x20) {
        uint8_t rev = 0;
        for (unsigned j = 0; j < 8; j++) rev = static_cast<uint8_t>(rev | (((b >> j) & 1) << (7 - j)));
        b = rev;
      }
      if (c & 0x40) b = (b & 0x80) ? 0xff : 0x00;
    }
    set_lane<uint8_t>(r, i, b);
  }
  return r;
}

uint64_t packed_op(Mn mn, uint64_t a, uint64_t b) {
  switch (mn) {
    case Mn::paddb: return map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x + y; });
    case Mn::paddh: return map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x + y; });
    case Mn::paddw: return map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x + y; });
    case Mn::paddd: return a + b;
    case Mn::psubb: return map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x - y; });
    case Mn::psubh: return map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x - y; });
    case Mn::psubw: return map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x - y; });
    case Mn::psubd: return a - b;
    case Mn::paddsb: return map2<int8_t>(a, b, [](int8_t x, int8_t y) { return sat<int8_t>(int64_t(x) + y); });
    case Mn::paddsh: return map2<int16_t>(a, b, [](int16_t x, int16_t y) { return sat<int16_t>(int64_t(x) + y); });
    case Mn::paddusb: return map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return sat<uint8_t>(int64_t(x) + y); });
    case Mn::paddush:
      return map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return sat<uint16_t>(int64_t(x) + y); });
    case Mn::psubsb: return map2<int8_t>(a, b, [](int8_t x, int8_t y) { return sat<int8_t>(int64_t(x) - y); });
    case Mn::psubsh: return map2<int16_t>(a, b, [](int16_t x, int16_t y) { return sat<int16_t>(int64_t(x) - y); });
    case Mn::psubusb: return map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return sat<uint8_t>(int64_t(x) - y); });
    case Mn::psubush:
      return map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return sat<uint16_t>(int64_t(x) - y); });
    case Mn::pandd: return a & b;
    case Mn::pandnd: return a & ~b;  // the scalar andn rule (src2 inverted) [U for packed]
    case Mn::pord: return a | b;
    case Mn::pxord: return a ^ b;
    case Mn::pcmpeqb: return map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x == y ? 0xff : 0; });
    case Mn::pcmpeqh: return map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x == y ? 0xffff : 0; });
    case Mn::pcmpeqw: return map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x == y ? 0xffffffffu : 0; });
    case Mn::pcmpeqd: return a == b ? ~uint64_t(0) : 0;
    case Mn::pcmpgtd: return static_cast<int64_t>(a) > static_cast<int64_t>(b) ? ~uint64_t(0) : 0;
    case Mn::pcmpgtb: return map2<int8_t>(a, b, [](int8_t x, int8_t y) { return x > y ? -1 : 0; });
    case Mn::pcmpgth: return map2<int16_t>(a, b, [](int16_t x, int16_t y) { return x > y ? -1 : 0; });
    case Mn::pcmpgtw: return map2<int32_t>(a, b, [](int32_t x, int32_t y) { return x > y ? -1 : 0; });
    case Mn::pmaxsh: return map2<int16_t>(a, b, [](int16_t x, int16_t y) { return x > y ? x : y; });
    case Mn::pmaxub: return map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x > y ? x : y; });
    case Mn::pminsh: return map2<int16_t>(a, b, [](int16_t x, int16_t y) { return x < y ? x : y; });
    case Mn::pminub: return map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x < y ? x : y; });
    case Mn::pmaxsb: return map2<int8_t>(a, b, [](int8_t x, int8_t y) { return x > y ? x : y; });
    case Mn::pmaxuh: return map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x > y ? x : y; });
    case Mn::pmaxsw: return map2<int32_t>(a, b, [](int32_t x, int32_t y) { return x > y ? x : y; });
    case Mn::pmaxuw: return map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x > y ? x : y; });
    case Mn::pminsb: return map2<int8_t>(a, b, [](int8_t x, int8_t y) { return x < y ? x : y; });
    case Mn::pminuh: return map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x < y ? x : y; });
    case Mn::pminsw: return map2<int32_t>(a, b, [](int32_t x, int32_t y) { return x < y ? x : y; });
    case Mn::pminuw: return map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x < y ? x : y; });
    case Mn::pmulhh:
      return map2<int16_t>(a, b, [](int16_t x, int16_t y) { return static_cast<int16_t>((int32_t(x) * y) >> 16); });
    case Mn::pmulhuh:
      return map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return static_cast<uint16_t>((uint32_t(x) * y) >> 16); });
    case Mn::pmullh: return map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return static_cast<uint16_t>(x * y); });
    case Mn::pavgusb: return map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return (x + y + 1) >> 1; });
    case Mn::pavgush: return map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return (x + y + 1) >> 1; });
    case Mn::psadbw: {
      uint64_t sum = 0;
      for (unsigned i = 0; i < 8; i++) {
        int d = int(lane<uint8_t>(a, i)) - int(lane<uint8_t>(b, i));
        sum += static_cast<uint64_t>(d < 0 ? -d : d);
      }
      return sum;
    }
    case Mn::psllh: return shift_lanes<uint16_t>(a, b, 0);
    case Mn::psllw: return shift_lanes<uint32_t>(a, b, 0);
    case Mn::pslld: return b >= 64 ? 0 : a << b;
    case Mn::psrlh: return shift_lanes<uint16_t>(a, b, 1);
    case Mn::psrlw: return shift_lanes<uint32_t>(a, b, 1);
    case Mn::psrld: return b >= 64 ? 0 : a >> b;
    case Mn::psrah: return shift_lanes<uint16_t>(a, b, 2);
    case Mn::psraw: return shift_lanes<uint32_t>(a, b, 2);
    default: return 0;
  }
}

}  // namespace e2k
