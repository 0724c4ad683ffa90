// The e2k-as front end: reads statements (with macros, .rept/.irp, conditionals and .include),
// keeps sections, symbols and fixups, hands each wide instruction to the encoder, and at the end
// resolves what it can (PC-relative references inside a section, constants defined later) and
// leaves the rest as relocations for the linker, the way gas does in one pass plus fixups.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  R_E2K_32_ABS,
  R_E2K_64_ABS,
  SHF_EXECINSTR,
  SHF_MERGE,
  SHF_STRINGS,
  SHT_PROGBITS,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_TLS,
} from "../elf/constants";
import { applyReloc, isPcRelative, RelocError } from "../elf/reloc";
import { AsmError, type EncodeBundle, type ExprValue, type SourceOp } from "./encoder-api";
import { evaluate, type ExprScope, type Value } from "./expr";
import { bindArgs, parseMacroHeader, splitArgs, substitute, type Macro } from "./macros";
import { Conditionals, type CondScope } from "./conditionals";
import { parseSectionDirective } from "./section-directive";
import { Section, sectionDefaults, type Loc, type SymbolInfo } from "./sections";
import {
  applyLineMarkers,
  splitStatements,
  stripBlockComments,
  stripLineComment,
  takeLabel,
  toLines,
  type SourceLine,
} from "./source";
import { parseString, splitOperands } from "./strings";

export interface AsmOptions {
  /** Instruction-set version 2..6. */
  readonly iset: number;
  readonly includeDirs: readonly string[];
  readonly encode: EncodeBundle;
  /** -no_strict_delay: no implicit delays after brace-less operations (as `.ignore strict_delay`). */
  readonly noStrictDelay?: boolean;
  /** File reader (tests); default reads from disk, undefined = not found. */
  readonly readFile?: (file: string) => string | undefined;
}

export interface Message {
  readonly loc: Loc | undefined;
  readonly kind: "Error" | "Warning";
  readonly text: string;
}

export interface AsmResult {
  readonly sections: readonly Section[];
  readonly symbols: ReadonlyMap<string, SymbolInfo>;
  /** A relocation left for the linker, per section. */
  readonly relocs: ReadonlyMap<Section, readonly KeptReloc[]>;
  readonly messages: readonly Message[];
  readonly errors: number;
  /** Name for the STT_FILE symbol set by `.file`, if any. */
  readonly fileName: string | undefined;
}

export interface KeptReloc {
  readonly offset: number;
  readonly type: number;
  /** A global/undefined symbol name, or a section (local symbols become section + offset). */
  readonly target: { readonly symbol: string } | { readonly section: Section };
  readonly addend: bigint;
}

interface OpenBundle {
  readonly ops: SourceOp[];
  readonly locs: Loc[];
  readonly loc: Loc;
}

const MAX_MACRO_DEPTH = 100;
const MAX_INCLUDE_DEPTH = 30;

const fileReader = (file: string): string | undefined => {
  try {
    return readFileSync(file, "latin1");
  } catch {
    return undefined;
  }
};

class Assembler {
  readonly sections: Section[] = [];
  readonly symbols = new Map<string, SymbolInfo>();
  readonly messages: Message[] = [];
  errors = 0;
  fileName: string | undefined;
  private cur: Section;
  private prev: Section;
  private readonly stack: Array<{ cur: Section; prev: Section }> = [];
  private readonly macros = new Map<string, Macro>();
  private macroCounter = 0;
  private macroDepth = 0;
  private includeDepth = 0;
  private readonly localCounts = new Map<string, number>();
  private bundle: OpenBundle | undefined;
  private readonly conds = new Conditionals();
  private readonly condScope: CondScope = {
    evalAbs: (text, what) => this.evalAbs(text, what),
    isDefined: (name) => {
      const s = this.symbols.get(name);
      return s !== undefined && s.section !== undefined;
    },
  };
  private ended = false;
  private symbolOrder = 0;
  /** State of MCST gas's `.ignore`/`.accept` directives. */
  private ldStStyle = false;
  private noStrictDelay: boolean;
  private readonly read: (file: string) => string | undefined;

  constructor(private readonly opts: AsmOptions) {
    this.read = opts.readFile ?? fileReader;
    this.noStrictDelay = opts.noStrictDelay ?? false;
    this.cur = this.section(".text");
    this.section(".data").lasAlignment = true;
    this.section(".bss").lasAlignment = true;
    this.prev = this.cur;
  }

