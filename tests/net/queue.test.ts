import t from "tap";
import { NET_BUFSIZE, connectPeers, deleteNetClient, setLink, setVmRunning } from "../../net/net";
import { NET_QUEUE_MAX_LENGTH } from "../../net/queue";
import { addHubPort } from "../../net/hub";
import { formatInfoNetwork } from "../../net/info";
import { TestClient, frame } from "./test-client";

let seq = 0;
function pair() {
  const a = new TestClient(`a${seq}`, "user");
  const b = new TestClient(`b${seq++}`);
  connectPeers(a, b);
  return { a, b };
}
function done(...cs: TestClient[]) {
  for (const c of cs) {
    c.runCleanup();
    c.runFree();
  }
}

t.test("delivery, refusal queues in order, flush re-delivers and calls sent callbacks", (t) => {
  const { a, b } = pair();
  t.equal(a.sendPacket(frame(1)), 60);
  t.equal(b.got.length, 1);
  b.refuse = true;
  const sent: number[] = [];
  t.equal(
    a.sendPacketAsync(frame(2), (_s, r) => sent.push(r)),
    0,
    "refused frame is queued",
  );
  t.ok(b.receiveDisabled, "receiver is disabled after refusing");
  // Everything after a refusal queues without calling receive, even once it would accept.
  b.refuse = false;
  t.equal(
    a.sendPacketAsync(frame(3), (_s, r) => sent.push(r)),
    0,
  );
  t.equal(b.got.length, 1);
  t.equal(b.incomingQueue.length, 2);
  b.flushQueuedPackets();
  t.same(
    b.got.map((f) => f.readUInt32BE(14)),
    [1, 2, 3],
  );
  t.same(sent, [60, 60], "sent_cb ran once per delivered frame");
  t.equal(b.incomingQueue.length, 0);
  done(a, b);
  t.end();
});

t.test("flush stops at the first refusal and keeps the frame at the head", (t) => {
  const { a, b } = pair();
  b.blocked = true;
  for (let i = 0; i < 3; i++) t.equal(a.sendPacket(frame(i)), 0);
  b.blocked = false;
  let calls = 0;
  b.refuse = false;
  const orig = b.receive.bind(b);
  b.receive = (f, fl) => (++calls === 2 ? 0 : orig(f, fl));
  b.flushQueuedPackets();
  t.equal(b.got.length, 1);
  t.equal(b.incomingQueue.length, 2);
  b.flushQueuedPackets();
  t.same(
    b.got.map((f) => f.readUInt32BE(14)),
    [0, 1, 2],
  );
  done(a, b);
  t.end();
});

t.test("a full queue drops only frames without a sent callback", (t) => {
  const { a, b } = pair();
  b.blocked = true;
  for (let i = 0; i < NET_QUEUE_MAX_LENGTH + 5; i++) a.sendPacket(frame(i));
  t.equal(b.incomingQueue.length, NET_QUEUE_MAX_LENGTH);
  a.sendPacketAsync(frame(99999), () => {});
  t.equal(b.incomingQueue.length, NET_QUEUE_MAX_LENGTH + 1, "async sender's frame is kept");
  b.blocked = false;
  b.flushQueuedPackets();
  t.equal(b.got.length, NET_QUEUE_MAX_LENGTH + 1);
  t.equal(b.got.at(-1)?.readUInt32BE(14), 99999);
  done(a, b);
  t.end();
});

t.test("purge drops the sender's frames and completes them with 0", (t) => {
  const { a, b } = pair();
  b.blocked = true;
  const results: number[] = [];
  a.sendPacketAsync(frame(1), (_s, r) => results.push(r));
  a.sendPacketAsync(frame(2), (_s, r) => results.push(r));
  a.purgeQueuedPackets();
  t.same(results, [0, 0]);
  t.equal(b.incomingQueue.length, 0);
  done(a, b);
  t.end();
});

t.test("link down: a down sender's frames vanish, a down receiver swallows them", (t) => {
  const { a, b } = pair();
  a.linkDown = true;
  t.equal(a.sendPacket(frame(1)), 60);
  t.equal(b.got.length, 0);
  a.linkDown = false;
  b.linkDown = true;
  t.equal(a.sendPacket(frame(2)), 60);
  t.equal(b.got.length, 0);
  t.equal(b.incomingQueue.length, 0);
  done(a, b);
  t.end();
});

t.test("set_link takes a NIC peer down too and notifies both", (t) => {
  const { a, b } = pair();
  setLink(a.name, false);
  t.ok(a.linkDown);
  t.ok(b.linkDown, "NIC peer follows");
  t.equal(a.linkChanges, 1);
  t.equal(b.linkChanges, 1);
  setLink(a.name, true);
  t.notOk(b.linkDown);
  t.throws(() => setLink("nope", true), { message: "Device 'nope' not found", errorClass: "DeviceNotFound" });
  done(a, b);
  t.end();
});

