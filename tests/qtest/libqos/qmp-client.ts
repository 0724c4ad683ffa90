// A QMP client speaking JSON over a socket: greeting, qmp_capabilities, commands, events.
import type { Socket } from "node:net";

export interface QmpReply {
  return?: unknown;
  error?: { class: string; desc: string };
}

export class QmpClient {
  greeting: unknown;
  readonly events: { event: string; data?: Record<string, unknown> }[] = [];
  private buf = "";
  private readonly pending: ((r: QmpReply) => void)[] = [];
  private greeted: ((g: unknown) => void) | undefined;
  private readonly greetingP: Promise<unknown>;

  constructor(private readonly sock: Socket) {
    this.greetingP = new Promise((r) => (this.greeted = r));
    sock.setEncoding("utf8");
    sock.on("data", (d: string) => {
      this.buf += d;
      let nl: number;
      while ((nl = this.buf.indexOf("\n")) >= 0) {
        const line = this.buf.slice(0, nl).trim();
        this.buf = this.buf.slice(nl + 1);
        if (!line) continue;
        const msg = JSON.parse(line) as Record<string, unknown>;
        if ("QMP" in msg) {
          this.greeting = msg;
          this.greeted?.(msg);
        } else if ("event" in msg) this.events.push(msg as { event: string });
        else this.pending.shift()?.(msg as QmpReply);
      }
    });
    sock.on("error", () => {});
  }

  async handshake(): Promise<void> {
    await this.greetingP;
    const r = await this.execute("qmp_capabilities");
    if (r.error) throw new Error(`qmp_capabilities: ${r.error.desc}`);
  }

  execute(cmd: string, args?: Record<string, unknown>): Promise<QmpReply> {
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.sock.write(JSON.stringify(args ? { execute: cmd, arguments: args } : { execute: cmd }) + "\n");
    });
  }

  /** Runs a command that must succeed and returns its result. */
  async cmd(cmd: string, args?: Record<string, unknown>): Promise<unknown> {
    const r = await this.execute(cmd, args);
    if (r.error) throw new Error(`${cmd}: ${r.error.class}: ${r.error.desc}`);
    return r.return;
  }

  async hmp(line: string): Promise<string> {
    return String(await this.cmd("human-monitor-command", { "command-line": line }));
  }

  close(): void {
    this.sock.destroy();
  }
}
