// Node binding of guest RAM and of virtio-net's native batches (native/net/virtio-net-batch.h).
// Guest RAM is an anonymous mapping handed to JS as an external Buffer (no copy), so device
// models in TypeScript and the batches here work on the same bytes. Every batch call takes the
// RAM Buffer itself and checks the queue state against its length before touching it.
#include "virtio-binding.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "net/virtio-net-batch.h"
#include "net/vring.h"
#include "net/xsk-queue.h"
#include "xsk-binding.h"

namespace {

using vnet::GuestMem;
using vnet::Vring;

// allocGuestRam(size): a zeroed, page-aligned Buffer of `size` bytes, unmapped when collected.
Napi::Value AllocGuestRam(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const double want = info[0].As<Napi::Number>().DoubleValue();
  if (!(want >= 1 && want <= 4294967296.0) || want != static_cast<double>(static_cast<uint64_t>(want)))
    throw Napi::RangeError::New(env, "allocGuestRam: size must be an integer from 1 to 4 GiB");
  const size_t size = static_cast<size_t>(want);
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    throw Napi::Error::New(env, "cannot map " + std::to_string(size) + " bytes of guest RAM: " + std::strerror(errno));
  return Napi::Buffer<uint8_t>::New(env, static_cast<uint8_t*>(p), size,
                                    [size](Napi::Env, uint8_t* data) { munmap(data, size); });
}

struct Args {
  GuestMem mem;
  double* state;
};

// (ram: Buffer, ramBase: number, state: Float64Array) at info[i..i+2].
Args ringArgs(const Napi::CallbackInfo& info, size_t i) {
  Napi::Env env = info.Env();
  if (!info[i].IsBuffer() || !info[i + 2].IsTypedArray())
    throw Napi::TypeError::New(env, "virtio batch: expected (ram Buffer, base, state Float64Array)");
  auto ram = info[i].As<Napi::Buffer<uint8_t>>();
  auto st = info[i + 2].As<Napi::Float64Array>();
  if (st.ElementLength() < vnet::kVqFields) throw Napi::RangeError::New(env, "virtio batch: short state array");
  const double base = info[i + 1].As<Napi::Number>().DoubleValue();
  if (!(base >= 0 && base < 9007199254740992.0)) throw Napi::RangeError::New(env, "virtio batch: bad RAM base");
  Args a{{ram.Data(), static_cast<uint64_t>(base), ram.Length()}, st.Data()};
  if (!Vring(a.mem, a.state).valid()) throw Napi::RangeError::New(env, "virtio batch: queue rings outside RAM");
  return a;
}

uint32_t* outArg(const Napi::Value& v) {
  auto out = v.As<Napi::Uint32Array>();
  if (out.ElementLength() < vnet::kBFields) throw Napi::RangeError::New(v.Env(), "virtio batch: short result array");
  return out.Data();
}

uint32_t u32Arg(const Napi::Value& v) { return v.As<Napi::Number>().Uint32Value(); }

// vringTxXsk(xsk, ram, base, state, hdrLen, burst, out)
Napi::Value VringTxXsk(const Napi::CallbackInfo& info) {
  xsknet::XskQueue& q = UnwrapXskQueue(info[0]);
  Args a = ringArgs(info, 1);
  Vring vr(a.mem, a.state);
  vnet::txToXsk(vr, q, u32Arg(info[4]), u32Arg(info[5]), outArg(info[6]));
  return info.Env().Undefined();
}

// vringTxBuffer(ram, base, state, hdrLen, burst, buf, lens, heads, out)
Napi::Value VringTxBuffer(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args a = ringArgs(info, 0);
  const uint32_t burst = u32Arg(info[4]);
  auto buf = info[5].As<Napi::Buffer<uint8_t>>();
  auto lens = info[6].As<Napi::Uint32Array>();
  auto heads = info[7].As<Napi::Uint32Array>();
  if (lens.ElementLength() < burst || heads.ElementLength() < burst)
    throw Napi::RangeError::New(env, "vringTxBuffer: lens/heads shorter than burst");
  Vring vr(a.mem, a.state);
  vnet::txToBuffer(vr, u32Arg(info[3]), burst, buf.Data(), buf.Length(), lens.Data(), heads.Data(),
                   outArg(info[8]));
  return env.Undefined();
}

vnet::RxFilter filterArg(const Napi::Value& v) {
  auto f = v.As<Napi::Uint8Array>();
  return {f.Data(), static_cast<uint32_t>(f.ElementLength())};
}

class XskSource : public vnet::FrameSource {
 public:
  XskSource(xsknet::XskQueue& q, uint32_t n) : q_(q), n_(n) {}
  uint32_t count() const override { return n_; }
  const uint8_t* frame(uint32_t k, uint32_t* len) const override { return q_.rxFrame(k, len); }

