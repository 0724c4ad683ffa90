// Interop with a real QEMU (Debian's qemu-system-x86_64 7.2, -M none): our stream, dgram
// and socket netdevs talk to QEMU's netdevs of the same kind; inside QEMU a hub relays
// between that netdev and a UDP socket netdev whose other end is this test. Frames must
// arrive with exact contents, both ways.
//
//   test UDP <-> [QEMU socket,udp] - hub 0 - [QEMU KIND] <-> [our KIND] <-> TestClient
import t from "tap";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import "../../net/netdevs";
import { allNetClients, connectPeers, findNetClientsByName } from "../../net/net";
import { netdevAddFromText, netdevDel } from "../../net/netdev";
import { loadNative } from "../../native/index";
import { TestClient, frame } from "./test-client";
import { QmpClient, freePort, haveRefQemu, startRefQemu, tempDir, udpEndpoint, waitUntil } from "./qemu-ref";
import { startEmulator, withTimeout } from "../monitor/emulator";

const SIZES = [60, 64, 128, 590, 1514, 4000, 9014];
const COUNT = 24;

function frames(seed: number): Buffer[] {
  return Array.from({ length: COUNT }, (_, i) => frame(seed + i, SIZES[i % SIZES.length]));
}

interface Case {
  name: string;
  // Our netdev (given the temp dir, the two free ports and, with `socketPair`, our end of
  // the pair) and QEMU's matching netdev (its end of the pair is its fd 3).
  ours: (dir: string, p1: number, p2: number, fd: number) => string;
  theirs: (dir: string, p1: number, p2: number) => string;
  oursFirst: boolean;
  portKind: "tcp" | "udp";
  socketPair?: boolean;
  // One frame at a time, both ways. A unix datagram socket queues only
  // net.unix.max_dgram_qlen (10) datagrams; past that the sender gets EAGAIN and QEMU's
  // hub may then deliver a later frame before the queued one. Our side's ordering under
  // that back-pressure is tested in dgram-unix.test.ts.
  paced?: boolean;
  // `info network` text of QEMU's netdev and of ours, where both print the same form.
  infos?: (dir: string, fd: number) => { theirs: string; ours: string };
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
    name: "dgram unix paths",
    ours: (d) =>
      `dgram,id=ours,local.type=unix,local.path=${path.join(d, "o.sock")},` +
      `remote.type=unix,remote.path=${path.join(d, "q.sock")}`,
    theirs: (d) =>
      `dgram,id=q0,local.type=unix,local.path=${path.join(d, "q.sock")},` +
      `remote.type=unix,remote.path=${path.join(d, "o.sock")}`,
    oursFirst: true,
    portKind: "udp",
    paced: true,
    infos: (d) => ({
      theirs: `q0: index=0,type=dgram,udp=${path.join(d, "q.sock")}:${path.join(d, "o.sock")}`,
      ours: `udp=${path.join(d, "o.sock")}:${path.join(d, "q.sock")}`,
    }),
  },
  {
    name: "dgram fd: the two ends of a unix datagram socketpair",
    ours: (_d, _p1, _p2, fd) => `dgram,id=ours,local.type=fd,local.str=${fd}`,
    theirs: () => "dgram,id=q0,local.type=fd,local.str=3",
    oursFirst: true,
    portKind: "udp",
    socketPair: true,
    paced: true,
    infos: (_d, fd) => ({ theirs: "q0: index=0,type=dgram,fd=3 unix", ours: `fd=${fd} unix` }),
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
    // Multicast stays on loopback: both sides join the group on 127.0.0.1 (localaddr=).
    // With multicast loop on, each side also hears its own frames, as in QEMU; the checks
    // below pick frames by their sequence numbers.
    name: "socket mcast on loopback",
    ours: (_d, p1) => `socket,id=ours,mcast=230.0.0.${(p1 % 200) + 20}:${p1},localaddr=127.0.0.1`,
    theirs: (_d, p1) => `socket,id=q0,mcast=230.0.0.${(p1 % 200) + 20}:${p1},localaddr=127.0.0.1`,
    oursFirst: true,
    portKind: "udp",
  },
  {
    name: "dgram mcast on loopback",
    ours: (_d, p1) =>
      `dgram,id=ours,remote.type=inet,remote.host=230.0.1.${(p1 % 200) + 20},remote.port=${p1},` +
      "local.type=inet,local.host=127.0.0.1,local.port=0",
    theirs: (_d, p1) =>
      `dgram,id=q0,remote.type=inet,remote.host=230.0.1.${(p1 % 200) + 20},remote.port=${p1},` +
      "local.type=inet,local.host=127.0.0.1,local.port=0",
    oursFirst: true,
    portKind: "udp",
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
      const [ourFd, theirFd] = c.socketPair ? loadNative().dgram.socketPair() : [-1, -1];
      const addOurs = async () => {
        await netdevAddFromText(c.ours(dir, p1, p2, ourFd));
        connectPeers(findNetClientsByName("ours")[0] as TestClient, nic);
      };
      if (c.oursFirst) await addOurs();
      const ref = await startRefQemu(dir, qemuArgs, c.socketPair ? [theirFd] : []);
      if (c.socketPair) fs.closeSync(theirFd); // QEMU holds its own copy
      held.ref = ref;
      if (!c.oursFirst) await addOurs();
      const ours = findNetClientsByName("ours")[0];
      const infos = c.infos?.(dir, ourFd);
      if (infos) {
        t.match(await ref.qmp.hmp("info network"), infos.theirs, "QEMU's info network");
        t.equal(ours?.infoStr, infos.ours, "ours in the same form");
      }
      if (c.portKind === "tcp") {
        await waitUntil("the stream connection", () => (ours?.infoStr ?? "") !== "");
        const info = await ref.qmp.hmp("info network");
        t.match(info, / \\ h0: q0: index=0,type=(stream|socket),\S/, "QEMU sees the connection");
      }

      // QEMU -> us
      const toUs = frames(1000);
      const seqIn = (lo: number) => (b: Buffer) =>
        b.length >= 18 && b.readUInt32BE(14) >= lo && b.readUInt32BE(14) < lo + COUNT;
      for (const [i, f] of toUs.entries()) {
        await udp.send(f, uq);
        if (c.paced) await waitUntil(`frame ${i} at our NIC`, () => nic.got.filter(seqIn(1000)).length > i);
      }
      await waitUntil(`${COUNT} frames at our NIC`, () => nic.got.filter(seqIn(1000)).length >= COUNT);
      t.same(
        nic.got.filter(seqIn(1000)).map((b) => b.toString("hex")),
        toUs.map((b) => b.toString("hex")),
        "frames from QEMU arrive exactly, in order",
      );

      // us -> QEMU
      const toThem = frames(2000);
      for (const [i, f] of toThem.entries()) {
        t.ok(nic.sendPacket(f) > 0);
        await new Promise((r) => setImmediate(r));
        if (c.paced)
          await waitUntil(`frame ${i} at the UDP end`, () => udp.got.filter(seqIn(2000)).length > i);
      }
      await waitUntil(`${COUNT} frames at the UDP end`, () => udp.got.filter(seqIn(2000)).length >= COUNT);
      t.same(
        udp.got.filter(seqIn(2000)).map((b) => b.toString("hex")),
        toThem.map((b) => b.toString("hex")),
        "frames to QEMU arrive exactly, in order",
      );
      t.equal(ref.proc.exitCode, null, "QEMU still runs");
    });
  }
}

