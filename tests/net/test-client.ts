// A NetClient for tests: records what it receives and can be told to refuse (return 0),
// say it cannot receive, or fail.
import { NetClient, type PacketFlags } from "../../net/net";

export class TestClient extends NetClient {
  readonly got: Buffer[] = [];
  refuse = false;
  blocked = false;
  cleanups = 0;
  linkChanges = 0;

  constructor(name: string, type: "nic" | "user" = "nic") {
    super({ type, model: type === "nic" ? "test-nic" : "test", name, isNetdev: type !== "nic" });
  }

  override receive(frame: Uint8Array, _flags: PacketFlags): number {
    if (this.refuse) return 0;
    this.got.push(Buffer.from(frame));
    return frame.length;
  }

  override canReceive(): boolean {
    return !this.blocked;
  }

  override linkStatusChanged(): void {
    this.linkChanges++;
  }

  protected override cleanup(): void {
    this.cleanups++;
  }

  // Wait until `n` frames arrived (bounded by `ms`).
  async waitFor(n: number, ms = 10000): Promise<void> {
    const end = Date.now() + ms;
    while (this.got.length < n) {
      if (Date.now() > end)
        throw new Error(`${this.name}: got ${this.got.length} of ${n} frames in ${ms} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

export function frame(n: number, len = 60): Buffer {
  const b = Buffer.alloc(len);
  b.fill(0xff, 0, 6); // broadcast destination
  b.set([0x52, 0x54, 0x00, 0x12, 0x34, n & 0xff], 6);
  b.writeUInt16BE(0x88b5, 12); // local experimental ethertype
  for (let i = 14; i < len; i++) b[i] = (i * 7 + n) & 0xff;
  b.writeUInt32BE(n, 14);
  return b;
}