 private:
  xsknet::XskQueue& q_;
  uint32_t n_;
};

class ListSource : public vnet::FrameSource {
 public:
  explicit ListSource(const Napi::Array& list) {
    const uint32_t n = list.Length();
    frames_.reserve(n);
    for (uint32_t k = 0; k < n; k++) {
      Napi::Value v = list.Get(k);
      if (!v.IsTypedArray()) throw Napi::TypeError::New(list.Env(), "vringRxFrames: frames must be Uint8Arrays");
      auto a = v.As<Napi::Uint8Array>();
      frames_.push_back({a.Data(), static_cast<uint32_t>(a.ElementLength())});
    }
  }
  uint32_t count() const override { return static_cast<uint32_t>(frames_.size()); }
  const uint8_t* frame(uint32_t k, uint32_t* len) const override {
    *len = frames_[k].len;
    return frames_[k].p;
  }

 private:
  std::vector<vnet::Seg> frames_;
};

// vringRxXsk(xsk, ram, base, state, hdrLen, mrg, filter, max, out): frames from the AF_XDP RX
// ring straight into guest buffers; the frames not consumed stay in the kernel ring.
Napi::Value VringRxXsk(const Napi::CallbackInfo& info) {
  xsknet::XskQueue& q = UnwrapXskQueue(info[0]);
  Args a = ringArgs(info, 1);
  uint32_t* out = outArg(info[8]);
  const vnet::RxFilter filter = filterArg(info[6]);
  const uint32_t n = q.rxPeekInPlace(u32Arg(info[7]));
  Vring vr(a.mem, a.state);
  vnet::rxFrames(vr, XskSource(q, n), u32Arg(info[4]), info[5].ToBoolean().Value(), filter, out);
  q.rxRelease(out[vnet::kBConsumed]);
  return Napi::Number::New(info.Env(), n);
}

// vringRxFrames(ram, base, state, hdrLen, mrg, filter, frames: Uint8Array[], out)
Napi::Value VringRxFrames(const Napi::CallbackInfo& info) {
  Args a = ringArgs(info, 0);
  if (!info[6].IsArray()) throw Napi::TypeError::New(info.Env(), "vringRxFrames: expected an array of frames");
  ListSource src(info[6].As<Napi::Array>());
  Vring vr(a.mem, a.state);
  vnet::rxFrames(vr, src, u32Arg(info[3]), info[4].ToBoolean().Value(), filterArg(info[5]), outArg(info[7]));
  return info.Env().Undefined();
}

}  // namespace

void InitVirtio(Napi::Env env, Napi::Object exports) {
  exports.Set("allocGuestRam", Napi::Function::New(env, AllocGuestRam));
  exports.Set("vringTxXsk", Napi::Function::New(env, VringTxXsk));
  exports.Set("vringTxBuffer", Napi::Function::New(env, VringTxBuffer));
  exports.Set("vringRxXsk", Napi::Function::New(env, VringRxXsk));
  exports.Set("vringRxFrames", Napi::Function::New(env, VringRxFrames));
  exports.Set("fields", Napi::Number::New(env, vnet::kVqFields));
  exports.Set("resultFields", Napi::Number::New(env, vnet::kBFields));
}
