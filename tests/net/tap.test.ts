// tap netdev against a real kernel peer: the TAP interface is created by the netdev, then
// moved into a fresh network namespace with an address. Our side (a test NIC) asks for
// the kernel's MAC with ARP, then UDP datagrams go to and come from processes in the
// namespace, with exact contents; the namespace goes away at the end, also on failure.
import t from "tap";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import "../../net/netdevs";
import { allNetClients, connectPeers, findNetClientsByName } from "../../net/net";
import { netdevAddFromText, netdevDel } from "../../net/netdev";
import { formatInfoNetwork } from "../../net/info";
import { TestClient } from "./test-client";
import { waitUntil } from "./qemu-ref";

const NS = `e2k-tap-${process.pid}`;
const IF = `e2kt${process.pid % 100000}`;
const OUR_MAC = Buffer.from([0x52, 0x54, 0x00, 0x12, 0x34, 0x56]);
const OUR_IP = Buffer.from([10, 77, 0, 2]);
const KERNEL_IP = Buffer.from([10, 77, 0, 1]);

function ip(...args: string[]): void {
  const r = spawnSync("ip", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")}: ${r.stderr}`);
}

function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < b.length; i += 2) sum += b.readUInt16BE(i);
  if (b.length % 2) sum += (b[b.length - 1] as number) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function arpRequest(): Buffer {
  const f = Buffer.alloc(42);
  f.fill(0xff, 0, 6);
  OUR_MAC.copy(f, 6);
  f.writeUInt16BE(0x0806, 12);
  f.writeUInt16BE(1, 14); // Ethernet
  f.writeUInt16BE(0x0800, 16); // IPv4
  f[18] = 6;
  f[19] = 4;
  f.writeUInt16BE(1, 20); // request
  OUR_MAC.copy(f, 22);
  OUR_IP.copy(f, 28);
  KERNEL_IP.copy(f, 38);
  return f;
}

const canRun =
  process.getuid?.() === 0 && fs.existsSync("/dev/net/tun") && spawnSync("ip", ["-V"]).status === 0;

