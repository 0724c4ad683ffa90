// The datagram-socket area of the addon: class DgramSocket and socketPair().
#pragma once

#include <napi.h>

void InitDgram(Napi::Env env, Napi::Object exports);
