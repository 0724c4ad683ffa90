// The qtest accelerator's server (QEMU's system/qtest.c protocol): a test drives the machine
// over a line protocol instead of a CPU. Requests are single lines; answers start with OK,
// ERR or FAIL; "IRQ raise N" / "IRQ lower N" lines arrive asynchronously once a test has
// intercepted a device's interrupt lines. Malformed requests get a FAIL line naming what was
// wrong instead of QEMU's assertion abort.
import type { Duplex } from "node:stream";
import { Device } from "../qom/device";
import { resolvePath, type QomObject } from "../qom/object";

/** What qtest needs from a machine: its memory, its QOM root, where port I/O goes. */
export interface QtestTarget {
  readonly as: {
    read(addr: number, dst: Uint8Array): void;
    write(addr: number, src: Uint8Array): void;
    readUint(addr: number, size: number): bigint;
    writeUint(addr: number, size: number, value: bigint): void;
  };
  readonly root: QomObject;
  /** CPU address of I/O port 0 (the PCI PIO window on `virt`). */
  readonly pioBase: number;
}

export interface QtestOptions {
  /** Log sink for "[R +t] req" / "[S +t] resp" lines (QEMU's -qtest-log); undefined = none. */
  log?: (line: string) => void;
}

class QtestFail extends Error {}

function parseU64(word: string | undefined, what: string): bigint {
  if (word === undefined) throw new QtestFail(`missing ${what}`);
  let s = word.trim();
  let neg = false;
  if (s.startsWith("-")) {
    neg = true;
    s = s.slice(1);
  }
  let v: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) v = BigInt(s);
  else if (/^0[0-7]*$/.test(s)) v = BigInt("0o" + (s.slice(1) || "0"));
  else if (/^[1-9][0-9]*$/.test(s)) v = BigInt(s);
  else throw new QtestFail(`invalid ${what} '${word}'`);
  if (neg) v = -v;
  return BigInt.asUintN(64, v);
}

export class QtestServer {
  private stream: Duplex | undefined;
  /** Receives asynchronous lines (IRQ) when no stream is attached (in-process clients). */
  asyncSink: ((line: string) => void) | undefined;
  private inbuf = "";
  private readonly start = process.hrtime.bigint();
  /** Virtual clock (ns); no CPU runs, so it moves only on clock_step/clock_set. */
  clockNs = 0n;
  private interceptDev: Device | undefined;

  constructor(
    private readonly machine: QtestTarget,
    private readonly opts: QtestOptions = {},
  ) {}

  /** Serves one connection; `onClose` runs when the test hangs up (logged as CLOSED only). */
  attach(stream: Duplex, onClose?: () => void): void {
    this.stream = stream;
    this.logLine(`[I ${this.elapsed()}] OPENED`);
    stream.setEncoding?.("latin1");
    stream.on("data", (chunk: string | Buffer) =>
      this.feed(typeof chunk === "string" ? chunk : chunk.toString("latin1")),
    );
    stream.on("error", () => {});
    stream.on("close", () => {
      this.logLine(`[I +${this.elapsed()}] CLOSED`);
      this.stream = undefined;
      onClose?.();
    });
  }

  private elapsed(): string {
    return (Number(process.hrtime.bigint() - this.start) / 1e9).toFixed(6);
  }

  private logLine(line: string): void {
    this.opts.log?.(line);
  }

  private send(text: string): void {
    this.logLine(`[S +${this.elapsed()}] ${text.replace(/\n$/, "")}`);
    this.stream?.write(text);
  }

  feed(data: string): void {
    this.inbuf += data;
    let nl: number;
    while ((nl = this.inbuf.indexOf("\n")) >= 0) {
      const line = this.inbuf.slice(0, nl);
      this.inbuf = this.inbuf.slice(nl + 1);
      this.logLine(`[R +${this.elapsed()}] ${line}`);
      this.send(this.process(line));
    }
  }

  /** Executes one request line and returns the answer line (with its newline). */
  process(line: string): string {
    const words = line.split(" ");
    try {
      return this.command(words);
    } catch (e) {
      if (e instanceof QtestFail) return `FAIL ${e.message}\n`;
      throw e;
    }
  }

  private addr(word: string | undefined): number {
    return Number(parseU64(word, "address"));
  }

