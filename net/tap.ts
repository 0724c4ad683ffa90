// -netdev tap,id=ID[,ifname=NAME][,script=PATH|no][,downscript=PATH|no] | tap,id=ID,fd=N
// A TAP interface (QEMU's net/tap.c). Node cannot issue the TUNSETIFF ioctl nor poll a
// character device, so the tap file descriptor lives in a small relay process (Python,
// started here, one per netdev): it opens /dev/net/tun with IFF_TAP|IFF_NO_PI (or uses
// the inherited fd=), then copies frames between the tap fd and its stdin/stdout pipes
// with the 4-byte length prefix of net/stream-framing.ts. Pipes give back-pressure both
// ways: a peer that stops taking frames stops our reads, the relay blocks, and the kernel's
// tap queue drops — as with QEMU's own tap fd.

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import { QemuError } from "../monitor/error";
import { resolveFd } from "./fd-param";
import { NetClient, type PacketFlags } from "./net";
import { registerNetdevType } from "./netdev";
import type { NetdevOptions, OptionSchema } from "./options";
import { FrameDecoder, encodeFrame } from "./stream-framing";

const DEFAULT_SCRIPT = "/etc/qemu-ifup";
const DEFAULT_DOWNSCRIPT = "/etc/qemu-ifdown";

// argv: ifname NAME | fd. Fd mode uses fd 3. First line on stdout: "OK <ifname>\n" or
// "ERR <text>\n"; then length-prefixed frames both ways; EOF on stdin ends it.
const RELAY = String.raw`
import os, sys, fcntl, struct, select, errno
TUNSETIFF = 0x400454ca
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
out = sys.stdout.buffer
try:
    if sys.argv[1] == "ifname":
        fd = os.open("/dev/net/tun", os.O_RDWR)
        ifr = struct.pack("16sH", sys.argv[2].encode(), IFF_TAP | IFF_NO_PI)
        name = fcntl.ioctl(fd, TUNSETIFF, ifr)[:16].rstrip(b"\0").decode()
    else:
        fd = 3
        os.fstat(fd)
        name = ""
except OSError as e:
    out.write(("ERR " + os.strerror(e.errno) + "\n").encode()); out.flush(); sys.exit(1)
out.write(("OK " + name + "\n").encode()); out.flush()
buf = b""
while True:
    r, _, _ = select.select([fd, 0], [], [])
    if fd in r:
        try:
            data = os.read(fd, 65536 + 4096)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EINTR): data = None
            else: sys.exit(2)
        if data:
            out.write(struct.pack(">I", len(data)) + data); out.flush()
    if 0 in r:
        chunk = os.read(0, 262144)
        if not chunk: sys.exit(0)
        buf += chunk
        while len(buf) >= 4:
            n = struct.unpack(">I", buf[:4])[0]
            if len(buf) < 4 + n: break
            try: os.write(fd, buf[4:4 + n])
            except OSError: pass
            buf = buf[4 + n:]
`;

