// IR optimizer: constant folding and branch folding, algebraic simplification, copy
// propagation, local value numbering (including guest-state loads), dead-code and
// unreachable-code removal, unused labels. Runs on a finished block before finalize().
#pragma once
#include "tcg/ir.h"

namespace tcg {

struct OptimizeStats {
  size_t ops_before = 0, ops_after = 0;
};

OptimizeStats optimize(Block &b);

// Evaluates a pure op on constant inputs (used by the optimizer; shares the interpreter's
// semantics). Returns false for ops with effects or that read state.
bool fold_op(const Op &op, const uint64_t *in, uint64_t *out);

}  // namespace tcg
