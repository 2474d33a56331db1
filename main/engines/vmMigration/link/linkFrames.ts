// The migration stream's framing: [u8 type][3 spare][u32 payload length][payload]. The same frames
// travel on the bulk channel (pages in order) and the urgent channel (page requests and the pages
// that answer them), each a TCP connection of its own so an urgent page never queues behind bulk.

export const frameTypes = {
  hello: 1,
  pages: 2,
  zeroPages: 3,
  state: 4,
  dirtyBitmap: 5,
  pageRequest: 6,
  roundEnd: 7,
  allSent: 8,
  resumed: 9,
  receivedAll: 10,
  roundAck: 11,
  /** A timing probe on the bulk channel, echoed on the return path: the link's fixed cost. */
  probe: 12,
  probeEcho: 13,
  /** The page server's answer to a request for a page the bulk push already has on the way. */
  pageInFlight: 14,
} as const;

export const frameHeaderBytes = 8;
export const channels = { bulk: 0, urgent: 1 } as const;

/**
 * Who opened a connection to the source's page server (its hello's payload, a u32). A `requester`
 * (the faulting guest) gets exactly one answer per request on the same connection: the page, a
 * zero page, or "in flight". A `hinter` gets no answers: its requests only steer the push (for a
 * guest that cannot read its socket synchronously).
 */
export const pageServerRoles = { requester: 1, hinter: 2 } as const;

/** The hello a connection to the page server starts with. */
export function pageServerHello(role: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32LE(role, 0);
  return Buffer.concat(frame(frameTypes.hello, payload));
}

/** A request for one page, as one buffer (16 bytes): what a faulting guest writes. */
export function pageRequestFrame(page: number): Buffer {
  return Buffer.concat(indexListFrame(frameTypes.pageRequest, [page]));
}

export function frameHeader(type: number, payloadLength: number): Buffer {
  const header = Buffer.allocUnsafe(frameHeaderBytes);
  header.writeUInt32LE(type, 0);
  header.writeUInt32LE(payloadLength, 4);
  return header;
}

/** One frame as a list of buffers (header first), so page data is copied once, into one buffer. */
export function frame(type: number, payload: Uint8Array): Buffer[] {
  return [frameHeader(type, payload.length), Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)];
}

export function jsonFrame(type: number, value: unknown): Buffer[] {
  return frame(type, Buffer.from(JSON.stringify(value)));
}

export function indexListFrame(type: number, indices: readonly number[]): Buffer[] {
  const payload = Buffer.allocUnsafe(4 + indices.length * 4);
  payload.writeUInt32LE(indices.length, 0);
  for (let position = 0; position < indices.length; position += 1) payload.writeUInt32LE(indices[position]!, 4 + position * 4);
  return frame(type, payload);
}

export function readIndexList(payload: Uint8Array): Uint32Array {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const count = view.getUint32(0, true);
  const indices = new Uint32Array(count);
  for (let position = 0; position < count; position += 1) indices[position] = view.getUint32(4 + position * 4, true);
  return indices;
}

/**
 * One page as a pages frame in a single buffer (a copy of the page): what answers a fault. One
 * buffer is one plain write; a frame of several parts goes through Node's writev path, which
 * cost a fault about 13 µs more.
 */
export function singlePageFrame(page: number, memoryBytes: Uint8Array, pageSize: number): Buffer {
  return copiedPagesFrame([page], memoryBytes, pageSize, Buffer.allocUnsafe(pagesFrameBytes(1, pageSize)));
}

/**
 * A pages frame, [u32 count][count x u32 page][count x page bytes], copied into `target` (a frame
 * in one buffer, as a fault's answer is sent; bulk frames are views, see pagesFrameParts); returns
 * the frame's part of `target`.
 */
export function copiedPagesFrame(pages: readonly number[], memoryBytes: Uint8Array, pageSize: number, target: Buffer): Buffer {
  const indexBytes = 4 + pages.length * 4;
  const length = frameHeaderBytes + indexBytes + pages.length * pageSize;
  target.writeUInt32LE(frameTypes.pages, 0);
  target.writeUInt32LE(indexBytes + pages.length * pageSize, 4);
  target.writeUInt32LE(pages.length, frameHeaderBytes);
  for (let position = 0; position < pages.length; position += 1) target.writeUInt32LE(pages[position]!, frameHeaderBytes + 4 + position * 4);
  const dataStart = frameHeaderBytes + indexBytes;
  forEachRun(pages, (first, position, count) => {
    target.set(memoryBytes.subarray(first * pageSize, (first + count) * pageSize), dataStart + position * pageSize);
  });
  return target.subarray(0, length);
}