  // ---------------------------------------------------------------- messages

  error(loc: Loc | undefined, text: string): void {
    this.errors++;
    this.messages.push({ loc, kind: "Error", text });
  }

  warning(loc: Loc | undefined, text: string): void {
    this.messages.push({ loc, kind: "Warning", text });
  }

  // ---------------------------------------------------------------- sections and symbols

  private section(name: string, type?: number, flags?: number): Section {
    const known = this.sections.find((s) => s.name === name);
    if (known) return known;
    const d = sectionDefaults(name);
    const s = new Section(name, type ?? d.type, flags ?? d.flags, d.align);
    this.sections.push(s);
    return s;
  }

  private symbol(name: string): SymbolInfo {
    let s = this.symbols.get(name);
    if (!s) {
      s = {
        name,
        section: undefined,
        value: 0n,
        global: false,
        weak: false,
        elfType: undefined,
        size: undefined,
        deferred: undefined,
        deferredSize: undefined,
        order: this.symbolOrder++,
        isLabel: false,
        used: false,
      };
      this.symbols.set(name, s);
    }
    return s;
  }

  private defineLabel(name: string, loc: Loc): void {
    let real = name;
    if (/^[0-9]+$/.test(name)) {
      const n = (this.localCounts.get(name) ?? 0) + 1;
      this.localCounts.set(name, n);
      real = `.L${name}\u0002${n}`;
    }
    const s = this.symbol(real);
    if (s.section !== undefined || s.deferred) {
      this.error(loc, `symbol \`${name}' is already defined`);
      return;
    }
    s.section = this.cur;
    s.value = BigInt(this.bundle ? this.bundleStart() : this.cur.size);
    s.isLabel = true;
  }

  private bundleStart(): number {
    return this.cur.size + ((8 - (this.cur.size % 8)) % 8);
  }

  private readonly scope: ExprScope = {
    lookup: (name) => {
      // Like gas, a reference creates the symbol: the symbol table keeps first-appearance order.
      const s = this.symbol(name);
      s.used = true;
      if (s.section === "abs") return { kind: "abs", value: s.value };
      if (s.section instanceof Section)
        return { kind: "rel", symbol: name, addend: 0n, section: s.section.name, offset: s.value };
      return undefined;
    },
    dot: () => {
      const here = this.bundle ? this.bundleStart() : this.cur.size;
      return { kind: "rel", symbol: this.cur.name, addend: BigInt(here), section: this.cur.name, offset: 0n };
    },
    localLabel: (n, forward) => {
      const count = (this.localCounts.get(n) ?? 0) + (forward ? 1 : 0);
      if (count === 0) throw new AsmError(`no previous definition of local label \`${n}'`);
      return `.L${n}\u0002${count}`;
    },
  };

  private evalText(text: string): Value {
    return evaluate(text, this.scope);
  }

  private evalAbs(text: string, what: string): bigint {
    const v = this.evalText(text);
    if (v.kind !== "abs") throw new AsmError(`${what} must be a constant, not \`${v.symbol}'`);
    return v.value;
  }

  // ---------------------------------------------------------------- input

  /** Assembles a whole file given its text. */
  assembleFile(file: string, text: string): void {
    const stripped = stripBlockComments(text);
    if (stripped.unterminatedAt !== undefined)
      this.error({ file, line: stripped.unterminatedAt }, "unterminated comment (missing `*/')");
    this.runLines(applyLineMarkers(toLines(file, stripped.text)));
  }

  finishInput(endLoc: Loc): void {
    if (this.bundle) {
      this.error(this.bundle.loc, "missing `}' at the end of the file (wide instruction not closed)");
      this.bundle = undefined;
    }
    if (this.conds.open) this.error(endLoc, "end of file inside a conditional (missing .endif)");
  }

  private active(): boolean {
    return this.conds.active();
  }

