// QEMU's framing for stream sockets (-netdev stream, -netdev socket with listen=/connect=,
// qtest's socketpair): every frame is a 4-byte big-endian length followed by that many
// bytes. Decoder state survives chunk boundaries; a length of 0 or above NET_BUFSIZE is a
// protocol error (QEMU drops the connection).

import { NET_BUFSIZE } from "./net";

export function encodeFrame(frame: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(4 + frame.length);
  out.writeUInt32BE(frame.length, 0);
  out.set(frame, 4);
  return out;
}

export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  get pendingBytes(): number {
    return this.buffered;
  }

  // The next complete frame, null when more bytes are needed. Throws on a bad length.
  next(): Buffer | null {
    if (this.buffered < 4) return null;
    const head = this.peek(4);
    const len = head.readUInt32BE(0);
    if (len === 0 || len > NET_BUFSIZE) throw new Error(`bad frame length ${len} in stream`);
    if (this.buffered < 4 + len) return null;
    const all = this.take(4 + len);
    return all.subarray(4);
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length >= n) return first;
    const merged = Buffer.concat(this.chunks);
    this.chunks = [merged];
    return merged;
  }

  private take(n: number): Buffer {
    const first = this.peek(n);
    const out = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return out;
  }
}