/**
 * A pages frame, [u32 count][count x u32 page][count x page bytes], as a list of buffers: the header
 * and index list, then one view of `memory` per run of consecutive pages. Nothing is copied in user
 * space: the kernel reads the pages from guest memory when the frame is written, as a bare TCP
 * sender of that memory would. What it reads is at least as new as the page's dirty-bit clear,
 * which comes before this call: a guest write that lands later marks the page again, and a later
 * round (or the final one, guest stopped) resends it.
 */
export function pagesFrameParts(pages: readonly number[], memory: Buffer, pageSize: number): Buffer[] {
  const indexBytes = 4 + pages.length * 4;
  const head = Buffer.allocUnsafe(frameHeaderBytes + indexBytes);
  head.writeUInt32LE(frameTypes.pages, 0);
  head.writeUInt32LE(indexBytes + pages.length * pageSize, 4);
  head.writeUInt32LE(pages.length, frameHeaderBytes);
  for (let position = 0; position < pages.length; position += 1) head.writeUInt32LE(pages[position]!, frameHeaderBytes + 4 + position * 4);
  const parts: Buffer[] = [head];
  forEachRun(pages, (first, _position, count) => {
    parts.push(memory.subarray(first * pageSize, (first + count) * pageSize));
  });
  return parts;
}

/** Bytes of a pages frame for `pageCount` pages. */
export function pagesFrameBytes(pageCount: number, pageSize: number): number {
  return frameHeaderBytes + 4 + pageCount * (4 + pageSize);
}

/** Calls `visit(firstPage, position, count)` for each run of consecutive page numbers. */
export function forEachRun(pages: ArrayLike<number>, visit: (firstPage: number, position: number, count: number) => void): void {
  let start = 0;
  for (let position = 1; position <= pages.length; position += 1) {
    if (position < pages.length && pages[position] === pages[position - 1]! + 1) continue;
    visit(pages[start]!, start, position - start);
    start = position;
  }
}

export function frameLength(parts: readonly Buffer[]): number {
  let length = 0;
  for (const part of parts) length += part.length;
  return length;
}

/**
 * Cuts a byte stream into frames. Chunks may be transient (a socket's `onread` buffer, reused for
 * the next read): frames inside a chunk are handed out as views, and only a frame cut by a chunk
 * boundary is copied, into one reused buffer. So a payload is valid only during the onFrame call.
 */
export class FrameReader {
  private pending: Buffer = Buffer.allocUnsafeSlow(64 * 1024);
  private pendingLength = 0;
  private readonly onFrame: (type: number, payload: Buffer) => void;

  constructor(onFrame: (type: number, payload: Buffer) => void) {
    this.onFrame = onFrame;
  }

  push(chunk: Buffer): void {
    let offset = 0;
    if (this.pendingLength > 0) {
      offset = this.completePending(chunk);
      if (this.pendingLength > 0) return;
    }
    for (let frames = 0; frames < 1_000_000; frames += 1) {
      const left = chunk.length - offset;
      if (left < frameHeaderBytes) break;
      const length = chunk.readUInt32LE(offset + 4);
      if (left < frameHeaderBytes + length) break;
      this.onFrame(chunk.readUInt32LE(offset), chunk.subarray(offset + frameHeaderBytes, offset + frameHeaderBytes + length));
      offset += frameHeaderBytes + length;
    }
    if (offset < chunk.length) this.append(chunk.subarray(offset));
  }

  /** Feeds the cut frame from `chunk`; returns how many bytes of `chunk` it used. */
  private completePending(chunk: Buffer): number {
    let used = 0;
    if (this.pendingLength < frameHeaderBytes) {
      used = Math.min(chunk.length, frameHeaderBytes - this.pendingLength);
      this.append(chunk.subarray(0, used));
      if (this.pendingLength < frameHeaderBytes) return used;
    }
    const total = frameHeaderBytes + this.pending.readUInt32LE(4);
    const more = Math.min(chunk.length - used, total - this.pendingLength);
    this.append(chunk.subarray(used, used + more));
    used += more;
    if (this.pendingLength === total) {
      this.pendingLength = 0;
      this.onFrame(this.pending.readUInt32LE(0), this.pending.subarray(frameHeaderBytes, total));
    }
    return used;
  }

  private append(bytes: Buffer): void {
    if (this.pendingLength + bytes.length > this.pending.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.pendingLength + bytes.length, 2 * this.pending.length));
      this.pending.copy(grown, 0, 0, this.pendingLength);
      this.pending = grown;
    }
    bytes.copy(this.pending, this.pendingLength);
    this.pendingLength += bytes.length;
  }
}
