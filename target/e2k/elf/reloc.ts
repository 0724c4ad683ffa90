// How each R_E2K_* relocation the toolchain produces is applied to its field. One function for
// the assembler (fixups it can resolve itself) and the linker. Value = S + A, minus P for the
// PC-relative kinds (P = address of the relocated field, the ELF rule).
import {
  R_E2K_32_ABS,
  R_E2K_32_PC,
  R_E2K_64_ABS,
  R_E2K_64_ABS_LIT,
  R_E2K_64_PC_LIT,
  R_E2K_DISP,
  R_E2K_NAMES,
} from "./constants";

export class RelocError extends Error {
  override name = "RelocError";
}

/** Bytes a relocation of this type touches, or undefined if the toolchain cannot apply it. */
export function relocSize(type: number): number | undefined {
  switch (type) {
    case R_E2K_64_ABS:
    case R_E2K_64_ABS_LIT:
    case R_E2K_64_PC_LIT:
      return 8;
    case R_E2K_32_ABS:
    case R_E2K_32_PC:
    case R_E2K_DISP:
      return 4;
    default:
      return undefined;
  }
}

export function isPcRelative(type: number): boolean {
  return type === R_E2K_DISP || type === R_E2K_32_PC || type === R_E2K_64_PC_LIT;
}

export function relocName(type: number): string {
  return R_E2K_NAMES[type] ?? `reloc ${type}`;
}

/** Writes relocation `type` at `offset` of `data`. s = symbol value, a = addend, p = field address. */
export function applyReloc(
  data: Uint8Array,
  offset: number,
  type: number,
  s: bigint,
  a: bigint,
  p: bigint,
): void {
  const size = relocSize(type);
  if (size === undefined) throw new RelocError(`unsupported relocation ${relocName(type)}`);
  if (offset < 0 || offset + size > data.length)
    throw new RelocError(`${relocName(type)} at offset 0x${offset.toString(16)} is outside its section`);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const value = isPcRelative(type) ? s + a - p : s + a;
  switch (type) {
    case R_E2K_64_ABS:
      dv.setBigUint64(offset, BigInt.asUintN(64, value), true);
      return;
    case R_E2K_64_ABS_LIT:
    case R_E2K_64_PC_LIT: {
      // A 64-bit literal keeps its high word at the lower address.
      const v = BigInt.asUintN(64, value);
      dv.setUint32(offset, Number(v >> 32n), true);
      dv.setUint32(offset + 4, Number(v & 0xffffffffn), true);
      return;
    }
    case R_E2K_32_ABS:
    case R_E2K_32_PC:
      if (value < -(1n << 31n) || value >= 1n << 32n)
        throw new RelocError(`relocation truncated to fit: ${relocName(type)} value 0x${value.toString(16)}`);
      dv.setUint32(offset, Number(BigInt.asUintN(32, value)), true);
      return;
    case R_E2K_DISP: {
      // 28-bit signed displacement in 8-byte units in bits 27:0 of the CS0 syllable.
      if ((value & 7n) !== 0n)
        throw new RelocError(`${relocName(type)} target not 8-byte aligned (0x${value.toString(16)})`);
      const disp = value >> 3n;
      if (disp < -(1n << 27n) || disp >= 1n << 27n)
        throw new RelocError(
          `relocation truncated to fit: ${relocName(type)} displacement 0x${value.toString(16)}`,
        );
      const old = dv.getUint32(offset, true);
      dv.setUint32(offset, ((old & 0xf0000000) | Number(BigInt.asUintN(28, disp))) >>> 0, true);
      return;
    }
  }
}
