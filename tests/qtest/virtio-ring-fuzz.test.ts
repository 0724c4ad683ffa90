// Short seeded runs of the malformed-ring fuzzer (the long campaign: docs/machine.md), on the
// TypeScript ring walker and on the native batches, and a case-by-case comparison of the two.
import t from "tap";
import { runVirtioRingFuzz } from "./fuzz/virtio-ring-fuzz";

for (const nativeBatch of ["off", "on"] as const) {
  for (const seed of [1, 0xe2c]) {
    t.test(
      `${nativeBatch === "on" ? "native" : "TypeScript"} path, seed ${seed}: 1500 cases, no crash, every error named`,
      (t) => {
        const s = runVirtioRingFuzz(seed, 1500, { nativeBatch });
        t.equal(s.boundsCheckHits, 0, "validation caught every out-of-RAM access before the bounds check");
        t.ok(s.brokenCases > 100, `device broken in ${s.brokenCases} cases`);
        t.ok(
          s.txFrames > 100 && s.rxFrames > 100,
          `well-formed cases still move frames (${s.txFrames} tx, ${s.rxFrames} rx)`,
        );
        t.ok(Object.keys(s.errorKinds).length >= 10, `error kinds: ${Object.keys(s.errorKinds).join("; ")}`);
        t.notOk(
          Object.keys(s.errorKinds).some((k) => k.includes("disagree")),
          "the native and TypeScript walkers never disagree on a chain",
        );
        if (nativeBatch === "on") t.ok(s.nativeFrames > 200, `native batches moved ${s.nativeFrames} frames`);
        else t.equal(s.nativeFrames, 0, "x-native-batch=off never uses the native batches");
        t.end();
      },
    );
  }
}

t.test("the native batches and the TypeScript path leave the same guest-visible state", (t) => {
  for (const seed of [7, 0xe2c]) {
    const js = runVirtioRingFuzz(seed, 1000, { nativeBatch: "off", digests: true });
    const nat = runVirtioRingFuzz(seed, 1000, { nativeBatch: "on", digests: true });
    const a = js.digests!;
    const b = nat.digests!;
    const first = a.findIndex((d, i) => d !== b[i]);
    t.equal(first, -1, `seed ${seed}: rings, RAM, frames and errors equal after every case`);
    t.equal(a.length, b.length, `seed ${seed}: ${a.length} cases compared`);
    t.same(nat.errorKinds, js.errorKinds, `seed ${seed}: the same errors`);
    t.ok(nat.nativeFrames > 100, `seed ${seed}: ${nat.nativeFrames} frames went through the native batches`);
  }
  t.end();
});
