// A TypeScript libqtest: typed accessors over the qtest line protocol.
import type { QTestLink } from "./qtest-link";

export class QTestError extends Error {}

export class QTest {
  /** Current level of each intercepted IRQ line. */
  readonly irqLevels: boolean[] = [];

  constructor(readonly link: QTestLink) {
    link.onIrq = (n, up) => {
      this.irqLevels[n] = up;
    };
  }

  async rpc(line: string): Promise<string[]> {
    const ans = await this.link.cmd(line);
    const words = ans.split(" ");
    if (words[0] !== "OK") throw new QTestError(`qtest '${line.slice(0, 80)}' failed: ${ans}`);
    return words.slice(1);
  }

  private async readN(cmd: string, addr: number): Promise<bigint> {
    const [v] = await this.rpc(`${cmd} 0x${addr.toString(16)}`);
    return BigInt(v!);
  }
  async readb(addr: number): Promise<number> {
    return Number(await this.readN("readb", addr));
  }
  async readw(addr: number): Promise<number> {
    return Number(await this.readN("readw", addr));
  }
  async readl(addr: number): Promise<number> {
    return Number(await this.readN("readl", addr));
  }
  async readq(addr: number): Promise<bigint> {
    return this.readN("readq", addr);
  }
  async writeb(addr: number, v: number): Promise<void> {
    await this.rpc(`writeb 0x${addr.toString(16)} 0x${v.toString(16)}`);
  }
  async writew(addr: number, v: number): Promise<void> {
    await this.rpc(`writew 0x${addr.toString(16)} 0x${v.toString(16)}`);
  }
  async writel(addr: number, v: number): Promise<void> {
    await this.rpc(`writel 0x${addr.toString(16)} 0x${(v >>> 0).toString(16)}`);
  }
  async writeq(addr: number, v: bigint | number): Promise<void> {
    await this.rpc(`writeq 0x${addr.toString(16)} 0x${BigInt(v).toString(16)}`);
  }
  async memread(addr: number, len: number): Promise<Buffer> {
    const [v] = await this.rpc(`b64read 0x${addr.toString(16)} ${len}`);
    return Buffer.from(v ?? "", "base64");
  }
  async memreadHex(addr: number, len: number): Promise<Buffer> {
    const [v] = await this.rpc(`read 0x${addr.toString(16)} ${len}`);
    return Buffer.from((v ?? "0x").slice(2), "hex");
  }
  async memwrite(addr: number, data: Uint8Array): Promise<void> {
    if (data.length === 0) return;
    await this.rpc(`b64write 0x${addr.toString(16)} ${data.length} ${Buffer.from(data).toString("base64")}`);
  }
  async memwriteHex(addr: number, data: Uint8Array): Promise<void> {
    await this.rpc(`write 0x${addr.toString(16)} ${data.length} 0x${Buffer.from(data).toString("hex")}`);
  }
  async memset(addr: number, len: number, byte: number): Promise<void> {
    await this.rpc(`memset 0x${addr.toString(16)} ${len} 0x${byte.toString(16)}`);
  }
  async clockStep(ns: number): Promise<bigint> {
    const [v] = await this.rpc(`clock_step ${ns}`);
    return BigInt(v!);
  }
  async irqInterceptOut(path: string): Promise<void> {
    await this.rpc(`irq_intercept_out ${path}`);
  }
  close(): void {
    this.link.close();
  }
}
