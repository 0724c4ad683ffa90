// The QMP protocol layer in-process: JSON split across and within chunks, strings holding
// brackets, bad JSON, the reply format QEMU writes, and the chardev specs.
import t from "tap";
import { registerBuiltinMonitorCommands } from "../../monitor/builtin-commands";
import { registerQmpCommand } from "../../monitor/commands";
import { QemuError } from "../../monitor/error";
import { JsonStreamSplitter, qmpStringify } from "../../monitor/json";
import { QmpSession } from "../../monitor/qmp";
import { parseChardevSpec } from "../../monitor/server";

registerBuiltinMonitorCommands();
registerQmpCommand(
  "x-test-echo",
  { args: { s: { type: "str" }, n: { type: "int", optional: true } } },
  (a) => ({
    s: a.s,
    n: a.n ?? null,
  }),
);
registerQmpCommand("x-test-fail", { args: {} }, () => {
  throw new QemuError("it failed", "DeviceNotFound");
});
registerQmpCommand("x-test-bug", { args: {} }, () => {
  throw new TypeError("oops");
});

t.test("QEMU's JSON spacing", (t) => {
  t.equal(qmpStringify({ return: {}, id: 1 }), '{"return": {}, "id": 1}');
  t.equal(
    qmpStringify({ a: [1, "x", true, null], b: { c: [] } }),
    '{"a": [1, "x", true, null], "b": {"c": []}}',
  );
  t.end();
});

t.test("splitter: several per chunk, one over many chunks, brackets in strings", (t) => {
  const s = new JsonStreamSplitter();
  t.same(s.feed('{"a":1}{"b":[2,{"c":"}]"}]}\n{"d"'), ['{"a":1}', '{"b":[2,{"c":"}]"}]}']);
  t.same(s.feed(': "x\\"}"'), []);
  t.same(s.feed("}  "), ['{"d": "x\\"}"}']);
  t.same(s.feed("garbage {}"), ["garbage", "{}"]);
  t.end();
});

async function session() {
  const out: string[] = [];
  const s = new QmpSession((text) => out.push(text));
  const replies = async (input: string) => {
    const before = out.length;
    s.feed(input);
    await s.idle();
    return out.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
  };
  return { s, out, replies };
}

t.test("session: greeting with CRLF, negotiation, commands split over chunks", async (t) => {
  const { s, out, replies } = await session();
  t.match(
    out[0],
    /^\{"QMP": \{"version": \{"qemu": \{"major": 0, "minor": 1, "micro": 0\}, "package": "qemu-e2k"\}, "capabilities": \["oob"\]\}\}\r\n$/,
  );
  t.same(await replies('{"execute":"qmp_capabilities","arguments":{"enable":["oob"]}}'), [
    { error: { class: "GenericError", desc: "Capability 'oob' not available" } },
  ]);
  t.same(await replies('{"execute":"qmp_capa'), []);
  t.same(await replies('bilities"}{"execute":"x-test-echo","arguments":{"s":"{["},"id":"a"}'), [
    { return: {} },
    { return: { s: "{[", n: null }, id: "a" },
  ]);
  t.same(await replies('{"execute":"x-test-echo","arguments":{"s":1}}'), [
    { error: { class: "GenericError", desc: "Invalid parameter type for 's', expected: string" } },
  ]);
  t.same(await replies('{"execute":"x-test-echo","arguments":{"s":"a","n":1.5}}'), [
    { error: { class: "GenericError", desc: "Invalid parameter type for 'n', expected: integer" } },
  ]);
  t.same(await replies('{"execute":"x-test-fail","id":3}'), [
    { error: { class: "DeviceNotFound", desc: "it failed" }, id: 3 },
  ]);
  t.same(await replies('{"execute":"x-test-bug"}'), [
    { error: { class: "GenericError", desc: "internal error: oops" } },
  ]);
  t.same(await replies('{"execute":"x-test-echo","arguments":[1]}'), [
    { error: { class: "GenericError", desc: "QMP input member 'arguments' must be an object" } },
  ]);
  t.same(await replies('{"execute":5}'), [
    { error: { class: "GenericError", desc: "QMP input member 'execute' must be a string" } },
  ]);
  t.same(await replies('{"arguments":{}}'), [
    { error: { class: "GenericError", desc: "QMP input lacks member 'execute'" } },
  ]);
  t.same(await replies("{bad json}"), [
    { error: { class: "GenericError", desc: "JSON parse error, invalid token" } },
  ]);
  t.same(await replies('{"execute":"set_link","arguments":{"name":"nope","up":true}}'), [
    { error: { class: "DeviceNotFound", desc: "Device 'nope' not found" } },
  ]);
  const cmds = (await replies('{"execute":"query-commands"}'))[0]?.return as { name: string }[];
  for (const n of [
    "qmp_capabilities",
    "quit",
    "netdev_add",
    "netdev_del",
    "human-monitor-command",
    "query-status",
  ]) {
    t.ok(
      cmds.some((c) => c.name === n),
      n,
    );
  }
  // As in QEMU, the event is emitted while the command runs, before its reply.
  t.match(await replies('{"execute":"stop"}'), [
    { event: "STOP", timestamp: { seconds: Number } },
    { return: {} },
  ]);
  t.same(await replies('{"execute":"query-status"}'), [
    { return: { status: "paused", singlestep: false, running: false } },
  ]);
  await replies('{"execute":"cont"}');
  t.same(await replies('{"execute":"query-status"}'), [
    { return: { status: "running", singlestep: false, running: true } },
  ]);
  s.close();
});

