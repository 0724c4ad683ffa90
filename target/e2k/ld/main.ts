// e2k-ld: links E2K ELF64 objects into a static executable.
//   e2k-ld [-e SYMBOL] [-o FILE] a.o b.o ...
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { link, LinkError } from "./link";

const HELP = `Usage: e2k-ld [option...] file...
Link E2K (Elbrus) ELF64 relocatable objects into a static executable, laid out as MCST ld lays
out a static program: text segment at 0x10000 (.text, .rodata), data segment (.data, .bss).

Options:
  -o FILE, --output=FILE   output file (default a.out)
  -e SYMBOL, --entry=SYMBOL  entry point (default _start; a number is taken as an address)
  -static, -nostdlib       accepted for compatibility (e2k-ld only links static, libc-free programs)
  --help                   show this help and exit
  --version                show the version and exit
`;

function main(argv: readonly string[]): number {
  let output = "a.out";
  let entry: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (flag: string): string | undefined => {
      const v = argv[++i];
      if (v === undefined) process.stderr.write(`e2k-ld: option requires an argument -- '${flag}'\n`);
      return v;
    };
    if (a === "--help") {
      process.stdout.write(HELP);
      return 0;
    } else if (a === "--version" || a === "-v" || a === "-V") {
      process.stdout.write("e2k-ld (qemu-e2k toolchain) 0.1.0\n");
      return 0;
    } else if (a === "-o") {
      const v = value("o");
      if (v === undefined) return 1;
      output = v;
    } else if (a.startsWith("--output=")) output = a.slice(9);
    else if (a.startsWith("-o") && a.length > 2) output = a.slice(2);
    else if (a === "-e" || a === "--entry") {
      const v = value("e");
      if (v === undefined) return 1;
      entry = v;
    } else if (a.startsWith("--entry=")) entry = a.slice(8);
    else if (a.startsWith("-e") && a.length > 2) entry = a.slice(2);
    else if (a === "-static" || a === "-nostdlib" || a === "--static") continue;
    else if (a.startsWith("-")) {
      process.stderr.write(
        `e2k-ld: unrecognized option '${a}'\ne2k-ld: use the --help option for usage information\n`,
      );
      return 1;
    } else files.push(a);
  }
  if (files.length === 0) {
    process.stderr.write("e2k-ld: no input files\n");
    return 1;
  }
  const inputs = [];
  for (const f of files) {
    try {
      inputs.push({ name: f, bytes: new Uint8Array(readFileSync(f)) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      process.stderr.write(
        `e2k-ld: cannot find ${f}: ${code === "ENOENT" ? "No such file or directory" : (e as Error).message}\n`,
      );
      return 1;
    }
  }
  try {
    const result = link(inputs, { entry });
    for (const w of result.warnings) process.stderr.write(`e2k-ld: warning: ${w}\n`);
    writeFileSync(output, result.bytes);
    chmodSync(output, 0o755);
    return 0;
  } catch (e) {
    if (e instanceof LinkError) {
      for (const line of e.message.split("\n")) process.stderr.write(`e2k-ld: ${line}\n`);
      return 1;
    }
    throw e;
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`e2k-ld: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
