// Short seeded run of the malformed-ring fuzzer (the long campaign: docs/machine.md).
import t from "tap";
import { runVirtioRingFuzz } from "./fuzz/virtio-ring-fuzz";

for (const seed of [1, 0xe2c]) {
  t.test(`seed ${seed}: 1500 cases, no crash, every error named`, (t) => {
    const s = runVirtioRingFuzz(seed, 1500);
    t.equal(s.boundsCheckHits, 0, "validation caught every out-of-RAM access before the bounds check");
    t.ok(s.brokenCases > 100, `device broken in ${s.brokenCases} cases`);
    t.ok(
      s.txFrames > 100 && s.rxFrames > 100,
      `well-formed cases still move frames (${s.txFrames} tx, ${s.rxFrames} rx)`,
    );
    t.ok(Object.keys(s.errorKinds).length >= 10, `error kinds: ${Object.keys(s.errorKinds).join("; ")}`);
    t.end();
  });
}
