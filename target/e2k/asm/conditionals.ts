// gas conditional assembly: .if/.ifdef/.ifndef/.ifeq.../.ifb/.ifnb/.ifc/.ifnc, .elseif, .else,
// .endif. The stack remembers, per open conditional, whether its enclosing text is assembled
// and whether one of its branches was already taken.
import { AsmError } from "./encoder-api";
import { splitArgs } from "./macros";

interface Cond {
  readonly parentActive: boolean;
  active: boolean;
  done: boolean;
  sawElse: boolean;
}

/** What a condition needs from the assembler. */
export interface CondScope {
  /** Evaluates an absolute expression (throws AsmError otherwise). */
  evalAbs(text: string, what: string): bigint;
  /** `.ifdef`: is the symbol defined? */
  isDefined(name: string): boolean;
}

const IF_FORMS = /^\.if(def|ndef|notdef|eq|ne|gt|ge|lt|le|b|nb|c|nc|eqs|nes)?$/;

export class Conditionals {
  private readonly stack: Cond[] = [];

  /** Is text at this point assembled? */
  active(): boolean {
    const top = this.stack[this.stack.length - 1];
    return top === undefined || top.active;
  }

  get open(): boolean {
    return this.stack.length > 0;
  }

  /** Handles a conditional directive (lower-case name); returns false for any other directive. */
  handle(dir: string, operands: string, scope: CondScope): boolean {
    if (IF_FORMS.test(dir)) {
      const parentActive = this.active();
      const value = parentActive && evaluate(dir, operands, scope);
      this.stack.push({ parentActive, active: value, done: value, sawElse: false });
      return true;
    }
    const top = this.stack[this.stack.length - 1];
    switch (dir) {
      case ".else":
        if (!top) throw new AsmError('".else" without matching ".if"');
        if (top.sawElse) throw new AsmError('duplicate ".else"');
        top.sawElse = true;
        top.active = top.parentActive && !top.done;
        top.done = true;
        return true;
      case ".elseif":
        if (!top) throw new AsmError('".elseif" without matching ".if"');
        if (top.done || !top.parentActive) top.active = false;
        else {
          top.active = scope.evalAbs(operands, ".elseif condition") !== 0n;
          top.done = top.active;
        }
        return true;
      case ".endif":
        if (!top) throw new AsmError('".endif" without ".if"');
        this.stack.pop();
        return true;
    }
    return false;
  }
}

function evaluate(dir: string, operands: string, scope: CondScope): boolean {
  const strings = (): [string, string] => {
    const a = splitArgs(operands);
    return [a[0]?.text ?? "", a[1]?.text ?? ""];
  };
  switch (dir) {
    case ".if":
    case ".ifne":
      return scope.evalAbs(operands, "condition") !== 0n;
    case ".ifeq":
      return scope.evalAbs(operands, "condition") === 0n;
    case ".ifgt":
      return scope.evalAbs(operands, "condition") > 0n;
    case ".ifge":
      return scope.evalAbs(operands, "condition") >= 0n;
    case ".iflt":
      return scope.evalAbs(operands, "condition") < 0n;
    case ".ifle":
      return scope.evalAbs(operands, "condition") <= 0n;
    case ".ifdef":
      return scope.isDefined(operands.trim());
    case ".ifndef":
    case ".ifnotdef":
      return !scope.isDefined(operands.trim());
    case ".ifb":
      return operands.trim() === "";
    case ".ifnb":
      return operands.trim() !== "";
    case ".ifc":
    case ".ifeqs": {
      const [a, b] = strings();
      return a === b;
    }
    default: {
      // .ifnc, .ifnes
      const [a, b] = strings();
      return a !== b;
    }
  }
}
