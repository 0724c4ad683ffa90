// Node binding of xsknet::XskQueue. Frames cross in batches: rxPeek fills one Buffer with
// up to N frames and a Uint32Array with their lengths; tx takes the same layout. The
// socket fd is watched with a libuv poll handle that calls back into JS once per wake-up.
// Resources are released by close(), not by GC (the destructor only backs it up).
#include "xsk-binding.h"

#include <uv.h>

#include <net/if.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "net/net-diag.h"
#include "net/xsk-queue.h"

namespace {

using xsknet::XdpMode;
using xsknet::XskConfig;
using xsknet::XskError;
using xsknet::XskQueue;

class XskQueueWrap : public Napi::ObjectWrap<XskQueueWrap> {
 public:
  static Napi::FunctionReference ctor;

  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "XskQueue",
                       {
                           InstanceAccessor<&XskQueueWrap::GetFd>("fd"),
                           InstanceAccessor<&XskQueueWrap::GetIfindex>("ifindex"),
                           InstanceAccessor<&XskQueueWrap::GetMode>("mode"),
                           InstanceAccessor<&XskQueueWrap::GetZeroCopy>("zeroCopy"),
                           InstanceAccessor<&XskQueueWrap::GetOutstanding>("txOutstanding"),
                           InstanceAccessor<&XskQueueWrap::GetState>("state"),
                           InstanceMethod<&XskQueueWrap::RxPeek>("rxPeek"),
                           InstanceMethod<&XskQueueWrap::RxRelease>("rxRelease"),
                           InstanceMethod<&XskQueueWrap::Tx>("tx"),
                           InstanceMethod<&XskQueueWrap::TxCredit>("txCredit"),
                           InstanceMethod<&XskQueueWrap::TxKick>("txKick"),
                           InstanceMethod<&XskQueueWrap::Stats>("stats"),
                           InstanceMethod<&XskQueueWrap::Watch>("watch"),
                           InstanceMethod<&XskQueueWrap::Close>("close"),
                       });
  }

  explicit XskQueueWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<XskQueueWrap>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsObject()) {
      throw Napi::TypeError::New(env, "XskQueue: expected an options object");
    }
    Napi::Object o = info[0].As<Napi::Object>();
    XskConfig cfg;
    cfg.ifname = o.Get("ifname").As<Napi::String>().Utf8Value();
    cfg.queueId = o.Get("queueId").As<Napi::Number>().Uint32Value();
    cfg.queueIndex = o.Get("queueIndex").As<Napi::Number>().Uint32Value();
    Napi::Value mode = o.Get("mode");
    if (mode.IsString()) {
      std::string m = mode.As<Napi::String>().Utf8Value();
      cfg.mode = m == "native" ? XdpMode::Native : m == "skb" ? XdpMode::Skb : XdpMode::Auto;
    }
    cfg.forceCopy = o.Get("forceCopy").ToBoolean().Value();
    cfg.inhibit = o.Get("inhibit").ToBoolean().Value();
    Napi::Value fd = o.Get("sockFd");
    if (fd.IsNumber()) cfg.sockFd = fd.As<Napi::Number>().Int32Value();
    Napi::Value mp = o.Get("mapPath");
    if (mp.IsString()) cfg.mapPath = mp.As<Napi::String>().Utf8Value();
    Napi::Value mk = o.Get("mapKey");
    if (mk.IsNumber()) cfg.mapKey = mk.As<Napi::Number>().Uint32Value();
    Napi::Uint32Array state = Napi::Uint32Array::New(env, 2);
    state_ = Napi::Persistent(state);
    stateData_ = state.Data();
    try {
      q_ = std::make_unique<XskQueue>(cfg);
    } catch (const XskError& e) {
      Napi::Error err = Napi::Error::New(env, e.what());
      err.Set("errno", Napi::Number::New(env, e.errnum));
      throw err;
    }
  }

  ~XskQueueWrap() override { StopPoll(); }

  XskQueue* Open() const { return q_ && !q_->closed() ? q_.get() : nullptr; }

 private:
  XskQueue& Q(Napi::Env env) {
    if (!q_ || q_->closed()) throw Napi::Error::New(env, "XskQueue: used after close()");
    return *q_;
  }

  Napi::Value GetFd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), q_ ? q_->fd() : -1); }
  Napi::Value GetIfindex(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), q_ ? q_->ifindex() : 0);
  }
  Napi::Value GetMode(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), q_ ? xsknet::modeName(q_->boundMode()) : "closed");
  }
  Napi::Value GetZeroCopy(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), q_ && q_->zeroCopy());
  }
  // state: Uint32Array [txCredit, txOutstanding], refreshed by tx/txCredit/txKick so the
  // hot TX path needs one crossing per batch.
  Napi::Value GetState(const Napi::CallbackInfo&) { return state_.Value(); }
  void UpdateState(XskQueue& q) {
    stateData_[0] = q.txCredit();
    stateData_[1] = q.txOutstanding();
  }

  Napi::Value GetOutstanding(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), q_ ? q_->txOutstanding() : 0);
  }

  // rxPeek(buf: Buffer, lens: Uint32Array): number of frames copied out.
  Napi::Value RxPeek(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto buf = info[0].As<Napi::Buffer<uint8_t>>();
    auto lens = info[1].As<Napi::Uint32Array>();
    uint32_t n = Q(env).rxPeek(buf.Data(), buf.Length(), lens.Data(), static_cast<uint32_t>(lens.ElementLength()));
    return Napi::Number::New(env, n);
  }

  Napi::Value RxRelease(const Napi::CallbackInfo& info) {
    Q(info.Env()).rxRelease(info[0].As<Napi::Number>().Uint32Value());
    return info.Env().Undefined();
  }

  // tx(buf: Buffer, lens: Uint32Array, count: number): frames taken.
  Napi::Value Tx(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto buf = info[0].As<Napi::Buffer<uint8_t>>();
    auto lens = info[1].As<Napi::Uint32Array>();
    uint32_t count = info[2].As<Napi::Number>().Uint32Value();
    if (count > lens.ElementLength()) throw Napi::RangeError::New(env, "XskQueue.tx: count exceeds lens");
    uint64_t total = 0;
    for (uint32_t i = 0; i < count; i++) total += lens[i];
    if (total > buf.Length()) throw Napi::RangeError::New(env, "XskQueue.tx: lengths exceed the buffer");
    XskQueue& q = Q(env);
    uint32_t taken = q.tx(buf.Data(), lens.Data(), count);
    UpdateState(q);
    return Napi::Number::New(env, taken);
  }

  Napi::Value TxCredit(const Napi::CallbackInfo& info) {
    XskQueue& q = Q(info.Env());
    UpdateState(q);
    return Napi::Number::New(info.Env(), stateData_[0]);
  }
  Napi::Value TxKick(const Napi::CallbackInfo& info) {
    XskQueue& q = Q(info.Env());
    bool more = q.txKick();
    UpdateState(q);
    return Napi::Boolean::New(info.Env(), more);
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    xsknet::XskStats s = Q(env).stats();
    Napi::Object o = Napi::Object::New(env);
    o.Set("rxDropped", Napi::Number::New(env, double(s.rxDropped)));
    o.Set("rxInvalid", Napi::Number::New(env, double(s.rxInvalid)));
    o.Set("txInvalid", Napi::Number::New(env, double(s.txInvalid)));
    o.Set("rxRingFull", Napi::Number::New(env, double(s.rxRingFull)));
    o.Set("fillRingEmpty", Napi::Number::New(env, double(s.fillRingEmpty)));
    o.Set("txRingEmpty", Napi::Number::New(env, double(s.txRingEmpty)));
    return o;
  }

  // watch(events: number, cb?: (events: number) => void): 1 = readable, 2 = writable, 0 = off.
  Napi::Value Watch(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    int events = info[0].As<Napi::Number>().Int32Value() & 3;
    if (info.Length() > 1 && info[1].IsFunction()) cb_ = Napi::Persistent(info[1].As<Napi::Function>());
    if (events == 0) {
      if (poll_ && active_) {
        uv_poll_stop(poll_);
        active_ = false;
        Unref();
      }
      return env.Undefined();
    }
    if (cb_.IsEmpty()) throw Napi::Error::New(env, "XskQueue.watch: no callback given");
    XskQueue& q = Q(env);
    if (!poll_) {
      uv_loop_t* loop = nullptr;
      napi_get_uv_event_loop(env, &loop);
      poll_ = new uv_poll_t;
      if (uv_poll_init(loop, poll_, q.fd()) != 0) {
        delete poll_;
        poll_ = nullptr;
        throw Napi::Error::New(env, "XskQueue.watch: cannot poll the AF_XDP socket");
      }
      poll_->data = this;
      ctx_ = std::make_unique<Napi::AsyncContext>(env, "XskQueue");
    }
    int uvEvents = ((events & 1) ? UV_READABLE : 0) | ((events & 2) ? UV_WRITABLE : 0);
    uv_poll_start(poll_, uvEvents, OnPoll);
    if (!active_) {
      active_ = true;
      Ref();
    }
    return env.Undefined();
  }

  static void OnPoll(uv_poll_t* handle, int status, int events) {
    auto* self = static_cast<XskQueueWrap*>(handle->data);
    if (!self || self->cb_.IsEmpty()) return;
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    int ev = status < 0 ? 1 : ((events & UV_READABLE) ? 1 : 0) | ((events & UV_WRITABLE) ? 2 : 0);
    try {
      self->cb_.MakeCallback(self->Value(), {Napi::Number::New(env, ev)}, *self->ctx_);
    } catch (const Napi::Error& e) {
      napi_fatal_exception(env, e.Value());
    }
  }

  void StopPoll() {
    if (!poll_) return;
    if (active_) uv_poll_stop(poll_);
    poll_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(poll_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
    poll_ = nullptr;
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (active_) {
      active_ = false;
      Unref();
    }
    StopPoll();
    if (q_) q_->close();
    cb_.Reset();
    return info.Env().Undefined();
  }

  std::unique_ptr<XskQueue> q_;
  Napi::Reference<Napi::Uint32Array> state_;
  uint32_t* stateData_ = nullptr;
  Napi::FunctionReference cb_;
  std::unique_ptr<Napi::AsyncContext> ctx_;
  uv_poll_t* poll_ = nullptr;
  bool active_ = false;
};

