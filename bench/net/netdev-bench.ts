// The af-xdp netdev side of bench/net, run inside namespace A by run.ts:
//   node --import tsx bench/net/netdev-bench.ts tx|rx|l2fwd IFNAME native|skb SECONDS
// A NetClient peer stands in for the guest NIC: it sends 64-byte frames as fast as the
// netdev takes them (tx), counts frames (rx), or sends every frame back with the MAC
// addresses swapped (l2fwd). Prints {"ready":true}, then {"pkts":N,"secs":S,"cpu":C}.
import "../../net/af-xdp";
import { AfXdpNetClient } from "../../net/af-xdp";
import { NetClient, connectPeers, type PacketFlags } from "../../net/net";
import { netdevAddFromText, netdevDel } from "../../net/netdev";

const [test = "tx", ifname = "", mode = "native", secsText = "3"] = process.argv.slice(2);
const secs = Number(secsText);

class BenchPeer extends NetClient {
  count = 0;
  constructor() {
    super({ type: "nic", model: "bench", name: "bench" });
  }
  override receive(frame: Uint8Array, _flags: PacketFlags): number {
    this.count++;
    if (test === "l2fwd") this.forward([frame]);
    return frame.length;
  }
  override receiveBatch(frames: readonly Uint8Array[]): number {
    this.count += frames.length;
    if (test === "l2fwd") this.forward(frames);
    return frames.length;
  }
  private forward(frames: readonly Uint8Array[]): void {
    for (const f of frames) {
      for (let i = 0; i < 6; i++) {
        const t = f[i] as number;
        f[i] = f[i + 6] as number;
        f[i + 6] = t;
      }
    }
    this.sendBatchAsync(frames, () => {});
  }
}

function frame(): Buffer {
  const f = Buffer.alloc(64);
  f.fill(0xff, 0, 6);
  Buffer.from([0x02, 0, 0, 0, 0, 0x03]).copy(f, 6);
  f.writeUInt16BE(0x88b5, 12);
  return f;
}

async function main(): Promise<void> {
  const r = await netdevAddFromText(`af-xdp,id=bn,ifname=${ifname},mode=${mode}`);
  if (r.kind !== "created") throw new Error("netdev not created");
  const nd = r.clients[0] as AfXdpNetClient;
  const peer = new BenchPeer();
  connectPeers(peer, nd);
  process.stdout.write('{"ready":true}\n');
  await new Promise((res) => setTimeout(res, 300));
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  peer.count = 0;
  let sent = 0;
  if (test === "tx") {
    const batch = Array.from({ length: 64 }, frame);
    await new Promise<void>((done) => {
      const pump = (): void => {
        for (let k = 0; k < 16; k++) {
          if (Date.now() - t0 >= secs * 1000) return done();
          const { taken, blocked } = peer.sendBatchAsync(batch, pumpLater);
          sent += taken;
          if (blocked) return;
        }
        setImmediate(pump);
      };
      const pumpLater = (): void => void setImmediate(pump);
      pump();
    });
  } else {
    await new Promise((res) => setTimeout(res, secs * 1000));
  }
  const cpu = process.cpuUsage(cpu0);
  const el = Number(process.hrtime.bigint() - start) / 1e9;
  // tx: frames the netdev took minus those still in flight; rx/l2fwd: frames handled.
  const pkts = test === "tx" ? sent - nd.xsk.txOutstanding : peer.count;
  process.stdout.write(
    JSON.stringify({ pkts, secs: Number(el.toFixed(3)), cpu: (cpu.user + cpu.system) / 1e6 }) + "\n",
  );
  netdevDel("bn");
  process.exit(0);
}

void main();