  runLines(lines: readonly SourceLine[]): void {
    for (let i = 0; i < lines.length && !this.ended; i++) {
      const line = lines[i] as SourceLine;
      const text = stripLineComment(line.text);
      const head = /^\s*(?:[A-Za-z_.$][A-Za-z0-9_.$]*:\s*)?(\.[A-Za-z]+)\b(.*)$/.exec(text);
      const dir = head?.[1]?.toLowerCase();
      if (this.active() && (dir === ".macro" || dir === ".rept" || dir === ".irp" || dir === ".irpc")) {
        const isMacro = dir === ".macro";
        const end = this.findBlockEnd(lines, i, isMacro);
        if (end < 0) {
          this.error(line, isMacro ? "missing .endm for this .macro" : `missing .endr for this ${dir}`);
          return;
        }
        const label = takeLabel(text.trim());
        if (label && !isMacro) this.defineLabel(label.label, line);
        const body = lines.slice(i + 1, end);
        const operands = (head?.[2] ?? "").trim();
        try {
          if (isMacro) this.defineMacro(operands, body);
          else this.repeatBlock(dir as string, operands, body, line);
        } catch (e) {
          this.report(e, line);
        }
        i = end;
        continue;
      }
      for (const piece of splitStatements(text)) {
        if (this.ended) break;
        try {
          if (piece.kind === "open") this.openBundle(line);
          else if (piece.kind === "close") this.closeBundle(line);
          else this.statement(piece.text, line);
        } catch (e) {
          this.report(e, line);
        }
      }
    }
  }

  private report(e: unknown, loc: Loc): void {
    if (e instanceof AsmError || e instanceof RelocError) this.error(loc, e.message);
    else if (e instanceof Error) this.error(loc, `internal error: ${e.message}`);
    else this.error(loc, `internal error: ${String(e)}`);
  }

  /** Index of the line closing the block opened at `start` (nested blocks counted). */
  private findBlockEnd(lines: readonly SourceLine[], start: number, macro: boolean): number {
    let depth = 0;
    for (let j = start; j < lines.length; j++) {
      const t = stripLineComment((lines[j] as SourceLine).text);
      const m = /^\s*(?:[A-Za-z_.$][A-Za-z0-9_.$]*:\s*)?\.([A-Za-z]+)\b/.exec(t);
      const d = m?.[1]?.toLowerCase();
      if (macro ? d === "macro" : d === "rept" || d === "irp" || d === "irpc") depth++;
      if (macro ? d === "endm" : d === "endr") {
        depth--;
        if (depth === 0) return j;
      }
    }
    return -1;
  }

  private defineMacro(operands: string, body: readonly SourceLine[]): void {
    const { name, params } = parseMacroHeader(operands);
    const key = name.toLowerCase();
    if (this.macros.has(key)) throw new AsmError(`Macro \`${name}' was already defined`);
    this.macros.set(key, { name, params, body });
  }

  private repeatBlock(dir: string, operands: string, body: readonly SourceLine[], loc: Loc): void {
    const expanded: SourceLine[] = [];
    const at = (t: string): SourceLine => ({ file: loc.file, line: loc.line, text: t });
    if (dir === ".rept") {
      const n = this.evalAbs(operands, ".rept count");
      if (n < 0n || n > 1000000n) throw new AsmError(`bad .rept count ${n}`);
      for (let k = 0n; k < n; k++) for (const l of body) expanded.push(at(l.text));
    } else {
      const m = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*,?\s*(.*)$/s.exec(operands);
      if (!m) throw new AsmError(`missing parameter name for ${dir}`);
      const name = m[1] as string;
      const items =
        dir === ".irp"
          ? splitArgs(m[2] ?? "").map((a) => a.text)
          : [...(splitArgs(m[2] ?? "")[0]?.text ?? "")];
      for (const item of items.length > 0 ? items : [""]) {
        const values = new Map([[name, item]]);
        for (const l of body) expanded.push(at(substitute(l.text, values, this.macroCounter)));
      }
    }
    this.nested(() => this.runLines(expanded));
  }

  private nested(run: () => void): void {
    if (this.macroDepth >= MAX_MACRO_DEPTH) throw new AsmError("macros nested too deeply");
    this.macroDepth++;
    try {
      run();
    } finally {
      this.macroDepth--;
    }
  }

  // ---------------------------------------------------------------- statements

