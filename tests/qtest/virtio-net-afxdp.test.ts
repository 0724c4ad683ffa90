// virtio-net-pci with an af-xdp netdev on a veth whose peer end belongs to the kernel of a
// fresh network namespace: the libqos guest driver resolves the peer with ARP and pings it,
// including a large echo spread over mergeable RX buffers, and turns promiscuous mode off
// through the control queue so a frame for another MAC never reaches it. It runs on the
// native ring batches (x-native-batch=auto with af-xdp) and on the TypeScript path (off).
import t from "tap";
import { execFileSync } from "node:child_process";
import { afXdpUnavailable, makeVethNs } from "../net/af-xdp-netns";
import { qtestInit } from "./libqos/launch";
import { GuestAlloc } from "./libqos/malloc";
import { QVirtioNet } from "./libqos/virtio-net";
import { arpRequest, icmpEcho, parseArpReply, parseEchoReply, type Mac } from "./libqos/packets";

const why = afXdpUnavailable();
if (why) {
  t.comment(`skipping af-xdp qtest: ${why}`);
  t.pass("skipped");
} else {
  for (const mode of ["auto", "off"])
    t.test(`ARP and ICMP through af-xdp to a namespace's kernel (x-native-batch=${mode})`, async (t) => {
      const v = makeVethNs();
      t.teardown(() => v.del());
      v.run("sysctl", ["-qw", `net.ipv6.conf.${v.a}.disable_ipv6=1`]);
      v.run("sysctl", ["-qw", `net.ipv6.conf.${v.b}.disable_ipv6=1`]);
      v.run("ip", ["addr", "add", "10.77.0.1/24", "dev", v.b]);
      const q = await qtestInit(
        [
          "-netdev",
          `af-xdp,id=n0,ifname=${v.a}`,
          "-device",
          `virtio-net-pci,netdev=n0,id=net0,mac=52:54:00:12:34:56,x-native-batch=${mode}`,
        ],
        { wrap: ["ip", "netns", "exec", v.ns] },
      );
      t.teardown(() => q.quit());
      t.match(
        await q.qmp.hmp("info network"),
        new RegExp(
          `^net0: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:12:34:56\\r?\\n \\\\ n0: index=0,type=af-xdp,af-xdp0 to ${v.a}\\r?\\n`,
        ),
        "info network: the NIC with its af-xdp netdev under it",
      );
      const alloc = new GuestAlloc(0x40100000, 0x48000000);
      const net = await QVirtioNet.start(q.qts, alloc, { mrgRxbuf: true, ctrl: true });
      const me: Mac = [0x52, 0x54, 0, 0x12, 0x34, 0x56];
      await net.postRx(64, 512);

      // Frames other than the one we wait for (none expected with IPv6 off) are skipped.
      const recvUntil = async <T>(
        parse: (f: Buffer) => T | undefined,
        what: string,
      ): Promise<{ v: T; nb: number }> => {
        for (let i = 0; i < 20; i++) {
          const r = await net.recv(10000);
          const v = parse(r.frame);
          if (v !== undefined) return { v, nb: r.numBuffers };
        }
        throw new Error(`no ${what}`);
      };

      await net.send(arpRequest(me, "10.77.0.2", "10.77.0.1"));
      const peerMac = (await recvUntil((f) => parseArpReply(f, "10.77.0.1"), "ARP reply")).v;
      const kernelMac = v.run("cat", [`/sys/class/net/${v.b}/address`]).trim();
      t.equal(
        peerMac.map((b) => b.toString(16).padStart(2, "0")).join(":"),
        kernelMac,
        "ARP reply from the peer kernel",
      );

      const small = Buffer.from("qemu-e2k virtio-net over af-xdp");
      await net.send(icmpEcho(me, peerMac, "10.77.0.2", "10.77.0.1", 0x1234, 1, small));
      t.same(
        (await recvUntil((f) => parseEchoReply(f, 0x1234, 1), "echo reply")).v,
        small,
        "echo reply payload",
      );

      const big = Buffer.alloc(1400);
      for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
      await net.send(icmpEcho(me, peerMac, "10.77.0.2", "10.77.0.1", 0x1234, 2, big));
      const r = await recvUntil((f) => parseEchoReply(f, 0x1234, 2), "large echo reply");
      t.same(r.v, big, "1442-byte reply intact");
      t.ok(r.nb >= 3, `spread over ${r.nb} mergeable 512-byte buffers`);

      // Promiscuous off: a frame the kernel sends to another MAC is filtered by the device.
      t.equal(await net.ctrlCmd(0, 0, Uint8Array.of(0)), 0, "VIRTIO_NET_CTRL_RX_PROMISC off");
      v.run("ip", ["neigh", "replace", "10.77.0.3", "lladdr", "02:00:00:00:00:33", "dev", v.b]);
      try {
        execFileSync("ip", ["netns", "exec", v.ns, "ping", "-c", "1", "-W", "1", "10.77.0.3"], {
          stdio: "ignore",
        });
      } catch {
        // nobody answers 10.77.0.3
      }
      await net.send(icmpEcho(me, peerMac, "10.77.0.2", "10.77.0.1", 0x1234, 3, small));
      const next = await net.recv(10000);
      t.same(
        parseEchoReply(next.frame, 0x1234, 3),
        small,
        "the next frame is our reply, not the foreign one",
      );
    });
}
