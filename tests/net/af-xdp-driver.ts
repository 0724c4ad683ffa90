// Runs one AF_XDP scenario inside a network namespace (started by the tests through
// `ip netns exec`) and prints one JSON line with what happened. Scenarios:
//   {kind: "pair", a: "-netdev text", b: "-netdev text", count, size}
//       probes on both netdevs; count frames a->b and b->a with exact contents checked
//   {kind: "error", netdev: "-netdev text"}      the error text, if any
//   {kind: "errors", netdevs: [...]}              the same for several netdevs in turn
//   {kind: "echo", count, ms} + argv "-netdev" "TEXT": sends back every frame it gets
//       (prints a "ready" line first; reports its effective capabilities)
//   {kind: "ping", netdev, count, size}: sends count frames, expects them echoed back
//   {kind: "backpressure", a, b, count}: b's peer refuses frames for a while, then takes
//       them; every frame must arrive, in order (they wait in b's RX ring meanwhile)
import { readFileSync } from "node:fs";
import "../../net/af-xdp";
import { AfXdpNetClient } from "../../net/af-xdp";
import { NetClient, connectPeers, findNetClientsByName, type PacketFlags } from "../../net/net";
import { netdevAddFromText, netdevDel } from "../../net/netdev";

// Stands in for a NIC: records what it receives, sends what the test gives it.
class Probe extends NetClient {
  readonly got: Buffer[] = [];
  constructor(name: string) {
    super({ type: "nic", model: "probe", name });
  }
  override receive(frame: Uint8Array, _flags: PacketFlags): number {
    this.got.push(Buffer.from(frame));
    return frame.length;
  }
}

function frame(dir: number, i: number, size: number): Buffer {
  const f = Buffer.alloc(size);
  f.fill(0xff, 0, 6); // broadcast destination
  Buffer.from([0x02, 0, 0, 0, dir, 1]).copy(f, 6);
  f.writeUInt16BE(0x88b5, 12); // local experimental ethertype: the stack ignores it
  f.writeUInt32BE(i, 14);
  for (let k = 18; k < size; k++) f[k] = (i * 7 + k * 13 + dir) & 0xff;
  return f;
}

async function add(text: string): Promise<AfXdpNetClient[]> {
  const r = await netdevAddFromText(text);
  if (r.kind !== "created") throw new Error("no netdev created");
  return r.clients as AfXdpNetClient[];
}

function idOf(text: string): string {
  return /(?:^|,)id=([^,]+)/.exec(text)?.[1] ?? "";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await sleep(5);
  }
  return true;
}

function checkFrames(got: Buffer[], dir: number, count: number, size: number): string[] {
  const errors: string[] = [];
  const mine = got.filter((f) => f.length >= 18 && f.readUInt16BE(12) === 0x88b5 && f[10] === dir);
  if (mine.length !== count) errors.push(`dir ${dir}: expected ${count} frames, got ${mine.length}`);
  for (let i = 0; i < Math.min(mine.length, count); i++) {
    const want = frame(dir, i, size);
    if (!(mine[i] as Buffer).equals(want)) {
      errors.push(`dir ${dir}: frame ${i} differs`);
      break;
    }
  }
  return errors;
}

async function pair(s: { a: string; b: string; count: number; size: number }) {
  const qa = await add(s.a);
  const qb = await add(s.b);
  const pa = new Probe("probe-a");
  const pb = new Probe("probe-b");
  connectPeers(pa, qa[0] as NetClient);
  connectPeers(pb, qb[0] as NetClient);
  const modes = [qa[0]?.mode, qb[0]?.mode];
  let queued = 0;
  for (let i = 0; i < s.count; i++) {
    if (pa.sendPacketAsync(frame(1, i, s.size), () => {}) === 0) queued++;
    if (pb.sendPacketAsync(frame(2, i, s.size), () => {}) === 0) queued++;
    if (i % 64 === 63) await sleep(1);
  }
  await waitFor(() => pb.got.length >= s.count && pa.got.length >= s.count, 5000);
  await sleep(50);
  const errors = [...checkFrames(pb.got, 1, s.count, s.size), ...checkFrames(pa.got, 2, s.count, s.size)];
  const stats = [qa[0]?.xsk.stats(), qb[0]?.xsk.stats()];
  netdevDel(idOf(s.a));
  netdevDel(idOf(s.b));
  return { modes, errors, queued, stats, left: findNetClientsByName(idOf(s.a)).length };
}

