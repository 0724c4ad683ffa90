import t from "tap";
import { ALU_OPS, ALU_OPS_BY_NAME, aluOpsForIset } from "../../target/e2k/opcodes/index";

t.test("the ALU table parses every row", (t) => {
  t.equal(ALU_OPS.length, 2592);
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
