// Long fuzz campaign:
//   node --import tsx tests/qtest/fuzz/run-virtio-ring-fuzz.ts [--seed N] [--cases N] [--native auto|on|off]
// --native sets virtio-net-pci's x-native-batch (on: the native ring batches; default auto,
// which with this fuzzer's in-process peer is the TypeScript path).
import { runVirtioRingFuzz } from "./virtio-ring-fuzz";

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const native = arg("--native", "auto");
if (native !== "auto" && native !== "on" && native !== "off")
  throw new Error(`--native: auto, on or off, not '${native}'`);
const stats = runVirtioRingFuzz(Number(arg("--seed", "1")), Number(arg("--cases", "100000")), {
  nativeBatch: native,
});
process.stdout.write(JSON.stringify(stats, null, 2) + "\n");
const disagree = Object.keys(stats.errorKinds).some((k) => k.includes("disagree"));
if (stats.boundsCheckHits || disagree) process.exit(1);