Napi::Value DeviceQueues(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), xsknet::deviceQueues(info[0].As<Napi::String>().Utf8Value()));
}

// ifIndex(name): the interface index, or -errno (if_nametoindex).
Napi::Value IfIndex(const Napi::CallbackInfo& info) {
  unsigned idx = if_nametoindex(info[0].As<Napi::String>().Utf8Value().c_str());
  return Napi::Number::New(info.Env(), idx ? double(idx) : -double(errno));
}

// strerror(errno) for error texts built in TypeScript.
Napi::Value StrError(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), std::strerror(info[0].As<Napi::Number>().Int32Value()));
}

Napi::FunctionReference XskQueueWrap::ctor;

}  // namespace

xsknet::XskQueue& UnwrapXskQueue(const Napi::Value& v) {
  Napi::Env env = v.Env();
  if (!v.IsObject() || XskQueueWrap::ctor.IsEmpty() || !v.As<Napi::Object>().InstanceOf(XskQueueWrap::ctor.Value()))
    throw Napi::TypeError::New(env, "expected an XskQueue");
  XskQueue* q = XskQueueWrap::Unwrap(v.As<Napi::Object>())->Open();
  if (!q) throw Napi::Error::New(env, "XskQueue: used after close()");
  return *q;
}

void InitXsk(Napi::Env env, Napi::Object exports) {
  Napi::Function cls = XskQueueWrap::Define(env);
  XskQueueWrap::ctor = Napi::Persistent(cls);
  XskQueueWrap::ctor.SuppressDestruct();
  exports.Set("XskQueue", cls);
  exports.Set("ifIndex", Napi::Function::New(env, IfIndex));
  exports.Set("strerror", Napi::Function::New(env, StrError));
  exports.Set("deviceQueues", Napi::Function::New(env, DeviceQueues));
  exports.Set("frameSize", Napi::Number::New(env, xsknet::kFrameSize));
  exports.Set("ringSize", Napi::Number::New(env, xsknet::kRingSize));
  exports.Set("batch", Napi::Number::New(env, xsknet::kBatch));
}
