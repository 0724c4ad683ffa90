// Entry point of the qemu-e2k Node addon: one Init<Area> per native area, each exported
// under its own key.
#include <napi.h>

#include "dgram-binding.h"
#include "virtio-binding.h"
#include "xsk-binding.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  Napi::Object xsk = Napi::Object::New(env);
  InitXsk(env, xsk);
  exports.Set("xsk", xsk);
  Napi::Object virtio = Napi::Object::New(env);
  InitVirtio(env, virtio);
  exports.Set("virtio", virtio);
  Napi::Object dgram = Napi::Object::New(env);
  InitDgram(env, dgram);
  exports.Set("dgram", dgram);
  return exports;
}

}  // namespace

NODE_API_MODULE(qemu_e2k, Init)
