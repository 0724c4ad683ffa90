// The contract between the assembler front end (parsing, directives, macros, symbols,
// sections, ELF output: target/e2k/asm/*.ts) and the wide-instruction encoder
// (target/e2k/asm/encode/*.ts), which turns the operations of one `{ ... }` into bytes
// exactly as MCST gas packs them.

/** A value the front end computed for an operand expression. */
export type ExprValue =
  /** A number known at assembly time (absolute). */
  | { readonly kind: "const"; readonly value: bigint }
  /** symbol + addend, resolved later by a relocation (or by the front end in pass 2). */
  | { readonly kind: "reloc"; readonly symbol: string; readonly addend: bigint };

/** What the encoder asks of the front end while it encodes a bundle. */
export interface EncodeContext {
  /** Instruction-set version, 2..6 (from -mcpu). */
  readonly iset: number;
  /** Evaluates an operand expression (numbers, symbols, labels, `.set` names, operators). Throws
   * AsmError for a bad expression. */
  evalExpr(text: string): ExprValue;
  /** Where the bundle goes: its section and byte offset there (set by the front end; informational,
   * relocations stay relative to the bundle start). */
  readonly section?: string;
  readonly offset?: number;
  /** `.ignore ld_st_style` is in effect (until `.accept ld_st_style`): stores are written in the
   * order objdump prints them, `st addr, offset, value` (gas's ignore_ld_st). */
  readonly ldStStyle?: boolean;
  /** `.ignore strict_delay` (or -no_strict_delay) is in effect: no implicit delays are added to
   * operations written outside braces (gas's no_strict_delay). */
  readonly noStrictDelay?: boolean;
}

/** A relocation the encoder asks for, relative to the start of the bundle. */
export interface BundleReloc {
  /** Byte offset of the field inside the bundle. */
  readonly offset: number;
  /** ELF relocation type for EM_MCST_ELBRUS (R_E2K_*) as gas emits it. For PC-relative types the
   * value is S + A - P with P the address of the field (the ELF rule; target/e2k/elf/reloc.ts), so a
   * field at bundle offset k that is relative to the bundle start carries addend + k. */
  readonly type: number;
  readonly symbol: string;
  /** For PC-relative types (R_E2K_DISP, R_E2K_PREF on CS0) the field's offset inside the bundle is
   * already added, as gas's fixups do, so S + A - P (P = the field) is relative to the bundle start. */
  readonly addend: bigint;
}

export interface EncodedBundle {
  readonly bytes: Uint8Array;
  readonly relocs: readonly BundleReloc[];
  /** Warnings gas prints for doubtful but accepted input (see golden quirk-accepted). */
  readonly warnings: readonly string[];
}

/** One operation of a wide instruction as written, with its source line for messages. */
export interface SourceOp {
  readonly text: string;
  readonly line: number;
}

/** Error with a gas-style reason; the front end prefixes `FILE:LINE: Error: `. */
export class AsmError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/**
 * Encodes one wide instruction. `braced` is false for an operation written outside braces
 * (gas then adds implicit delays such as `nop 2` after a compare). Implemented in
 * target/e2k/asm/encode/index.ts as `encodeBundle`.
 */
export type EncodeBundle = (ops: readonly SourceOp[], braced: boolean, ctx: EncodeContext) => EncodedBundle;
