// -netdev dgram (QEMU's net/dgram.c): one frame per datagram.
//   local.type=inet,…,remote.type=inet,…   UDP unicast (Node's dgram, net/udp-link.ts)
//   remote.type=inet,remote.host=MCAST,…    UDP multicast; local (inet) is then optional
//   local.type=unix,local.path=P,remote.type=unix,remote.path=R
//                                           AF_UNIX datagrams (native, net/dgram-native.ts)
//   local.type=fd,local.str=N               an inherited datagram socket, connected (native)
// Validation order and texts follow QEMU. As in QEMU, abstract=/tight= of a unix address
// are accepted and ignored (the path is used as given).

import { QemuError } from "../monitor/error";
import { NativeDgramClient } from "./dgram-native";
import { resolveFd } from "./fd-param";
import type { NetClient } from "./net";
import { registerNetdevType } from "./netdev";
import type { NetdevOptions, OptionSchema } from "./options";
import { socketAddressFrom, socketAddressSpecs, type SocketAddress } from "./socket-address";
import { UdpLinkClient, isMulticastIPv4 } from "./udp-link";

const schema: OptionSchema = {
  type: "dgram",
  options: [...socketAddressSpecs("local", false), ...socketAddressSpecs("remote", false)],
};

// sizeof(sockaddr_un.sun_path): a path must leave room for its NUL.
const UNIX_PATH_MAX = 108;

async function openUdp(id: string, local: SocketAddress | undefined, remote: SocketAddress, mcast: boolean) {
  if (remote.type !== "inet") throw new QemuError("dgram requires local= parameter");
  const localInet = local?.type === "inet" ? { host: local.host, port: local.port } : undefined;
  const nc = new UdpLinkClient("dgram", id, {
    local: localInet,
    remote: { host: remote.host, port: remote.port },
    multicast: mcast,
  });
  try {
    await nc.open();
  } catch (e) {
    nc.runCleanup();
    nc.runFree();
    throw e;
  }
  nc.infoStr = mcast
    ? `mcast=${remote.host}:${remote.port}`
    : `udp=${localInet?.host}:${localInet?.port}/${remote.host}:${remote.port}`;
  return nc;
}

// QEMU 7.2's texts: a malformed number, or one that is not an open fd.
function adoptableFd(id: string, text: string): number {
  if (!/^\d+$/.test(text)) return resolveFd(text, "local.str");
  try {
    return resolveFd(text, "local.str");
  } catch {
    throw new QemuError(`${id}: Can't use file descriptor ${text}: Bad file descriptor`);
  }
}

function checkUnixPath(path: string): void {
  if (Buffer.byteLength(path) >= UNIX_PATH_MAX) {
    throw new QemuError(`UNIX socket path '${path}' is too long`);
  }
}

export async function createDgram(opts: NetdevOptions): Promise<NetClient[]> {
  const local = socketAddressFrom(opts.group("local"), "local");
  const remote = socketAddressFrom(opts.group("remote"), "remote");
  if (remote?.type === "inet" && isMulticastIPv4(remote.host)) {
    if (local?.type === "fd") {
      // QEMU reads an fd address as if it were inet here; there is no sane reading of it.
      throw new QemuError("dgram: local.type=fd with a multicast remote is not supported");
    }
    if (local && local.type !== "inet") throw new QemuError("only support inet or fd type for local");
    return [await openUdp(opts.id, local, remote, true)];
  }
  if (!local) throw new QemuError("dgram requires local= parameter");
  if (remote) {
    if (local.type === "fd") throw new QemuError("don't set remote with local.fd");
    if (remote.type !== local.type) throw new QemuError("remote and local types must be the same");
  } else if (local.type !== "fd") {
    throw new QemuError("type=inet or type=unix requires remote parameter");
  }
  switch (local.type) {
    case "inet":
      return [await openUdp(opts.id, local, remote as SocketAddress, false)];
    case "unix": {
      const remotePath = (remote as { path: string }).path;
      checkUnixPath(local.path);
      checkUnixPath(remotePath);
      const nc = new NativeDgramClient(opts.id, { localPath: local.path, remotePath });
      nc.infoStr = `udp=${local.path}:${remotePath}`;
      return [nc];
    }
    case "fd": {
      const fd = adoptableFd(opts.id, local.str);
      const nc = new NativeDgramClient(opts.id, { fd }, `${opts.id}: `);
      const kind = nc.localKind;
      nc.infoStr = kind ? `fd=${fd} ${kind}` : `fd=${fd}`;
      return [nc];
    }
  }
}

registerNetdevType({ type: "dgram", schema, create: createDgram });
