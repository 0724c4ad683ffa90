// How a libqos test talks to the machine: one request line in, one answer line out, with
// "IRQ raise/lower N" lines possibly arriving in between (QEMU's libqtest protocol).
import type { Socket } from "node:net";
import type { QtestServer } from "../../../accel/qtest";

export interface QTestLink {
  cmd(line: string): Promise<string>;
  /** Called for every asynchronous IRQ line. */
  onIrq: ((line: number, raised: boolean) => void) | undefined;
  close(): void;
}

/** Drives an in-process QtestServer directly (no socket): fast, for unit tests and the fuzzer. */
export class InProcessLink implements QTestLink {
  onIrq: ((line: number, raised: boolean) => void) | undefined;
  constructor(private readonly server: QtestServer) {
    server.asyncSink = (line) => {
      const m = /^IRQ (raise|lower) (\d+)/.exec(line);
      if (m) this.onIrq?.(Number(m[2]), m[1] === "raise");
    };
  }
  cmd(line: string): Promise<string> {
    return Promise.resolve(this.cmdSync(line));
  }
  cmdSync(line: string): string {
    return this.server.process(line).replace(/\n$/, "");
  }
  close(): void {}
}

/** A qtest socket the emulator connected to (libqtest's way) or that we connected to. */
export class SocketLink implements QTestLink {
  onIrq: ((line: number, raised: boolean) => void) | undefined;
  private buf = "";
  private readonly waiters: { resolve: (s: string) => void; reject: (e: Error) => void }[] = [];
  private closed = false;

  constructor(private readonly sock: Socket) {
    sock.setEncoding("latin1");
    sock.on("data", (d: string) => {
      this.buf += d;
      let nl: number;
      while ((nl = this.buf.indexOf("\n")) >= 0) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        const irq = /^IRQ (raise|lower) (\d+)$/.exec(line);
        if (irq) this.onIrq?.(Number(irq[2]), irq[1] === "raise");
        else this.waiters.shift()?.resolve(line);
      }
    });
    sock.on("close", () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w.reject(new Error("qtest connection closed"));
    });
    sock.on("error", () => {});
  }

  cmd(line: string): Promise<string> {
    if (this.closed) return Promise.reject(new Error("qtest connection closed"));
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.sock.write(line + "\n");
    });
  }

  close(): void {
    this.sock.destroy();
  }
}
