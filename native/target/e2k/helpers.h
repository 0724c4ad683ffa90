// Helper ids for the translator and the helper table for the backends.
#pragma once
#include "tcg/ir.h"

namespace e2k {

enum Helper : int {
#define E2K_HELPER(name) HELPER_##name,
#include "target/e2k/helpers.def"
#undef E2K_HELPER
  HELPER_COUNT
};

const tcg::HelperInfo *e2k_helpers();

}  // namespace e2k
