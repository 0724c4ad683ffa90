// e2k-as: the E2K assembler command line (gas-compatible options).
//   e2k-as [-mcpu=elbrus-vN|MODEL] [-I DIR]... [-o FILE] [FILE...]   (no FILE or "-": stdin)
import { readFileSync, writeFileSync } from "node:fs";
import { assemble, type Message } from "./assembler";
import { encodeBundle } from "./encode/index";
import { CPU_NAMES, DEFAULT_CPU, parseCpu } from "./mcpu";
import { writeObject } from "./object";

const VERSION = "0.1.0";

const HELP = `Usage: e2k-as [option...] [asmfile...]
Assemble E2K (Elbrus) assembly in MCST gas syntax into an ELF64 relocatable object.
With no asmfile, or when asmfile is -, read standard input (e.g. from \`cpp | e2k-as\`).

Options:
  -mcpu=CPU       instruction set / CPU model: ${CPU_NAMES.join(", ")}
                  (default ${DEFAULT_CPU}); recorded in the ELF e_flags as gas does
  -I DIR          add DIR to the search list for .include
  -o FILE         name of the object file (default a.out); also recorded in the STT_FILE symbol
  -no_strict_delay  add no implicit delays after operations written outside braces
  -mptr64         64-bit ABI (the default and the only one supported)
  --help          show this help and exit
  --version       show the version and exit
`;

function fail(msg: string): never {
  process.stderr.write(`e2k-as: ${msg}\n`);
  process.exit(1);
}

function main(argv: readonly string[]): number {
  let cpu = DEFAULT_CPU;
  let output = "a.out";
  const includeDirs: string[] = [];
  let noStrictDelay = false;
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (flag: string): string => {
      const v = argv[++i];
      if (v === undefined) fail(`option requires an argument -- '${flag}'`);
      return v;
    };
    if (a === "--help" || a === "-h") {
      process.stdout.write(HELP);
      return 0;
    } else if (a === "--version" || a === "-v" || a === "-V") {
      process.stdout.write(`e2k-as (qemu-e2k toolchain) ${VERSION}\nMCST gas syntax, E2K iset v2..v6\n`);
      return 0;
    } else if (a.startsWith("-mcpu=")) cpu = a.slice(6);
    else if (a === "-no_strict_delay" || a === "--no_strict_delay") noStrictDelay = true;
    else if (a === "-mptr64" || a === "--mptr64") continue;
    else if (a === "-mptr32" || a === "-mptr128" || a === "--mptr32" || a === "--mptr128")
      fail(`${a}: only the 64-bit ABI (-mptr64) is supported`);
    else if (a === "-mcpu") cpu = value("mcpu");
    else if (a === "-o") output = value("o");
    else if (a.startsWith("-o") && a.length > 2) output = a.slice(2);
    else if (a === "-I") includeDirs.push(value("I"));
    else if (a.startsWith("-I")) includeDirs.push(a.slice(2));
    else if (a === "--") {
      inputs.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith("-") && a !== "-") fail(`unrecognized option '${a}' (try --help)`);
    else inputs.push(a);
  }
  const choice = parseCpu(cpu);
  if (!choice) fail(`invalid -mcpu argument \`${cpu}' (known: ${CPU_NAMES.join(", ")})`);
  if (inputs.length === 0) inputs.push("-");

  // Like gas, several input files are assembled as one stream.
  let firstName = "";
  const parts: Array<{ name: string; text: string }> = [];
  for (const f of inputs) {
    const name = f === "-" ? "{standard input}" : f;
    let t: string;
    try {
      t = readFileSync(f === "-" ? 0 : f, "latin1");
    } catch (e) {
      fail(
        `can't open ${f} for reading: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "No such file or directory" : String((e as Error).message)}`,
      );
    }
    parts.push({ name, text: t });
    if (firstName === "") firstName = name;
  }
  const result = assemble(parts, { iset: choice.iset, includeDirs, encode: encodeBundle, noStrictDelay });
  printMessages(result.messages, firstName);
  if (result.errors > 0) return 1;
  const bytes = writeObject(result, { flags: choice.flags, fileSymbol: output });
  try {
    writeFileSync(output, bytes);
  } catch (e) {
    fail(`can't create ${output}: ${(e as Error).message}`);
  }
  return 0;
}

function printMessages(messages: readonly Message[], file: string): void {
  if (messages.length === 0) return;
  const lines = [`${file}: Assembler messages:`];
  for (const m of messages)
    lines.push(m.loc ? `${m.loc.file}:${m.loc.line}: ${m.kind}: ${m.text}` : `${file}: ${m.kind}: ${m.text}`);
  process.stderr.write(lines.join("\n") + "\n");
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  // Never a stack trace for the user: report and fail.
  process.stderr.write(`e2k-as: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
