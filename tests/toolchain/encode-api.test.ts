// The encoder's helper exports used by other parts (disassembler, table generator).
import t from "tap";
import { aluTemplates, encodeBundle, scrub, splitOperation } from "../../target/e2k/asm/encode/index";

t.test("scrub keeps gas's blanks", (t) => {
  t.equal(scrub("  addd,0  %r1,  %r2 ,%r3 "), "addd,0 %r1,%r2,%r3");
  t.equal(scrub("addd,0 %r1, _f16s,_lts1hi 0x37a9, %r2"), "addd,0 %r1,_f16s,_lts1hi 0x37a9,%r2");
  t.equal(scrub("ct %ctpr1 ? %pred0"), "ct %ctpr1?%pred0");
  t.end();
});

t.test("splitOperation", (t) => {
  t.same(splitOperation("ldd,0,sm [ %dr1 + 8 ], %dr2 ? ~%pred3"), {
    mnemonic: "ldd",
    channel: 0,
    sm: true,
    operands: ["[%dr1+8]", "%dr2"],
    condition: "~%pred3",
  });
  t.same(splitOperation("nop").operands, []);
  t.end();
});

t.test("per-iset templates merge rows as gas does", (t) => {
  const v4 = aluTemplates(4).get("fadds");
  t.equal(v4?.channels, 0b111111, "short on 0,1,3,4 and long (EXT1) on 2,5 from v4");
  t.equal(aluTemplates(3).get("fadds")?.channels, 0b011011);
  t.notOk(aluTemplates(4).has("qpand"), "quad-packed ops start at v5");
  t.ok(aluTemplates(5).has("qpand"));
  t.end();
});

t.test("ctcond checks gas makes at the end of a wide instruction", (t) => {
  const ctx = { iset: 4, evalExpr: (s: string) => ({ kind: "const" as const, value: BigInt(s) }) };
  const op = (text: string) => ({ text, line: 1 });
  t.throws(
    () => encodeBundle([op("rbranch 0x10 ? %dt_al0")], true, ctx),
    /no speculative operation with an explicit ALC matches %dt_al\[0\]/,
  );
  const ok = encodeBundle([op("ldd,0,sm %dr1, %dr2, %dr3"), op("rbranch 0x10 ? %dt_al0")], true, ctx);
  t.equal(ok.bytes.length % 8, 0);
  t.throws(
    () => encodeBundle([op("cmpesb %r1, %r2, %pred1"), op("ibranch 0x10 ? %MLOCK || %cmp0")], true, ctx),
    /no integer comparison with an explicitly specified ALC matches %cmp0/,
  );
  t.throws(() => encodeBundle([op("addd,0 %r1, _lit32_ref,_lts0, %r2")], true, ctx), /not supported/);
  t.end();
});

t.test("front-end switches: ld_st_style and strict_delay", (t) => {
  const evalExpr = (s: string) => ({ kind: "const" as const, value: BigInt(s) });
  const hex = (text: string, braced: boolean, extra: object): string =>
    Buffer.from(encodeBundle([{ text, line: 1 }], braced, { iset: 4, evalExpr, ...extra }).bytes).toString(
      "hex",
    );
  t.equal(
    hex("std,2 %dr1, 0x8, %dr2", true, { ldStStyle: true }),
    hex("std,2 %dr2, [ %dr1 + 0x8 ]", true, {}),
    "objdump's store order under .ignore ld_st_style",
  );
  t.not(hex("cmpesb,0 %r1, %r2, %pred1", false, {}), hex("cmpesb,0 %r1, %r2, %pred1", true, {}));
  t.equal(
    hex("cmpesb,0 %r1, %r2, %pred1", false, { noStrictDelay: true }),
    hex("cmpesb,0 %r1, %r2, %pred1", true, {}),
    "no implicit nop without strict_delay",
  );
  t.end();
});

t.test("a 5-bit src1 literal beside an explicit src2 literal format (as gas reads per operand)", (t) => {
  const ctx = { iset: 4, evalExpr: (s: string) => ({ kind: "const" as const, value: BigInt(s) }) };
  const hex = (text: string): string =>
    Buffer.from(encodeBundle([{ text, line: 1 }], true, ctx).bytes).toString("hex");
  const plain = hex("scr_adds,4 0x11, 0x4637e0b, %b[42], %r5");
  t.equal(hex("scr_adds,4 0x11, _f32s 0x4637e0b, %b[42], %r5"), plain, "`_f32s' on src2 changes nothing");
  t.equal(
    hex("add_adds,1 0x11, _f16s 0x1234, %r2, %r3"),
    hex("add_adds,1 0x11, 0x1234, %r2, %r3"),
    "`_f16s' on src2 likewise",
  );
  t.throws(
    () => hex("add_adds,1 _f32s 0x11, %r1, %r2, %r3"),
    /invalid first argument \(src1\)/,
    "a long format on src1 itself is refused, as gas does",
  );
  t.end();
});
