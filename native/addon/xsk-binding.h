// The AF_XDP area of the addon: class XskQueue (one socket per device queue).
#pragma once

#include <napi.h>

void InitXsk(Napi::Env env, Napi::Object exports);
