// dgram over AF_UNIX datagram sockets and inherited fds (the native socket module):
// exact frames both ways, flow control both ways (a peer that refuses frames stops the
// reading; a full socket queues frames in the NetQueue until it drains), QEMU's
// validation texts, and `info network`.
import t from "tap";
import fs from "node:fs";
import path from "node:path";
import "../../net/netdevs";
import { connectPeers, findNetClientsByName } from "../../net/net";
import { netdevAddFromText, netdevDel } from "../../net/netdev";
import { formatInfoNetwork } from "../../net/info";
import { loadNative } from "../../native/index";
import { TestClient, frame } from "./test-client";
import { tempDir } from "./qemu-ref";

async function pair(t: { teardown(fn: () => void): void }, specA: string, specB: string) {
  await netdevAddFromText(specA);
  await netdevAddFromText(specB);
  const a = findNetClientsByName("da")[0] as TestClient;
  const b = findNetClientsByName("db")[0] as TestClient;
  const na = new TestClient("na");
  const nb = new TestClient("nb");
  connectPeers(a, na);
  connectPeers(b, nb);
  t.teardown(() => {
    netdevDel("da");
    netdevDel("db");
    for (const n of [na, nb]) {
      n.runCleanup();
      n.runFree();
    }
  });
  return { a, b, na, nb };
}

const SIZES = [60, 64, 590, 1514, 9014, 65000];

t.test("unix paths: exact frames both ways, info network", async (t) => {
  const dir = tempDir("e2k-dgram-");
  const pa = path.join(dir, "a.sock");
  const pb = path.join(dir, "b.sock");
  fs.writeFileSync(pa, "stale"); // a stale file at the local path is unlinked, as QEMU does
  const { na, nb } = await pair(
    t,
    `dgram,id=da,local.type=unix,local.path=${pa},remote.type=unix,remote.path=${pb}`,
    `dgram,id=db,local.type=unix,local.path=${pb},remote.type=unix,remote.path=${pa}`,
  );
  t.match(formatInfoNetwork(), ` \\ da: index=0,type=dgram,udp=${pa}:${pb}\n`);
  const ab = SIZES.map((s, i) => frame(100 + i, s));
  for (const f of ab) t.equal(na.sendPacket(f), f.length);
  await nb.waitFor(ab.length);
  t.same(
    nb.got.map((b) => b.toString("hex")),
    ab.map((b) => b.toString("hex")),
    "a -> b exact",
  );
  const ba = SIZES.map((s, i) => frame(200 + i, s));
  for (const f of ba) nb.sendPacket(f);
  await na.waitFor(ba.length);
  t.same(
    na.got.map((b) => b.toString("hex")),
    ba.map((b) => b.toString("hex")),
    "b -> a exact",
  );
});

t.test("fd form over a socketpair; flow control both ways loses nothing", async (t) => {
  const [fa, fb] = loadNative().dgram.socketPair();
  const { a, b, na, nb } = await pair(
    t,
    `dgram,id=da,local.type=fd,local.str=${fa}`,
    `dgram,id=db,local.type=fd,local.str=${fb}`,
  );
  t.match(formatInfoNetwork(), ` \\ da: index=0,type=dgram,fd=${fa} unix\n`);
  t.match(formatInfoNetwork(), ` \\ db: index=0,type=dgram,fd=${fb} unix\n`);

  // nb refuses: db stops reading, the socket fills (max_dgram_qlen), da queues the rest.
  nb.refuse = true;
  const burst = 400;
  for (let i = 0; i < burst; i++) na.sendPacket(frame(i, 100));
  // The socket took what its buffer holds (EAGAIN after that); the rest waits at da.
  const queued = a.incomingQueue.length;
  t.ok(queued > 0 && queued < burst, `${queued} of ${burst} frames wait in da's queue`);
  await new Promise((r) => setTimeout(r, 100));
  t.equal(nb.got.length, 0, "nothing passes the refusing peer");
  nb.refuse = false;
  nb.flushQueuedPackets();
  await nb.waitFor(burst, 20000);
  t.same(
    nb.got.map((x) => x.readUInt32BE(14)),
    Array.from({ length: burst }, (_, i) => i),
    "every frame arrives once, in order",
  );
  t.equal(a.incomingQueue.length, 0);
  t.equal(b.incomingQueue.length, 0);
  nb.sendPacket(frame(7, 60));
  await na.waitFor(1);
  t.ok((na.got[0] as Buffer).equals(frame(7, 60)));
});

t.test("validation texts (QEMU's net/dgram.c) and setup errors", async (t) => {
  const dir = tempDir("e2k-dgram-");
  const err = async (spec: string) => {
    try {
      await netdevAddFromText(spec);
      netdevDel("x");
      return "no error";
    } catch (e) {
      return (e as Error).message;
    }
  };
  const p = path.join(dir, "x.sock");
  t.equal(
    await err(`dgram,id=x,local.type=unix,local.path=${p}`),
    "type=inet or type=unix requires remote parameter",
  );
  t.equal(
    await err(
      `dgram,id=x,local.type=unix,local.path=${p},remote.type=inet,remote.host=127.0.0.1,remote.port=9`,
    ),
    "remote and local types must be the same",
  );
  t.equal(
    await err(`dgram,id=x,local.type=fd,local.str=3,remote.type=unix,remote.path=${p}`),
    "don't set remote with local.fd",
  );
  t.equal(
    await err(
      `dgram,id=x,local.type=unix,local.path=${p},remote.type=inet,remote.host=230.0.0.1,remote.port=9`,
    ),
    "only support inet or fd type for local",
  );
  t.equal(await err(`dgram,id=x,remote.type=unix,remote.path=${p}`), "dgram requires local= parameter");
  const long = "/tmp/" + "x".repeat(120);
  t.equal(
    await err(`dgram,id=x,local.type=unix,local.path=${long},remote.type=unix,remote.path=${p}`),
    `UNIX socket path '${long}' is too long`,
  );
  t.equal(
    await err(`dgram,id=x,local.type=unix,local.path=/nonexistent/a,remote.type=unix,remote.path=${p}`),
    "can't bind unix=/nonexistent/a to socket: No such file or directory",
  );
  t.equal(await err("dgram,id=x,local.type=fd,local.str=abc"), "Invalid file descriptor number 'abc'");
  t.equal(
    await err("dgram,id=x,local.type=fd,local.str=999"),
    "x: Can't use file descriptor 999: Bad file descriptor",
  );
  const file = fs.openSync(path.join(dir, "plain"), "w");
  t.teardown(() => fs.closeSync(file));
  t.equal(
    await err(`dgram,id=x,local.type=fd,local.str=${file}`),
    `x: Can't use file descriptor ${file}: Socket operation on non-socket`,
  );
  t.same(findNetClientsByName("x"), [], "nothing is left behind");
});
