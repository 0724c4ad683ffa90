// -netdev dgram,id=ID,local.type=inet,local.host=H,local.port=P,remote.type=inet,… (QEMU's
// net/dgram.c): one frame per UDP datagram. A multicast remote joins the group (local is
// then optional); a unicast remote needs a local address. Unix datagram sockets and
// local.type=fd are validated as QEMU does but not available (Node has no AF_UNIX
// datagram sockets), and say so.

import { QemuError } from "../monitor/error";
import { registerNetdevType } from "./netdev";
import type { NetdevOptions, OptionSchema } from "./options";
import { socketAddressFrom, socketAddressSpecs } from "./socket-address";
import { UdpLinkClient, isMulticastIPv4 } from "./udp-link";

const schema: OptionSchema = {
  type: "dgram",
  options: [...socketAddressSpecs("local", false), ...socketAddressSpecs("remote", false)],
};

export async function createDgram(opts: NetdevOptions): Promise<UdpLinkClient[]> {
  const local = socketAddressFrom(opts.group("local"), "local");
  const remote = socketAddressFrom(opts.group("remote"), "remote");
  const remoteIsMcast = remote?.type === "inet" && isMulticastIPv4(remote.host);
  if (!local && !remoteIsMcast) throw new QemuError("dgram requires local= parameter");
  if (local?.type === "fd") {
    if (remote) throw new QemuError("don't set remote with local.fd");
    throw new QemuError("dgram: local.type=fd is not supported by this build");
  }
  if (local && remote && local.type !== remote.type)
    throw new QemuError("remote and local types must be the same");
  if (local && !remote) throw new QemuError("type=inet or type=unix requires remote parameter");
  if (local?.type === "unix" || remote?.type === "unix") {
    throw new QemuError("dgram: unix datagram sockets are not supported by this build");
  }
  if (!remote || remote.type !== "inet") throw new QemuError("dgram requires local= parameter");
  const localInet = local?.type === "inet" ? { host: local.host, port: local.port } : undefined;
  const nc = new UdpLinkClient("dgram", opts.id, {
    local: localInet,
    remote: { host: remote.host, port: remote.port },
    multicast: remoteIsMcast,
  });
  try {
    await nc.open();
  } catch (e) {
    nc.runCleanup();
    nc.runFree();
    throw e;
  }
  nc.infoStr = remoteIsMcast
    ? `mcast=${remote.host}:${remote.port}`
    : `udp=${localInet?.host}:${localInet?.port}/${remote.host}:${remote.port}`;
  return [nc];
}

registerNetdevType({ type: "dgram", schema, create: createDgram });