t.test("oversized frames are dropped; no peer means the frame is silently sent", (t) => {
  const { a, b } = pair();
  t.equal(a.sendPacket(Buffer.alloc(NET_BUFSIZE + 1)), NET_BUFSIZE + 1);
  t.equal(b.got.length, 0);
  const lone = new TestClient("lone", "user");
  t.equal(lone.sendPacket(frame(1)), 60);
  done(a, b, lone);
  t.end();
});

t.test("a stopped VM queues everything; resuming flushes", (t) => {
  const { a, b } = pair();
  setVmRunning(false);
  t.equal(a.sendPacket(frame(1)), 0);
  t.equal(b.got.length, 0);
  setVmRunning(true);
  t.equal(b.got.length, 1);
  done(a, b);
  t.end();
});

t.test("a receive handler that throws costs one frame, not the process", (t) => {
  const { a, b } = pair();
  b.receive = () => {
    throw new Error("boom");
  };
  t.equal(a.sendPacket(frame(1)), -1);
  done(a, b);
  t.end();
});

t.test("re-entrant sends from inside receive are queued, then flushed in order", (t) => {
  const { a, b } = pair();
  let first = true;
  b.receive = (f) => {
    b.got.push(Buffer.from(f));
    if (first) {
      first = false;
      t.equal(a.sendPacket(frame(2)), 0, "queued while delivering");
    }
    return f.length;
  };
  a.sendPacket(frame(1));
  t.same(
    b.got.map((f) => f.readUInt32BE(14)),
    [1, 2],
  );
  done(a, b);
  t.end();
});

t.test("batched send: a batching receiver gets one call; a refusal queues that frame and blocks", (t) => {
  const { a, b } = pair();
  const batches: number[] = [];
  let accept = 3;
  b.receiveBatch = (frames) => {
    batches.push(frames.length);
    const n = Math.min(accept, frames.length);
    for (let i = 0; i < n; i++) b.got.push(Buffer.from(frames[i] as Uint8Array));
    return n;
  };
  const frames = [0, 1, 2, 3, 4].map((i) => frame(i));
  const results: number[] = [];
  const r = a.sendBatchAsync(frames, (_s, res) => results.push(res));
  t.same(r, { taken: 4, blocked: true });
  t.same(batches, [5]);
  t.equal(b.got.length, 3);
  t.equal(b.incomingQueue.length, 1);
  accept = 100;
  b.flushQueuedPackets();
  t.equal(b.got.length, 4);
  t.same(results, [60]);
  t.same(
    a.sendBatchAsync([frame(9)], () => {}),
    { taken: 1, blocked: false },
  );
  done(a, b);
  t.end();
});

t.test("hub: broadcast to other ports, can_receive, flush of neighbours, info network", (t) => {
  const x = new TestClient("hx", "user");
  const y = new TestClient("hy", "user");
  const z = new TestClient("hz", "user");
  const px = addHubPort(7, "px", "hx");
  const py = addHubPort(7, "py", "hy");
  const pz = addHubPort(7, "pz", "hz");
  x.sendPacket(frame(1));
  t.equal(x.got.length, 0, "not echoed to the sender");
  t.equal(y.got.length, 1);
  t.equal(z.got.length, 1);
  y.blocked = true;
  x.sendPacket(frame(2));
  t.equal(y.got.length, 1, "blocked port's peer queues");
  t.equal(z.got.length, 2);
  t.equal(y.incomingQueue.length, 1);
  y.blocked = false;
  y.flushQueuedPackets();
  t.equal(y.got.length, 2);
  // A port can receive while any other port can send.
  y.blocked = true;
  z.blocked = true;
  t.notOk(px.canReceive());
  z.blocked = false;
  t.ok(px.canReceive());
  y.blocked = false;
  const info = formatInfoNetwork();
  t.match(
    info,
    "hub 7\n \\ pz: hz: index=0,type=user,\n \\ py: hy: index=0,type=user,\n \\ px: hx: index=0,type=user,\n",
  );
  t.throws(() => addHubPort(7, "pw", "nosuch"), { message: "netdev 'nosuch' not found" });
  t.throws(() => addHubPort(7, "pw", "hx"), { message: "netdev 'hx' is already in use" });
  for (const p of [px, py, pz]) deleteNetClient(p);
  t.notMatch(formatInfoNetwork(), "hub 7");
  done(x, y, z);
  t.end();
});

t.test("deleting a netdev with a NIC peer keeps it linked, NIC link down", (t) => {
  const back = new TestClient("back", "user");
  const nic = new TestClient("nic0");
  connectPeers(back, nic);
  deleteNetClient(back);
  t.ok(nic.linkDown);
  t.equal(nic.linkChanges, 1);
  t.equal(back.cleanups, 1);
  t.equal(nic.peer, back, "still linked until the NIC goes");
  t.equal(nic.sendPacket(frame(1)), 60);
  done(nic);
  back.runFree();
  t.end();
});