// The emulator binary as a -M none forwarder: our hub joins our stream netdev (connected
// to QEMU's) and our UDP socket netdev; QEMU's hub joins its stream and its UDP socket.
//   test UDP A <-> [our socket,udp] - our hub - [our stream] <-> [QEMU stream] - QEMU hub -
//   [QEMU socket,udp] <-> test UDP B
t.test(
  "-M none forwarder with hubports, both ways, pcap of what crossed",
  { skip: !haveRefQemu() },
  async (t) => {
    const dir = tempDir("e2k-fwd-");
    const [t1, o1, t2, q1] = [
      await freePort("udp"),
      await freePort("udp"),
      await freePort("udp"),
      await freePort("udp"),
    ];
    const a = await udpEndpoint(t1);
    const b = await udpEndpoint(t2);
    const pcap = path.join(dir, "s0.pcap");
    const qmpPath = path.join(dir, "q.sock");
    const emu = startEmulator([
      "-M",
      "none",
      "-qmp",
      `unix:${qmpPath},server=on,wait=off`,
      "-netdev",
      `stream,id=s0,server=on,addr.type=unix,addr.path=${path.join(dir, "s.sock")}`,
      "-netdev",
      `socket,id=u0,udp=127.0.0.1:${t1},localaddr=127.0.0.1:${o1}`,
      "-netdev",
      "hubport,id=p0,hubid=0,netdev=s0",
      "-netdev",
      "hubport,id=p1,hubid=0,netdev=u0",
      "-object",
      `filter-dump,id=f0,netdev=s0,file=${pcap}`,
    ]);
    const held: { ref?: Awaited<ReturnType<typeof startRefQemu>>; qmp?: QmpClient } = {};
    t.teardown(async () => {
      held.qmp?.close();
      emu.kill();
      await held.ref?.stop();
      a.close();
      b.close();
    });
    const qmp = await QmpClient.connect(qmpPath, 60000);
    held.qmp = qmp;
    await qmp.greeting;
    await qmp.cmd("qmp_capabilities");
    const ref = await startRefQemu(dir, [
      "-netdev",
      `stream,id=q0,server=off,addr.type=unix,addr.path=${path.join(dir, "s.sock")}`,
      "-netdev",
      `socket,id=q1,udp=127.0.0.1:${t2},localaddr=127.0.0.1:${q1}`,
      "-netdev",
      "hubport,id=h0,hubid=0,netdev=q0",
      "-netdev",
      "hubport,id=h1,hubid=0,netdev=q1",
    ]);
    held.ref = ref;
    const end = Date.now() + 20000;
    let info = "";
    while (!/p0: s0: index=0,type=stream,unix:/.test(info)) {
      if (Date.now() > end) throw new Error(`stream never connected: ${info}`);
      info = await qmp.hmp("info network");
      await new Promise((r) => setTimeout(r, 50));
    }
    t.match(
      info,
      `hub 0\r\n \\ p1: u0: index=0,type=socket,socket: udp=127.0.0.1:${t1}\r\n \\ p0: s0: index=0,type=stream,unix:`,
    );
    t.match(info, "filters:\r\n  - f0: type=filter-dump,file=");

    const ab = frames(3000);
    for (const f of ab) await a.send(f, o1);
    await waitUntil("frames at B", () => b.got.length >= COUNT);
    t.same(
      b.got.map((x) => x.toString("hex")),
      ab.map((x) => x.toString("hex")),
      "A -> us -> QEMU -> B exact",
    );
    const ba = frames(4000);
    for (const f of ba) await b.send(f, q1);
    await waitUntil("frames at A", () => a.got.length >= COUNT);
    t.same(
      a.got.map((x) => x.toString("hex")),
      ba.map((x) => x.toString("hex")),
      "B -> QEMU -> us -> A exact",
    );

    t.same(await qmp.cmd("quit"), { return: {} });
    t.same(await withTimeout(emu.exited, 20000, "exit after quit"), { code: 0, signal: null });
    const ts = spawnSync("tshark", ["-r", pcap, "-T", "fields", "-e", "frame.len"], { encoding: "utf8" });
    t.equal(ts.status, 0, ts.stderr);
    t.same(
      ts.stdout.trim().split("\n").map(Number),
      [...ab, ...ba].map((f) => f.length),
      "the pcap of s0 holds every frame that crossed it",
    );
  },
);
