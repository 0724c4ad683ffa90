// MSI-X (PCI 3.0 §6.8.2): a capability in config space plus a vector table and pending-bit
// array in a memory BAR. A message is a bus-master write of the entry's data to its address;
// a masked vector (entry mask or function mask) or a disabled capability sets its pending bit
// instead, and the message goes out when it is unmasked.
import { MemoryRegion } from "../core/memory";
import { PCI_CAP_ID_MSIX } from "./pci-regs";
import type { PCIDevice } from "./pci-device";

const MSIX_CONTROL = 2;
const MSIX_TABLE = 4;
const MSIX_PBA = 8;
const CTRL_ENABLE = 0x8000;
const CTRL_MASKALL = 0x4000;
const ENTRY_SIZE = 16;
const ENTRY_VECTOR_CTRL = 12;
const ENTRY_MASKBIT = 1;

export class Msix {
  readonly table: Uint8Array;
  readonly pba: Uint8Array;
  readonly capOffset: number;

  /**
   * Adds the capability to `dev` and fills `bar` (a fresh region the caller registers as a
   * BAR) with the table at `tableOffset` and the PBA at `pbaOffset`.
   */
  constructor(
    private readonly dev: PCIDevice,
    readonly vectors: number,
    bar: MemoryRegion,
    barIndex: number,
    tableOffset: number,
    pbaOffset: number,
  ) {
    this.table = new Uint8Array(vectors * ENTRY_SIZE);
    this.pba = new Uint8Array(Math.ceil(vectors / 64) * 8);
    for (let v = 0; v < vectors; v++) this.table[v * ENTRY_SIZE + ENTRY_VECTOR_CTRL] = ENTRY_MASKBIT;
    const cap = dev.addCapability(PCI_CAP_ID_MSIX, 12);
    this.capOffset = cap;
    dev.setWord(cap + MSIX_CONTROL, vectors - 1);
    dev.setLong(cap + MSIX_TABLE, tableOffset | barIndex);
    dev.setLong(cap + MSIX_PBA, pbaOffset | barIndex);
    dev.wmask[cap + MSIX_CONTROL + 1] = (CTRL_ENABLE | CTRL_MASKALL) >> 8;
    bar.addSubregion(
      tableOffset,
      MemoryRegion.io("msix-table", this.table.length, {
        maxAccess: 4,
        read: (off, size) => readLE(this.table, off, size),
        write: (off, size, v) => this.tableWrite(off, size, v),
      }),
    );
    bar.addSubregion(
      pbaOffset,
      MemoryRegion.io("msix-pba", this.pba.length, {
        maxAccess: 4,
        read: (off, size) => readLE(this.pba, off, size),
        write: () => {},
      }),
    );
    dev.configWriteHooks.push((addr, size) => {
      if (addr <= cap + MSIX_CONTROL + 1 && addr + size > cap + MSIX_CONTROL) this.deliverPending();
    });
  }

  /** Power-on state: every vector masked, nothing pending, MSI-X disabled. */
  reset(): void {
    this.table.fill(0);
    this.pba.fill(0);
    for (let v = 0; v < this.vectors; v++) this.table[v * ENTRY_SIZE + ENTRY_VECTOR_CTRL] = ENTRY_MASKBIT;
    this.dev.setWord(this.capOffset + MSIX_CONTROL, this.vectors - 1);
  }

  enabled(): boolean {
    return (this.dev.getWord(this.capOffset + MSIX_CONTROL) & CTRL_ENABLE) !== 0;
  }
  private functionMasked(): boolean {
    return (this.dev.getWord(this.capOffset + MSIX_CONTROL) & CTRL_MASKALL) !== 0;
  }
  private vectorMasked(v: number): boolean {
    return this.functionMasked() || (this.table[v * ENTRY_SIZE + ENTRY_VECTOR_CTRL]! & ENTRY_MASKBIT) !== 0;
  }

  /** Signals vector `v`; out-of-range vectors are ignored (the guest programmed nonsense). */
  notify(v: number): void {
    if (v >= this.vectors || !this.enabled()) return;
    if (this.vectorMasked(v)) {
      this.pba[v >> 3] = this.pba[v >> 3]! | (1 << (v & 7));
      return;
    }
    this.send(v);
  }

  private send(v: number): void {
    const e = v * ENTRY_SIZE;
    const addr = readLE(this.table, e, 4) + readLE(this.table, e + 4, 4) * 2 ** 32;
    const data = this.table.slice(e + 8, e + 12);
    this.dev.dmaWrite(addr, data);
  }

  private tableWrite(off: number, size: number, v: number): void {
    for (let i = 0; i < size; i++) this.table[off + i] = Math.floor(v / 256 ** i) & 0xff;
    this.deliverPending();
  }

  private deliverPending(): void {
    if (!this.enabled()) return;
    for (let v = 0; v < this.vectors; v++) {
      const bit = 1 << (v & 7);
      if (this.pba[v >> 3]! & bit && !this.vectorMasked(v)) {
        this.pba[v >> 3] = this.pba[v >> 3]! & ~bit;
        this.send(v);
      }
    }
  }
}

function readLE(a: Uint8Array, off: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (a[off + i] ?? 0);
  return v;
}
