// Ethernet/ARP/IPv4/ICMP frames a test guest sends and parses (with real checksums), so a
// kernel on the far side of the wire answers them.
export type Mac = readonly number[];

export function ipToBytes(ip: string): number[] {
  return ip.split(".").map(Number);
}

function csum(b: Buffer): number {
  let s = 0;
  for (let i = 0; i + 1 < b.length; i += 2) s += b.readUInt16BE(i);
  if (b.length % 2) s += b[b.length - 1]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

function ethHeader(dst: Mac, src: Mac, type: number): Buffer {
  const h = Buffer.alloc(14);
  Buffer.from(dst).copy(h, 0);
  Buffer.from(src).copy(h, 6);
  h.writeUInt16BE(type, 12);
  return h;
}

export function arpRequest(src: Mac, srcIp: string, targetIp: string): Buffer {
  const a = Buffer.alloc(28);
  a.writeUInt16BE(1, 0); // Ethernet
  a.writeUInt16BE(0x0800, 2);
  a[4] = 6;
  a[5] = 4;
  a.writeUInt16BE(1, 6); // request
  Buffer.from(src).copy(a, 8);
  Buffer.from(ipToBytes(srcIp)).copy(a, 14);
  Buffer.from(ipToBytes(targetIp)).copy(a, 24);
  const f = Buffer.concat([ethHeader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff], src, 0x0806), a]);
  return Buffer.concat([f, Buffer.alloc(Math.max(0, 60 - f.length))]);
}

/** If `f` is an ARP reply for `ip`, the sender's MAC. */
export function parseArpReply(f: Buffer, ip: string): Mac | undefined {
  if (f.length < 42 || f.readUInt16BE(12) !== 0x0806 || f.readUInt16BE(20) !== 2) return undefined;
  if (!ipToBytes(ip).every((b, i) => f[28 + i] === b)) return undefined;
  return [...f.subarray(22, 28)];
}

export function icmpEcho(
  src: Mac,
  dst: Mac,
  srcIp: string,
  dstIp: string,
  id: number,
  seq: number,
  payload: Buffer,
): Buffer {
  const icmp = Buffer.concat([Buffer.alloc(8), payload]);
  icmp[0] = 8;
  icmp.writeUInt16BE(id, 4);
  icmp.writeUInt16BE(seq, 6);
  icmp.writeUInt16BE(csum(icmp), 2);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + icmp.length, 2);
  ip.writeUInt16BE(seq, 4);
  ip[8] = 64;
  ip[9] = 1;
  Buffer.from(ipToBytes(srcIp)).copy(ip, 12);
  Buffer.from(ipToBytes(dstIp)).copy(ip, 16);
  ip.writeUInt16BE(csum(ip), 10);
  return Buffer.concat([ethHeader(dst, src, 0x0800), ip, icmp]);
}

/** If `f` is an ICMP echo reply with id/seq, its payload. */
export function parseEchoReply(f: Buffer, id: number, seq: number): Buffer | undefined {
  if (f.length < 42 || f.readUInt16BE(12) !== 0x0800 || f[23] !== 1) return undefined;
  const ihl = (f[14]! & 0xf) * 4;
  const icmp = f.subarray(14 + ihl, 14 + f.readUInt16BE(16));
  if (icmp[0] !== 0 || icmp.readUInt16BE(4) !== id || icmp.readUInt16BE(6) !== seq) return undefined;
  return icmp.subarray(8);
}
