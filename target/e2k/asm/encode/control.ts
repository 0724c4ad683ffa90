import { AsmError } from "../encoder-api";
import type { ControlOp } from "../../opcodes";
import type { OpContext } from "./alu";
import type { Cursor } from "./scan";
import type { WideCommand } from "./wide";
export function parseControlOp(_oc: OpContext, op: ControlOp, _name: string, _cur: Cursor): void {
  throw new AsmError(`unsupported ${op.name}`);
}
export function finishControl(_wc: WideCommand): void {}