  private statement(text: string, loc: Loc): void {
    let rest = text;
    if (!this.active()) {
      const w = /^\s*(\.[A-Za-z]+)\b\s*(.*)$/s.exec(rest);
      if (w && this.conds.handle((w[1] as string).toLowerCase(), (w[2] as string).trim(), this.condScope))
        return;
      return;
    }
    for (let lab = takeLabel(rest); lab; lab = takeLabel(rest)) {
      this.defineLabel(lab.label, loc);
      rest = lab.rest;
    }
    if (rest === "") return;
    const assign = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=(?!=)\s*(.*)$/s.exec(rest);
    if (assign) {
      this.setSymbol(assign[1] as string, assign[2] as string, loc, false);
      return;
    }
    const m = /^(\S+)\s*(.*)$/s.exec(rest) as RegExpExecArray;
    const word = m[1] as string;
    const operands = (m[2] as string).trim();
    const lower = word.toLowerCase();
    if (lower.startsWith(".") && this.conds.handle(lower, operands, this.condScope)) return;
    const macro = this.macros.get(lower);
    if (macro) {
      this.invokeMacro(macro, operands, loc);
      return;
    }
    if (lower.startsWith(".")) {
      if (this.bundle && !/^\.(rept|endr)$/.test(lower))
        throw new AsmError(`directive \`${word}' inside a wide instruction { ... }`);
      this.directive(lower, operands, loc);
      return;
    }
    if (this.bundle) {
      this.bundle.ops.push({ text: rest, line: loc.line });
      this.bundle.locs.push(loc);
    } else this.emitBundle([{ text: rest, line: loc.line }], [loc], false, loc);
  }

  private invokeMacro(macro: Macro, operands: string, loc: Loc): void {
    const values = bindArgs(macro, operands);
    const counter = this.macroCounter++;
    const lines: SourceLine[] = [];
    for (const l of macro.body) {
      const t = substitute(l.text, values, counter);
      if (/^\s*\.exitm\b/i.test(stripLineComment(t))) break;
      lines.push({ file: loc.file, line: loc.line, text: t });
    }
    this.nested(() => this.runLines(lines));
  }

  // ---------------------------------------------------------------- wide instructions

  private openBundle(loc: Loc): void {
    if (!this.active()) return;
    if (this.bundle) throw new AsmError("`{' inside a wide instruction (missing `}')");
    this.bundle = { ops: [], locs: [], loc };
  }

  private closeBundle(loc: Loc): void {
    if (!this.active()) return;
    const b = this.bundle;
    if (!b) throw new AsmError("`}' without a matching `{'");
    this.bundle = undefined;
    this.emitBundle(b.ops, b.locs, true, b.ops.length > 0 ? b.loc : loc);
  }

  private emitBundle(ops: readonly SourceOp[], locs: readonly Loc[], braced: boolean, loc: Loc): void {
    const sec = this.cur;
    if (sec.nobits) throw new AsmError(`instructions in section \`${sec.name}' which has no contents`);
    if ((sec.flags & SHF_EXECINSTR) === 0 && sec.name !== ".text")
      this.warning(loc, `wide instruction in non-code section \`${sec.name}'`);
    if (sec.size % 8 !== 0) sec.fill(8 - (sec.size % 8));
    const start = sec.size;
    const at = (line: number | undefined): Loc => locs.find((l) => l.line === line) ?? loc;
    try {
      const enc = this.opts.encode(ops, braced, {
        iset: this.opts.iset,
        section: sec.name,
        offset: start,
        ldStStyle: this.ldStStyle,
        noStrictDelay: this.noStrictDelay,
        evalExpr: (text: string): ExprValue => {
          const v = this.evalText(text);
          return v.kind === "abs"
            ? { kind: "const", value: v.value }
            : { kind: "reloc", symbol: v.symbol, addend: v.addend };
        },
      });
      if (enc.bytes.length % 8 !== 0 || enc.bytes.length === 0)
        throw new AsmError(`internal error: encoder returned ${enc.bytes.length} bytes`);
      sec.append(enc.bytes);
      for (const r of enc.relocs)
        sec.fixups.push({ offset: start + r.offset, type: r.type, symbol: r.symbol, addend: r.addend, loc });
      for (const w of enc.warnings) this.warning(loc, w);
    } catch (e) {
      if (e instanceof AsmError) this.error(at(e.line), e.message);
      else this.report(e, loc);
    }
  }

  // ---------------------------------------------------------------- directives

