// The x86-64 backend: turns a block's IR into host code (Xbyak) and runs it, with the same
// contract as the interpreter (tcg::interpret): on return, ctx.status says why the block
// left and the RunContext fields hold the details. Blocks are compiled on first use and the
// code is kept on the TranslationBlock until the block is dropped or the code buffer fills.
#pragma once
#include <cstdint>
#include <string>

#include "tcg/interp.h"
#include "tcg/tb-cache.h"

namespace tcg {

struct JitStats {
  uint64_t blocks_compiled = 0;
  uint64_t blocks_refused = 0;  // blocks with an op the backend does not know: interpreted
  uint64_t code_bytes = 0;
  uint64_t flushes = 0;
  uint64_t links = 0;  // exits patched into direct jumps (every one, also re-links)
};

// Per-CPU chaining state. With RunContext::jit_chain pointing at one, a block that leaves with
// an exit op looks the next (pc, flags) up in this direct-mapped jump cache and jumps straight
// into that block's code, until a miss, *exit_request, or any other way of leaving (raise,
// fault, helper stop). The flags are the 32-bit word at RunContext::tb_flags_off in the guest
// state (0 without one). The cache must be flushed whenever blocks are dropped (TbCache drop
// hook).
struct JitChain {
  struct Entry {
    uint64_t pc;
    uint64_t flags;
    const void *body;
    uint64_t pad;  // 32-byte entries
  };
  static constexpr unsigned kBits = 12;
  static constexpr unsigned kEntries = 1u << kBits;
  static constexpr unsigned kEntryShift = 5;
  // The emitted exit code computes the same index.
  static uint32_t index(uint64_t pc, uint32_t flags) {
    return (static_cast<uint32_t>(pc >> 3) ^ flags ^ (flags >> 12)) & (kEntries - 1);
  }
  Entry table[kEntries];
  const volatile int *exit_request = nullptr;
  uint32_t gen = 0;  // code-buffer generation the entries belong to
};
JitChain *jit_chain_create(const volatile int *exit_request);
void jit_chain_destroy(JitChain *chain);
void jit_chain_flush(JitChain *chain);

// Runs `tb` on host code, compiling it first when needed. A block the backend cannot compile
// runs on the interpreter instead, so the result is always that of the reference. `flags` is
// the flags word the block was looked up with (it may differ from tb.flags for a block that
// serves several flag values); chained exits with that word reach the block directly.
//
// Direct links: every exit is a link site. Unlinked, it leaves to the dispatcher (noting
// itself in RunContext::link_site); the next jit_run patches it into "if the next pc (unless
// a constant) and the flags word are those of this block, jmp straight to its code, else look
// the jump cache up". A site links once (to the first block it reached); undone for every
// site whenever blocks are dropped (jit_chain_flush), so a link never outlives the lookup it
// stands for.
void jit_run(TranslationBlock &tb, RunContext &ctx, uint32_t flags);
inline void jit_run(TranslationBlock &tb, RunContext &ctx) { jit_run(tb, ctx, tb.flags); }

// Compiles without running (for tests and -d out_asm). Returns false when the block has an op
// the backend does not implement.
bool jit_compile(TranslationBlock &tb, const RunContext &ctx);

// Host code of a compiled block as text (-d out_asm); empty when Capstone is unavailable or
// the block is not compiled.
std::string jit_disassemble(const TranslationBlock &tb);

// When set, every compiled block is appended to this perf map file ("START SIZE NAME" lines,
// /tmp/perf-<pid>.map) so that `perf report` names guest code.
void jit_set_perfmap(bool on);

// Called with each block right after it is compiled (the target logs -d out_asm from it).
void jit_set_out_asm_hook(void (*hook)(const TranslationBlock &tb));

const JitStats &jit_stats();

}  // namespace tcg
