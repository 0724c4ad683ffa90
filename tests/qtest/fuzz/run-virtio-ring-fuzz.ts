// Long fuzz campaign: node --import tsx tests/qtest/fuzz/run-virtio-ring-fuzz.ts [--seed N] [--cases N]
import { runVirtioRingFuzz } from "./virtio-ring-fuzz";

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const stats = runVirtioRingFuzz(arg("--seed", 1), arg("--cases", 100000));
process.stdout.write(JSON.stringify(stats, null, 2) + "\n");
if (stats.boundsCheckHits) process.exit(1);