  private setSymbol(name: string, exprText: string, loc: Loc, once: boolean): void {
    const s = this.symbol(name);
    if (s.isLabel || (once && (s.section !== undefined || s.deferred)))
      throw new AsmError(`symbol \`${name}' is already defined`);
    const v = this.evalText(exprText);
    s.deferred = undefined;
    if (v.kind === "abs") {
      s.section = "abs";
      s.value = v.value;
    } else if (v.section !== undefined) {
      s.section = this.section(v.section);
      s.value = (v.offset ?? 0n) + v.addend;
    } else {
      s.section = undefined;
      s.deferred = { text: exprText, loc };
    }
  }

  private switchTo(sec: Section): void {
    if (sec !== this.cur) this.prev = this.cur;
    this.cur = sec;
  }

  private sectionDirective(operands: string, loc: Loc): Section {
    const spec = parseSectionDirective(operands);
    const known = this.sections.find((s) => s.name === spec.name);
    if (known) {
      if (
        (spec.flags !== undefined && spec.flags !== known.flags) ||
        (spec.type !== undefined && spec.type !== known.type)
      )
        this.warning(loc, `ignoring changed section attributes for ${spec.name}`);
      return known;
    }
    return this.section(spec.name, spec.type, spec.flags);
  }

  private directive(dir: string, operands: string, loc: Loc): void {
    switch (dir) {
      case ".text":
      case ".data":
      case ".bss":
        if (operands !== "" && this.evalAbs(operands, "subsection") !== 0n)
          throw new AsmError(`subsections are not supported (\`${dir} ${operands}')`);
        this.switchTo(this.section(dir));
        return;
      case ".section": {
        const sec = this.sectionDirective(operands, loc);
        // MCST gas remembers `.rodata` only when `.section` selects it (s_e2k_section).
        if (sec.name === ".rodata") sec.lasAlignment = true;
        this.switchTo(sec);
        return;
      }
      case ".pushsection":
        this.stack.push({ cur: this.cur, prev: this.prev });
        this.switchTo(this.sectionDirective(operands, loc));
        return;
      case ".popsection": {
        const top = this.stack.pop();
        if (!top) throw new AsmError(".popsection without corresponding .pushsection; ignored");
        this.cur = top.cur;
        this.prev = top.prev;
        return;
      }
      case ".previous": {
        const p = this.prev;
        this.prev = this.cur;
        this.cur = p;
        return;
      }
      case ".globl":
      case ".global":
      case ".weak":
      case ".local":
        for (const n of splitOperands(operands)) {
          if (!/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(n))
            throw new AsmError(`bad symbol name \`${n}' for ${dir}`);
          const s = this.symbol(n);
          if (dir === ".weak") s.weak = true;
          else s.global = dir !== ".local";
        }
        return;
      case ".type": {
        const [n, t] = splitOperands(operands);
        if (!n || !t) throw new AsmError("expected `.type NAME, @TYPE'");
        const types: Record<string, number> = {
          function: STT_FUNC,
          object: STT_OBJECT,
          notype: STT_NOTYPE,
          tls_object: STT_TLS,
          stt_func: STT_FUNC,
          stt_object: STT_OBJECT,
          stt_notype: STT_NOTYPE,
        };
        const key = t.replace(/^[@%]|^"|"$/g, "").toLowerCase();
        const v = types[key];
        if (v === undefined) throw new AsmError(`unrecognized symbol type "${t}"`);
        this.symbol(n).elfType = v;
        return;
      }
      case ".size": {
        const parts = splitOperands(operands);
        if (parts.length !== 2) throw new AsmError("expected `.size NAME, EXPRESSION'");
        const s = this.symbol(parts[0] as string);
        const v = this.evalText(parts[1] as string);
        if (v.kind === "abs") s.size = v.value;
        else s.deferredSize = { text: parts[1] as string, loc };
        return;
      }
      case ".set":
      case ".equ":
      case ".equiv": {
        const m = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*,\s*(.+)$/s.exec(operands);
        if (!m) throw new AsmError(`expected \`${dir} NAME, EXPRESSION'`);
        this.setSymbol(m[1] as string, m[2] as string, loc, dir === ".equiv");
        return;
      }
      case ".align":
      case ".balign":
      case ".p2align": {
        const [a, f, max] = splitOperands(operands);
        if (a === undefined || a === "") throw new AsmError(`${dir} needs an alignment`);
        let n = this.evalAbs(a, "alignment");
        if (dir === ".p2align") n = n >= 0n && n < 32n ? 1n << n : -1n;
        if (n <= 0n || (n & (n - 1n)) !== 0n) throw new AsmError("alignment not a power of 2");
        const fill = f !== undefined && f !== "" ? Number(this.evalAbs(f, "fill") & 0xffn) : 0;
        const align = Number(n);
        const pad = (align - (this.cur.size % align)) % align;
        const limit = max !== undefined && max !== "" ? Number(this.evalAbs(max, "maximum")) : Infinity;
        if (pad <= limit) this.cur.fill(pad, this.cur.nobits ? 0 : fill);
        if (align > this.cur.align) this.cur.align = align;
        return;
      }
      case ".byte":
        return this.data(operands, 1, loc);
      case ".short":
      case ".hword":
      case ".2byte":
        return this.data(operands, 2, loc);
      case ".word":
      case ".long":
      case ".int":
      case ".4byte":
        return this.data(operands, 4, loc);
      case ".quad":
      case ".dword":
      case ".8byte":
      case ".uadword":
        return this.data(operands, 8, loc);
      case ".uahalf":
        return this.data(operands, 2, loc);
      case ".uaword":
        return this.data(operands, 4, loc);
      case ".seg":
        this.switchTo(this.sectionDirective(operands, loc));
        return;
      case ".lcomm":
      case ".comm":
        return this.common(dir, operands, loc);
      case ".ident": {
        const bytes = parseString(operands);
        let comment = this.sections.find((s) => s.name === ".comment");
        if (!comment) {
          comment = this.section(".comment", SHT_PROGBITS, SHF_MERGE | SHF_STRINGS);
          comment.entsize = 1;
          comment.fill(1);
        }
        comment.append(bytes);
        comment.fill(1);
        return;
      }
      case ".ascii":
      case ".asciz":
      case ".string":
        for (const s of splitOperands(operands)) {
          const bytes = parseString(s);
          this.put(bytes);
          if (dir !== ".ascii") this.put(new Uint8Array(1));
        }
        return;
      case ".skip":
      case ".space":
      case ".zero": {
        const [n, f] = splitOperands(operands);
        if (n === undefined || n === "") throw new AsmError(`${dir} needs a size`);
        const size = this.evalAbs(n, `${dir} size`);
        if (size < 0n || size > 0x40000000n) throw new AsmError(`bad ${dir} size ${size}`);
        const fill = f !== undefined && dir !== ".zero" ? Number(this.evalAbs(f, "fill value") & 0xffn) : 0;
        if (fill !== 0 && this.cur.nobits)
          throw new AsmError(`attempt to store non-zero value in section \`${this.cur.name}'`);
        this.cur.fill(Number(size), fill);
        return;
      }
      case ".fill": {
        const [r, s, v] = splitOperands(operands);
        const repeat = this.evalAbs(r ?? "", "repeat count");
        const size = s !== undefined ? Number(this.evalAbs(s, "size")) : 1;
        const value = v !== undefined ? this.evalAbs(v, "value") : 0n;
        if (repeat < 0n || repeat > 0x1000000n || size < 0 || size > 8)
          throw new AsmError("bad .fill arguments");
        for (let k = 0n; k < repeat; k++) this.putInt(value, size);
        return;
      }
      case ".include":
        return this.include(operands);
      case ".ignore":
      case ".accept":
        // MCST gas: `.ignore ld_st_style` / `.ignore strict_delay` (and `.accept` to undo); any
        // other operand is ignored, as gas does.
        if (operands === "ld_st_style") this.ldStStyle = dir === ".ignore";
        else if (operands === "strict_delay") this.noStrictDelay = dir === ".ignore";
        return;
      case ".file": {
        const parts = splitOperands(operands);
        const last = parts[parts.length - 1];
        if (last !== undefined && last.startsWith('"'))
          this.fileName = new TextDecoder("latin1").decode(parseString(last));
        return;
      }
      case ".end":
        this.ended = true;
        return;
      case ".endm":
        throw new AsmError(".endm without .macro");
      case ".endr":
        throw new AsmError(".endr without .rept, .irp or .irpc");
      case ".exitm":
        throw new AsmError(".exitm outside a macro");
      case ".purgem":
        for (const n of splitOperands(operands)) {
          if (!this.macros.delete(n.toLowerCase()))
            this.warning(loc, `.purgem: macro \`${n}' is not defined`);
        }
        return;
      case ".err":
        throw new AsmError(".err encountered");
      case ".error":
        throw new AsmError(
          operands === ""
            ? ".error directive invoked in source file"
            : new TextDecoder().decode(parseString(operands)),
        );
      case ".warning":
        this.warning(
          loc,
          operands === ""
            ? ".warning directive invoked in source file"
            : new TextDecoder().decode(parseString(operands)),
        );
        return;
    }
    throw new AsmError(`unknown pseudo-op: \`${dir}'`);
  }

