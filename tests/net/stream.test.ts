// The stream netdev against a raw socket peer: QEMU's framing across arbitrary chunk
// boundaries, back-pressure when our peer refuses frames (nothing lost, order kept), a bad
// length drops the connection without hurting the process, and the server takes the next
// client afterwards.
import t from "tap";
import net from "node:net";
import path from "node:path";
import "../../net/netdevs";
import { connectPeers, findNetClientsByName } from "../../net/net";
import { netdevAddFromText, netdevDel } from "../../net/netdev";
import { FrameDecoder, encodeFrame } from "../../net/stream-framing";
import { TestClient, frame } from "./test-client";
import { tempDir, waitUntil } from "./qemu-ref";

t.test("frame decoder: chunks of every size, bad lengths", (t) => {
  const frames = [frame(1, 60), frame(2, 1514), frame(3, 18)];
  const wire = Buffer.concat(frames.map(encodeFrame));
  for (const step of [1, 3, 4, 5, 61, 1000, wire.length]) {
    const d = new FrameDecoder();
    const out: Buffer[] = [];
    for (let i = 0; i < wire.length; i += step) {
      d.push(wire.subarray(i, i + step));
      for (let f = d.next(); f; f = d.next()) out.push(Buffer.from(f));
    }
    t.same(
      out.map((b) => b.toString("hex")),
      frames.map((b) => b.toString("hex")),
      `step ${step}`,
    );
    t.equal(d.pendingBytes, 0);
  }
  const bad = new FrameDecoder();
  bad.push(Buffer.from([0, 0, 0, 0]));
  t.throws(() => bad.next(), { message: "bad frame length 0 in stream" });
  const big = new FrameDecoder();
  big.push(Buffer.from([0x7f, 0, 0, 0]));
  t.throws(() => big.next(), /bad frame length/);
  t.end();
});

async function connect(p: string): Promise<net.Socket> {
  const s = net.connect(p);
  await new Promise<void>((r, j) => {
    s.once("connect", r);
    s.once("error", j);
  });
  return s;
}

t.test("server: back-pressure, order, bad peer, next client", async (t) => {
  const dir = tempDir("e2k-stream-");
  const sockPath = path.join(dir, "s.sock");
  await netdevAddFromText(`stream,id=st,server=on,addr.type=unix,addr.path=${sockPath}`);
  const nic = new TestClient("snic");
  const st = findNetClientsByName("st")[0] as TestClient;
  connectPeers(st, nic);
  t.teardown(() => {
    netdevDel("st");
    nic.runCleanup();
    nic.runFree();
  });

  const peer = await connect(sockPath);
  await waitUntil("connection", () => st.infoStr === `unix:${sockPath}`);
  // The NIC refuses everything for a while: frames must wait, then all arrive in order.
  nic.refuse = true;
  const many = Array.from({ length: 3000 }, (_, i) => frame(i, 60 + (i % 1400)));
  peer.write(Buffer.concat(many.map(encodeFrame)));
  await new Promise((r) => setTimeout(r, 300));
  t.equal(nic.got.length, 0, "nothing delivered while refused");
  t.ok(nic.incomingQueue.length <= 1, "at most one frame waits in the queue; the rest stay in the socket");
  nic.refuse = false;
  nic.flushQueuedPackets();
  await nic.waitFor(many.length, 20000);
  t.ok(
    nic.got.every((f, i) => f.equals(many[i] as Buffer)),
    "all 3000 frames, exact and in order",
  );

  // Our side to the peer, with the framing.
  const got: Buffer[] = [];
  const dec = new FrameDecoder();
  peer.on("data", (d: Buffer) => {
    dec.push(d);
    for (let f = dec.next(); f; f = dec.next()) got.push(Buffer.from(f));
  });
  const out = [frame(7, 60), frame(8, 9000)];
  for (const f of out) nic.sendPacket(f);
  await waitUntil("frames at the peer", () => got.length === 2);
  t.same(
    got.map((b) => b.toString("hex")),
    out.map((b) => b.toString("hex")),
  );

  // A second client is turned away while the first is connected.
  const second = net.connect(sockPath);
  const secondClosed = new Promise<void>((r) => second.once("close", () => r()));
  second.on("error", () => {});
  await secondClosed;
  t.pass("second client closed by the server");

  // A bad length from the peer drops the connection; the server takes the next client.
  peer.write(Buffer.from([0, 0, 0, 0]));
  await waitUntil("disconnect", () => st.infoStr === "");
  const next = await connect(sockPath);
  await waitUntil("reconnection", () => st.infoStr !== "");
  nic.got.length = 0;
  next.write(encodeFrame(frame(9, 100)));
  await nic.waitFor(1);
  t.ok((nic.got[0] as Buffer).equals(frame(9, 100)));
  next.destroy();
});

t.test("random bytes from peers never hurt the process", async (t) => {
  const dir = tempDir("e2k-stream-fuzz-");
  const sockPath = path.join(dir, "f.sock");
  await netdevAddFromText(`stream,id=fz,server=on,addr.type=unix,addr.path=${sockPath}`);
  const nic = new TestClient("fnic");
  connectPeers(findNetClientsByName("fz")[0] as TestClient, nic);
  t.teardown(() => {
    netdevDel("fz");
    nic.runCleanup();
    nic.runFree();
  });
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
  const fz = findNetClientsByName("fz")[0] as TestClient;
  for (let round = 0; round < 40; round++) {
    const peer = await connect(sockPath);
    peer.on("error", () => {}); // the server may reset us; that is fine
    const closed = new Promise<void>((r) => peer.once("close", () => r()));
    const junk = Buffer.alloc(1 + rnd(3000));
    for (let i = 0; i < junk.length; i++) junk[i] = rnd(256);
    // Sometimes a plausible length prefix, so some rounds deliver frames.
    if (rnd(2) === 0) junk.writeUInt32BE(Math.min(junk.length - 4, 1 + rnd(2000)), 0);
    peer.write(junk);
    await new Promise((r) => setTimeout(r, 5));
    peer.destroy();
    await closed;
  }
  // A well-formed client is served again (retry while the server still holds a dead one).
  nic.got.length = 0;
  let last: net.Socket | undefined;
  for (let i = 0; i < 100 && !last; i++) {
    const c = await connect(sockPath);
    c.on("error", () => {});
    await new Promise((r) => setTimeout(r, 50));
    if (fz.infoStr !== "" && !c.destroyed) last = c;
    else c.destroy();
  }
  if (!last) throw new Error("the server never took a client again");
  last.write(encodeFrame(frame(42, 64)));
  await nic.waitFor(1);
  t.ok(
    nic.got.some((f) => f.equals(frame(42, 64))),
    "still serving after 40 rounds of junk",
  );
  last.destroy();
});
