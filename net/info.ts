// `info network` text, as QEMU's hmp_info_network prints it: first every hub (newest first)
// with its ports (newest first) and each port's peer; then every client that is a NIC or
// has no peer, a NIC's peer on the next line after " \ ", filters under their client.

import { allHubs } from "./hub";
import { allNetClients, type NetClient } from "./net";

function clientLine(nc: NetClient): string {
  let s = `${nc.name}: index=${nc.queueIndex},type=${nc.type},${nc.infoStr}\n`;
  if (nc.filters.length > 0) {
    s += "filters:\n";
    for (const f of nc.filters) s += `  - ${f.id}: type=${f.typeName}${f.infoProps()}\n`;
  }
  return s;
}

function onHub(nc: NetClient): boolean {
  return nc.type === "hubport" || nc.peer?.type === "hubport";
}

export function formatInfoNetwork(): string {
  let out = "";
  for (const hub of [...allHubs()].reverse()) {
    out += `hub ${hub.id}\n`;
    for (const port of [...hub.ports].reverse()) {
      out += ` \\ ${port.name}`;
      out += port.peer ? `: ${clientLine(port.peer)}` : "\n";
    }
  }
  for (const nc of allNetClients()) {
    if (onHub(nc)) continue;
    const peer = nc.peer;
    if (!peer || nc.isNic) out += clientLine(nc);
    if (peer && nc.isNic) out += ` \\ ${clientLine(peer)}`;
  }
  return out;
}

// The start-up warnings about clients without a peer (net_check_clients).
export function peerlessWarnings(): string[] {
  const out: string[] = [];
  for (const nc of allNetClients()) {
    if (!nc.peer) out.push(`${nc.isNic ? "nic" : "netdev"} ${nc.name} has no peer`);
  }
  return out;
}
