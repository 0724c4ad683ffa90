// QMP with a real JSON client over the monitor socket: query-pci, info pci, info mtree,
// info network, device_add/device_del with DEVICE_DELETED, and error texts.
import t from "tap";
import { qtestInit } from "./libqos/launch";
import { QPCIBus } from "./libqos/pci";

t.test("query-pci, info pci, info mtree, info network, hotplug", async (t) => {
  const q = await qtestInit([
    "-m",
    "256M",
    "-netdev",
    "hubport,id=n0,hubid=0",
    "-device",
    "virtio-net-pci,netdev=n0,id=net0,mac=52:54:00:12:34:56",
  ]);
  t.teardown(() => q.quit());

  const pci = (await q.qmp.cmd("query-pci")) as {
    bus: number;
    devices: {
      slot: number;
      id: { vendor: number; device: number };
      class_info: { desc?: string };
      qdev_id: string;
      regions: { bar: number; address: number; size: number; mem_type_64?: boolean }[];
    }[];
  }[];
  t.equal(pci.length, 1);
  const [root, nic] = pci[0]!.devices;
  t.match(root, { slot: 0, id: { vendor: 0x1b36, device: 0x0008 }, class_info: { desc: "Host bridge" } });
  t.match(nic, {
    slot: 1,
    id: { vendor: 0x1af4, device: 0x1041 },
    qdev_id: "net0",
    class_info: { desc: "Ethernet controller" },
  });
  t.same(
    nic!.regions.map((r) => [r.bar, r.address, r.size]),
    [
      [1, -1, 0x1000],
      [4, -1, 0x4000],
    ],
    "BARs unassigned until the guest programs them",
  );

  // Program BAR4 through ECAM, as a guest would; query-pci shows the address.
  const dev = (await new QPCIBus(q.qts).find(0x1af4, 0x1041))!;
  await dev.iomap(4);
  await dev.enable();
  const info = await q.qmp.hmp("info pci");
  t.match(info, /Bus {2}0, device {3}1, function 0:\r?\n {4}Ethernet controller: PCI device 1af4:1041\r?\n/);
  t.match(info, /BAR4: 64 bit prefetchable memory at 0x10000000 \[0x10003fff\]\./);
  t.match(info, /id "net0"/);

  const mtree = await q.qmp.hmp("info mtree");
  t.match(mtree, /address-space: memory/);
  t.match(mtree, /0000000040000000-000000004fffffff \(prio 0, ram\): mach-virt\.ram/, "-m 256M");
  t.match(mtree, /000000003f000000-000000003fffffff \(prio 0, i\/o\): pcie-ecam/);
  t.match(mtree, /0000000010000000-000000003efeffff \(prio 0, i\/o\): alias pcie-mmio-window @pcie-mmio/);
  t.match(mtree, /000000003eff0000-000000003effffff \(prio 0, i\/o\): alias pcie-pio-window @pcie-pio/);
  t.match(
    mtree,
    /memory-region: pcie-mmio\r?\n.*\r?\n +0000000010000000-0000000010003fff \(prio 1, i\/o\): virtio-pci/,
  );

  // A NIC behind a hub port is printed under its hub, as QEMU's net_hub_info does.
  const net = await q.qmp.hmp("info network");
  t.match(
    net,
    /^hub 0\r?\n \\ n0: net0: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:12:34:56\r?\n/,
  );

  // system_reset: BARs unassigned again, RESET event.
  await q.qmp.cmd("system_reset");
  const reset = (await q.qmp.cmd("query-pci")) as { devices: { regions: { address: number }[] }[] }[];
  t.same(
    reset[0]!.devices[1]!.regions.map((r) => r.address),
    [-1, -1],
    "BARs unassigned after system_reset",
  );
  t.match(
    q.qmp.events.find((e) => e.event === "RESET"),
    { data: { guest: false, reason: "host-qmp-system-reset" } },
  );

  // Hotplug a second NIC, then unplug it.
  await q.qmp.cmd("netdev_add", { type: "hubport", id: "n1", hubid: 1 });
  await q.qmp.cmd("device_add", { driver: "virtio-net-pci", id: "net1", netdev: "n1", addr: "3" });
  const after = (await q.qmp.cmd("query-pci")) as { devices: { slot: number; qdev_id: string }[] }[];
  t.same(
    after[0]!.devices.map((d) => [d.slot, d.qdev_id]),
    [
      [0, ""],
      [1, "net0"],
      [3, "net1"],
    ],
  );
  const dup = await q.qmp.execute("device_add", { driver: "virtio-net-pci", id: "net1" });
  t.same(dup.error, { class: "GenericError", desc: "Duplicate device ID 'net1'" });
  const bad = await q.qmp.execute("device_add", { driver: "virtio-net-pci", netdev: "nope" });
  t.equal(bad.error?.desc, "Property 'virtio-net-pci.netdev' can't find value 'nope'");
  const inuse = await q.qmp.execute("device_add", { driver: "virtio-net-pci", netdev: "n0" });
  t.equal(inuse.error?.desc, "Property 'virtio-net-pci.netdev' can't take value 'n0', it's in use");
  const badProp = await q.qmp.execute("device_add", { driver: "virtio-net-pci", foo: "1" });
  t.equal(badProp.error?.desc, "Property 'virtio-net-pci.foo' not found");
  const badDrv = await q.qmp.execute("device_add", { driver: "e1000" });
  t.equal(badDrv.error?.desc, "'e1000' is not a valid device model name");

  await q.qmp.cmd("device_del", { id: "net1" });
  const deadline = Date.now() + 2000;
  while (
    !q.qmp.events.some((e) => e.event === "DEVICE_DELETED" && e.data?.device === "net1") &&
    Date.now() < deadline
  )
    await new Promise((r) => setTimeout(r, 20));
  t.match(
    q.qmp.events.find((e) => e.event === "DEVICE_DELETED" && e.data?.device === "net1"),
    { data: { device: "net1", path: "/machine/peripheral/net1" } },
  );
  const gone = await q.qmp.execute("device_del", { id: "net1" });
  t.equal(gone.error?.desc, "Device 'net1' not found");
  t.notMatch(await q.qmp.hmp("info network"), /net1/);
});

