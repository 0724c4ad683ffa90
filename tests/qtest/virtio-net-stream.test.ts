// The full command line, as QEMU's libqtest runs QEMU: qemu-e2k connects to the test's qtest
// and QMP sockets; virtio-net-pci's netdev is a stream netdev connected to a socket the test
// listens on (QEMU's length-prefixed frames), so the test is the far end of the wire.
import t from "tap";
import net from "node:net";
import path from "node:path";
import { readFileSync } from "node:fs";
import { qtestInit } from "./libqos/launch";
import { GuestAlloc } from "./libqos/malloc";
import { QVirtioNet } from "./libqos/virtio-net";

/** The test's end of a stream netdev: 4-byte big-endian length, then the frame. */
class StreamPeer {
  frames: Buffer[] = [];
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  constructor(readonly sock: net.Socket) {
    sock.on("data", (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= 4 && this.buf.length >= 4 + this.buf.readUInt32BE(0)) {
        const n = this.buf.readUInt32BE(0);
        this.frames.push(this.buf.subarray(4, 4 + n));
        this.buf = this.buf.subarray(4 + n);
      }
      for (const w of this.waiters.splice(0)) w();
    });
  }
  send(frame: Buffer): void {
    const h = Buffer.alloc(4);
    h.writeUInt32BE(frame.length);
    this.sock.write(Buffer.concat([h, frame]));
  }
  async next(timeoutMs = 5000): Promise<Buffer> {
    const end = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (Date.now() > end) throw new Error("no frame from the emulator");
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return this.frames.shift()!;
  }
}

const eth = (dst: number[], len: number, fill: number): Buffer => {
  const f = Buffer.alloc(len, fill);
  Buffer.from(dst).copy(f, 0);
  Buffer.from([0x02, 0, 0, 0, 0, 0x99]).copy(f, 6);
  f.writeUInt16BE(0x88b5, 12);
  return f;
};

t.test("libqtest-style command line with a stream netdev peer", async (t) => {
  const dirSock = path.join(process.env.TMPDIR ?? "/tmp", `e2k-stream-${process.pid}.sock`);
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(dirSock, r));
  const peerP = new Promise<net.Socket>((r) => server.once("connection", r));
  const q = await qtestInit([
    "-netdev",
    `stream,id=n0,addr.type=unix,addr.path=${dirSock}`,
    "-device",
    "virtio-net-pci,netdev=n0,id=net0,mac=52:54:00:12:34:99",
  ]);
  t.teardown(async () => {
    await q.quit();
    server.close();
  });
  const peer = new StreamPeer(await peerP);
  const alloc = new GuestAlloc(0x40100000, 0x48000000);
  const vnet = await QVirtioNet.start(q.qts, alloc, { mrgRxbuf: true, ctrl: true });
  t.same([...(await vnet.mac())], [0x52, 0x54, 0, 0x12, 0x34, 0x99], "mac= property in config space");

  const out = eth([0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 60, 0x5a);
  await vnet.send(out);
  t.same(await peer.next(), out, "guest TX reaches the stream peer intact");

  await vnet.postRx(8, 1024);
  const inFrame = eth([0x52, 0x54, 0, 0x12, 0x34, 0x99], 3000, 0xa5);
  peer.send(inFrame);
  const got = await vnet.recv();
  t.same(got.frame, inFrame, "large frame from the peer reaches the guest");
  t.equal(got.numBuffers, 3, "spread over mergeable buffers");

  // MAC filtering through the control queue: promisc off, then a foreign unicast is dropped.
  t.equal(await vnet.ctrlCmd(0, 0, Uint8Array.of(0)), 0);
  peer.send(eth([0x02, 0, 0, 0, 0, 0x01], 64, 1));
  const mine = eth([0x52, 0x54, 0, 0x12, 0x34, 0x99], 64, 2);
  peer.send(mine);
  t.same((await vnet.recv()).frame, mine, "only the frame for our MAC arrives");

  // The filter change was announced once, and query-rx-filter reports it.
  const deadline = Date.now() + 2000;
  while (!q.qmp.events.some((e) => e.event === "NIC_RX_FILTER_CHANGED") && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  t.match(
    q.qmp.events.filter((e) => e.event === "NIC_RX_FILTER_CHANGED"),
    [{ data: { name: "net0", path: "/machine/peripheral/net0/virtio-backend" } }],
  );
  const rxf = (await q.qmp.cmd("query-rx-filter", { name: "net0" })) as Record<string, unknown>[];
  t.match(rxf, [{ name: "net0", promiscuous: false, multicast: "normal", "main-mac": "52:54:00:12:34:99" }]);
  t.equal(
    (await q.qmp.execute("query-rx-filter", { name: "nope" })).error?.desc,
    "invalid net client name: nope",
  );

  const info = await q.qmp.hmp("info network");
  t.match(
    info,
    /^net0: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:12:34:99\r?\n \\ n0: index=0,type=stream,/m,
  );
  t.match(
    readFileSync(path.join(q.dir, "qtest.log"), "utf8"),
    /\[R \+[\d.]+\] readw 0x/,
    "-qtest-log records requests",
  );
});
