// The transport-independent half of a virtio device (QEMU's VirtIODevice): status, feature
// negotiation, virtqueues, device config space, interrupts through the transport, and
// virtioError(): a guest mistake marks the device broken and sets NEEDS_RESET instead of
// ever throwing into the event loop.
import type { GuestRam } from "../core/guest-ram";
import { VirtioError, VirtQueue } from "./virtqueue";

export const VIRTIO_CONFIG_S_ACKNOWLEDGE = 1;
export const VIRTIO_CONFIG_S_DRIVER = 2;
export const VIRTIO_CONFIG_S_DRIVER_OK = 4;
export const VIRTIO_CONFIG_S_FEATURES_OK = 8;
export const VIRTIO_CONFIG_S_NEEDS_RESET = 0x40;
export const VIRTIO_CONFIG_S_FAILED = 0x80;

export const VIRTIO_RING_F_INDIRECT_DESC = 28;
export const VIRTIO_RING_F_EVENT_IDX = 29;
export const VIRTIO_F_VERSION_1 = 32;

export const bit = (n: number): bigint => 1n << BigInt(n);

/** What the device needs from its transport (virtio-pci). */
export interface VirtioTransport {
  notifyQueue(vq: VirtQueue): void;
  notifyConfig(): void;
}

export abstract class VirtioDevice {
  status = 0;
  hostFeatures = 0n;
  guestFeatures = 0n;
  configGeneration = 0;
  /** Interrupt status (ISR): bit 0 queue, bit 1 config. */
  isr = 0;
  broken = false;
  /** The last virtioError() message, for tests and `info`. */
  lastError: string | undefined;
  queues: VirtQueue[] = [];
  transport: VirtioTransport | undefined;
  /** Where errors are reported; tests replace it to capture them. */
  errorSink: (msg: string) => void = (msg) => process.stderr.write(`qemu-e2k: ${msg}\n`);

  constructor(
    readonly name: string,
    readonly deviceId: number,
    readonly ram: GuestRam,
  ) {}

  abstract readonly configSize: number;
  abstract readConfig(offset: number, size: number): number;
  writeConfig(_offset: number, _size: number, _value: number): void {}
  /** The driver kicked queue `vq`. */
  protected abstract handleQueue(vq: VirtQueue): void;
  /** Device-specific part of a reset. */
  protected resetDevice(): void {}
  /** The driver set DRIVER_OK (or changed status). */
  protected statusChanged(): void {}

  addQueue(size: number): VirtQueue {
    const vq = new VirtQueue(this.name, this.queues.length, size, this.ram);
    this.queues.push(vq);
    return vq;
  }

  hasFeature(n: number): boolean {
    return (this.guestFeatures & bit(n)) !== 0n;
  }

  driverOk(): boolean {
    return (this.status & VIRTIO_CONFIG_S_DRIVER_OK) !== 0 && !this.broken;
  }

  setStatus(v: number): void {
    if (v === 0) {
      this.reset();
      return;
    }
    const old = this.status;
    if (v & VIRTIO_CONFIG_S_FEATURES_OK && !(old & VIRTIO_CONFIG_S_FEATURES_OK)) {
      // Features the device never offered make FEATURES_OK fail to stick.
      if (this.guestFeatures & ~this.hostFeatures) v &= ~VIRTIO_CONFIG_S_FEATURES_OK;
    }
    // NEEDS_RESET is the device's to set; the driver cannot clear it except by reset.
    this.status = (v & ~VIRTIO_CONFIG_S_NEEDS_RESET) | (old & VIRTIO_CONFIG_S_NEEDS_RESET);
    this.statusChanged();
  }

  setGuestFeatures(value: bigint): void {
    if (this.status & VIRTIO_CONFIG_S_FEATURES_OK) return;
    this.guestFeatures = value;
    const eventIdx = this.hasFeature(VIRTIO_RING_F_EVENT_IDX);
    for (const q of this.queues) q.eventIdx = eventIdx;
  }

  reset(): void {
    this.status = 0;
    this.guestFeatures = 0n;
    this.isr = 0;
    this.broken = false;
    this.lastError = undefined;
    for (const q of this.queues) q.reset();
    this.resetDevice();
  }

  /** The driver enabled queue `vq`: check its rings, then let the device start using it. */
  enableQueue(vq: VirtQueue): void {
    this.guard(() => {
      vq.validateRings();
      vq.enabled = true;
    });
  }

  /** Called by the transport's notify register. */
  kick(index: number): void {
    const vq = this.queues[index];
    if (!vq || this.broken || !vq.ready()) return;
    this.guard(() => this.handleQueue(vq));
  }

  /** Runs device work, turning any VirtioError (or RangeError from RAM bounds) into virtioError(). */
  guard(fn: () => void): void {
    if (this.broken) return;
    try {
      fn();
    } catch (e) {
      if (e instanceof VirtioError || e instanceof RangeError) this.virtioError(e.message);
      else throw e;
    }
  }

  /** Aborts the current device work with a guest error (caught by guard()). */
  protected fail(msg: string): never {
    throw new VirtioError(msg);
  }

  /** QEMU's virtio_error(): report, mark broken, set NEEDS_RESET and tell the driver. */
  virtioError(msg: string): void {
    this.lastError = msg;
    this.errorSink(msg);
    this.broken = true;
    if (this.hasFeature(VIRTIO_F_VERSION_1)) {
      this.status |= VIRTIO_CONFIG_S_NEEDS_RESET;
      this.notifyConfig();
    }
  }

  notifyQueue(vq: VirtQueue): void {
    if (!vq.shouldNotify()) return;
    this.isr |= 1;
    this.transport?.notifyQueue(vq);
  }

  notifyConfig(): void {
    this.configGeneration = (this.configGeneration + 1) & 0xff;
    this.isr |= 2;
    this.transport?.notifyConfig();
  }
}
