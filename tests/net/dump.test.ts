// filter-dump: frames crossing a netdev in both directions land in a pcap that tshark
// reads back (lengths, addresses, order), byte for byte, truncated to maxlen.
import t from "tap";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import "../../net/netdevs";
import { createFilterDump, deleteFilter } from "../../net/dump";
import { formatInfoNetwork } from "../../net/info";
import { connectPeers, findNetClientsByName } from "../../net/net";
import { netdevAddFromText, netdevDel } from "../../net/netdev";
import { TestClient, frame } from "./test-client";
import { freePort, tempDir, udpEndpoint, waitUntil } from "./qemu-ref";

function readPcap(file: string) {
  const b = fs.readFileSync(file);
  const hdr = {
    magic: b.readUInt32LE(0),
    major: b.readUInt16LE(4),
    minor: b.readUInt16LE(6),
    snaplen: b.readUInt32LE(16),
    linktype: b.readUInt32LE(20),
  };
  const recs: { caplen: number; len: number; data: Buffer }[] = [];
  for (let off = 24; off < b.length;) {
    const caplen = b.readUInt32LE(off + 8);
    const len = b.readUInt32LE(off + 12);
    recs.push({ caplen, len, data: b.subarray(off + 16, off + 16 + caplen) });
    off += 16 + caplen;
  }
  return { hdr, recs };
}

t.test("filter-dump writes what crossed, tshark agrees", async (t) => {
  const dir = tempDir("e2k-dump-");
  const [pa, pb] = [await freePort("udp"), await freePort("udp")];
  await netdevAddFromText(
    `dgram,id=d0,local.type=inet,local.host=127.0.0.1,local.port=${pa},remote.type=inet,remote.host=127.0.0.1,remote.port=${pb}`,
  );
  const nic = new TestClient("dnic");
  connectPeers(findNetClientsByName("d0")[0] as TestClient, nic);
  const udp = await udpEndpoint(pb);
  const full = path.join(dir, "all.pcap");
  const cut = path.join(dir, "cut.pcap");
  const f0 = createFilterDump(
    "f0",
    new Map([
      ["netdev", "d0"],
      ["file", full],
    ]),
  );
  const f1 = createFilterDump(
    "f1",
    new Map([
      ["netdev", "d0"],
      ["file", cut],
      ["maxlen", "100"],
      ["queue", "rx"],
    ]),
  );
  t.teardown(() => {
    udp.close();
    nic.runCleanup();
    nic.runFree();
  });
  t.match(
    formatInfoNetwork(),
    "filters:\n  - f0: type=filter-dump,file=" +
      full +
      ",maxlen=65536,position=tail,status=on,insert=behind,netdev=d0,queue=all\n" +
      "  - f1: type=filter-dump,file=" +
      cut +
      ",maxlen=100,position=tail,status=on,insert=behind,netdev=d0,queue=rx\n",
  );
  const inbound = [frame(1, 60), frame(2, 1514)];
  const outbound = [frame(3, 200), frame(4, 60)];
  for (const f of inbound) await udp.send(f, pa);
  await nic.waitFor(2);
  for (const f of outbound) nic.sendPacket(f);
  await waitUntil("frames at the UDP end", () => udp.got.length >= 2);
  deleteFilter(f0);
  deleteFilter(f1);
  netdevDel("d0");

  const all = readPcap(full);
  t.same(all.hdr, { magic: 0xa1b2c3d4, major: 2, minor: 4, snaplen: 65536, linktype: 1 });
  t.same(
    all.recs.map((r) => r.data.toString("hex")),
    [...inbound, ...outbound].map((f) => f.toString("hex")),
    "every frame, in order, exact bytes",
  );
  const rx = readPcap(cut);
  t.equal(rx.hdr.snaplen, 100);
  t.same(
    rx.recs.map((r) => [r.caplen, r.len]),
    [
      [100, 200],
      [60, 60],
    ],
    "queue=rx sees only frames sent to the netdev, cut to maxlen",
  );

  const ts = spawnSync(
    "tshark",
    ["-r", full, "-T", "fields", "-e", "frame.len", "-e", "frame.cap_len", "-e", "eth.src", "-e", "eth.type"],
    {
      encoding: "utf8",
    },
  );
  t.equal(ts.status, 0, `tshark ran: ${ts.stderr}`);
  t.same(ts.stdout.trim().split("\n"), [
    "60\t60\t52:54:00:12:34:01\t0x88b5",
    "1514\t1514\t52:54:00:12:34:02\t0x88b5",
    "200\t200\t52:54:00:12:34:03\t0x88b5",
    "60\t60\t52:54:00:12:34:04\t0x88b5",
  ]);
  const ts2 = spawnSync("tshark", ["-r", cut, "-T", "fields", "-e", "frame.len", "-e", "frame.cap_len"], {
    encoding: "utf8",
  });
  t.same(ts2.stdout.trim().split("\n"), ["200\t100", "60\t60"]);
});

t.test("filter-dump errors", async (t) => {
  await netdevAddFromText("hubport,id=hx,hubid=9");
  t.teardown(() => netdevDel("hx"));
  t.throws(() => createFilterDump("e1", new Map([["file", "/tmp/x.pcap"]])), {
    message: "Parameter 'netdev' is missing",
  });
  t.throws(() => createFilterDump("e1", new Map([["netdev", "hx"]])), {
    message: "Parameter 'file' is missing",
  });
  t.throws(
    () =>
      createFilterDump(
        "e1",
        new Map([
          ["netdev", "zz"],
          ["file", "/tmp/e2k-x.pcap"],
        ]),
      ),
    {
      message: "Parameter 'netdev' expects a network backend id",
    },
  );
  t.throws(
    () =>
      createFilterDump(
        "e1",
        new Map([
          ["netdev", "hx"],
          ["file", "/nonexist/y.pcap"],
        ]),
      ),
    {
      message: "net dump: can't open /nonexist/y.pcap: No such file or directory",
    },
  );
  t.throws(
    () =>
      createFilterDump(
        "e1",
        new Map([
          ["netdev", "hx"],
          ["file", "/tmp/y.pcap"],
          ["maxlen", "0"],
        ]),
      ),
    {
      message: "Property 'filter-dump.maxlen' doesn't take value '0'",
    },
  );
  t.throws(
    () =>
      createFilterDump(
        "e1",
        new Map([
          ["netdev", "hx"],
          ["file", "/tmp/y.pcap"],
          ["queue", "bad"],
        ]),
      ),
    {
      message: "Parameter 'queue' does not accept value 'bad'",
    },
  );
  t.throws(
    () =>
      createFilterDump(
        "e1",
        new Map([
          ["netdev", "hx"],
          ["file", "/tmp/y.pcap"],
          ["zz", "1"],
        ]),
      ),
    {
      message: "Invalid parameter 'zz'",
    },
  );
});
