import t from "tap";
import {
  AAU_REGS,
  ALU_OPS,
  ALU_OPS_BY_NAME,
  CONTROL_OPS,
  MMU_REGS,
  STATE_REGS,
  STATE_REGS_BY_NUM,
  aluOpsByNameForIset,
  aluOpsForIset,
} from "../../target/e2k/opcodes/index";

t.test("the ALU table parses every row", (t) => {
  t.equal(ALU_OPS.length, 2592 + 2, "alops rows + mmurr/mmurw");
  const addd = ALU_OPS_BY_NAME.get("addd")?.[0];
  t.ok(addd);
  t.equal(addd?.opc, 0x11);
  t.equal(addd?.channels, 0b111111);
  t.same(addd?.sizes, ["D", "D", "D"]);
  t.equal(addd?.alesOpc2, undefined);
  t.end();
});

t.test("iset ranges select rows", (t) => {
  const v2 = aluOpsForIset(2).length;
  const v5 = aluOpsForIset(5).length;
  t.ok(v5 > v2, "v5 has the quad-packed and plog rows");
  t.ok(aluOpsForIset(5).some((op) => op.name === "qpadds" || op.name.startsWith("qp")));
  t.notOk(aluOpsForIset(4).some((op) => op.name.startsWith("qp")));
  t.end();
});

t.test("register tables", (t) => {
  t.equal(STATE_REGS.get("upsr")?.num, 0x80);
  t.equal(STATE_REGS.get("sbr")?.num, 0x1e, "alias of %usbr");
  t.equal(STATE_REGS.get("core_mode")?.isetMin, 3);
  t.equal(STATE_REGS_BY_NUM.get(0x1e)?.[0]?.name, "usbr");
  t.equal(MMU_REGS.get("mmu_cr")?.mas, 0x47);
  t.equal(MMU_REGS.get("mmu_cr")?.readChannel, 2);
  t.equal(AAU_REGS.get("aalda4")?.cls, 5);
  t.equal(AAU_REGS.get("aalda4")?.d, 4);
  t.equal(AAU_REGS.get("aasti3")?.ind, 3);
  t.equal(CONTROL_OPS.get("iret")?.isetMin, 6);
  t.equal(CONTROL_OPS.get("ct")?.kind, "ct");
  t.end();
});

t.test("per-iset lookup by mnemonic", (t) => {
  t.equal(aluOpsByNameForIset(3).get("fadds")?.length, 1);
  t.equal(aluOpsByNameForIset(4).get("fadds")?.length, 2, "v4 adds the long ALC2/5 form");
  t.notOk(aluOpsByNameForIset(4).has("ldq"));
  t.ok(aluOpsByNameForIset(5).has("ldq"));
  t.end();
});