function pythonPath(): string {
  return fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

function runScript(script: string, ifname: string): void {
  const r = spawnSync(script, [ifname], { stdio: "inherit" });
  if (r.error) throw new QemuError(`could not launch network script ${script}`);
  if (r.status !== 0)
    throw new QemuError(`network script ${script} failed with status ${(r.status ?? 1) * 256}`);
}

export class TapNetClient extends NetClient {
  private relay: ChildProcessWithoutNullStreams | null = null;
  private decoder = new FrameDecoder();
  private waiting = false;
  private ifname = "";
  private downscript: string | undefined;

  constructor(name: string) {
    super({ type: "tap", model: "tap", name, isNetdev: true });
  }

  get interfaceName(): string {
    return this.ifname;
  }

  // Starts the relay and waits for its first line.
  async open(mode: { ifname: string } | { fd: number }): Promise<string> {
    const args = "fd" in mode ? ["fd"] : ["ifname", mode.ifname];
    const stdio: ("pipe" | number)[] = ["pipe", "pipe", "pipe"];
    if ("fd" in mode) stdio.push(mode.fd);
    const child = spawn(pythonPath(), ["-c", RELAY, ...args], { stdio }) as ChildProcessWithoutNullStreams;
    this.relay = child;
    const first = await new Promise<string>((resolve, reject) => {
      let head = Buffer.alloc(0);
      let errText = "";
      child.stderr.on("data", (d: Buffer) => (errText += d.toString()));
      const onData = (d: Buffer) => {
        head = Buffer.concat([head, d]);
        const nl = head.indexOf(10);
        if (nl < 0) return;
        child.stdout.off("data", onData);
        const rest = head.subarray(nl + 1);
        if (rest.length > 0) this.decoder.push(rest);
        resolve(head.subarray(0, nl).toString());
      };
      child.stdout.on("data", onData);
      child.once("error", (e) =>
        reject(new QemuError(`tap: cannot start the tap relay (python3): ${e.message}`)),
      );
      child.once("exit", (code) => reject(new QemuError(`tap: relay exited (${code}) ${errText.trim()}`)));
    });
    if (!first.startsWith("OK ")) {
      this.stopRelay();
      const what = "fd" in mode ? `Can't use file descriptor ${mode.fd}` : "could not configure /dev/net/tun";
      throw new QemuError(`${this.name}: ${what}: ${first.replace(/^ERR /, "")}`);
    }
    this.ifname = first.slice(3);
    child.removeAllListeners("exit");
    child.on("exit", () => {
      if (this.relay === child) {
        this.relay = null;
        process.stderr.write(`qemu-e2k: tap ${this.name}: relay process ended\n`);
      }
    });
    child.stdout.on("data", (d: Buffer) => {
      this.decoder.push(d);
      this.pump();
    });
    child.stdin.on("drain", () => this.flushQueuedPackets());
    child.stdin.on("error", () => {});
    this.pump();
    return this.ifname;
  }

  setDownscript(script: string | undefined): void {
    this.downscript = script;
  }

  private pump(): void {
    const child = this.relay;
    if (!child || this.waiting) return;
    for (;;) {
      let frame: Buffer | null;
      try {
        frame = this.decoder.next();
      } catch {
        this.stopRelay();
        return;
      }
      if (!frame) return;
      const ret = this.sendPacketAsync(frame, () => {
        this.waiting = false;
        child.stdout.resume();
        this.pump();
      });
      if (ret === 0) {
        this.waiting = true;
        child.stdout.pause();
        return;
      }
    }
  }

  override receive(frame: Uint8Array, _flags: PacketFlags): number {
    const child = this.relay;
    if (!child) return frame.length;
    child.stdin.write(encodeFrame(frame));
    return frame.length;
  }

  override canReceive(): boolean {
    return !this.relay || !this.relay.stdin.writableNeedDrain;
  }

  private stopRelay(): void {
    const child = this.relay;
    this.relay = null;
    if (!child) return;
    child.stdout.removeAllListeners("data");
    child.stdin.end();
    child.kill("SIGTERM");
  }

  protected override cleanup(): void {
    this.stopRelay();
    if (this.downscript && this.ifname) {
      try {
        runScript(this.downscript, this.ifname);
      } catch (e) {
        process.stderr.write(`qemu-e2k: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    }
  }
}

const schema: OptionSchema = {
  type: "tap",
  options: [
    { name: "ifname", type: "str", help: "interface name (default: tap%d, the kernel picks the number)" },
    { name: "fd", type: "str", help: "an already opened tap file descriptor" },
    {
      name: "script",
      type: "str",
      help: `script run after the interface is up (default ${DEFAULT_SCRIPT}, 'no' for none)`,
    },
    {
      name: "downscript",
      type: "str",
      help: `script run at teardown (default ${DEFAULT_DOWNSCRIPT}, 'no' for none)`,
    },
    { name: "br", type: "str" },
    { name: "helper", type: "str" },
    { name: "sndbuf", type: "uint32" },
    { name: "vnet_hdr", type: "bool" },
    { name: "vhost", type: "bool" },
    { name: "vhostfd", type: "str" },
    { name: "vhostfds", type: "str" },
    { name: "vhostforce", type: "bool" },
    { name: "fds", type: "str" },
    { name: "queues", type: "uint32" },
    { name: "poll-us", type: "uint32" },
  ],
};

const UNSUPPORTED = ["br", "helper", "vhostfd", "vhostfds", "fds"];

export async function createTap(opts: NetdevOptions): Promise<TapNetClient[]> {
  for (const k of UNSUPPORTED)
    if (opts.has(k)) throw new QemuError(`tap: '${k}=' is not supported by this build`);
  if (opts.bool("vhost") === true || opts.bool("vhostforce") === true) {
    throw new QemuError("vhost-net requested but could not be initialized");
  }
  if (opts.bool("vnet_hdr") === true) throw new QemuError("tap: vnet_hdr=on is not supported by this build");
  const queues = opts.int("queues");
  if (queues !== undefined && queues > 1)
    throw new QemuError("tap: queues > 1 is not supported by this build");
  const fdText = opts.str("fd");
  const nc = new TapNetClient(opts.id);
  try {
    if (fdText !== undefined) {
      if (
        ["ifname", "script", "downscript", "vnet_hdr", "helper", "queues", "fds", "vhostfds"].some((k) =>
          opts.has(k),
        )
      ) {
        throw new QemuError(
          "ifname=, script=, downscript=, vnet_hdr=, helper=, queues=, fds=, and vhostfds= are invalid with fd=",
        );
      }
      let fd: number;
      try {
        fd = resolveFd(fdText);
      } catch (e) {
        // A malformed number keeps its own text ("Invalid file descriptor number 'x'").
        if (!/^\d+$/.test(fdText)) throw e;
        throw new QemuError(`${opts.id}: Can't use file descriptor ${fdText}: Bad file descriptor`);
      }
      await nc.open({ fd });
      nc.infoStr = `fd=${fd}`;
    } else {
      const script = opts.str("script") ?? DEFAULT_SCRIPT;
      const downscript = opts.str("downscript") ?? DEFAULT_DOWNSCRIPT;
      const ifname = await nc.open({ ifname: opts.str("ifname") ?? "tap%d" });
      if (script !== "no" && script !== "") runScript(script, ifname);
      nc.setDownscript(downscript !== "no" && downscript !== "" ? downscript : undefined);
      nc.infoStr = `ifname=${ifname},script=${script},downscript=${downscript}`;
    }
  } catch (e) {
    nc.runCleanup();
    nc.runFree();
    throw e;
  }
  return [nc];
}

registerNetdevType({ type: "tap", schema, create: createTap });
