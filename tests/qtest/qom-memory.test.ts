// Unit tests of the object model's pieces: keyval syntax, typed properties with QEMU's error
// texts, device help, and memory-region decoding (priorities, aliases, access splitting).
import t from "tap";
import { parseKeyval } from "../../qom/keyval";
import { parsePropValue, parseMac, type PropDef } from "../../qom/property";
import { devicePropsHelp } from "../../qom/device-help";
import { AddressSpace, MemoryRegion } from "../../hw/core/memory";
import { GuestRam } from "../../hw/core/guest-ram";
import "../../hw/net/virtio-net-pci";

t.test("keyval: implied driver, ',,' escaping, bare keys", (t) => {
  t.same(parseKeyval("virtio-net-pci,netdev=n0,id=a,,b,status", "driver"), {
    implied: "virtio-net-pci",
    pairs: [
      ["netdev", "n0"],
      ["id", "a,b"],
      ["status", "on"],
    ],
  });
  t.same(parseKeyval("virtio-net-pci,help", "driver").pairs, [["help", "help"]]);
  t.throws(() => parseKeyval("x,,,=1,,", "driver"));
  t.end();
});

t.test("typed properties reject bad values with QEMU's texts", (t) => {
  const u16: PropDef = { name: "rx_queue_size", kind: "uint", bits: 16, default: 256 };
  t.equal(parsePropValue("virtio-net-pci", u16, "0x200"), 512);
  t.throws(() => parsePropValue("virtio-net-pci", u16, "70000"), /Parameter 'rx_queue_size' expects uint16/);
  t.throws(() => parsePropValue("virtio-net-pci", u16, "abc"), /expects uint16/);
  const b: PropDef = { name: "mq", kind: "bool", default: false };
  t.equal(parsePropValue("virtio-net-pci", b, "on"), true);
  t.equal(parsePropValue("virtio-net-pci", b, false), false);
  t.throws(() => parsePropValue("virtio-net-pci", b, "maybe"), /Parameter 'mq' expects 'on' or 'off'/);
  const mac: PropDef = { name: "mac", kind: "macaddr" };
  t.equal(parsePropValue("virtio-net-pci", mac, "52-54-00-AA-bb-01"), "52:54:00:aa:bb:01");
  t.throws(
    () => parsePropValue("virtio-net-pci", mac, "52:54"),
    /Property 'virtio-net-pci.mac' doesn't take value '52:54'/,
  );
  t.same([...parseMac("02:00:00:00:00:0f")!], [2, 0, 0, 0, 0, 15]);
  const help = devicePropsHelp("virtio-net-pci");
  t.match(help, /^virtio-net-pci options:\n/);
  t.match(help, /\n {2}mrg_rxbuf=<bool> +- on\/off \(default: true\)\n/);
  t.notMatch(help, /4294967295/, "sentinel default hidden");
  t.end();
});

t.test("memory regions: priority, aliases, split accesses, unassigned", (t) => {
  const log: string[] = [];
  const io = (name: string, size: number, max: 1 | 2 | 4 = 4): MemoryRegion =>
    MemoryRegion.io(name, size, {
      maxAccess: max,
      read: (o, s) => {
        log.push(`${name} r ${o}/${s}`);
        return 0x11223344 & (2 ** (8 * s) - 1);
      },
      write: (o, s, v) => void log.push(`${name} w ${o}/${s}=${v.toString(16)}`),
    });
  const root = MemoryRegion.container("system", 2 ** 64);
  const ram = new GuestRam(0x1000, 0x1000);
  root.addSubregion(0x1000, MemoryRegion.ram("ram", ram.buf));
  const low = io("low", 0x100);
  const high = io("high", 0x10, 2);
  root.addSubregion(0x100, low);
  root.addSubregion(0x100, high, 1);
  const space = MemoryRegion.container("space", 0x10000);
  space.addSubregion(0x40, io("dev", 0x10));
  root.addSubregion(0x8000, MemoryRegion.aliasOf("win", space, 0x40, 0x10));
  const as = new AddressSpace("memory", root);
  t.equal(as.readUint(0x100, 2), 0x3344n, "higher priority wins");
  t.equal(as.readUint(0x180, 1), 0x44n, "the lower one shows where the higher does not reach");
  log.length = 0;
  as.writeUint(0x100, 4, 0xaabbccddn);
  t.same(log, ["high w 0/2=ccdd", "high w 2/2=aabb"], "split to the region's 2-byte maximum");
  log.length = 0;
  as.readUint(0x8004, 4);
  t.same(log, ["dev r 4/4"], "alias forwards with its offset");
  t.equal(as.readUint(0x5000, 4), 0n, "unassigned reads 0");
  // Equal priorities: the region added last wins. A container winning with a hole lets a
  // lower-priority sibling decode the address.
  root.addSubregion(0x300, io("first", 0x10));
  root.addSubregion(0x300, io("second", 0x10));
  const holey = MemoryRegion.container("holey", 0x100);
  holey.addSubregion(0, io("inner", 0x10));
  root.addSubregion(0x400, io("under", 0x100));
  root.addSubregion(0x400, holey, 2);
  log.length = 0;
  as.readUint(0x300, 1);
  as.readUint(0x404, 1);
  as.readUint(0x480, 1);
  t.same(
    log,
    ["second r 0/1", "inner r 4/1", "under r 128/1"],
    "last added among equals; holes fall through",
  );
  as.writeUint(0x1ffe, 4, 0x01020304n);
  t.equal(ram.buf.readUInt16LE(0xffe), 0x0304, "RAM write clipped at its end");
  t.equal(ram.view(0x1ffe, 4), undefined, "views never leave RAM");
  t.equal(ram.view(2 ** 60, 4), undefined);
  t.match(
    as.mtree(),
    /0000000000008000-000000000000800f \(prio 0, i\/o\): alias win @space 0000000000000040-000000000000004f/,
  );
  t.end();
});
