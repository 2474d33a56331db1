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

/** A frame body: its bytes, or the pieces it is made of in order (written as they are, never joined). */
export type FrameBody = Uint8Array | readonly Uint8Array[];

export function bodyBytes(body: FrameBody): number {
  return body instanceof Uint8Array ? body.byteLength : body.reduce((sum, piece) => sum + piece.byteLength, 0);
}

/** The frame as the buffers to write (the body is not copied). */
export function encodeFrame(header: FrameHeader, body: FrameBody = []): Buffer[] {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  if (headerBytes.length > 0xffff) throw new Error(`frame header of ${headerBytes.length} bytes is too long`);
  const prefix = Buffer.allocUnsafe(prefixBytes);
  prefix.writeUInt32BE(2 + headerBytes.length + bodyBytes(body), 0);
  prefix.writeUInt16BE(headerBytes.length, 4);
  const pieces = body instanceof Uint8Array ? [body] : body;
  return [prefix, headerBytes, ...pieces.filter((piece) => piece.byteLength > 0).map((piece) => Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength))];
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
      const prefix = Buffer.allocUnsafe(prefixBytes);
      this.consume(prefix);
      const headerLength = prefix.readUInt16BE(4);
      if (headerLength > length - 2) throw new FrameError('frame header longer than its frame');
      const headerBytes = Buffer.allocUnsafe(headerLength);
      this.consume(headerBytes);
      // The body is copied once, straight from the socket's chunks into memory of its own (never a
      // view into pooled chunks, never joined first), so slicing or sending it copies only it.
      const body = new Uint8Array(length - 2 - headerLength);
      this.consume(body);
      let header: FrameHeader;
      try {
        header = JSON.parse(headerBytes.toString('utf8')) as FrameHeader;
      } catch {
        throw new FrameError('frame header is not JSON');
      }
      if (typeof header !== 'object' || header === null || typeof header.kind !== 'string' || typeof header.id !== 'number' || typeof header.from !== 'string') throw new FrameError('frame header lacks kind, id or from');
      frames.push({ header, body });
    }
    return frames;
  }

  private peek(count: number): Buffer {
    if (this.chunks[0]!.length >= count) return this.chunks[0]!;
    return Buffer.concat(this.chunks).subarray(0, count);
  }

  /** Moves the next `target.length` buffered bytes into `target`. */
  private consume(target: Uint8Array): void {
    let filled = 0;
    while (filled < target.length) {
      const chunk = this.chunks[0]!;
      const count = Math.min(chunk.length, target.length - filled);
      target.set(count === chunk.length ? chunk : chunk.subarray(0, count), filled);
      filled += count;
      if (count === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(count);
    }
    this.buffered -= target.length;
  }
}
