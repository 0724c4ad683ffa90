// The CPU loop (cpu.h contract): translate or look up a block, run it on the interpreter,
// turn its exit into the next pc, a system call or a guest exception.
#include <csignal>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <unistd.h>

#include "linux-user/log.h"
#include "tcg/interp.h"
#include "tcg/optimize.h"
#include "tcg/tb-cache.h"
#include "tcg/jit-x86_64.h"
#include "target/e2k/cpu-state.h"
#include "target/e2k/helpers.h"
#include "target/e2k/tb-flags.h"
#include "target/e2k/tags.h"
#include "target/e2k/translate.h"

namespace e2k {

static void code_page_written(void *opaque, uint64_t page_addr) {
  static_cast<CPUState *>(opaque)->tbs->invalidate(page_addr, GuestMemory::kPageSize);
}

CPUState *cpu_create(GuestMemory *mem, const CpuOptions &opts) {
  auto *cpu = new CPUState();
  std::memset(&cpu->s, 0, sizeof cpu->s);
  cpu->mem = mem;
  cpu->opts = opts;
  cpu->iset = opts.model ? opts.model->iset : 4;
  cpu->s.iset = static_cast<uint64_t>(cpu->iset);
  cpu->s.cpu = cpu;
  cpu->s.keep_hi = 0xffffffff00000000ULL;
  cpu->s.aau.incr[0] = 1;  // %aaincr0 reads as 1 (ISA.md §13)
  cpu_set_br(cpu->s, 0, 0, 0);
  cpu_sync_tb_flags(cpu->s);
  cpu->tbs = std::make_unique<tcg::TbCache>(mem);
  if (!opts.interpreter) {
    cpu->jit_chain = tcg::jit_chain_create(&cpu->exit_request);
    cpu->tbs->set_drop_hook([](void *chain) { tcg::jit_chain_flush(static_cast<tcg::JitChain *>(chain)); },
                            cpu->jit_chain);
  }
  // Host writes into code pages (syscalls such as read()) drop the blocks translated from them.
  guest_memory_set_code_write_hook(&code_page_written, cpu);
  return cpu;
}

void cpu_destroy(CPUState *cpu) {
  guest_memory_set_code_write_hook(nullptr, nullptr);
  if (cpu->jit_chain != nullptr) tcg::jit_chain_destroy(cpu->jit_chain);
  delete cpu;
}

void cpu_init_user(CPUState *cpu, const UserStartState &start) {
  E2kState &s = cpu->s;
  cpu->pc = start.entry;
  s.usd_lo = start.sp;
  s.sbr = start.stack_base + start.stack_size;
  s.stack_limit = start.stack_base;
  // The kernel enters _start like a function whose caller passed 4 quads of parameters.
  s.wsize = s.psize = 8;
  s.fx = 1;
  s.psr = 0x26;
  s.upsr = 0x01;
  s.fpcr = 0x033f;
  s.fpsr = 0;
  s.pfpfr = 0x1f80;  // all exceptions masked, round to nearest, no flags
  cpu->ps_base = start.ps_base;
  cpu->pcs_base = start.pcs_base;
  // The hardware stacks live host-side; their guest areas only bound their depth.
  cpu->ps_limit = start.ps_size ? start.ps_size / 16 : (uint64_t(1) << 24);
  if (cpu->ps_limit < (uint64_t(1) << 22)) cpu->ps_limit = uint64_t(1) << 22;
  cpu->pcs_limit = start.pcs_size ? start.pcs_size / 32 : (uint64_t(1) << 20);
  if (cpu->pcs_limit < (uint64_t(1) << 18)) cpu->pcs_limit = uint64_t(1) << 18;
}

void cpu_raise(CPUState *cpu, int code, uint64_t pc, uint64_t addr, const char *reason) {
  CpuException &e = cpu->exc;
  e.pc = pc;
  e.addr = pc;
  e.reason = reason;
  switch (code) {
    case EXCP_ILLEGAL_OPCODE: e.signo = SIGILL; e.si_code = ILL_ILLOPC; break;
    case EXCP_UNIMPLEMENTED: e.signo = SIGILL; e.si_code = ILL_ILLOPC; break;
    case EXCP_PRIV_ACTION: e.signo = SIGILL; e.si_code = ILL_PRVOPC; break;
    case EXCP_ILLEGAL_OPERAND: e.signo = SIGILL; e.si_code = ILL_ILLOPN; break;
    case EXCP_WINDOW_BOUNDS: e.signo = SIGSEGV; e.si_code = SEGV_BNDERR; break;
    case EXCP_DIV: e.signo = SIGFPE; e.si_code = FPE_INTDIV; break;
    // the kernel's mapping for the diagnostic traps (LINUX-ABI.md, signals)
    case EXCP_DIAG_OPERAND:
    case EXCP_DIAG_CT_COND: e.signo = SIGILL; e.si_code = ILL_ILLOPN; break;
    case EXCP_ADDR_NOT_ALIGNED:
      e.signo = SIGBUS;
      e.si_code = BUS_ADRALN;
      e.addr = addr;
      break;
    case EXCP_ARRAY_BOUNDS:
    case EXCP_PROC_STACK_BOUNDS:
    case EXCP_CHAIN_STACK_BOUNDS:
      e.signo = SIGSEGV;
      e.si_code = SEGV_MAPERR;
      e.addr = addr;
      break;
    case EXCP_INSTR_PAGE:
    case EXCP_DATA_PAGE: {
      e.signo = SIGSEGV;
      bool mapped = (addr & ~cpu->mem->mask) == 0 && (cpu->mem->flags(addr) & PAGE_VALID);
      e.si_code = mapped ? SEGV_ACCERR : SEGV_MAPERR;
      e.addr = addr;
      break;
    }
    default: e.signo = SIGILL; e.si_code = ILL_ILLOPC; break;
  }
}

// Window register moves of a few words each. Plain loops: at these sizes a memmove call costs
// more than the copy. Forward copies are safe when dst <= src, backward ones when dst >= src.
static inline void copy_forward(uint64_t *dst, const uint64_t *src, uint64_t n) {
  for (uint64_t i = 0; i < n; i++) dst[i] = src[i];
}
static inline void copy_backward(uint64_t *dst, const uint64_t *src, uint64_t n) {
  for (uint64_t i = n; i-- > 0;) dst[i] = src[i];
}
static inline void clear_regs(uint64_t *dst, uint64_t n) {
  for (uint64_t i = 0; i < n; i++) dst[i] = 0;
}

bool cpu_do_call(CPUState *cpu, unsigned wbs, uint64_t target, uint64_t ret_pc, bool syscall) {
  E2kState &s = cpu->s;
  (void)target;
  if (wbs > s.wsize) {
    cpu_raise(cpu, EXCP_WINDOW_BOUNDS, 0, 0, "call: wbs beyond the window");
    return false;
  }
  if (cpu->pcs.size() >= cpu->pcs_limit) {
    cpu_raise(cpu, EXCP_CHAIN_STACK_BOUNDS, 0, cpu->pcs_base, "chain stack overflow");
    return false;
  }
  if (cpu->ps.size() / 2 + wbs > cpu->ps_limit) {
    cpu_raise(cpu, EXCP_PROC_STACK_BOUNDS, 0, cpu->ps_base, "procedure stack overflow");
    return false;
  }
  // Built in place: a frame assembled on the stack and then copied stalls on store forwarding
  // (this is the hottest path of call-heavy code).
  ChainFrame &f = cpu->pcs.emplace_back();
  f.ret_pc = ret_pc;
  f.pred = s.pred;
  f.pred_tag = s.pred_tag;
  f.wsize = s.wsize;
  f.psize = s.psize;
  f.dbl = s.dbl;
  f.fx = s.fx;
  f.rbs = s.rbs;
  f.rsz = s.rsz;
  f.rcur = s.rcur;
  f.psz = s.psz;
  f.pcur = s.pcur;
  f.wbs = wbs;
  f.usd_lo = s.usd_lo;
  f.usd_hi = s.usd_hi;
  f.syscall = syscall;
  uint64_t *spill = cpu->ps.push(2 * size_t(wbs));
  copy_forward(spill, s.win, wbs);
  copy_forward(spill + wbs, s.win_hi, wbs);
  uint64_t n = s.wsize - wbs;
  copy_forward(s.win, s.win + wbs, n);
  copy_forward(s.win_hi, s.win_hi + wbs, n);
  // Registers above the window stay zero: setwd makes new ones visible without clearing them.
  clear_regs(s.win + n, wbs);
  clear_regs(s.win_hi + n, wbs);
  f.tags_saved = tags_spill(cpu, wbs, n);
  s.wsize = s.psize = n;
  s.fx = 1;
  for (int i = 1; i <= 3; i++) s.ctpr[i] = 0;
  s.ret_ctpr = cpu_return_ctpr(ret_pc);
  return true;
}

bool cpu_do_return(CPUState *cpu, uint64_t *next_pc) {
  E2kState &s = cpu->s;
  if (cpu->pcs.empty()) {
    cpu_raise(cpu, EXCP_CHAIN_STACK_BOUNDS, 0, cpu->pcs_base, "return with an empty chain stack");
    return false;
  }
  const ChainFrame &f = cpu->pcs.back();
  uint64_t callee_wsize = s.wsize;
  uint64_t wbs = f.wbs;
  uint64_t keep = f.wsize - wbs;  // the callee's parameter area, now the caller's upper registers
  copy_backward(s.win + wbs, s.win, keep);
  copy_backward(s.win_hi + wbs, s.win_hi, keep);
  tags_fill(cpu, wbs, keep, f.tags_saved);
  const uint64_t *spill = cpu->ps.pop(2 * wbs);
  copy_forward(s.win, spill, wbs);
  copy_forward(s.win_hi, spill + wbs, wbs);
  if (callee_wsize > f.wsize) {  // the callee's registers above the caller's window: back to zero
    uint64_t n = callee_wsize - f.wsize;
    clear_regs(s.win + f.wsize, n);
    clear_regs(s.win_hi + f.wsize, n);
    clear_regs(s.win_tag + f.wsize, n);
  }
  s.wsize = f.wsize;
  s.psize = f.psize;
  s.dbl = f.dbl;
  s.fx = f.fx;
  s.keep_hi = s.dbl ? 0 : 0xffffffff00000000ULL;
  cpu_set_br_valid(s, f.rbs, f.rsz, f.rcur);
  s.psz = f.psz;
  s.pcur = f.pcur;
  s.pred = f.pred;
  s.pred_tag = f.pred_tag;
  if (f.pred_tag != 0) s.tags_live = 1;
  s.usd_lo = f.usd_lo;
  s.usd_hi = f.usd_hi;
  for (int i = 1; i <= 3; i++) s.ctpr[i] = 0;
  cpu_sync_tb_flags(s);
  *next_pc = f.ret_pc;
  cpu->pcs.pop_back();
  s.ret_ctpr = cpu->pcs.empty() ? 0 : cpu_return_ctpr(cpu->pcs.back().ret_pc);
  return true;
}

static void code_written(tcg::RunContext *ctx, uint64_t addr, uint64_t len) {
  auto *cpu = static_cast<CPUState *>(ctx->user);
  cpu->tbs->invalidate(addr, len);
}

uint32_t cpu_tb_flags(const E2kState &s) {
  return tb_flags_br(s.rbs, s.rsz, s.rcur, s.psz, s.pcur) | (s.tags_live ? TB_FLAG_TAGS : 0) |
         ((s.upsr & kUpsrAc) ? TB_FLAG_ALIGN_CHECK : 0);
}

// The block for (pc, flags): a block specialized on exactly these flags, else one that serves
// every rotation (TB_FLAG_GENERIC), else a new translation — specialized unless the pc has
// kMaxSpecializationsPerPc blocks already.
static tcg::TranslationBlock *get_tb(CPUState *cpu, uint64_t pc, uint32_t flags) {
  tcg::TranslationBlock *tb = cpu->tbs->lookup(pc, flags);
  if (tb != nullptr) return tb;
  tb = cpu->tbs->lookup(pc, tb_flags_generic(flags));
  if (tb != nullptr) return tb;
  auto fresh = std::make_unique<tcg::TranslationBlock>();
  TranslateOptions topt{cpu->iset, cpu->opts.one_insn_per_tb ? 1u : 32u};
  std::string in_asm;
  bool want_asm = qemu_loglevel_mask(LOG_IN_ASM);
  uint32_t want = cpu->tbs->count(pc) >= kMaxSpecializationsPerPc ? tb_flags_generic(flags) : flags;
  fresh->flags = translate_block(*cpu->mem, pc, want, topt, fresh->ir, want_asm ? &in_asm : nullptr);
  tcg::optimize(fresh->ir);
  fresh->ir.finalize();
  fresh->pc = pc;
  fresh->end = fresh->ir.guest_end > pc ? fresh->ir.guest_end : pc + 8;
  if (want_asm) qemu_log("IN:\n%s\n", in_asm.c_str());
  if (qemu_loglevel_mask(LOG_OP)) qemu_log("OP:\n%s\n", tcg::format_block(fresh->ir, e2k_helpers()).c_str());
  return cpu->tbs->insert(std::move(fresh));
}

void cpu_dump_stats(const CPUState *cpu, int fd) {
  const tcg::JitStats &j = tcg::jit_stats();
  dprintf(fd,
          "qemu-e2k: %" PRIu64 " bundles, %" PRIu64 " dispatches; jit: %" PRIu64 " blocks compiled, %" PRIu64
          " refused, %" PRIu64 " bytes, %" PRIu64 " flushes, %" PRIu64 " links\n",
          cpu->stat_bundles, cpu->stat_blocks, j.blocks_compiled, j.blocks_refused, j.code_bytes, j.flushes, j.links);
}

static void log_out_asm(const tcg::TranslationBlock &tb) {
  std::string text = tcg::jit_disassemble(tb);
  if (text.empty()) text = "(host code disassembly needs Capstone)\n";
  qemu_log("OUT: [guest addr: %016" PRIx64 " flags %08" PRIx32 "] %u bytes\n%s\n", tb.pc, tb.flags, tb.host_size,
           text.c_str());
}

ExitReason cpu_run(CPUState *cpu) {
  tcg::RunContext ctx;
  ctx.env = reinterpret_cast<uint8_t *>(&cpu->s);
  ctx.mem = cpu->mem;
  ctx.helpers = e2k_helpers();
  ctx.code_written = &code_written;
  ctx.user = cpu;
  ctx.tb_flags_off = static_cast<int64_t>(offsetof(E2kState, tb_flags));
  if (qemu_loglevel_mask(LOG_OUT_ASM)) tcg::jit_set_out_asm_hook(&log_out_asm);
  // Chained blocks skip this loop: only when nothing here needs to see every block.
  const bool chain = cpu->tb_budget == 0 && !qemu_loglevel_mask(LOG_EXEC | LOG_CPU);
  for (;;) {
    if (cpu->exit_request) {
      cpu->exit_request = 0;
      return ExitReason::Interrupted;
    }
    if (cpu->tb_budget != 0 && --cpu->tb_budget == 0) return ExitReason::Interrupted;
    cpu->tbs->collect();
    ctx.set_chain(chain && !cpu->s.tags_live ? cpu->jit_chain : nullptr, &cpu->exit_request);
    if (cpu->pc == kSigreturnPc) return ExitReason::SigReturn;
    cpu_sync_tb_flags(cpu->s);  // translated code keeps it exact; C++ paths may not have
    const uint32_t flags = static_cast<uint32_t>(cpu->s.tb_flags);
    tcg::TranslationBlock *tb = get_tb(cpu, cpu->pc, flags);
    if (qemu_loglevel_mask(LOG_CPU)) cpu_dump_state(cpu, qemu_log_fd());
    if (qemu_loglevel_mask(LOG_EXEC))
      qemu_log("Trace: [%016" PRIx64 "] %u bundles\n", cpu->pc, tb->ir.n_insns);
    tb->exec_count++;
    ctx.insns = 0;
    if (cpu->opts.interpreter)
      tcg::interpret(tb->ir, ctx);
    else
      tcg::jit_run(*tb, ctx, flags);
    cpu->stat_bundles += ctx.insns;
    cpu->stat_blocks++;
    // After a tag-aware block, a cheap scan turns tag mode off once no tag is left. (A block
    // that has just asked for tag mode created none yet: its bundle reruns tag-aware first.)
    if ((tb->flags & TB_FLAG_TAGS) && cpu->s.tags_live && !tags_any(cpu->s)) cpu->s.tags_live = 0;
    switch (ctx.status) {
      case tcg::RunStatus::Exit:
        cpu->pc = ctx.next_pc;
        continue;
      case tcg::RunStatus::Raise:
        cpu_raise(cpu, static_cast<int>(ctx.raise_code), ctx.insn_pc, ctx.insn_pc,
                  ctx.raise_code == EXCP_UNIMPLEMENTED ? "operation not implemented"
                  : ctx.raise_code == EXCP_DIV       ? "integer division by zero"
                  : ctx.raise_code == EXCP_WINDOW_BOUNDS ? "register outside the window"
                  : ctx.raise_code == EXCP_DIAG_OPERAND  ? "a non-speculative operation used a diagnostic value"
                  : ctx.raise_code == EXCP_DIAG_CT_COND  ? "a conditional transfer on a tagged predicate"
                                                         : "illegal instruction");
        cpu->pc = ctx.insn_pc;
        return ExitReason::Exception;
      case tcg::RunStatus::Fault:
        cpu_raise(cpu, EXCP_DATA_PAGE, ctx.insn_pc, ctx.fault_addr,
                  ctx.fault_write ? "store to an unmapped or read-only page" : "load from an unmapped page");
        cpu->pc = ctx.insn_pc;
        return ExitReason::Exception;
      case tcg::RunStatus::Stop:
        if (cpu->in_syscall) return ExitReason::Syscall;
        if (cpu->exc.pc == 0) cpu->exc.pc = ctx.insn_pc;
        cpu->pc = cpu->exc.pc;
        return ExitReason::Exception;
    }
  }
}

void cpu_exit(CPUState *cpu) { cpu->exit_request = 1; }

const CpuException &cpu_last_exception(const CPUState *cpu) { return cpu->exc; }

SyscallArgs cpu_syscall_args(const CPUState *cpu) {
  SyscallArgs a{};
  a.nr = cpu->s.win[0];
  for (unsigned i = 0; i < 6; i++) a.arg[i] = i + 1 < cpu->s.wsize ? cpu->s.win[i + 1] : 0;
  return a;
}

void cpu_syscall_return(CPUState *cpu, int64_t result) {
  cpu->s.win[0] = static_cast<uint64_t>(result);
  cpu->s.win_tag[0] = 0;
  cpu->in_syscall = false;
  uint64_t next;
  if (cpu_do_return(cpu, &next)) cpu->pc = next;
}

bool cpu_longjmp(CPUState *cpu, const CpuJmpBuf &j) {
  auto &pcs = cpu->pcs;
  if (pcs.empty() || !pcs.back().syscall) return false;
  const size_t sys = pcs.size() - 1;  // the syscall's own frame stays on top
  const uint64_t ind = j.pcsp_hi & 0xffffffff;
  if (ind % 32 != 0) return false;
  const size_t keep = ind / 32;  // frames kept; the top one becomes setjmp's
  if (keep == 0 || keep > sys) return false;
  ChainFrame &f = pcs[keep - 1];
  const uint64_t wbs = 2 * ((j.cr1_lo >> 33) & 0x7f), psize = 2 * ((j.cr1_lo >> 26) & 0x7f);
  const uint64_t rbs = tb_rbs(j.br), rsz = tb_rsz(j.br), rcur = tb_rcur(j.br);
  const uint64_t psz = tb_psz(j.br), pcur = tb_pcur(j.br);
  if (wbs > f.wsize || psize > f.wsize || rcur > rsz || pcur > psz) return false;
  // The procedure stack holds, per frame, 2 * wbs words (and wbs tag words on ps_tags when the
  // frame saved tags). Cut out those of the dropped frames and resize the kept top frame's
  // block to the new wbs: its low registers stay where they are, new ones read zero.
  auto words = [&](size_t i) { return 2 * pcs[i].wbs; };
  auto tag_words = [&](size_t i) { return pcs[i].tags_saved ? pcs[i].wbs : 0; };
  size_t sys_words = words(sys), sys_tags = tag_words(sys), drop = 0, drop_tags = 0;
  for (size_t i = keep; i < sys; i++) {
    drop += words(i);
    drop_tags += tag_words(i);
  }
  const size_t f_words = words(keep - 1), f_tags = tag_words(keep - 1);
  if (cpu->ps.size() < sys_words + drop + f_words || cpu->ps_tags.size() < sys_tags + drop_tags + f_tags)
    return false;
  const uint64_t old_wbs = f.wbs;
  // procedure stack: [.. | f's block | dropped blocks | the syscall frame's block]
  const size_t tail_len = f_words + drop + sys_words;
  const uint64_t *t = cpu->ps.pop(tail_len);
  std::vector<uint64_t> tail(t, t + tail_len);
  uint64_t *nb = cpu->ps.push(2 * wbs);
  for (uint64_t i = 0; i < wbs; i++) {
    nb[i] = i < old_wbs ? tail[i] : 0;
    nb[wbs + i] = i < old_wbs ? tail[old_wbs + i] : 0;
  }
  copy_forward(cpu->ps.push(sys_words), tail.data() + f_words + drop, sys_words);
  // their tags, for the frames that saved some
  std::vector<uint64_t> &pt = cpu->ps_tags;
  const size_t tag_at = pt.size() - (f_tags + drop_tags + sys_tags);
  std::vector<uint64_t> ttail(pt.begin() + static_cast<std::ptrdiff_t>(tag_at), pt.end());
  pt.resize(tag_at);
  if (f.tags_saved)
    for (uint64_t i = 0; i < wbs; i++) pt.push_back(i < old_wbs ? ttail[i] : 0);
  pt.insert(pt.end(), ttail.end() - static_cast<std::ptrdiff_t>(sys_tags), ttail.end());
  f.ret_pc = j.cr0_hi & kCtprBaseMask;
  f.wbs = wbs;
  f.psize = psize;
  f.fx = (j.cr1_lo >> 25) & 1;
  f.rbs = rbs;
  f.rsz = rsz;
  f.rcur = rcur;
  f.psz = psz;
  f.pcur = pcur;
  f.usd_lo = j.usd_lo & kCtprBaseMask;  // %usd.lo.base: bits 47:0 (the rest are flags)
  pcs.erase(pcs.begin() + static_cast<std::ptrdiff_t>(keep), pcs.begin() + static_cast<std::ptrdiff_t>(sys));
  // handlers left by this jump are over (a handler's own frame, at index save.pcs + 1, is gone)
  while (!cpu->sig_saves.empty() && cpu->sig_saves.back().pcs + 1 >= keep) cpu->sig_saves.pop_back();
  return true;
}

CpuSignalContext cpu_signal_context(const CPUState *cpu) {
  const E2kState &s = cpu->s;
  CpuSignalContext c{};
  c.pc = cpu->pc;
  for (int i = 0; i < 3; i++) c.ctpr[i] = s.ctpr[i + 1];
  c.fpcr = s.fpcr;
  c.fpsr = s.fpsr;
  c.pfpfr = s.pfpfr;
  c.usd_lo = s.usd_lo;
  c.usd_hi = s.usd_hi;
  c.sbr = s.sbr;
  c.upsr = s.upsr;
  // %cr1 of the frame the handler's call pushes: wbs (the whole window), psize, fx, dbl (§7.4)
  c.cr1_lo = cpu_cr1_lo(s.wsize, s.psize, s.fx);
  c.cr1_hi = tb_flags_br(s.rbs, s.rsz, s.rcur, s.psz, s.pcur);
  return c;
}

bool cpu_signal_enter(CPUState *cpu, uint64_t handler, uint64_t sp, uint64_t stack_limit, const uint64_t args[3],
                      uint64_t cookie) {
  E2kState &s = cpu->s;
  // Saves a handler's longjmp left behind (their frames are gone from the chain stack).
  while (!cpu->sig_saves.empty() && cpu->sig_saves.back().pcs >= cpu->pcs.size()) cpu->sig_saves.pop_back();
  if (cpu->pcs.size() + 2 > cpu->pcs_limit || cpu->ps.size() / 2 + s.wsize > cpu->ps_limit) return false;
  cpu->sig_saves.push_back(CPUState::SignalSave{s, cpu->pc, cpu->pcs.size(), cpu->ps.size(), cpu->ps_tags.size(), cookie});
  // The interrupted procedure calls the handler with its whole window saved (as the kernel
  // does), through a frame that returns to kSigreturnPc and passes 4 quads of parameters.
  cpu_do_call(cpu, static_cast<unsigned>(s.wsize), handler, cpu->pc, false);
  s.wsize = s.psize = 8;
  cpu_do_call(cpu, 0, handler, kSigreturnPc, false);
  for (int i = 0; i < 3; i++) {
    s.win[i] = args[i];
    s.win_hi[i] = 0;
    s.win_tag[i] = 0;
  }
  cpu_set_br(s, 0, 0, 0);
  s.psz = s.pcur = 0;
  s.usd_lo = sp;
  if (stack_limit != 0) s.stack_limit = stack_limit;
  cpu_sync_tb_flags(s);
  cpu->pc = handler;
  return true;
}

bool cpu_signal_return(CPUState *cpu, uint64_t *cookie) {
  auto &saves = cpu->sig_saves;
  while (!saves.empty() && saves.back().pcs + 1 > cpu->pcs.size()) saves.pop_back();
  if (saves.empty() || saves.back().pcs + 1 != cpu->pcs.size()) return false;
  const CPUState::SignalSave &sv = saves.back();
  cpu->s = sv.s;
  cpu->pc = sv.pc;
  cpu->pcs.resize(sv.pcs);
  cpu->ps.truncate(sv.ps);
  cpu->ps_tags.resize(sv.ps_tags);
  *cookie = sv.cookie;
  saves.pop_back();
  cpu_sync_tb_flags(cpu->s);
  return true;
}

void cpu_set_signal_context(CPUState *cpu, const CpuSignalContext &c) {
  E2kState &s = cpu->s;
  cpu->pc = c.pc;
  for (int i = 0; i < 3; i++) s.ctpr[i + 1] = c.ctpr[i];
  s.fpcr = c.fpcr;
  s.fpsr = c.fpsr;
  s.pfpfr = c.pfpfr;
}

void cpu_invalidate_range(CPUState *cpu, uint64_t start, uint64_t len) { cpu->tbs->invalidate(start, len); }

void cpu_dump_state(const CPUState *cpu, int fd) {
  const E2kState &s = cpu->s;
  std::string out;
  char buf[128];
  snprintf(buf, sizeof buf, "pc=%016" PRIx64 " wsize=%" PRIu64 " psize=%" PRIu64 " dbl=%" PRIu64 "\n", cpu->pc,
           s.wsize, s.psize, s.dbl);
  out += buf;
  snprintf(buf, sizeof buf, "br: rbs=%" PRIu64 " rsz=%" PRIu64 " rcur=%" PRIu64 " psz=%" PRIu64 " pcur=%" PRIu64 "\n",
           s.rbs, s.rsz, s.rcur, s.psz, s.pcur);
  out += buf;
  for (uint64_t i = 0; i < s.wsize; i++) {
    snprintf(buf, sizeof buf, "%%dr%-3" PRIu64 "=%016" PRIx64 "%s", i, s.win[i], (i % 4 == 3) ? "\n" : " ");
    out += buf;
  }
  if (s.wsize % 4) out += "\n";
  for (unsigned i = 0; i < kGlobalRegs; i++) {
    snprintf(buf, sizeof buf, "%%dg%-3u=%016" PRIx64 "%s", i, s.g[i], (i % 4 == 3) ? "\n" : " ");
    out += buf;
  }
  snprintf(buf, sizeof buf, "pred=%08" PRIx64 " lsr=%016" PRIx64 " usd.lo=%016" PRIx64 " chain=%zu tags=%s\n",
           s.pred, s.lsr, s.usd_lo, cpu->pcs.size(), s.tags_live ? "live" : "off");
  out += buf;
  for (int i = 1; i <= 3; i++) {
    snprintf(buf, sizeof buf, "ctpr%d=%016" PRIx64 "%s", i, s.ctpr[i], i == 3 ? "\n" : " ");
    out += buf;
  }
  ssize_t r = write(fd, out.data(), out.size());
  (void)r;
}

}  // namespace e2k
