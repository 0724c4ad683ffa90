// e2k-objdump: shows E2K ELF objects and executables the way MCST objdump does.
//   e2k-objdump [-d] [-h] [-t] FILE...
import { readFileSync } from "node:fs";
import { ElfError, readElf } from "../elf/read";
import { disassemblyText, FILE_FORMAT, ObjdumpError, sectionHeadersText, symbolTableText } from "./dump";

const VERSION = "0.1.0";

const HELP = `Usage: e2k-objdump <option(s)> <file(s)>
Display information from E2K (Elbrus) ELF object files and executables.
At least one of the following switches must be given:
  -d, --disassemble        disassemble the executable sections (MCST objdump's layout)
  -h, --section-headers    display the section headers
  -t, --syms               display the symbol table
      --help               show this help and exit
      --version            show the version and exit
Options can be combined (-dh, -d -t). The disassembly text re-assembles with e2k-as; where
MCST objdump prints something gas cannot read, the differences are listed in docs/objdump.md.
`;

function main(argv: readonly string[]): number {
  const want = { d: false, h: false, t: false };
  const files: string[] = [];
  const long: Record<string, keyof typeof want> = {
    "--disassemble": "d",
    "--section-headers": "h",
    "--headers": "h",
    "--syms": "t",
  };
  for (const a of argv) {
    if (a === "--help" || a === "-H") {
      process.stdout.write(HELP);
      return 0;
    }
    if (a === "--version" || a === "-V") {
      process.stdout.write(`e2k-objdump (qemu-e2k toolchain) ${VERSION}\nE2K iset v2..v6, ${FILE_FORMAT}\n`);
      return 0;
    }
    const l = long[a];
    if (l) want[l] = true;
    else if (/^-[a-zA-Z]+$/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === "d" || c === "h" || c === "t") want[c] = true;
        else {
          process.stderr.write(`e2k-objdump: invalid option -- '${c}' (try --help)\n`);
          return 1;
        }
      }
    } else if (a.startsWith("-")) {
      process.stderr.write(`e2k-objdump: unrecognized option '${a}' (try --help)\n`);
      return 1;
    } else files.push(a);
  }
  if (!want.d && !want.h && !want.t) {
    process.stderr.write(HELP);
    return 1;
  }
  if (files.length === 0) files.push("a.out");
  let status = 0;
  for (const f of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(f);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === "ENOENT" ? "No such file" : code === "EISDIR" ? "is a directory" : (e as Error).message;
      process.stderr.write(`e2k-objdump: '${f}': ${why}\n`);
      status = 1;
      continue;
    }
    try {
      const elf = readElf(bytes);
      let out = `\n${f}:     file format ${FILE_FORMAT}\n`;
      if (want.h) out += sectionHeadersText(elf);
      if (want.t) out += symbolTableText(elf);
      if (want.d) out += `\n${disassemblyText(elf)}`;
      process.stdout.write(out);
    } catch (e) {
      if (!(e instanceof ElfError || e instanceof ObjdumpError)) throw e;
      const msg = e instanceof ElfError ? `file format not recognized (${e.message})` : e.message;
      process.stderr.write(`e2k-objdump: ${f}: ${msg}\n`);
      status = 1;
    }
  }
  return status;
}

process.exitCode = main(process.argv.slice(2));
