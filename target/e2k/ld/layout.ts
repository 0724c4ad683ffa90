// Where a static E2K executable's sections go, following the default GNU ld script MCST ld uses
// for e2k-linux (what the reference programs show): text segment at 0x10000 with the ELF and
// program headers at its start, .text then .rodata (R E); the data segment at
// DATA_SEGMENT_ALIGN(MAXPAGESIZE, COMMONPAGESIZE) — the next page plus the same offset in the page,
// or the page start when that saves a page — with .data then .bss (RW).

export const TEXT_BASE = 0x10000n;
export const MAX_PAGE = 0x1000n;
export const COMMON_PAGE = 0x1000n;

export const alignUp = (v: bigint, a: bigint): bigint => (a > 1n ? ((v + a - 1n) / a) * a : v);

/** An output section's pieces: size and alignment of each input section, in order. */
export interface Piece {
  readonly size: bigint;
  readonly align: bigint;
}

export interface Placed {
  readonly addr: bigint;
  readonly size: bigint;
  readonly align: bigint;
  /** Address of each piece. */
  readonly pieces: readonly bigint[];
}

/** Places the pieces of one output section from `dot`. */
export function place(dot: bigint, pieces: readonly Piece[]): Placed {
  const align = pieces.reduce((m, p) => (p.align > m ? p.align : m), 1n);
  const addr = alignUp(dot, align);
  let at = addr;
  const where: bigint[] = [];
  for (const p of pieces) {
    at = alignUp(at, p.align);
    where.push(at);
    at += p.size;
  }
  return { addr, size: at - addr, align, pieces: where };
}

/**
 * DATA_SEGMENT_ALIGN: first guess = ALIGN(maxpage) + (dot & (maxpage - 1)); if the data segment
 * [base, end) would then straddle page boundaries such that starting at the page boundary saves a
 * common page (ld's exp_seg_adjust rule), start at ALIGN(maxpage) instead. `end` is computed by
 * the caller from a base (it depends on the base only through alignment, so it is recomputed).
 */
export function dataSegmentBase(dot: bigint, endFor: (base: bigint) => bigint): bigint {
  const base = alignUp(dot, MAX_PAGE) + (dot & (MAX_PAGE - 1n));
  const end = endFor(base);
  const first = -base & (COMMON_PAGE - 1n);
  const last = end & (COMMON_PAGE - 1n);
  if (
    first !== 0n &&
    last !== 0n &&
    (base & ~(COMMON_PAGE - 1n)) !== (end & ~(COMMON_PAGE - 1n)) &&
    first + last <= COMMON_PAGE
  ) {
    const adjusted = alignUp(dot, MAX_PAGE);
    return COMMON_PAGE < MAX_PAGE
      ? adjusted + ((dot + COMMON_PAGE - 1n) & (MAX_PAGE - COMMON_PAGE))
      : adjusted;
  }
  return base;
}
