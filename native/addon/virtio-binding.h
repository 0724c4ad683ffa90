// The virtio area of the addon: guest RAM allocation and virtio-net's native batches.
#pragma once

#include <napi.h>

void InitVirtio(Napi::Env env, Napi::Object exports);
