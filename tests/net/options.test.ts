import t from "tap";
import "../../net/netdevs";
import { allNetClients } from "../../net/net";
import { netdevAdd, netdevAddFromText, netdevDel } from "../../net/netdev";
import { parseInt as parseIntOpt, splitSuboptions } from "../../net/options";
import { formatInfoNetwork } from "../../net/info";

t.test("suboption syntax: implied type, ',,' escapes, bare words, help", (t) => {
  t.same(splitSuboptions("socket,id=a,listen=:1", "type"), [
    ["type", "socket"],
    ["id", "a"],
    ["listen", ":1"],
  ]);
  t.same(splitSuboptions("tap,id=t,ifname=a,,b,script=no", "type"), [
    ["type", "tap"],
    ["id", "t"],
    ["ifname", "a,b"],
    ["script", "no"],
  ]);
  t.same(splitSuboptions("x,,y,id=a", "type"), [
    ["type", "x,y"],
    ["id", "a"],
  ]);
  t.same(splitSuboptions("a=,b=,,,,", "type"), [
    ["a", ""],
    ["b", ",,"],
  ]);
  t.same(splitSuboptions("help", "type"), [["help", "on"]]);
  t.same(splitSuboptions("stream,?", "type"), [
    ["type", "stream"],
    ["help", "on"],
  ]);
  t.same(splitSuboptions("hubport,noflag,flag", "type"), [
    ["type", "hubport"],
    ["flag", "off"],
    ["flag", "on"],
  ]);
  t.end();
});

t.test("integers: base prefixes and ranges", (t) => {
  t.equal(parseIntOpt("x", "0x10", "int32"), 16);
  t.equal(parseIntOpt("x", "010", "int32"), 8);
  t.equal(parseIntOpt("x", "-5", "int32"), -5);
  t.throws(() => parseIntOpt("hubid", "abc", "int32"), {
    message: "Parameter 'hubid' expects an int64 value",
  });
  t.throws(() => parseIntOpt("hubid", "99999999999", "int32"), {
    message: "Parameter 'hubid' expects int32_t",
  });
  t.throws(() => parseIntOpt("q", "-1", "uint32"), { message: "Parameter 'q' expects uint32_t" });
  t.end();
});

// Every error text here is what Debian's QEMU 7.2 prints for the same -netdev argument.
const CLI_ERRORS: [string, string][] = [
  ["socket,id=a,foo=1", "Invalid parameter 'foo'"],
  ["socket", "Parameter 'id' is missing"],
  ["socket,id=a,listen=:1,connect=:2", "exactly one of listen=, connect=, mcast= or udp= is required"],
  ["socket,id=a,listen=x", "host address 'x' doesn't contain ':' separating host from port"],
  ["socket,id=a,udp=127.0.0.1:5000", "localaddr= is mandatory with udp="],
  [
    "socket,id=a,mcast=127.0.0.1:5000",
    "specified mcastaddr 127.0.0.1 (0x7f000001) does not contain a multicast address",
  ],
  ["socket,id=a,fd=abc", "Invalid file descriptor number 'abc'"],
  ["tap,id=x,vhost=maybe", "Parameter 'vhost' expects 'on' or 'off'"],
  [
    "tap,id=t0,fd=1,ifname=x",
    "ifname=, script=, downscript=, vnet_hdr=, helper=, queues=, fds=, and vhostfds= are invalid with fd=",
  ],
  ["stream,id=s", "Parameter 'addr' is missing"],
  ["stream,id=s,addr.type=inet", "Parameter 'addr.host' is missing"],
  ["stream,id=s,server=on,addr.type=foo", "Parameter 'type' does not accept value 'foo'"],
  ["stream,id=s,addr.type=unix,addr.path=/tmp/x,addr.host=a", "Parameter 'addr.host' is unexpected"],
  ["bogus,id=x", "Parameter 'type' does not accept value 'bogus'"],
  ["vde,id=x", "network backend 'vde' is not compiled into this binary"],
  ["hubport,id=h", "Parameter 'hubid' is missing"],
  ["hubport,id=h,hubid=abc", "Parameter 'hubid' expects an int64 value"],
  ["hubport,id=h,hubid=99999999999", "Parameter 'hubid' expects int32_t"],
  ["hubport,id=h,hubid=1,netdev=zz", "netdev 'zz' not found"],
  ["dgram,id=d", "dgram requires local= parameter"],
  [
    "dgram,id=d,local.type=inet,local.host=127.0.0.1,local.port=5900",
    "type=inet or type=unix requires remote parameter",
  ],
  [
    "dgram,id=d,local.type=fd,local.str=3,remote.type=inet,remote.host=127.0.0.1,remote.port=5000",
    "don't set remote with local.fd",
  ],
  [
    "dgram,id=d,local.type=unix,local.path=/tmp/a,remote.type=inet,remote.host=127.0.0.1,remote.port=5000",
    "remote and local types must be the same",
  ],
  [
    "socket,id=1a,listen=:5555",
    "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.",
  ],
];

