// E2K -> IR: a translation block is a run of bundles ending at the first control transfer
// (or a length/page limit). Bundle semantics (ISA.md §10.1): every operation reads the state
// from before the bundle; stores, then register and predicate writes, then stubs and the
// transfer are committed at the end.
#pragma once
#include <cstdint>
#include <string>

#include "tcg/ir.h"
#include "target/e2k/cpu-state.h"
#include "target/e2k/decode.h"

namespace e2k {

struct TranslateOptions {
  int iset;
  unsigned max_bundles;  // 1 with -one-insn-per-tb
};

// Translates the block at pc for the state described by `flags` (tb-flags.h). A bundle that
// cannot be fetched makes the block raise the fetch fault (EXCP code kFetchFault with the
// address in imm of a helper call). Returns the flags the block is valid for: `flags`, or
// tb_flags_generic(flags) when its code does not depend on the rotation.
uint32_t translate_block(const GuestMemory &mem, uint64_t pc, uint32_t flags, const TranslateOptions &opt,
                         tcg::Block &out, std::string *in_asm);

// Called (when set) for each operation that decodes but is not implemented: the guest gets
// SIGILL. native/tests/e2k-op-coverage.cpp uses it to list them.
extern void (*g_unimplemented_hook)(Mn mn, Fmt fmt);

// Compact disassembly of one bundle for -d in_asm.
std::string disas_bundle(const Bundle &b);

}  // namespace e2k