t.test("chardev specs", (t) => {
  t.same(parseChardevSpec("stdio"), { kind: "stdio" });
  t.same(parseChardevSpec("unix:/tmp/a,,b,server=on,wait=off"), {
    kind: "unix",
    path: "/tmp/a,b",
    server: true,
    wait: false,
  });
  t.same(parseChardevSpec("unix:/tmp/q,server"), { kind: "unix", path: "/tmp/q", server: true, wait: true });
  t.same(parseChardevSpec("tcp:127.0.0.1:4444,server=on,nowait"), {
    kind: "tcp",
    host: "127.0.0.1",
    port: 4444,
    server: true,
    wait: false,
  });
  t.same(parseChardevSpec("unix:/tmp/q"), { kind: "unix", path: "/tmp/q", server: false, wait: false });
  t.throws(() => parseChardevSpec("foo:bar"), { message: "'foo' is not a valid char driver" });
  t.throws(() => parseChardevSpec("unix:/tmp/q,wait=off"), {
    message: "'wait' option is incompatible with socket in client connect mode",
  });
  t.throws(() => parseChardevSpec("tcp:4444,server=on"), {
    message: "host address '4444' doesn't contain ':' separating host from port",
  });
  t.throws(() => parseChardevSpec("unix:/tmp/q,server=maybe"), {
    message: "Parameter 'server' expects 'on' or 'off'",
  });
  t.end();
});

// Whatever a client sends, the session answers with JSON and never throws: 3000 inputs
// from a fixed seed, built from JSON fragments and random bytes.
t.test("random input: every answer is a JSON object, no exception escapes", async (t) => {
  let seed = 0x2e8adb4;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
  const parts = [
    "{",
    "}",
    "[",
    "]",
    '"execute"',
    ":",
    ",",
    '"arguments"',
    '"id"',
    '"qmp_capabilities"',
    '"query-status"',
    '"netdev_del"',
    '"\\u0000"',
    "1e999",
    "null",
    " ",
    "\n",
    '"\\"',
    "true",
  ];
  const out: string[] = [];
  const s = new QmpSession((text) => out.push(text));
  for (let i = 0; i < 3000; i++) {
    let text = "";
    const n = 1 + rnd(12);
    for (let j = 0; j < n; j++)
      text += rnd(4) === 0 ? String.fromCharCode(rnd(256)) : (parts[rnd(parts.length)] as string);
    s.feed(text);
  }
  s.feed("}}}]]]\n");
  await s.idle();
  t.ok(out.length > 1, `${out.length} answers`);
  t.ok(
    out.every((l) => l.endsWith("\r\n") && typeof JSON.parse(l) === "object"),
    "every line is a JSON object",
  );
  s.close();
});