  /** `.lcomm NAME, SIZE[, ALIGN]` (local, in .bss) and `.comm NAME, SIZE[, ALIGN]` (common symbol);
   * ALIGN is in bytes; without it gas's implicit rule applies (8 for 8+ bytes, 4, 2, else 1). */
  private common(dir: string, operands: string, loc: Loc): void {
    const parts = splitOperands(operands);
    const name = parts[0] ?? "";
    if (!/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(name)) throw new AsmError(`expected a symbol name for ${dir}`);
    if (parts[1] === undefined || parts[1] === "") throw new AsmError(`missing size expression for ${dir}`);
    const size = this.evalAbs(parts[1], `${dir} size`);
    if (size < 0n || size > 0x100000000n) throw new AsmError(`${dir} length (${size}) out of range`);
    let align = size >= 8n ? 8n : size >= 4n ? 4n : size >= 2n ? 2n : 1n;
    if (parts[2] !== undefined && parts[2] !== "") {
      align = this.evalAbs(parts[2], `${dir} alignment`);
      if (align <= 0n || (align & (align - 1n)) !== 0n)
        throw new AsmError(`${dir} alignment not a power of 2`);
    }
    const s = this.symbol(name);
    if (s.section !== undefined) throw new AsmError(`symbol \`${name}' is already defined`);
    if (dir === ".comm") {
      if (s.common) {
        // gas keeps the first declaration.
        if (s.common.size !== size)
          this.warning(loc, `size of "${name}" is already ${s.common.size}; not changing to ${size}`);
        return;
      }
      s.common = { size, align };
      s.global = true;
      return;
    }
    const bss = this.section(".bss");
    const pad = (Number(align) - (bss.size % Number(align))) % Number(align);
    bss.fill(pad);
    if (Number(align) > bss.align) bss.align = Number(align);
    s.section = bss;
    s.value = BigInt(bss.size);
    s.isLabel = true;
    if (s.elfType === undefined) s.elfType = STT_OBJECT;
    bss.fill(Number(size));
  }

