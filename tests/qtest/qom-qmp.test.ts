// qom-list / qom-get / qom-set / qom-list-types over a real QMP socket (libqtest's launch),
// their HMP forms, the -M none tree, and QEMU's path resolution (absolute, partial,
// ambiguous) on a tree built in-process.
import t from "tap";
import path from "node:path";
import { Container } from "../../qom/object";
import { resolveQomPath } from "../../qom/qom-path";
import { qtestInit } from "./libqos/launch";
import { QmpClient as NetQmpClient, tempDir } from "../net/qemu-ref";
import { startEmulator, withTimeout } from "../monitor/emulator";

t.test("qom-list, qom-get, qom-set, qom-list-types on the virt machine", async (t) => {
  const q = await qtestInit([
    "-netdev",
    "hubport,id=n0,hubid=0",
    "-netdev",
    "hubport,id=n1,hubid=0",
    "-device",
    "virtio-net-pci,netdev=n0,id=net0,mac=52:54:00:12:34:56,addr=03.0",
    "-device",
    "virtio-net-pci,netdev=n1",
  ]);
  t.teardown(() => q.quit());

  const machine = (await q.qmp.cmd("qom-list", { path: "/machine" })) as { name: string; type: string }[];
  t.same(
    machine.filter((p) => ["type", "peripheral", "peripheral-anon", "gpex-pcihost"].includes(p.name)),
    [
      { name: "type", type: "string" },
      { name: "peripheral", type: "child<container>" },
      { name: "peripheral-anon", type: "child<container>" },
      { name: "gpex-pcihost", type: "child<gpex-pcihost>" },
    ],
  );
  t.same(await q.qmp.cmd("qom-list", { path: "/machine/peripheral" }), [
    { name: "type", type: "string" },
    { name: "net0", type: "child<virtio-net-pci>" },
  ]);
  const nicProps = (await q.qmp.cmd("qom-list", { path: "/machine/peripheral/net0" })) as {
    name: string;
    type: string;
  }[];
  t.match(nicProps, [{ name: "type", type: "string" }]);
  t.ok(nicProps.some((p) => p.name === "realized" && p.type === "bool"));
  t.ok(nicProps.some((p) => p.name === "addr" && p.type === "int32"));
  t.ok(nicProps.some((p) => p.name === "mac" && p.type === "str"));

  const get = (p: string, property: string) => q.qmp.execute("qom-get", { path: p, property });
  t.same(await get("/machine/peripheral/net0", "type"), { return: "virtio-net-pci" });
  t.same(await get("/machine/peripheral/net0", "mac"), { return: "52:54:00:12:34:56" });
  t.same(await get("/machine/peripheral/net0", "addr"), { return: 0x18 }, "addr reads as devfn");
  t.same(await get("/machine/peripheral/net0", "realized"), { return: true });
  t.same(await get("/machine/peripheral/net0", "netdev"), { return: "n0" });
  t.same(await get("/machine", "peripheral-anon"), { return: "/machine/peripheral-anon" });
  t.same(await get("/machine/peripheral-anon/device[0]", "type"), { return: "virtio-net-pci" });
  t.same(await get("/machine/", "type"), { return: "virt-machine" }, "empty path parts are skipped");
  t.same(await get("net0", "type"), { return: "virtio-net-pci" }, "partial path");
  t.same(await get("/", "machine"), { return: "/machine" });
  t.same(await get("/machine/nope", "type"), {
    error: { class: "DeviceNotFound", desc: "Device '/machine/nope' not found" },
  });
  t.same(await get("/machine/peripheral/net0", "nope"), {
    error: { class: "GenericError", desc: "Property 'virtio-net-pci.nope' not found" },
  });
  t.same(await q.qmp.execute("qom-list", { path: "nope" }), {
    error: { class: "DeviceNotFound", desc: "Device 'nope' not found" },
  });
  t.same(await q.qmp.execute("qom-get", { path: "/machine" }), {
    error: { class: "GenericError", desc: "Parameter 'property' is missing" },
  });

  const set = (p: string, property: string, value: unknown) =>
    q.qmp.execute("qom-set", { path: p, property, value });
  t.same(await set("/machine/peripheral/net0", "mac", "52:54:00:00:00:01"), {
    error: {
      class: "GenericError",
      desc: "Attempt to set property 'mac' on device 'net0' (type 'virtio-net-pci') after it was realized",
    },
  });
  t.same(await set("/machine/peripheral-anon/device[0]", "mac", "52:54:00:00:00:01"), {
    error: {
      class: "GenericError",
      desc: "Attempt to set property 'mac' on anonymous device (type 'virtio-net-pci') after it was realized",
    },
  });
  t.same(await set("/machine", "type", "x"), {
    error: { class: "GenericError", desc: "Insufficient permission to perform this operation" },
  });
  t.same(await set("/machine/peripheral/net0", "realized", true), { return: {} }, "no change is a no-op");
  t.same(await set("/nope", "x", 1), {
    error: { class: "DeviceNotFound", desc: "Device '/nope' not found" },
  });
  t.same(await get("/machine/peripheral/net0", "mac"), { return: "52:54:00:12:34:56" }, "unchanged");

  const types = (await q.qmp.cmd("qom-list-types")) as {
    name: string;
    parent?: string;
    abstract?: boolean;
  }[];
  t.ok(types.some((x) => x.name === "virtio-net-pci" && x.parent === "virtio-pci" && !("abstract" in x)));
  t.notOk(
    types.some((x) => x.abstract),
    "abstract types only when asked",
  );
  const all = (await q.qmp.cmd("qom-list-types", { abstract: true })) as {
    name: string;
    abstract?: boolean;
  }[];
  t.ok(all.some((x) => x.name === "pci-device" && x.abstract === true));
  const pci = (await q.qmp.cmd("qom-list-types", { implements: "pci-device", abstract: true })) as {
    name: string;
  }[];
  t.ok(pci.some((x) => x.name === "virtio-net-pci"));
  t.notOk(
    pci.some((x) => x.name === "gpex-pcihost"),
    "gpex-pcihost is not a PCI function",
  );
  t.same(await q.qmp.cmd("qom-list-types", { implements: "no-such-type" }), []);

  t.equal(await q.qmp.hmp("qom-list"), "/\r\n");
  t.equal(
    await q.qmp.hmp("qom-list /machine/peripheral"),
    "type (string)\r\nnet0 (child<virtio-net-pci>)\r\n",
  );
  t.equal(await q.qmp.hmp("qom-get /machine/peripheral/net0 mac"), '"52:54:00:12:34:56"\r\n');
  t.equal(await q.qmp.hmp("qom-get /machine/peripheral/net0 realized"), "true\r\n");
  t.equal(await q.qmp.hmp("qom-get /machine/x type"), "Error: Device '/machine/x' not found\r\n");
  t.equal(
    await q.qmp.hmp("qom-set /machine/peripheral/net0 mac 52:54:00:00:00:02"),
    "Error: Attempt to set property 'mac' on device 'net0' (type 'virtio-net-pci') after it was realized\r\n",
  );
});

