/**
 * The upload protocol: length-prefixed frames on one TCP connection. A CANCEL frame is an
 * ordinary frame, so it reaches the server only after every byte written before it
 * (head-of-line blocking), which is what the in-band method shows.
 */
export const frameType = { data: 1, cancel: 2, end: 3 } as const;
export type FrameType = (typeof frameType)[keyof typeof frameType];

/** type (1 byte), upload id (4 bytes), payload length (4 bytes), all big-endian. */
export const frameHeaderBytes = 9;

export function frameHeader(type: FrameType, uploadId: number, payloadLength: number): Buffer {
  const header = Buffer.allocUnsafe(frameHeaderBytes);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(uploadId, 1);
  header.writeUInt32BE(payloadLength, 5);
  return header;
}

export interface FrameStart {
  type: number;
  uploadId: number;
  payloadLength: number;
}

/**
 * Incremental parser: bytes arrive in arbitrary pieces. Payload bytes are counted, not kept,
 * because the server only needs to know how much it received.
 */
export class FrameParser {
  private readonly pendingHeader = Buffer.alloc(frameHeaderBytes);
  private pendingHeaderBytes = 0;
  private payloadRemaining = 0;

  /**
   * Feeds a piece of the stream; calls `onFrame` when a header is complete and stops early (returning
   * the offset just after that header) when `onFrame` returns false.
   */
  push(piece: Buffer, onFrame: (frame: FrameStart) => boolean): number {
    let offset = 0;
    // Bounded: every turn consumes at least one byte of the piece or returns.
    while (offset < piece.length) {
      if (this.payloadRemaining > 0) {
        const taken = Math.min(this.payloadRemaining, piece.length - offset);
        this.payloadRemaining -= taken;
        offset += taken;
        continue;
      }
      const taken = Math.min(frameHeaderBytes - this.pendingHeaderBytes, piece.length - offset);
      piece.copy(this.pendingHeader, this.pendingHeaderBytes, offset, offset + taken);
      this.pendingHeaderBytes += taken;
      offset += taken;
      if (this.pendingHeaderBytes < frameHeaderBytes) continue;
      this.pendingHeaderBytes = 0;
      const frame = {
        type: this.pendingHeader.readUInt8(0),
        uploadId: this.pendingHeader.readUInt32BE(1),
        payloadLength: this.pendingHeader.readUInt32BE(5),
      };
      this.payloadRemaining = frame.payloadLength;
      if (!onFrame(frame)) return offset;
    }
    return offset;
  }
}
