// The IR interpreter: the reference backend (-accel tcg,interp=on).
#pragma once
#include <cstdint>

#include "tcg/ir.h"
#include "util/guest-memory.h"

namespace tcg {

// Always 1: RunContext::chain_stop while chaining is off.
extern const volatile int kChainOff;

enum class RunStatus : uint8_t {
  Exit,   // an exit op ran: next_pc holds the next guest pc
  Stop,   // a helper asked to stop (it recorded why in the target state)
  Raise,  // a raise op ran: raise_code
  Fault,  // a guest memory access faulted: fault_addr, fault_write
};

struct RunContext {
  uint8_t *env = nullptr;                  // the target's state (ld_env/st_env base)
  e2k::GuestMemory *mem = nullptr;         // the guest window
  const HelperInfo *helpers = nullptr;
  // Called after a store that touched a page with translated code (PAGE_CODE).
  void (*code_written)(RunContext *ctx, uint64_t addr, uint64_t len) = nullptr;
  void *user = nullptr;
  // The JIT's per-CPU chaining state (jit-x86_64.h JitChain); null: every block returns here.
  void *jit_chain = nullptr;
  // Tested by every chained exit (one load and compare): the CPU's exit request while
  // jit_chain is set, kChainOff otherwise. Set both with set_chain/stop_chaining.
  const volatile int *chain_stop = &kChainOff;
  void set_chain(void *chain, const volatile int *exit_request) {
    jit_chain = chain;
    chain_stop = chain != nullptr ? exit_request : &kChainOff;
  }
  void stop_chaining() { set_chain(nullptr, nullptr); }
  // Offset in env of the 32-bit flags word that selects the next block with the pc (see
  // TranslationBlock::flags); -1: flags are always 0.
  int64_t tb_flags_off = -1;
  // Set by JIT code that leaves through an exit not linked yet: that exit's link site, which
  // the next jit_run links to the block it runs (jit-x86_64.h). -1: none.
  int64_t link_site = -1;

  bool stop = false;  // set by a helper: leave the block when it returns
  RunStatus status = RunStatus::Exit;
  uint64_t next_pc = 0;
  int64_t raise_code = 0;
  uint64_t fault_addr = 0;
  bool fault_write = false;
  uint64_t insn_pc = 0;  // the guest instruction that was executing (last insn_start)
  uint64_t insns = 0;    // guest instructions started (statistics; never reset by interpret)
};

// Runs one block until it leaves (exit/raise/fault/stop).
void interpret(const Block &b, RunContext &ctx);

// Guest memory accessors shared by the interpreter and helpers. They never touch memory
// outside the window and never fault the host: on failure they return false.
bool guest_load(const e2k::GuestMemory &mem, uint64_t addr, unsigned size, uint64_t *out);
bool guest_store_ok(const e2k::GuestMemory &mem, uint64_t addr, unsigned size);
bool guest_store(e2k::GuestMemory &mem, uint64_t addr, unsigned size, uint64_t value, bool *code_page);

}  // namespace tcg
