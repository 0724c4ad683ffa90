// -netdev dgram,local.type=fd with an inherited UDP socket, in the emulator binary: a small
// Python launcher opens the socket (bound, connected to the test's endpoint), marks it
// inheritable and execs qemu-e2k with its number. A hub joins it to a UDP socket netdev;
// frames must cross exactly both ways. A stream socket given as the fd is refused.
import t from "tap";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { QmpClient, freePort, tempDir, udpEndpoint, waitUntil } from "./qemu-ref";
import { frame } from "./test-client";
import { withTimeout } from "../monitor/emulator";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

// argv: KIND(udp|tcp) LOCALPORT PEERPORT then the emulator's argv, where "{fd}" stands for
// the socket's number.
const LAUNCH = String.raw`
import os, socket, sys
kind, lport, pport = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM)
s.bind(("127.0.0.1", lport))
if kind == "udp":
    s.connect(("127.0.0.1", pport))
os.set_inheritable(s.fileno(), True)
argv = [a.replace("{fd}", str(s.fileno())) for a in sys.argv[4:]]
os.execvp(argv[0], argv)
`;

function launch(kind: "udp" | "tcp", lport: number, pport: number, args: string[]) {
  const proc = spawn(
    "python3",
    [
      "-c",
      LAUNCH,
      kind,
      String(lport),
      String(pport),
      process.execPath,
      "--import",
      "tsx",
      path.join(ROOT, "system", "main.ts"),
      ...args,
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let err = "";
  proc.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    proc.once("exit", (code, signal) => r({ code, signal })),
  );
  return { proc, exited, err: () => err };
}

t.test("a connected UDP socket as local.type=fd, relayed through a hub", async (t) => {
  const dir = tempDir("e2k-dgfd-");
  const [tA, oA, tB, oB] = [
    await freePort("udp"),
    await freePort("udp"),
    await freePort("udp"),
    await freePort("udp"),
  ];
  const a = await udpEndpoint(tA);
  const b = await udpEndpoint(tB);
  const qmpPath = path.join(dir, "q.sock");
  const emu = launch("udp", oA, tA, [
    "-M",
    "none",
    "-qmp",
    `unix:${qmpPath},server=on,wait=off`,
    "-netdev",
    "dgram,id=d0,local.type=fd,local.str={fd}",
    "-netdev",
    `socket,id=u0,udp=127.0.0.1:${tB},localaddr=127.0.0.1:${oB}`,
    "-netdev",
    "hubport,id=p0,hubid=0,netdev=d0",
    "-netdev",
    "hubport,id=p1,hubid=0,netdev=u0",
  ]);
  const held: { qmp?: QmpClient } = {};
  t.teardown(() => {
    held.qmp?.close();
    if (emu.proc.exitCode === null) emu.proc.kill("SIGKILL");
    a.close();
    b.close();
  });
  const qmp = await QmpClient.connect(qmpPath, 60000);
  held.qmp = qmp;
  await qmp.greeting;
  await qmp.cmd("qmp_capabilities");
  t.match(await qmp.hmp("info network"), /\\ p0: d0: index=0,type=dgram,fd=\d+ inet\r\n/);

  const ab = [60, 590, 1514, 9014].map((n, i) => frame(10 + i, n));
  for (const f of ab) await a.send(f, oA);
  await waitUntil("frames at B", () => b.got.length >= ab.length);
  t.same(
    b.got.map((x) => x.toString("hex")),
    ab.map((x) => x.toString("hex")),
    "A -> fd -> hub -> B exact",
  );
  const ba = [64, 1000, 4000].map((n, i) => frame(20 + i, n));
  for (const f of ba) await b.send(f, oB);
  await waitUntil("frames at A", () => a.got.length >= ba.length);
  t.same(
    a.got.map((x) => x.toString("hex")),
    ba.map((x) => x.toString("hex")),
    "B -> hub -> fd -> A exact",
  );
  t.same(await qmp.cmd("quit"), { return: {} });
  t.same(await withTimeout(emu.exited, 20000, "exit after quit"), { code: 0, signal: null });
});

t.test("a stream socket as local.type=fd is refused", async (t) => {
  const port = await freePort("tcp");
  const emu = launch("tcp", port, 0, ["-M", "none", "-netdev", "dgram,id=d0,local.type=fd,local.str={fd}"]);
  t.teardown(() => {
    if (emu.proc.exitCode === null) emu.proc.kill("SIGKILL");
  });
  t.same(await withTimeout(emu.exited, 30000, "exit"), { code: 1, signal: null });
  t.match(
    emu.err(),
    /qemu-e2k: -netdev dgram,id=d0,local.type=fd,local.str=\d+: d0: Can't use file descriptor \d+: Protocol wrong type for socket/,
  );
});
