// Guest memory allocator for tests (libqos' guest_alloc): first-fit over guest RAM with
// alignment, so rings and buffers land at distinct, page-aligned addresses.
export class GuestAlloc {
  private readonly free: { start: number; end: number }[];

  constructor(start: number, end: number) {
    this.free = [{ start, end }];
  }

  alloc(size: number, align = 4096): number {
    for (const r of this.free) {
      const a = Math.ceil(r.start / align) * align;
      if (a + size <= r.end) {
        const rest = { start: a + size, end: r.end };
        const i = this.free.indexOf(r);
        const pieces = [];
        if (a > r.start) pieces.push({ start: r.start, end: a });
        if (rest.start < rest.end) pieces.push(rest);
        this.free.splice(i, 1, ...pieces);
        return a;
      }
    }
    throw new Error(`guest allocator: out of memory for ${size} bytes`);
  }
}