  private include(operands: string): void {
    const name = new TextDecoder("latin1").decode(parseString(operands));
    if (this.includeDepth >= MAX_INCLUDE_DEPTH)
      throw new AsmError(`includes nested too deeply at \`${name}'`);
    const candidates = path.isAbsolute(name)
      ? [name]
      : [...this.opts.includeDirs.map((d) => path.join(d, name)), name];
    for (const c of candidates) {
      const text = this.read(c);
      if (text === undefined) continue;
      this.includeDepth++;
      try {
        this.assembleFile(c, text);
      } finally {
        this.includeDepth--;
      }
      return;
    }
    throw new AsmError(`can't open ${name} for reading: No such file or directory`);
  }

  private put(bytes: Uint8Array): void {
    if (this.cur.nobits && bytes.some((b) => b !== 0)) {
      throw new AsmError(`attempt to store non-zero value in section \`${this.cur.name}'`);
    }
    this.cur.append(bytes);
  }

  private putInt(value: bigint, size: number): void {
    const bytes = new Uint8Array(size);
    let v = BigInt.asUintN(size * 8, value);
    for (let k = 0; k < size; k++) {
      bytes[k] = Number(v & 0xffn);
      v >>= 8n;
    }
    this.put(bytes);
  }

  private data(operands: string, size: number, loc: Loc): void {
    for (const item of splitOperands(operands)) {
      if (item === "") throw new AsmError("missing expression in data list");
      const v = this.evalText(item);
      if (v.kind === "abs") {
        const bits = BigInt(size * 8);
        if (size < 8 && (v.value >= 1n << bits || v.value < -(1n << (bits - 1n))))
          this.warning(
            loc,
            `value 0x${BigInt.asUintN(64, v.value).toString(16)} truncated to 0x${BigInt.asUintN(size * 8, v.value).toString(16)}`,
          );
        this.putInt(v.value, size);
        continue;
      }
      if (size !== 8 && size !== 4)
        throw new AsmError(`can't relocate a ${size}-byte field to \`${v.symbol}'`);
      if (this.cur.nobits)
        throw new AsmError(`attempt to store non-zero value in section \`${this.cur.name}'`);
      this.cur.fixups.push({
        offset: this.cur.size,
        type: size === 8 ? R_E2K_64_ABS : R_E2K_32_ABS,
        symbol: v.symbol,
        addend: v.addend,
        loc,
      });
      this.cur.fill(size);
    }
  }