// A probe that refuses everything until opened, then flushes its queue (as a NIC does on an
// RX kick).
class Gate extends Probe {
  open = false;
  refused = 0;
  override receive(frame: Uint8Array, flags: PacketFlags): number {
    if (!this.open) {
      this.refused++;
      return 0;
    }
    return super.receive(frame, flags);
  }
}

async function backpressure(s: { a: string; b: string; count: number }) {
  const qa = await add(s.a);
  const qb = await add(s.b);
  const pa = new Probe("probe-a");
  const gate = new Gate("gate-b");
  connectPeers(pa, qa[0] as NetClient);
  connectPeers(gate, qb[0] as NetClient);
  for (let i = 0; i < s.count; i++) {
    pa.sendPacket(frame(1, i, 64));
    if (i % 64 === 63) await sleep(1);
  }
  await sleep(500);
  const whileClosed = { got: gate.got.length, refused: gate.refused, queued: gate.incomingQueue.length };
  gate.open = true;
  gate.flushQueuedPackets();
  await waitFor(() => gate.got.length >= s.count, 5000);
  await sleep(100);
  const errors = checkFrames(gate.got, 1, s.count, 64);
  const stats = qb[0]?.xsk.stats();
  netdevDel(idOf(s.a));
  netdevDel(idOf(s.b));
  return { whileClosed, errors, got: gate.got.length, stats };
}

function capEff(): string {
  return /CapEff:\s*([0-9a-f]+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? "";
}

// Sends every frame it receives straight back (through the same netdev).
class Echo extends Probe {
  override receive(frame: Uint8Array, flags: PacketFlags): number {
    super.receive(frame, flags);
    this.sendPacket(frame);
    return frame.length;
  }
}

async function echo(s: { count: number; ms: number }) {
  const argv = process.argv.slice(3);
  const i = argv.indexOf("-netdev");
  const text = argv[i + 1];
  if (i < 0 || text === undefined) throw new Error("echo: no -netdev argument");
  const qs = await add(text);
  const e = new Echo("echo");
  connectPeers(e, qs[0] as NetClient);
  process.stdout.write(JSON.stringify({ ready: true }) + "\n");
  await waitFor(() => e.got.length >= s.count, s.ms);
  await sleep(100);
  netdevDel(idOf(text));
  return { echoed: e.got.length, capEff: capEff(), netdev: text, mode: qs[0]?.mode };
}

async function ping(s: { netdev: string; count: number; size: number }) {
  const qs = await add(s.netdev);
  const p = new Probe("ping");
  connectPeers(p, qs[0] as NetClient);
  for (let i = 0; i < s.count; i++) {
    p.sendPacket(frame(1, i, s.size));
    if (i % 32 === 31) await sleep(1);
  }
  await waitFor(() => p.got.length >= s.count, 5000);
  const errors = checkFrames(p.got, 1, s.count, s.size);
  netdevDel(idOf(s.netdev));
  return { errors, got: p.got.length };
}

async function main(): Promise<void> {
  const s = JSON.parse(process.argv[2] ?? "{}") as { kind: string } & Record<string, unknown>;
  let out: object;
  if (s.kind === "pair")
    out = await pair(s as unknown as { a: string; b: string; count: number; size: number });
  else if (s.kind === "error") {
    try {
      const qs = await add(s.netdev as string);
      out = { ok: true, queues: qs.length, modes: qs.map((q) => q.mode) };
      netdevDel(idOf(s.netdev as string));
    } catch (e) {
      out = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  } else if (s.kind === "errors") {
    const results: string[] = [];
    for (const text of s.netdevs as string[]) {
      try {
        await add(text);
        netdevDel(idOf(text));
        results.push("ok");
      } catch (e) {
        results.push(e instanceof Error ? e.message : String(e));
      }
    }
    out = { results };
  } else if (s.kind === "backpressure") {
    out = await backpressure(s as unknown as { a: string; b: string; count: number });
  } else if (s.kind === "echo") out = await echo(s as unknown as { count: number; ms: number });
  else if (s.kind === "ping")
    out = await ping(s as unknown as { netdev: string; count: number; size: number });
  else out = { error: `unknown scenario ${s.kind}` };
  process.stdout.write(JSON.stringify(out) + "\n");
  process.exit(0);
}

void main();
