// Interop with a real QEMU (Debian's qemu-system-x86_64 7.2, -M none): our stream, dgram
// and socket netdevs talk to QEMU's netdevs of the same kind; inside QEMU a hub relays
// between that netdev and a UDP socket netdev whose other end is this test. Frames must
// arrive with exact contents, both ways.
//
//   test UDP <-> [QEMU socket,udp] - hub 0 - [QEMU KIND] <-> [our KIND] <-> TestClient
import t from "tap";
import path from "node:path";
import "../../net/netdevs";
import { allNetClients, connectPeers, findNetClientsByName } from "../../net/net";
import { netdevAddFromText, netdevDel } from "../../net/netdev";
import { TestClient, frame } from "./test-client";
import { freePort, haveRefQemu, startRefQemu, tempDir, udpEndpoint, waitUntil } from "./qemu-ref";

const SIZES = [60, 64, 128, 590, 1514, 4000, 9014];
const COUNT = 24;

function frames(seed: number): Buffer[] {
  return Array.from({ length: COUNT }, (_, i) => frame(seed + i, SIZES[i % SIZES.length]));
}

interface Case {
  name: string;
  // Our netdev (given the temp dir and the two free ports) and QEMU's matching netdev.
  ours: (dir: string, p1: number, p2: number) => string;
  theirs: (dir: string, p1: number, p2: number) => string;
  oursFirst: boolean;
  portKind: "tcp" | "udp";
}

const CASES: Case[] = [
  {
    name: "stream unix: our server, QEMU client",
    ours: (d) => `stream,id=ours,server=on,addr.type=unix,addr.path=${path.join(d, "s.sock")}`,
    theirs: (d) => `stream,id=q0,server=off,addr.type=unix,addr.path=${path.join(d, "s.sock")}`,
    oursFirst: true,
    portKind: "tcp",
  },
  {
    name: "stream inet: QEMU server, our client (reconnects until QEMU listens)",
    ours: (_d, p1) =>
      `stream,id=ours,server=off,addr.type=inet,addr.host=127.0.0.1,addr.port=${p1},reconnect=1`,
    theirs: (_d, p1) => `stream,id=q0,server=on,addr.type=inet,addr.host=127.0.0.1,addr.port=${p1}`,
    oursFirst: false,
    portKind: "tcp",
  },
  {
    name: "dgram inet unicast",
    ours: (_d, p1, p2) =>
      `dgram,id=ours,local.type=inet,local.host=127.0.0.1,local.port=${p1},` +
      `remote.type=inet,remote.host=127.0.0.1,remote.port=${p2}`,
    theirs: (_d, p1, p2) =>
      `dgram,id=q0,local.type=inet,local.host=127.0.0.1,local.port=${p2},` +
      `remote.type=inet,remote.host=127.0.0.1,remote.port=${p1}`,
    oursFirst: true,
    portKind: "udp",
  },
  {
    name: "socket tcp: our listen, QEMU connect",
    ours: (_d, p1) => `socket,id=ours,listen=127.0.0.1:${p1}`,
    theirs: (_d, p1) => `socket,id=q0,connect=127.0.0.1:${p1}`,
    oursFirst: true,
    portKind: "tcp",
  },
  {
    name: "socket tcp: QEMU listen, our connect",
    ours: (_d, p1) => `socket,id=ours,connect=127.0.0.1:${p1}`,
    theirs: (_d, p1) => `socket,id=q0,listen=127.0.0.1:${p1}`,
    oursFirst: false,
    portKind: "tcp",
  },
  {
    name: "socket udp",
    ours: (_d, p1, p2) => `socket,id=ours,udp=127.0.0.1:${p2},localaddr=127.0.0.1:${p1}`,
    theirs: (_d, p1, p2) => `socket,id=q0,udp=127.0.0.1:${p1},localaddr=127.0.0.1:${p2}`,
    oursFirst: true,
    portKind: "udp",
  },
];

if (!haveRefQemu()) {
  t.fail(`${"qemu-system-x86_64"} is not installed (./configure --install-deps installs qemu-system-x86)`);
} else {
  for (const c of CASES) {
    t.test(c.name, async (t) => {
      const dir = tempDir("e2k-interop-");
      const [p1, p2, uq, ut] = [
        await freePort(c.portKind),
        await freePort(c.portKind),
        await freePort("udp"),
        await freePort("udp"),
      ];
      const nic = new TestClient("tnic");
      const udp = await udpEndpoint(ut);
      const qemuArgs = [
        "-netdev",
        c.theirs(dir, p1, p2),
        "-netdev",
        `socket,id=q1,udp=127.0.0.1:${ut},localaddr=127.0.0.1:${uq}`,
        "-netdev",
        "hubport,id=h0,hubid=0,netdev=q0",
        "-netdev",
        "hubport,id=h1,hubid=0,netdev=q1",
      ];
      const held: { ref?: Awaited<ReturnType<typeof startRefQemu>> } = {};
      t.teardown(async () => {
        await held.ref?.stop();
        for (const nc of [...allNetClients()]) if (nc.name === "ours") netdevDel("ours");
        nic.runCleanup();
        nic.runFree();
        udp.close();
      });
      const addOurs = async () => {
        await netdevAddFromText(c.ours(dir, p1, p2));
        connectPeers(findNetClientsByName("ours")[0] as TestClient, nic);
      };
      if (c.oursFirst) await addOurs();
      const ref = await startRefQemu(dir, qemuArgs);
      held.ref = ref;
      if (!c.oursFirst) await addOurs();
      const ours = findNetClientsByName("ours")[0];
      if (c.portKind === "tcp") {
        await waitUntil("the stream connection", () => (ours?.infoStr ?? "") !== "");
        const info = await ref.qmp.hmp("info network");
        t.match(info, / \\ h0: q0: index=0,type=(stream|socket),\S/, "QEMU sees the connection");
      }

      // QEMU -> us
      const toUs = frames(1000);
      for (const f of toUs) await udp.send(f, uq);
      await nic.waitFor(COUNT);
      t.same(
        nic.got.map((b) => b.toString("hex")),
        toUs.map((b) => b.toString("hex")),
        "frames from QEMU arrive exactly, in order",
      );

      // us -> QEMU
      const toThem = frames(2000);
      for (const f of toThem) {
        t.ok(nic.sendPacket(f) > 0);
        await new Promise((r) => setImmediate(r));
      }
      await waitUntil(`${COUNT} frames at the UDP end`, () => udp.got.length >= COUNT);
      t.same(
        udp.got.map((b) => b.toString("hex")),
        toThem.map((b) => b.toString("hex")),
        "frames to QEMU arrive exactly, in order",
      );
      t.equal(ref.proc.exitCode, null, "QEMU still runs");
    });
  }
}