t.test("-M none: an empty /machine", async (t) => {
  const dir = tempDir("e2k-qom-");
  const qmpPath = path.join(dir, "q.sock");
  const emu = startEmulator(["-M", "none", "-qmp", `unix:${qmpPath},server=on,wait=off`]);
  const held: { qmp?: NetQmpClient } = {};
  t.teardown(() => {
    held.qmp?.close();
    emu.kill();
  });
  const qmp = await NetQmpClient.connect(qmpPath, 60000);
  held.qmp = qmp;
  await qmp.greeting;
  await qmp.cmd("qmp_capabilities");
  t.same(await qmp.cmd("qom-list", { path: "/machine" }), { return: [{ name: "type", type: "string" }] });
  t.same(await qmp.cmd("qom-get", { path: "/machine", property: "type" }), { return: "none-machine" });
  t.same(await qmp.cmd("qom-list", { path: "/machine/peripheral" }), {
    error: { class: "DeviceNotFound", desc: "Device '/machine/peripheral' not found" },
  });
  t.same(await qmp.cmd("quit"), { return: {} });
  t.same(await withTimeout(emu.exited, 20000, "exit after quit"), { code: 0, signal: null });
});

t.test("path resolution: absolute, partial, ambiguous", async (t) => {
  const root = new Container();
  const a = new Container();
  const b = new Container();
  const leaf1 = new Container();
  const leaf2 = new Container();
  root.addChild("a", a);
  root.addChild("b", b);
  a.addChild("leaf", leaf1);
  b.addChild("leaf", leaf2);
  b.addChild("only", new Container());
  t.equal(resolveQomPath(root, "/").obj, root);
  t.equal(resolveQomPath(root, "/a//leaf").obj, leaf1);
  t.equal(resolveQomPath(root, "a/leaf").obj, leaf1);
  t.same(resolveQomPath(root, "leaf"), { obj: undefined, ambiguous: true });
  t.same(resolveQomPath(root, "/leaf"), { obj: undefined, ambiguous: false });
  t.equal(resolveQomPath(root, "only").obj, b.children.get("only"));
  t.same(resolveQomPath(root, "none"), { obj: undefined, ambiguous: false });
});
