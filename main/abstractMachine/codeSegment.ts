// A program's code segment: its instructions, its named entry points (weak mobility starts a
// program at one of them) and the sizes its execution segment needs. It serialises to bytes in
// one byte order (little-endian) whatever the host's, so the same bytes run on every host.
import { createHash } from 'node:crypto';
import { instructionWords } from './instructionSet.ts';

export interface CodeSegment {
  readonly name: string;
  /** Two words per instruction: opcode, operand. */
  readonly code: Int32Array;
  /** Entry point name → program counter (a word index, always even). */
  readonly entries: Readonly<Record<string, number>>;
  readonly heapWords: number;
  readonly stackWords: number;
  readonly frameLimit: number;
}

const codeMagic = 0x43414c50; // "PLAC" read little-endian
const codeVersion = 1;
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Limits that keep a hostile or corrupt segment from asking for absurd amounts of memory. */
export const segmentLimits = { heapWords: 64 * 1024 * 1024, stackWords: 1024 * 1024, frameLimit: 65_536, codeWords: 4 * 1024 * 1024 } as const;

export class SegmentFormatError extends Error {
  override readonly name = 'SegmentFormatError';
}

/** Copies `words` into `target` at `offset` as little-endian 32-bit words. */
export function writeWords(target: Uint8Array, offset: number, words: Int32Array): void {
  if (littleEndianHost) {
    target.set(new Uint8Array(words.buffer, words.byteOffset, words.byteLength), offset);
    return;
  }
  const view = new DataView(target.buffer, target.byteOffset + offset, words.byteLength);
  for (let index = 0; index < words.length; index += 1) view.setInt32(index * 4, words[index]!, true);
}

/** Reads `count` little-endian 32-bit words from `source` at `offset` into `target`. */
export function readWords(source: Uint8Array, offset: number, count: number, target: Int32Array): void {
  if (littleEndianHost) {
    const start = source.byteOffset + offset;
    // A Node Buffer is often a view into a shared pool at any byte offset: copy only when unaligned.
    const words = start % 4 === 0 ? new Int32Array(source.buffer, start, count) : new Int32Array(Uint8Array.prototype.slice.call(source, offset, offset + count * 4).buffer);
    target.set(words);
    return;
  }
  const view = new DataView(source.buffer, source.byteOffset + offset, count * 4);
  for (let index = 0; index < count; index += 1) target[index] = view.getInt32(index * 4, true);
}

export const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function encodeCodeSegment(segment: CodeSegment): Uint8Array {
  const name = textEncoder.encode(segment.name);
  const entries = Object.entries(segment.entries).map(([entry, pc]) => ({ name: textEncoder.encode(entry), pc }));
  const entryBytes = entries.reduce((sum, entry) => sum + 2 + entry.name.length + 4, 0);
  const size = 4 + 2 + 2 + name.length + 4 * 3 + 2 + entryBytes + 4 + segment.code.byteLength;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  view.setUint32(offset, codeMagic, true);
  view.setUint16((offset += 4), codeVersion, true);
  view.setUint16((offset += 2), name.length, true);
  bytes.set(name, (offset += 2));
  offset += name.length;
  view.setUint32(offset, segment.heapWords, true);
  view.setUint32((offset += 4), segment.stackWords, true);
  view.setUint32((offset += 4), segment.frameLimit, true);
  view.setUint16((offset += 4), entries.length, true);
  offset += 2;
  for (const entry of entries) {
    view.setUint16(offset, entry.name.length, true);
    bytes.set(entry.name, (offset += 2));
    offset += entry.name.length;
    view.setUint32(offset, entry.pc, true);
    offset += 4;
  }
  view.setUint32(offset, segment.code.length, true);
  writeWords(bytes, (offset += 4), segment.code);
  return bytes;
}

function need(bytes: Uint8Array, offset: number, length: number, what: string): void {
  if (offset + length > bytes.length) throw new SegmentFormatError(`code segment ends inside its ${what} (byte ${offset}, ${bytes.length} bytes in all)`);
}

export function decodeCodeSegment(bytes: Uint8Array): CodeSegment {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  need(bytes, 0, 8, 'header');
  if (view.getUint32(0, true) !== codeMagic) throw new SegmentFormatError('not a code segment of this abstract machine (bad magic number)');
  const version = view.getUint16(4, true);
  if (version !== codeVersion) throw new SegmentFormatError(`code segment version ${version}; this machine reads version ${codeVersion}`);
  let offset = 6;
  const nameLength = view.getUint16(offset, true);
  need(bytes, (offset += 2), nameLength, 'name');
  const name = textDecoder.decode(bytes.subarray(offset, offset + nameLength));
  offset += nameLength;
  need(bytes, offset, 14, 'sizes');
  const heapWords = view.getUint32(offset, true);
  const stackWords = view.getUint32((offset += 4), true);
  const frameLimit = view.getUint32((offset += 4), true);
  const entryCount = view.getUint16((offset += 4), true);
  offset += 2;
  if (heapWords > segmentLimits.heapWords || stackWords > segmentLimits.stackWords || frameLimit > segmentLimits.frameLimit || stackWords === 0 || frameLimit === 0) {
    throw new SegmentFormatError(`code segment asks for sizes beyond this machine's limits (heap ${heapWords}, stack ${stackWords}, frames ${frameLimit} words)`);
  }
  const entries: Record<string, number> = {};
  for (let index = 0; index < entryCount; index += 1) {
    need(bytes, offset, 2, 'entry table');
    const length = view.getUint16(offset, true);
    need(bytes, (offset += 2), length + 4, 'entry table');
    const entry = textDecoder.decode(bytes.subarray(offset, offset + length));
    entries[entry] = view.getUint32((offset += length), true);
    offset += 4;
  }
  need(bytes, offset, 4, 'code length');
  const codeLength = view.getUint32(offset, true);
  if (codeLength > segmentLimits.codeWords || codeLength % instructionWords !== 0) throw new SegmentFormatError(`code segment holds ${codeLength} code words, not a whole number of instructions within the limit`);
  need(bytes, (offset += 4), codeLength * 4, 'code');
  const code = new Int32Array(codeLength);
  readWords(bytes, offset, codeLength, code);
  for (const [entry, pc] of Object.entries(entries)) {
    if (pc % instructionWords !== 0 || pc >= codeLength) throw new SegmentFormatError(`entry point ${entry} (${pc}) is not an instruction of the code`);
  }
  return { name, code, entries, heapWords, stackWords, frameLimit };
}

/** SHA-256 of the encoded code segment: an execution segment names the code it belongs to. */
export function codeDigest(encoded: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(encoded).digest());
}
