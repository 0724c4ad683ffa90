// Placeholder until the network work lands: system-mode command line (QEMU's vl.c).
export async function runSystemMode(args: readonly string[]): Promise<void> {
  process.stderr.write(`qemu-e2k: system mode is not built yet (${args.join(" ")})\n`);
  process.exit(1);
}
