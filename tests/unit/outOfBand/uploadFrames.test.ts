import { describe, expect, it } from 'vitest';
import { FrameParser, frameHeader, frameHeaderBytes, frameType, type FrameStart } from '../../../main/engines/outOfBand/uploadFrames.ts';

function stream(): Buffer {
  return Buffer.concat([
    frameHeader(frameType.data, 7, 5),
    Buffer.from('hello'),
    frameHeader(frameType.data, 7, 0),
    frameHeader(frameType.cancel, 7, 0),
    frameHeader(frameType.data, 7, 3),
    Buffer.from('abc'),
  ]);
}

describe('upload frames', () => {
  it('parses frames whatever the piece boundaries, and stops right after a frame the caller rejects', () => {
    const bytes = stream();
    for (const pieceSize of [1, 2, 4, 9, 13, bytes.length]) {
      const parser = new FrameParser();
      const frames: FrameStart[] = [];
      let consumed = 0;
      let stopped = false;
      for (let offset = 0; offset < bytes.length && !stopped; offset += pieceSize) {
        const piece = bytes.subarray(offset, offset + pieceSize);
        const used = parser.push(piece, (frame) => {
          frames.push(frame);
          return frame.type !== frameType.cancel;
        });
        consumed += used;
        stopped = used < piece.length || frames.at(-1)?.type === frameType.cancel;
      }
      expect(frames).toEqual([
        { type: frameType.data, uploadId: 7, payloadLength: 5 },
        { type: frameType.data, uploadId: 7, payloadLength: 0 },
        { type: frameType.cancel, uploadId: 7, payloadLength: 0 },
      ]);
      // The CANCEL header ends the parse: nothing after it was consumed.
      expect(consumed).toBe(3 * frameHeaderBytes + 5);
    }
  });
});