t.test("command-line errors name the option", async (t) => {
  const { spawnSync } = await import("node:child_process");
  const { emulatorCommand } = await import("./libqos/launch");
  const { cmd, args } = emulatorCommand();
  const run = (...a: string[]): { code: number | null; err: string } => {
    const r = spawnSync(cmd, [...args, ...a], { encoding: "utf8", timeout: 20000 });
    return { code: r.status, err: r.stderr };
  };
  let r = run("-M", "virt", "-device", "virtio-net-pci,rx_queue_size=100");
  t.equal(r.code, 1);
  t.match(
    r.err,
    /-device virtio-net-pci,rx_queue_size=100: Property 'virtio-net-pci.rx_queue_size': Invalid size/,
  );
  r = run("-M", "virt", "-m", "lots");
  t.match(r.err, /-m lots: Parameter 'size' expects/);
  r = run("-M", "virt,accel=kvm");
  t.match(r.err, /invalid accelerator kvm/);
  r = run("-M", "virt,accel=qtest", "-qtest", "unix:/nonexistent/qtest.sock");
  t.match(r.err, /-qtest unix:\/nonexistent\/qtest.sock: Failed to connect to '\/nonexistent\/qtest.sock'/);
  r = run("-M", "none", "-device", "virtio-net-pci");
  t.match(r.err, /-device virtio-net-pci: No 'PCI' bus found for device 'virtio-net-pci'/);
  r = run("-M", "virt", "-device", "virtio-net-pci,addr=40");
  t.match(r.err, /Property 'virtio-net-pci.addr' doesn't take value '40'/);
});

t.test("-qtest stdio: protocol answers on stdout; end of input does not end the emulator", async (t) => {
  const { spawn } = await import("node:child_process");
  const { emulatorCommand } = await import("./libqos/launch");
  const { cmd, args } = emulatorCommand();
  const input = [
    "readl 0x3f000000",
    "readl 0x3f008000",
    "endianness",
    "frobnicate",
    "write 0x40000000 4 0x01020304",
    "read 0x40000000 4",
    "b64read 0x40000000 4",
    "readq 0xzz",
    "clock_step",
    "clock_step 100",
    "clock_set 50",
    "irq_intercept_in /machine/gpex-pcihost",
    "",
  ].join("\n");
  const proc = spawn(
    cmd,
    [
      ...args,
      "-M",
      "virt,accel=qtest",
      "-qtest",
      "stdio",
      "-qtest-log",
      "none",
      "-device",
      "virtio-net-pci",
      "-display",
      "none",
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  t.teardown(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
  });
  let out = "";
  let err = "";
  proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once("exit", (c) => r(c)));
  proc.stdin.end(input);
  const deadline = Date.now() + 30000;
  while (out.split("\n").length <= 12 && Date.now() < deadline && proc.exitCode === null)
    await new Promise((r) => setTimeout(r, 20));
  // QEMU keeps running after the qtest chardev hangs up; libqtest ends it with SIGTERM.
  await new Promise((r) => setTimeout(r, 300));
  t.equal(proc.exitCode, null, "still running after end of input");
  proc.kill("SIGTERM");
  t.equal(await exited, 0, "SIGTERM ends it with status 0, as qtest_quit expects");
  t.match(err, /terminating on signal 15/);
  const r = { stdout: out };
  t.same(r.stdout.trim().split("\n"), [
    "OK 0x0000000000081b36",
    "OK 0x0000000010411af4",
    "OK little",
    "FAIL Unknown command 'frobnicate'",
    "OK",
    "OK 0x01020304",
    "OK AQIDBA==",
    "FAIL invalid address '0xzz'",
    "FAIL cannot advance clock to the next deadline because there is no pending deadline",
    "OK 100",
    "FAIL 100",
    "FAIL No intercepts installed",
  ]);
});