for (const [text, message] of CLI_ERRORS) {
  t.test(`-netdev ${text}`, async (t) => {
    await t.rejects(netdevAddFromText(text), { message });
    t.equal(allNetClients().length, 0, "nothing left behind");
  });
}

t.test("QMP wording differs where QEMU's does", async (t) => {
  await t.rejects(
    netdevAdd(
      [
        ["type", "hubport"],
        ["id", "h2"],
        ["hubid", 1],
        ["zz", 2],
      ],
      { source: "qmp" },
    ),
    {
      message: "Parameter 'zz' is unexpected",
    },
  );
  await t.rejects(
    netdevAdd(
      [
        ["type", "hubport"],
        ["id", "h2"],
        ["hubid", "x"],
      ],
      { source: "qmp" },
    ),
    {
      message: "Invalid parameter type for 'hubid', expected: integer",
    },
  );
  await t.rejects(netdevAddFromText('{"type":"socket","id":"x","listen":5557}'), {
    message: "Invalid parameter type for 'listen', expected: string",
  });
  await netdevAdd(
    [
      ["type", "hubport"],
      ["id", "h1"],
      ["hubid", 1],
    ],
    { source: "qmp" },
  );
  await t.rejects(
    netdevAdd(
      [
        ["type", "hubport"],
        ["id", "h1"],
        ["hubid", 1],
      ],
      { source: "qmp" },
    ),
    {
      message: "Duplicate ID 'h1'",
    },
  );
  await t.rejects(netdevAddFromText("hubport,id=h1,hubid=2"), { message: "Duplicate ID 'h1' for netdev" });
  t.throws(() => netdevDel("zz"), { message: "Device 'zz' not found", errorClass: "DeviceNotFound" });
  netdevDel("h1");
  t.throws(() => netdevDel("h1"), { message: "Device 'h1' not found" });
});

t.test("help texts", async (t) => {
  const all = await netdevAddFromText("help");
  t.equal(all.kind, "help");
  if (all.kind === "help") {
    t.match(all.text, /^Available netdev backend types:\n/);
    for (const ty of ["socket", "stream", "dgram", "hubport", "tap", "af-xdp"])
      t.match(all.text, `\n${ty}\n`);
  }
  const one = await netdevAddFromText("socket,help");
  t.equal(one.kind, "help");
  if (one.kind === "help") t.match(one.text, "socket options:\n  fd=<str>");
});

t.test("JSON form and info network of a created hub port", async (t) => {
  await netdevAddFromText('{"type":"hubport","id":"j0","hubid":4}');
  t.equal(formatInfoNetwork(), "hub 4\n \\ j0\n");
  netdevDel("j0");
  t.equal(formatInfoNetwork(), "");
});
