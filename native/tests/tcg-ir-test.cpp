// The IR interpreter and the TB cache on hand-built blocks: op semantics at both widths,
// edge cases (shift counts, division), labels, guest memory checks and invalidation.
#include <cstddef>

#include "tcg/interp.h"
#include "tcg/tb-cache.h"
#include "test-util.h"

using namespace tcg;

namespace {

struct Env {
  uint64_t regs[4];
};

uint64_t run_binop(Opc opc, uint64_t a, uint64_t b, bool i32) {
  Block blk;
  Builder bld(blk);
  Temp r = bld.bin(opc, bld.movi(static_cast<int64_t>(a)), bld.movi(static_cast<int64_t>(b)), i32);
  bld.st_env(0, r);
  bld.exit(bld.movi(0));
  blk.finalize();
  Env env{};
  RunContext ctx;
  ctx.env = reinterpret_cast<uint8_t *>(&env);
  interpret(blk, ctx);
  CHECK(ctx.status == RunStatus::Exit);
  return env.regs[0];
}

uint64_t add_helper(RunContext *, uint64_t a, uint64_t b, uint64_t c, uint64_t d) { return a + b + c + d; }
uint64_t stop_helper(RunContext *ctx, uint64_t, uint64_t, uint64_t, uint64_t) {
  ctx->stop = true;
  return 0;
}

void test_alu() {
  CHECK_EQ(run_binop(Opc::add, 0xffffffff, 1, true), 0);
  CHECK_EQ(run_binop(Opc::add, 0xffffffff, 1, false), 0x100000000ULL);
  CHECK_EQ(run_binop(Opc::sub, 0, 1, true), 0xffffffff);
  CHECK_EQ(run_binop(Opc::shl, 1, 33, true), 2);            // count mod 32
  CHECK_EQ(run_binop(Opc::shl, 1, 65, false), 2);           // count mod 64
  CHECK_EQ(run_binop(Opc::sar, 0x80000000, 4, true), 0xf8000000);
  CHECK_EQ(run_binop(Opc::shr, 0xffffffff80000000ULL, 4, true), 0x08000000);
  CHECK_EQ(run_binop(Opc::rotl, 0x80000001, 1, true), 3);
  CHECK_EQ(run_binop(Opc::rotr, 1, 1, false), 0x8000000000000000ULL);
  CHECK_EQ(run_binop(Opc::andc, 0xff, 0x0f, false), 0xf0);
  CHECK_EQ(run_binop(Opc::orc, 0, 0xffffffffffffff00ULL, false), 0xff);
  CHECK_EQ(run_binop(Opc::divs, static_cast<uint64_t>(-7), 2, false), static_cast<uint64_t>(-3));
  CHECK_EQ(run_binop(Opc::rems, static_cast<uint64_t>(-7), 2, false), static_cast<uint64_t>(-1));
  CHECK_EQ(run_binop(Opc::divs, 0x80000000, 0xffffffff, true), 0x80000000);  // MIN / -1 = MIN
  CHECK_EQ(run_binop(Opc::divu, 5, 0, false), 0);                           // total
  CHECK_EQ(run_binop(Opc::remu, 5, 0, false), 5);
  CHECK_EQ(run_binop(Opc::mulhu, ~0ULL, ~0ULL, false), 0xfffffffffffffffeULL);
  CHECK_EQ(run_binop(Opc::mulhs, static_cast<uint64_t>(-1), 5, false), ~0ULL);
}

void test_control_and_helpers() {
  Block blk;
  Builder b(blk);
  // sum = 0; for (i = 10; i != 0; i--) sum += i  -> 55, through a backward brcond
  Temp sum = b.movi(0), i = b.movi(10), one = b.movi(1), zero = b.movi(0);
  uint32_t top = b.new_label(), done = b.new_label();
  b.label(top);
  b.brcond(Cond::eq, i, zero, done);
  b.mov_to(sum, b.bin(Opc::add, sum, i));
  b.mov_to(i, b.bin(Opc::sub, i, one));
  b.br(top);
  b.label(done);
  Temp h = b.call(0, sum, one, one, one);
  b.st_env(8, h);
  b.call(1);
  b.exit(b.movi(99));  // not reached: the helper stops the block
  blk.finalize();
  HelperInfo helpers[] = {{"add4", &add_helper}, {"stop", &stop_helper}};
  Env env{};
  RunContext ctx;
  ctx.env = reinterpret_cast<uint8_t *>(&env);
  ctx.helpers = helpers;
  interpret(blk, ctx);
  CHECK(ctx.status == RunStatus::Stop);
  CHECK_EQ(env.regs[1], 58);
  std::string text = format_block(blk, helpers);
  CHECK(text.find("add4") != std::string::npos);
  CHECK(text.find("brcond_i64 eq") != std::string::npos);
}

void test_memory() {
  test::Window w(24);
  w.map(0x10000, 0x1000, e2k::PAGE_READ | e2k::PAGE_WRITE);
  w.map(0x11000, 0x1000, e2k::PAGE_READ);
  Block blk;
  Builder b(blk);
  Temp a = b.movi(0x10ffc);
  b.qst(a, b.movi(0x1122334455667788LL), 4);  // fits in the writable page
  b.st_env(0, b.qld(a, 4, true));
  b.st_env(8, b.qld_nf(b.movi(0x20000), 8, 0x4afa));  // unmapped: the fail value
  b.qst(b.movi(0x10ffe), b.movi(0), 4);               // crosses into a read-only page: fault
  b.exit(b.movi(0));
  blk.finalize();
  Env env{};
  RunContext ctx;
  ctx.env = reinterpret_cast<uint8_t *>(&env);
  ctx.mem = &w.mem;
  interpret(blk, ctx);
  CHECK(ctx.status == RunStatus::Fault);
  CHECK_EQ(ctx.fault_addr, 0x10ffe);
  CHECK(ctx.fault_write);
  CHECK_EQ(env.regs[0], 0x55667788);
  CHECK_EQ(env.regs[1], 0x4afa);
  uint64_t v;
  CHECK(!guest_load(w.mem, w.mem.size - 4, 8, &v));     // would run past the window end
  CHECK(!guest_load(w.mem, w.mem.size + 0x10000, 1, &v));  // beyond the guest address space
}

void test_tb_cache() {
  test::Window w(24);
  TbCache cache(&w.mem);
  auto make = [](uint64_t pc, uint64_t end) {
    auto tb = std::make_unique<TranslationBlock>();
    tb->pc = pc;
    tb->end = end;
    return tb;
  };
  cache.insert(make(0x10000, 0x10040));
  cache.insert(make(0x10ff0, 0x11010));  // spans two pages
  cache.insert(make(0x12000, 0x12008));
  CHECK(w.mem.flags(0x11000) & e2k::PAGE_CODE);
  CHECK_EQ(cache.size(), 3);
  CHECK_EQ(cache.invalidate(0x11000, 4), 1);
  CHECK(cache.lookup(0x10ff0) == nullptr);
  CHECK(cache.lookup(0x10000) != nullptr);
  CHECK((w.mem.flags(0x11000) & e2k::PAGE_CODE) == 0);
  CHECK_EQ(cache.invalidate(0, ~0ULL >> 1), 2);
  cache.collect();
  CHECK_EQ(cache.size(), 0);

  // Specializations: one pc, several flags; a write to the code drops every one of them.
  auto make_f = [&](uint64_t pc, uint32_t flags) {
    auto tb = make(pc, pc + 0x20);
    tb->flags = flags;
    return tb;
  };
  TranslationBlock *a = cache.insert(make_f(0x20000, 1));
  TranslationBlock *b = cache.insert(make_f(0x20000, 2));
  cache.insert(make_f(0x20100, 1));
  CHECK_EQ(cache.count(0x20000), 2);
  CHECK(cache.lookup(0x20000, 1) == a);
  CHECK(cache.lookup(0x20000, 2) == b);
  CHECK(cache.lookup(0x20000, 3) == nullptr);
  TranslationBlock *a2 = cache.insert(make_f(0x20000, 1));  // replaces a
  CHECK(cache.lookup(0x20000, 1) == a2);
  CHECK_EQ(cache.count(0x20000), 2);
  CHECK_EQ(cache.size(), 3);
  CHECK_EQ(cache.invalidate(0x20010, 1), 2);
  CHECK_EQ(cache.count(0x20000), 0);
  CHECK(cache.lookup(0x20100, 1) != nullptr);
  CHECK(w.mem.flags(0x20000) & e2k::PAGE_CODE);  // 0x20100 still holds code
  CHECK_EQ(cache.invalidate(0x20100, 8), 1);
  CHECK((w.mem.flags(0x20000) & e2k::PAGE_CODE) == 0);
  cache.collect();
  CHECK_EQ(cache.size(), 0);
}

}  // namespace

int main() {
  test_alu();
  test_control_and_helpers();
  test_memory();
  test_tb_cache();
  return test::finish("tcg-ir-test");
}
