// hello.elf loads its message address (0x100f0) as a 64-bit literal whose 32-bit halves are
// swapped (high word first, R_E2K_64_ABS_LIT). Pointing it elsewhere makes write() get a chosen,
// possibly bad, pointer.
import { readFileSync } from "node:fs";
import path from "node:path";

import { programsDir } from "./guest-run";

export const HELLO_MESSAGE_ADDR = 0x100f0n;

export function helloWithMessageAt(addr: bigint): Buffer {
  const hello = readFileSync(path.join(programsDir, "hello.elf"));
  const pattern = Buffer.alloc(8);
  pattern.writeUInt32LE(Number(HELLO_MESSAGE_ADDR >> 32n), 0);
  pattern.writeUInt32LE(Number(HELLO_MESSAGE_ADDR & 0xffffffffn), 4);
  const at = hello.indexOf(pattern);
  if (at < 0 || at > 0x100) throw new Error("hello.elf: message literal not found in the code");
  const b = Buffer.from(hello);
  b.writeUInt32LE(Number(addr >> 32n), at);
  b.writeUInt32LE(Number(addr & 0xffffffffn), at + 4);
  return b;
}
