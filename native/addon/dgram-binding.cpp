// Node binding of dgramnet::DgramSocket. recv fills one Buffer with a batch of datagrams
// (fixed-size slots) and a Uint32Array with their lengths; send takes one frame. The fd is
// watched with a libuv poll handle that calls back into JS once per wake-up. close()
// releases everything; the destructor is only a backstop.
#include "dgram-binding.h"

#include <uv.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "net/dgram-socket.h"

namespace {

using dgramnet::DgramError;
using dgramnet::DgramSocket;

Napi::Error toJsError(Napi::Env env, const DgramError& e) {
  Napi::Error err = Napi::Error::New(env, e.what());
  err.Set("errno", Napi::Number::New(env, e.errnum));
  return err;
}

class DgramSocketWrap : public Napi::ObjectWrap<DgramSocketWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "DgramSocket",
                       {
                           InstanceAccessor<&DgramSocketWrap::GetFd>("fd"),
                           InstanceAccessor<&DgramSocketWrap::GetLocalKind>("localKind"),
                           InstanceMethod<&DgramSocketWrap::Recv>("recv"),
                           InstanceMethod<&DgramSocketWrap::Send>("send"),
                           InstanceMethod<&DgramSocketWrap::Watch>("watch"),
                           InstanceMethod<&DgramSocketWrap::Close>("close"),
                       });
  }

  // new DgramSocket({ fd }) adopts an fd; new DgramSocket({ localPath, remotePath }) opens
  // an AF_UNIX socket.
  explicit DgramSocketWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<DgramSocketWrap>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsObject()) {
      throw Napi::TypeError::New(env, "DgramSocket: expected an options object");
    }
    Napi::Object o = info[0].As<Napi::Object>();
    try {
      if (o.Get("fd").IsNumber()) {
        sock_.emplace(DgramSocket::adopt(o.Get("fd").As<Napi::Number>().Int32Value()));
      } else if (o.Get("localPath").IsString() && o.Get("remotePath").IsString()) {
        sock_.emplace(DgramSocket::openUnix(o.Get("localPath").As<Napi::String>().Utf8Value(),
                                            o.Get("remotePath").As<Napi::String>().Utf8Value()));
      } else {
        throw Napi::TypeError::New(env, "DgramSocket: give fd, or localPath and remotePath");
      }
    } catch (const DgramError& e) {
      throw toJsError(env, e);
    }
  }

  ~DgramSocketWrap() override { StopPoll(); }

 private:
  DgramSocket& S(Napi::Env env) {
    if (!sock_ || sock_->fd() < 0) throw Napi::Error::New(env, "DgramSocket: used after close()");
    return *sock_;
  }

  Napi::Value GetFd(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), sock_ ? sock_->fd() : -1);
  }
  Napi::Value GetLocalKind(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), sock_ ? sock_->localKind() : "");
  }

  // recv(buf, lens, slotSize): datagrams read (0: none waiting), or -errno.
  Napi::Value Recv(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto buf = info[0].As<Napi::Buffer<uint8_t>>();
    auto lens = info[1].As<Napi::Uint32Array>();
    uint32_t slot = info[2].As<Napi::Number>().Uint32Value();
    if (slot == 0) throw Napi::RangeError::New(env, "DgramSocket.recv: slot size 0");
    uint64_t fit = buf.Length() / slot;
    uint32_t count = static_cast<uint32_t>(std::min<uint64_t>(fit, lens.ElementLength()));
    return Napi::Number::New(env, S(env).recvBatch(buf.Data(), slot, lens.Data(), count));
  }

  // send(frame: Uint8Array): bytes sent, or -errno.
  Napi::Value Send(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto frame = info[0].As<Napi::Uint8Array>();
    return Napi::Number::New(env, double(S(env).send(frame.Data(), frame.ByteLength())));
  }

  // watch(events, cb?): 1 = readable, 2 = writable, 0 = off; cb(events) per wake-up.
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
    if (cb_.IsEmpty()) throw Napi::Error::New(env, "DgramSocket.watch: no callback given");
    DgramSocket& s = S(env);
    if (!poll_) {
      uv_loop_t* loop = nullptr;
      napi_get_uv_event_loop(env, &loop);
      poll_ = new uv_poll_t;
      if (uv_poll_init(loop, poll_, s.fd()) != 0) {
        delete poll_;
        poll_ = nullptr;
        throw Napi::Error::New(env, "DgramSocket.watch: cannot poll the socket");
      }
      poll_->data = this;
      ctx_ = std::make_unique<Napi::AsyncContext>(env, "DgramSocket");
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
    auto* self = static_cast<DgramSocketWrap*>(handle->data);
    if (!self || self->cb_.IsEmpty()) return;
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    // An error on the fd is reported as readable: the next recv returns the -errno.
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
    if (sock_) sock_->close();
    cb_.Reset();
    return info.Env().Undefined();
  }

  std::optional<DgramSocket> sock_;
  Napi::FunctionReference cb_;
  std::unique_ptr<Napi::AsyncContext> ctx_;
  uv_poll_t* poll_ = nullptr;
  bool active_ = false;
};

// socketPair(): [fd, fd], two connected AF_UNIX datagram sockets.
Napi::Value SocketPair(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fds[2];
  try {
    dgramnet::socketPair(fds);
  } catch (const DgramError& e) {
    throw toJsError(env, e);
  }
  Napi::Array a = Napi::Array::New(env, 2);
  a.Set(0u, Napi::Number::New(env, fds[0]));
  a.Set(1u, Napi::Number::New(env, fds[1]));
  return a;
}

}  // namespace

void InitDgram(Napi::Env env, Napi::Object exports) {
  exports.Set("DgramSocket", DgramSocketWrap::Define(env));
  exports.Set("socketPair", Napi::Function::New(env, SocketPair));
}