  // ---------------------------------------------------------------- end of input

  /** Resolves deferred symbols and sizes, then fixups; returns what is left for the linker. */
  finish(): Map<Section, KeptReloc[]> {
    for (const s of this.symbols.values()) {
      const d = s.deferred;
      if (d) {
        try {
          const v = this.evalText(d.text);
          if (v.kind === "abs") {
            s.section = "abs";
            s.value = v.value;
            s.deferred = undefined;
          } else if (v.section !== undefined) {
            s.section = this.section(v.section);
            s.value = (v.offset ?? 0n) + v.addend;
            s.deferred = undefined;
          }
        } catch (e) {
          this.report(e, d.loc);
          s.deferred = undefined;
        }
      }
    }
    for (const s of this.symbols.values()) {
      if (s.deferredSize) {
        try {
          s.size = this.evalAbs(s.deferredSize.text, ".size expression");
        } catch (e) {
          this.report(e, s.deferredSize.loc);
        }
        s.deferredSize = undefined;
      }
    }
    const kept = new Map<Section, KeptReloc[]>();
    for (const sec of this.sections) {
      const list: KeptReloc[] = [];
      for (const f of sec.fixups) {
        try {
          const r = this.resolveFixup(sec, f.offset, f.type, f.symbol, f.addend);
          if (r) list.push(r);
        } catch (e) {
          this.report(e, f.loc);
        }
      }
      if (list.length > 0) kept.set(sec, list);
    }
    return kept;
  }

  private resolveFixup(
    sec: Section,
    offset: number,
    type: number,
    name: string,
    addend: bigint,
  ): KeptReloc | undefined {
    const sym = this.symbols.get(name);
    let target: Section | undefined;
    let value = 0n;
    if (sym?.section === "abs") {
      if (isPcRelative(type))
        throw new AsmError(`can't make a PC-relative reference to the constant \`${name}'`);
      applyReloc(sec.contents(), offset, type, sym.value, addend, 0n);
      return undefined;
    }
    if (sym?.section instanceof Section) {
      target = sym.section;
      value = sym.value;
    } else if (!sym) target = this.sections.find((s) => s.name === name);
    if (target && isPcRelative(type) && target === sec && !sym?.global && !sym?.weak) {
      applyReloc(sec.contents(), offset, type, value, addend, BigInt(offset));
      return undefined;
    }
    if (target && !(sym && (sym.global || sym.weak)))
      return { offset, type, target: { section: target }, addend: value + addend };
    const s = this.symbol(name);
    s.used = true;
    return { offset, type, target: { symbol: name }, addend };
  }
}

/** Assembles source files as one stream, the way gas treats several input files. */
export function assemble(files: ReadonlyArray<{ name: string; text: string }>, opts: AsmOptions): AsmResult {
  const a = new Assembler(opts);
  let end: Loc = { file: files[0]?.name ?? "{standard input}", line: 1 };
  for (const f of files) {
    a.assembleFile(f.name, f.text);
    end = { file: f.name, line: Math.max(1, f.text.split("\n").length - (f.text.endsWith("\n") ? 1 : 0)) };
  }
  a.finishInput(end);
  const relocs = a.finish();
  return {
    sections: a.sections,
    symbols: a.symbols,
    relocs,
    messages: a.messages,
    errors: a.errors,
    fileName: a.fileName,
  };
}