t.test(
  "tap: ARP and UDP with the kernel in a namespace",
  { skip: canRun ? false : "needs root, /dev/net/tun and iproute2" },
  async (t) => {
    ip("netns", "add", NS);
    const nic = new TestClient("tapnic");
    t.teardown(() => {
      for (const nc of [...allNetClients()]) if (nc.name === "t0") netdevDel("t0");
      nic.runCleanup();
      nic.runFree();
      spawnSync("ip", ["netns", "del", NS]);
    });
    await netdevAddFromText(`tap,id=t0,ifname=${IF},script=no,downscript=no`);
    connectPeers(findNetClientsByName("t0")[0] as TestClient, nic);
    t.equal(
      formatInfoNetwork(),
      `tapnic: index=0,type=nic,\n \\ t0: index=0,type=tap,ifname=${IF},script=no,downscript=no\n`,
    );
    ip("link", "set", IF, "netns", NS);
    spawnSync("ip", ["netns", "exec", NS, "sysctl", "-qw", `net.ipv6.conf.${IF}.disable_ipv6=1`]);
    ip("-n", NS, "addr", "add", "10.77.0.1/24", "dev", IF);
    ip("-n", NS, "link", "set", IF, "up");
    const brief = spawnSync("ip", ["-n", NS, "-br", "link", "show", IF], { encoding: "utf8" }).stdout;
    const kernelMac = Buffer.from((brief.split(/\s+/)[2] ?? "").split(":").map((h) => parseInt(h, 16)));
    t.equal(kernelMac.length, 6, "kernel MAC known");

    // us -> kernel -> us: ARP
    const isArpReply = (f: Buffer) => f.readUInt16BE(12) === 0x0806 && f.readUInt16BE(20) === 2;
    const deadline = Date.now() + 10000;
    while (!nic.got.some(isArpReply)) {
      if (Date.now() > deadline) throw new Error("no ARP reply from the kernel in 10 s");
      nic.sendPacket(arpRequest());
      await new Promise((r) => setTimeout(r, 200));
    }
    const reply = nic.got.find(isArpReply) as Buffer;
    const expected = Buffer.alloc(42);
    OUR_MAC.copy(expected, 0);
    kernelMac.copy(expected, 6);
    expected.writeUInt16BE(0x0806, 12);
    expected.writeUInt16BE(1, 14);
    expected.writeUInt16BE(0x0800, 16);
    expected[18] = 6;
    expected[19] = 4;
    expected.writeUInt16BE(2, 20);
    kernelMac.copy(expected, 22);
    KERNEL_IP.copy(expected, 28);
    OUR_MAC.copy(expected, 32);
    OUR_IP.copy(expected, 38);
    t.equal(reply.subarray(0, 42).toString("hex"), expected.toString("hex"), "exact ARP reply");

    // kernel -> us: a UDP datagram sent by a process in the namespace
    const py = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const payload = Buffer.from("hello from the kernel side");
    const isUdpTo = (f: Buffer, port: number) =>
      f.readUInt16BE(12) === 0x0800 &&
      f[23] === 17 &&
      f.readUInt16BE(14 + ((f[14] as number) & 0xf) * 4 + 2) === port;
    nic.got.length = 0;
    const send = spawnSync(
      "ip",
      [
        "netns",
        "exec",
        NS,
        py,
        "-c",
        `import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("10.77.0.1", 7778)); s.sendto(${JSON.stringify(payload.toString())}.encode(), ("10.77.0.2", 7777))`,
      ],
      { encoding: "utf8" },
    );
    t.equal(send.status, 0, `sender ran ${send.stderr}`);
    await waitUntil("the kernel's UDP frame", () => nic.got.some((f) => isUdpTo(f, 7777)));
    const u = nic.got.find((f) => isUdpTo(f, 7777)) as Buffer;
    t.equal(u.subarray(0, 6).toString("hex"), OUR_MAC.toString("hex"), "to our MAC");
    t.equal(u.subarray(6, 12).toString("hex"), kernelMac.toString("hex"), "from the kernel's MAC");
    t.equal(u.subarray(26, 30).toString("hex"), KERNEL_IP.toString("hex"));
    t.equal(u.subarray(30, 34).toString("hex"), OUR_IP.toString("hex"));
    t.equal(u.subarray(42, 42 + payload.length).toString(), payload.toString(), "exact payload");

    // us -> kernel: a UDP datagram a process in the namespace receives
    const listener = spawn(
      "ip",
      [
        "netns",
        "exec",
        NS,
        py,
        "-c",
        "import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('10.77.0.1', 7779)); print('ready', flush=True); s.settimeout(10); d,a=s.recvfrom(2048); print(d.hex(), a[0], a[1], flush=True)",
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    listener.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => listener.once("exit", (c) => r(c)));
    await waitUntil("the listener", () => out.includes("ready"));
    const data = Buffer.from("frame from the emulator to the kernel");
    const udpFrame = Buffer.alloc(42 + data.length);
    kernelMac.copy(udpFrame, 0);
    OUR_MAC.copy(udpFrame, 6);
    udpFrame.writeUInt16BE(0x0800, 12);
    const iph = udpFrame.subarray(14, 34);
    iph[0] = 0x45;
    iph.writeUInt16BE(20 + 8 + data.length, 2);
    iph[8] = 64;
    iph[9] = 17;
    OUR_IP.copy(iph, 12);
    KERNEL_IP.copy(iph, 16);
    iph.writeUInt16BE(checksum(iph), 10);
    udpFrame.writeUInt16BE(4444, 34);
    udpFrame.writeUInt16BE(7779, 36);
    udpFrame.writeUInt16BE(8 + data.length, 38);
    data.copy(udpFrame, 42);
    nic.sendPacket(udpFrame);
    t.equal(await exited, 0, "listener got a datagram");
    t.equal(out.split("\n")[1], `${data.toString("hex")} 10.77.0.2 4444`, "exact payload and source");
    netdevDel("t0");
    await waitUntil(
      "the tap interface to go away",
      () => spawnSync("ip", ["-n", NS, "link", "show", IF]).status !== 0,
    );
  },
);

t.test("tap: bad fd", async (t) => {
  await t.rejects(netdevAddFromText("tap,id=t1,fd=987"), {
    message: "t1: Can't use file descriptor 987: Bad file descriptor",
  });
  await t.rejects(netdevAddFromText("tap,id=t1,fd=abc"), {
    message: "Invalid file descriptor number 'abc'",
  });
});
