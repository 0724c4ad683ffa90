// Properties every PCI device takes, and the `addr=` syntax ("slot[.function]", base 16).
import { QemuError } from "../../monitor/error";
import type { PropDef } from "../../qom/property";

export const PCI_DEVICE_PROPS: readonly PropDef[] = [
  {
    name: "addr",
    kind: "str",
    help: "Slot and optional function number, example: 06.0 or 06 (default: first free slot)",
  },
  { name: "multifunction", kind: "bool", default: false, help: "on/off" },
];

/** Parses `addr=` into a devfn; throws with QEMU's wording when malformed. */
export function parsePciAddr(owner: string, text: string): number {
  const m = /^(?:0x)?([0-9a-fA-F]{1,2})(?:\.([0-7]))?$/.exec(text);
  const slot = m ? parseInt(m[1]!, 16) : NaN;
  if (!m || slot > 31) throw new QemuError(`Property '${owner}.addr' doesn't take value '${text}'`);
  return (slot << 3) | (m[2] ? parseInt(m[2], 10) : 0);
}
