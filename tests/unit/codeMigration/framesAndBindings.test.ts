import { describe, expect, it } from 'vitest';
import { defaultCells, lectureActions, refusalOf } from '../../../main/engines/codeMigration/bindingTable.ts';
import { crossoverOf } from '../../../main/engines/codeMigration/experiments/paradigmSweep.ts';
import { encodeFrame, FrameError, FrameReader } from '../../../main/engines/codeMigration/host/hostFrames.ts';

describe('host frames', () => {
  it('cuts a byte stream into frames however it is split, with bodies of their own', () => {
    const body = new Uint8Array([1, 2, 3, 4, 5]);
    const bytes = Buffer.concat([...encodeFrame({ kind: 'resume', id: 1, from: 'A' }, body), ...encodeFrame({ kind: 'ping', id: 2, from: 'B' })]);
    const reader = new FrameReader();
    const frames = [...bytes].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(frames.map((frame) => frame.header.kind)).toEqual(['resume', 'ping']);
    expect([...frames[0]!.body]).toEqual([1, 2, 3, 4, 5]);
    expect(frames[0]!.body.byteOffset).toBe(0);
  });

  it('refuses what a broken or hostile peer sends instead of waiting for it', () => {
    const huge = Buffer.alloc(8);
    huge.writeUInt32BE(0xffffffff, 0);
    expect(() => new FrameReader().push(huge)).toThrow(FrameError);
    const notJson = Buffer.from([0, 0, 0, 5, 0, 3, 0x7b, 0x7b, 0x7b]);
    expect(() => new FrameReader().push(notJson)).toThrow(/not JSON/);
    const headerless = Buffer.concat(encodeFrame({ kind: 'x', id: 1, from: 'A' }));
    headerless.write('{"a":1}                 '.slice(0, headerless.length - 6), 6);
    expect(() => new FrameReader().push(headerless)).toThrow(FrameError);
  });
});

describe('the binding table', () => {
  it('defaults every cell to the lecture’s recommended action, which is never refused', () => {
    const cells = defaultCells();
    expect(cells).toHaveLength(9);
    for (const cell of cells) {
      expect(cell.action).toBe(lectureActions[cell.binding][cell.attachment][0]);
      expect(refusalOf(cell, cell.action)).toBeUndefined();
    }
  });

  it('refuses moving or copying a fixed resource, and copying or rebinding what is bound by identifier', () => {
    expect(refusalOf({ binding: 'identifier', attachment: 'fixed' }, 'MV')).toMatch(/fixed resource/);
    expect(refusalOf({ binding: 'type', attachment: 'fixed' }, 'CP')).toMatch(/device/);
    expect(refusalOf({ binding: 'identifier', attachment: 'unattached' }, 'CP')).toMatch(/that very resource/);
    expect(refusalOf({ binding: 'identifier', attachment: 'fastened' }, 'RB')).toMatch(/rebinding/);
    expect(refusalOf({ binding: 'identifier', attachment: 'fastened' }, 'MV')).toBeUndefined();
  });
});

describe('the paradigm crossover', () => {
  it('interpolates where the challenger drops below the incumbent on a log scale', () => {
    const crossing = crossoverOf([100, 1000], [1000, 10_000], [5000, 5000]);
    expect(crossing.status).toBe('within');
    expect(crossing.at).toBeGreaterThan(100);
    expect(crossing.at).toBeLessThan(1000);
    expect(crossoverOf([100, 1000], [1000, 10_000], [10, 10]).status).toBe('below');
    expect(crossoverOf([100, 1000], [1, 2], [10, 10]).status).toBe('none');
  });
});