  private command(w: string[]): string {
    const as = this.machine.as;
    const cmd = w[0] ?? "";
    switch (cmd) {
      case "readb":
      case "readw":
      case "readl":
      case "readq": {
        const size = { b: 1, w: 2, l: 4, q: 8 }[cmd[4] as "b"];
        const v = as.readUint(this.addr(w[1]), size);
        return `OK 0x${v.toString(16).padStart(16, "0")}\n`;
      }
      case "writeb":
      case "writew":
      case "writel":
      case "writeq": {
        const size = { b: 1, w: 2, l: 4, q: 8 }[cmd[5] as "b"];
        const a = this.addr(w[1]);
        as.writeUint(a, size, parseU64(w[2], "value") & ((1n << BigInt(8 * size)) - 1n));
        return "OK\n";
      }
      case "inb":
      case "inw":
      case "inl":
      case "outb":
      case "outw":
      case "outl":
        return this.portIo(w);
      case "read":
      case "b64read": {
        const a = this.addr(w[1]);
        const len = Number(parseU64(w[2], "size"));
        if (len === 0 && cmd === "read") throw new QtestFail("size must not be 0");
        if (len > 64 * 1048576) throw new QtestFail(`size ${len} is too large`);
        const buf = new Uint8Array(len);
        as.read(a, buf);
        const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
        return cmd === "read" ? `OK 0x${b.toString("hex")}\n` : `OK ${b.toString("base64")}\n`;
      }
      case "write":
      case "b64write": {
        const a = this.addr(w[1]);
        const len = Number(parseU64(w[2], "size"));
        const data = w[3];
        if (data === undefined || data.length < 3) return "ERR invalid argument size\n";
        if (len > 64 * 1048576) throw new QtestFail(`size ${len} is too large`);
        const buf = Buffer.alloc(len);
        if (cmd === "write") {
          if (!/^0x[0-9a-fA-F]*$/.test(data)) throw new QtestFail(`invalid hex data`);
          // Bytes past the given digits are zero, as in QEMU.
          const hex = data.slice(2);
          for (let i = 0; i < len && 2 * i + 2 <= hex.length; i++)
            buf[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
        } else {
          Buffer.from(data, "base64").copy(buf);
        }
        as.write(a, buf);
        return "OK\n";
      }
      case "memset": {
        const a = this.addr(w[1]);
        const len = Number(parseU64(w[2], "size"));
        const pattern = Number(parseU64(w[3], "pattern") & 0xffn);
        if (len > 1 << 30) throw new QtestFail(`size ${len} is too large`);
        if (len) as.write(a, Buffer.alloc(len, pattern));
        return "OK\n";
      }
      case "endianness":
        return "OK little\n";
      case "clock_step": {
        if (w[1] === undefined)
          return "FAIL cannot advance clock to the next deadline because there is no pending deadline\n";
        const ns = BigInt.asIntN(64, parseU64(w[1], "ns"));
        if (ns <= 0n) return "FAIL could not advance time\n";
        this.clockNs += ns;
        return `OK ${this.clockNs}\n`;
      }
      case "clock_set": {
        const ns = BigInt.asIntN(64, parseU64(w[1], "ns"));
        if (ns > this.clockNs) this.clockNs = ns;
        return `${this.clockNs === ns ? "OK" : "FAIL"} ${this.clockNs}\n`;
      }
      case "irq_intercept_out":
      case "irq_intercept_in": {
        const path = w[1];
        if (!path) throw new QtestFail("missing QOM path");
        const obj = resolvePath(this.machine.root, path);
        if (!(obj instanceof Device)) return "FAIL Unknown device\n";
        if (this.interceptDev)
          return this.interceptDev === obj ? "OK\n" : "FAIL IRQ intercept already enabled\n";
        if (cmd === "irq_intercept_in" || obj.gpioOut.length === 0) return "FAIL No intercepts installed\n";
        obj.interceptGpioOut((n, level) => {
          const line = `IRQ ${level ? "raise" : "lower"} ${n}\n`;
          if (this.stream) this.send(line);
          else this.asyncSink?.(line);
        });
        this.interceptDev = obj;
        return "OK\n";
      }
      case "set_irq_in": {
        const obj = resolvePath(this.machine.root, w[1] ?? "");
        if (!(obj instanceof Device)) return "FAIL Unknown device\n";
        // No device here has input lines.
        return `FAIL no input line '${w[2] ?? ""}' on ${w[1]}\n`;
      }
      case "module_load":
        return "FAIL\n";
      default:
        return `FAIL Unknown command '${cmd}'\n`;
    }
  }

  /** outb/inb…: the PCI I/O space (reached through the PIO window on this machine). */
  private portIo(w: string[]): string {
    const cmd = w[0]!;
    const addr = Number(parseU64(w[1], "port"));
    if (addr > 0xffff) throw new QtestFail(`port 0x${addr.toString(16)} is above 0xffff`);
    const size = { b: 1, w: 2, l: 4 }[cmd[cmd.length - 1] as "b"];
    const base = this.machine.pioBase;
    if (cmd.startsWith("out")) {
      this.machine.as.writeUint(base + addr, size, parseU64(w[2], "value") & ((1n << BigInt(8 * size)) - 1n));
      return "OK\n";
    }
    const v = this.machine.as.readUint(base + addr, size);
    return `OK 0x${v.toString(16).padStart(4, "0")}\n`;
  }
}
