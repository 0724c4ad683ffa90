// The AF_XDP area of the addon: class XskQueue (one socket per device queue).
#pragma once

#include <napi.h>

void InitXsk(Napi::Env env, Napi::Object exports);

namespace xsknet {
class XskQueue;
}

// The open queue behind a JS XskQueue object; throws a TypeError for anything else (or a
// closed queue), so native batch calls cannot be handed a foreign object.
xsknet::XskQueue& UnwrapXskQueue(const Napi::Value& v);
