// What hosts say to each other over TCP: frames of [u32 length][u16 header length][header JSON]
// [body bytes]. The header names the message and carries small values; the body carries code,
// execution segments, records and resources as raw bytes, so their size on the wire is their size.

export interface FrameHeader {
  kind: string;
  /** Pairs a reply with its request on the same connection. */
  id: number;
  /** The sending host's name. */
  from: string;
  [key: string]: unknown;
}

export interface Frame {
  header: FrameHeader;
  body: Uint8Array;
  /** When the whole frame had arrived (CLOCK_MONOTONIC, ns); set by the link that read it. */
  receivedAtNs?: bigint;
}

/** A frame longer than this is a broken or hostile peer, not a message. */
export const maximumFrameBytes = 512 * 1024 * 1024;
const prefixBytes = 6;

/** The frame as the buffers to write (the body is not copied). */
export function encodeFrame(header: FrameHeader, body: Uint8Array = new Uint8Array(0)): Buffer[] {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  if (headerBytes.length > 0xffff) throw new Error(`frame header of ${headerBytes.length} bytes is too long`);
  const prefix = Buffer.allocUnsafe(prefixBytes);
  prefix.writeUInt32BE(2 + headerBytes.length + body.length, 0);
  prefix.writeUInt16BE(headerBytes.length, 4);
  return body.length === 0 ? [prefix, headerBytes] : [prefix, headerBytes, Buffer.from(body.buffer, body.byteOffset, body.byteLength)];
}

export function frameBytes(parts: readonly Buffer[]): number {
  return parts.reduce((sum, part) => sum + part.length, 0);
}

export class FrameError extends Error {
  override readonly name = 'FrameError';
}

/** Cuts a byte stream into frames. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    while (this.buffered >= 4) {
      const head = this.peek(4);
      const length = head.readUInt32BE(0);
      if (length < 2 || length > maximumFrameBytes) throw new FrameError(`a frame of ${length} bytes is not a message of this protocol`);
      if (this.buffered < 4 + length) break;
      const frame = this.take(4 + length);
      const headerLength = frame.readUInt16BE(4);
      if (headerLength > length - 2) throw new FrameError('frame header longer than its frame');
      let header: FrameHeader;
      try {
        header = JSON.parse(frame.toString('utf8', prefixBytes, prefixBytes + headerLength)) as FrameHeader;
      } catch {
        throw new FrameError('frame header is not JSON');
      }
      if (typeof header !== 'object' || header === null || typeof header.kind !== 'string' || typeof header.id !== 'number' || typeof header.from !== 'string') throw new FrameError('frame header lacks kind, id or from');
      // A body of its own (not a view into the socket's pooled chunks), so that slicing or sending it copies only it.
      frames.push({ header, body: new Uint8Array(frame.subarray(prefixBytes + headerLength)) });
    }
    return frames;
  }

  private peek(count: number): Buffer {
    if (this.chunks[0]!.length >= count) return this.chunks[0]!;
    return Buffer.concat(this.chunks).subarray(0, count);
  }

  private take(count: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const taken = all.subarray(0, count);
    const rest = all.subarray(count);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return taken;
  }
}
