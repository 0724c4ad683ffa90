// filter-dump: writes every frame crossing a netdev to a classic pcap file (QEMU's
// net/dump.c): global header magic a1b2c3d4, version 2.4, snaplen = maxlen, link type 1
// (Ethernet), then per frame {seconds, microseconds, captured length, original length} and
// min(length, maxlen) bytes. The frame passes on unchanged. A write error stops dumping.

import fs from "node:fs";
import { QemuError } from "../monitor/error";
import type { FilterDirection, NetClient } from "./net";
import {
  NetFilterBase,
  attachFilter,
  checkFilterTarget,
  deleteFilter,
  parseFilterCommon,
  type FilterCommon,
} from "./filter";
import { parseInt as parseIntOption } from "./options";

const PCAP_MAGIC = 0xa1b2c3d4;
const LINKTYPE_ETHERNET = 1;

export class DumpFilter extends NetFilterBase {
  readonly typeName = "filter-dump";
  private fd: number | null;
  // Wall-clock start plus a monotonic offset, so timestamps never go backwards.
  private readonly startUs = BigInt(Date.now()) * 1000n;
  private readonly startHr = process.hrtime.bigint();

  constructor(
    common: FilterCommon,
    readonly file: string,
    readonly maxlen: number,
  ) {
    super(common);
    let fd: number;
    try {
      fd = fs.openSync(file, "w", 0o644);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const text =
        code === "ENOENT"
          ? "No such file or directory"
          : code === "EACCES"
            ? "Permission denied"
            : String(code);
      throw new QemuError(`net dump: can't open ${file}: ${text}`);
    }
    const hdr = Buffer.alloc(24);
    hdr.writeUInt32LE(PCAP_MAGIC, 0);
    hdr.writeUInt16LE(2, 4);
    hdr.writeUInt16LE(4, 6);
    hdr.writeInt32LE(0, 8); // thiszone
    hdr.writeUInt32LE(0, 12); // sigfigs
    hdr.writeUInt32LE(maxlen, 16);
    hdr.writeUInt32LE(LINKTYPE_ETHERNET, 20);
    this.fd = fd;
    this.write(hdr);
  }

  override receive(_nc: NetClient, _dir: FilterDirection, _sender: NetClient, frame: Uint8Array): number {
    if (this.fd === null) return 0;
    const us = this.startUs + (process.hrtime.bigint() - this.startHr) / 1000n;
    const caplen = Math.min(frame.length, this.maxlen);
    const rec = Buffer.alloc(16 + caplen);
    rec.writeUInt32LE(Number(us / 1000000n) >>> 0, 0);
    rec.writeUInt32LE(Number(us % 1000000n), 4);
    rec.writeUInt32LE(caplen, 8);
    rec.writeUInt32LE(frame.length, 12);
    rec.set(frame.subarray(0, caplen), 16);
    this.write(rec);
    return 0;
  }

  private write(buf: Buffer): void {
    if (this.fd === null) return;
    try {
      let off = 0;
      while (off < buf.length) off += fs.writeSync(this.fd, buf, off);
    } catch {
      process.stderr.write("qemu-e2k: network dump write error - stopping dump\n");
      this.closeFile();
    }
  }

  protected override ownProps(): string {
    return `,file=${this.file},maxlen=${this.maxlen}`;
  }

  private closeFile(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  override cleanup(): void {
    this.closeFile();
  }
}

export const FILTER_DUMP_OPTIONS = ["netdev", "queue", "status", "position", "insert", "file", "maxlen"];

// `-object filter-dump,id=…,netdev=…,file=…[,maxlen=…]`, already split into properties.
export function createFilterDump(id: string, props: ReadonlyMap<string, string>): DumpFilter {
  for (const k of props.keys())
    if (!FILTER_DUMP_OPTIONS.includes(k)) throw new QemuError(`Invalid parameter '${k}'`);
  const get = (k: string) => props.get(k);
  if (get("netdev") === undefined) throw new QemuError("Parameter 'netdev' is missing");
  const file = get("file");
  if (file === undefined) throw new QemuError("Parameter 'file' is missing");
  const q = get("queue");
  if (q !== undefined && q !== "all" && q !== "rx" && q !== "tx") {
    throw new QemuError(`Parameter 'queue' does not accept value '${q}'`);
  }
  let maxlen = 65536;
  const m = get("maxlen");
  if (m !== undefined) {
    maxlen = parseIntOption("maxlen", m, "uint32");
    if (maxlen === 0) throw new QemuError("Property 'filter-dump.maxlen' doesn't take value '0'");
  }
  const common = parseFilterCommon(id, get);
  checkFilterTarget(id, common.netdev);
  const f = new DumpFilter(common, file, maxlen);
  try {
    attachFilter(f);
  } catch (e) {
    f.cleanup();
    throw e;
  }
  return f;
}

export { deleteFilter };
