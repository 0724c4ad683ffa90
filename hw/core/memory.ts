// Guest-physical memory (QEMU's MemoryRegion / AddressSpace, reduced): a tree of regions, each
// RAM (backed by a Buffer), I/O (callbacks) or a pure container, placed at offsets with
// priorities. Lookups walk the tree at access time; overlapping siblings resolve to the one
// with the higher priority, then the one added last. `info mtree` prints the tree.

/** Callbacks of an I/O region; accesses are split to at most `maxAccess` bytes, little-endian. */
export interface MemoryOps {
  read(offset: number, size: number): number;
  write(offset: number, size: number, value: number): void;
  /** Largest access the device handles (default 4); bigger ones are split. */
  maxAccess?: 1 | 2 | 4;
}

export class MemoryRegion {
  readonly subregions: { offset: number; priority: number; region: MemoryRegion }[] = [];
  enabled = true;

  private constructor(
    readonly name: string,
    readonly size: number,
    readonly kind: "container" | "ram" | "i/o" | "alias",
    readonly ops?: MemoryOps,
    readonly ram?: Buffer,
    readonly alias?: { target: MemoryRegion; offset: number },
  ) {}

  static container(name: string, size: number): MemoryRegion {
    return new MemoryRegion(name, size, "container");
  }
  static io(name: string, size: number, ops: MemoryOps): MemoryRegion {
    return new MemoryRegion(name, size, "i/o", ops);
  }
  static ram(name: string, buf: Buffer): MemoryRegion {
    return new MemoryRegion(name, buf.length, "ram", undefined, buf);
  }
  /** A window of `size` bytes onto `target` starting at `offset` in it (the PCI windows). */
  static aliasOf(name: string, target: MemoryRegion, offset: number, size: number): MemoryRegion {
    return new MemoryRegion(name, size, "alias", undefined, undefined, { target, offset });
  }

  addSubregion(offset: number, region: MemoryRegion, priority = 0): void {
    if (this.subregions.some((s) => s.region === region))
      throw new Error(`region '${region.name}' already mapped`);
    this.subregions.push({ offset, priority, region });
  }
  removeSubregion(region: MemoryRegion): void {
    const i = this.subregions.findIndex((s) => s.region === region);
    if (i >= 0) this.subregions.splice(i, 1);
  }
  /** Moves a mapped subregion (a BAR being reprogrammed). */
  setSubregionOffset(region: MemoryRegion, offset: number): void {
    const s = this.subregions.find((x) => x.region === region);
    if (s) s.offset = offset;
  }

  /** The leaf region that decodes `addr` (relative to this region), and the offset in it. */
  resolve(addr: number): { region: MemoryRegion; offset: number } | undefined {
    if (addr < 0 || addr >= this.size) return undefined;
    if (this.alias) return this.alias.target.resolve(addr + this.alias.offset);
    // Every guest MMIO access comes through here: find the winner without allocating (the
    // highest priority; among equals the one added last, i.e. the later index).
    const subs = this.subregions;
    let best = -1;
    for (let i = 0; i < subs.length; i++) {
      const s = subs[i]!;
      if (!s.region.enabled || addr < s.offset || addr >= s.offset + s.region.size) continue;
      if (best < 0 || s.priority >= subs[best]!.priority) best = i;
    }
    if (best >= 0) {
      const s = subs[best]!;
      const hit = s.region.resolve(addr - s.offset);
      if (hit) return hit;
    }
    if (this.kind === "container") return best >= 0 ? this.resolveBelow(addr, best) : undefined;
    return { region: this, offset: addr };
  }

  // The winner (index `skip`) is a container with a hole at `addr`: a lower-priority sibling
  // may still decode it.
  private resolveBelow(addr: number, skip: number): { region: MemoryRegion; offset: number } | undefined {
    const sorted = this.subregions
      .map((s, order) => ({ ...s, order }))
      .filter(
        (s) => s.order !== skip && s.region.enabled && addr >= s.offset && addr < s.offset + s.region.size,
      )
      .sort((a, b) => b.priority - a.priority || b.order - a.order);
    for (const s of sorted) {
      const hit = s.region.resolve(addr - s.offset);
      if (hit) return hit;
    }
    return undefined;
  }

  /** `info mtree` lines for this region and everything under it. */
  mtreeLines(base: number, depth: number, out: string[]): void {
    const hex = (n: number): string => BigInt(n).toString(16).padStart(16, "0");
    const end = this.size === 0 ? base : base + this.size - 1;
    const endText = base + this.size >= 2 ** 64 ? "ffffffffffffffff" : hex(end);
    const kind = this.kind === "container" || this.kind === "alias" ? "i/o" : this.kind;
    let line = `${"  ".repeat(depth)}${hex(base)}-${endText} (prio 0, ${kind}): `;
    if (this.alias) {
      const a = this.alias;
      line += `alias ${this.name} @${a.target.name} ${hex(a.offset)}-${hex(a.offset + this.size - 1)}`;
    } else line += this.name;
    out.push(line + (this.enabled ? "" : " [disabled]"));
    const subs = [...this.subregions].sort((a, b) => b.priority - a.priority || a.offset - b.offset);
    for (const s of subs) {
      const before = out.length;
      s.region.mtreeLines(base + s.offset, depth + 1, out);
      if (s.priority !== 0) out[before] = out[before]!.replace("(prio 0,", `(prio ${s.priority},`);
    }
  }
}

/** A view of a root region through which devices and qtest read and write guest memory. */
export class AddressSpace {
  constructor(
    readonly name: string,
    readonly root: MemoryRegion,
  ) {}

  read(addr: number, dst: Uint8Array): void {
    this.transfer(addr, dst, false);
  }
  write(addr: number, src: Uint8Array): void {
    this.transfer(addr, src, true);
  }

  /** Little-endian scalar access of 1..8 bytes; unassigned addresses read as 0, writes vanish. */
  readUint(addr: number, size: number): bigint {
    const b = new Uint8Array(size);
    this.read(addr, b);
    let v = 0n;
    for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    return v;
  }
  writeUint(addr: number, size: number, value: bigint): void {
    const b = new Uint8Array(size);
    for (let i = 0; i < size; i++) b[i] = Number((value >> BigInt(8 * i)) & 0xffn);
    this.write(addr, b);
  }

  private transfer(addr: number, data: Uint8Array, isWrite: boolean): void {
    let done = 0;
    while (done < data.length) {
      const a = addr + done;
      const hit = this.root.resolve(a);
      if (!hit) {
        if (!isWrite) data[done] = 0;
        done++;
        continue;
      }
      const { region, offset } = hit;
      const avail = Math.min(data.length - done, region.size - offset);
      if (region.ram) {
        if (isWrite) region.ram.set(data.subarray(done, done + avail), offset);
        else data.set(region.ram.subarray(offset, offset + avail), done);
        done += avail;
        continue;
      }
      const ops = region.ops!;
      const max = ops.maxAccess ?? 4;
      // Largest naturally aligned access that fits.
      let size = 1;
      while (size < max && size * 2 <= avail && a % (size * 2) === 0) size *= 2;
      if (isWrite) {
        let v = 0;
        for (let i = size - 1; i >= 0; i--) v = v * 256 + data[done + i]!;
        ops.write(offset, size, v);
      } else {
        let v = ops.read(offset, size);
        for (let i = 0; i < size; i++) {
          data[done + i] = v & 0xff;
          v = Math.floor(v / 256);
        }
      }
      done += size;
    }
  }

  mtree(): string {
    const out = [`address-space: ${this.name}`];
    this.root.mtreeLines(0, 1, out);
    return out.join("\n") + "\n";
  }
}
