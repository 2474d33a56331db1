// The execution segment: everything a running program is besides its code — registers, operand
// stack, call frames and heap — as bytes in one defined byte order (little-endian), so a program
// stopped on one host resumes on any other exactly where it was (strong mobility). The heap is
// written up to its last non-zero word; the rest is zero by definition, so nothing is lost and
// resuming restores every word.
import { SegmentFormatError, readWords, writeWords, type CodeSegment } from './codeSegment.ts';
import { instructionWords, modes, type Mode } from './instructionSet.ts';
import { Machine, type MachineStatus } from './machine.ts';

const segmentMagic = 0x58414c50; // "PLAX" read little-endian
const segmentVersion = 1;
const digestBytes = 32;
const headerBytes = 4 + 2 + 2 + digestBytes + 4 + 4 * 4 + 8 + 4 * 3 + 4;
const statuses: readonly MachineStatus[] = ['running', 'halted', 'faulted'];

/** Heap words up to and including the last one that is not zero. */
function usedHeapWords(heap: Int32Array): number {
  let used = heap.length;
  while (used > 0 && heap[used - 1] === 0) used -= 1;
  return used;
}

/** Serialises the machine's execution segment; `digest` names its code (codeDigest of the encoded code segment). */
export function captureExecutionSegment(machine: Machine, digest: Uint8Array): Uint8Array {
  if (digest.length !== digestBytes) throw new Error(`a code digest is ${digestBytes} bytes`);
  const heapUsed = usedHeapWords(machine.heap);
  const stack = machine.stack.subarray(0, machine.sp);
  const frames = machine.frames.subarray(0, machine.frameCount * 2);
  const bytes = new Uint8Array(headerBytes + stack.byteLength + frames.byteLength + heapUsed * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, segmentMagic, true);
  view.setUint16(4, segmentVersion, true);
  bytes.set(digest, 8);
  let offset = 8 + digestBytes;
  view.setUint8(offset, statuses.indexOf(machine.status));
  view.setUint8(offset + 1, machine.mode);
  offset += 4;
  view.setUint32(offset, machine.pc, true);
  view.setUint32(offset + 4, machine.sp, true);
  view.setUint32(offset + 8, machine.base, true);
  view.setUint32(offset + 12, machine.frameCount, true);
  view.setFloat64(offset + 16, machine.instructionCount, true);
  offset += 24;
  view.setUint32(offset, machine.stack.length, true);
  view.setUint32(offset + 4, machine.frames.length / 2, true);
  view.setUint32(offset + 8, machine.heap.length, true);
  view.setUint32(offset + 12, heapUsed, true);
  offset += 16;
  writeWords(bytes, offset, stack);
  writeWords(bytes, (offset += stack.byteLength), frames);
  writeWords(bytes, offset + frames.byteLength, machine.heap.subarray(0, heapUsed));
  return bytes;
}

/** What an execution segment says about itself, read without building a machine. */
export interface SegmentSummary {
  digest: Uint8Array;
  status: MachineStatus;
  pc: number;
  instructionCount: number;
  heapWords: number;
  heapUsedWords: number;
}

function readHeader(bytes: Uint8Array): SegmentSummary & { mode: Mode; sp: number; base: number; frameCount: number; stackWords: number; frameLimit: number } {
  if (bytes.length < headerBytes) throw new SegmentFormatError(`an execution segment is at least ${headerBytes} bytes; this one is ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== segmentMagic) throw new SegmentFormatError('not an execution segment of this abstract machine (bad magic number)');
  const version = view.getUint16(4, true);
  if (version !== segmentVersion) throw new SegmentFormatError(`execution segment version ${version}; this machine reads version ${segmentVersion}`);
  const digest = bytes.slice(8, 8 + digestBytes);
  let offset = 8 + digestBytes;
  const status = statuses[view.getUint8(offset)];
  const mode = view.getUint8(offset + 1);
  if (status === undefined || (mode !== modes.user && mode !== modes.supervisor)) throw new SegmentFormatError('execution segment has an unknown status or mode');
  offset += 4;
  const registers = { pc: view.getUint32(offset, true), sp: view.getUint32(offset + 4, true), base: view.getUint32(offset + 8, true), frameCount: view.getUint32(offset + 12, true) };
  const instructionCount = view.getFloat64(offset + 16, true);
  offset += 24;
  const sizes = { stackWords: view.getUint32(offset, true), frameLimit: view.getUint32(offset + 4, true), heapWords: view.getUint32(offset + 8, true), heapUsedWords: view.getUint32(offset + 12, true) };
  return { digest, status, mode: mode as Mode, instructionCount, ...registers, ...sizes };
}

export function summariseExecutionSegment(bytes: Uint8Array): SegmentSummary {
  const { digest, status, pc, instructionCount, heapWords, heapUsedWords } = readHeader(bytes);
  return { digest, status, pc, instructionCount, heapWords, heapUsedWords };
}

function sameBytes(first: Uint8Array, second: Uint8Array): boolean {
  return first.length === second.length && first.every((byte, index) => byte === second[index]);
}

/**
 * Rebuilds the machine from its code and execution segment, refusing a segment that belongs to
 * other code or whose registers point outside its memories (a corrupt or hostile segment must
 * fail here, not run).
 */
export function resumeExecutionSegment(program: CodeSegment, digest: Uint8Array, bytes: Uint8Array): Machine {
  const header = readHeader(bytes);
  if (!sameBytes(header.digest, digest)) throw new SegmentFormatError('execution segment belongs to other code (its code digest differs): it cannot resume with this code segment');
  if (header.stackWords !== program.stackWords || header.frameLimit !== program.frameLimit || header.heapWords !== program.heapWords) {
    throw new SegmentFormatError('execution segment memory sizes differ from its code segment’s');
  }
  const { pc, sp, base, frameCount, heapUsedWords } = header;
  if (pc % instructionWords !== 0 || pc > program.code.length) throw new SegmentFormatError(`execution segment's program counter ${pc} is not an instruction of the code`);
  if (sp > program.stackWords || base > sp || frameCount > program.frameLimit || heapUsedWords > program.heapWords) throw new SegmentFormatError('execution segment registers point outside its memories');
  if (!Number.isSafeInteger(header.instructionCount) || header.instructionCount < 0) throw new SegmentFormatError('execution segment has an invalid instruction count');
  const expected = headerBytes + (sp + frameCount * 2 + heapUsedWords) * 4;
  if (bytes.length !== expected) throw new SegmentFormatError(`execution segment is ${bytes.length} bytes; its header describes ${expected}`);
  const machine = new Machine(program);
  let offset = headerBytes;
  readWords(bytes, offset, sp, machine.stack);
  readWords(bytes, (offset += sp * 4), frameCount * 2, machine.frames);
  readWords(bytes, (offset += frameCount * 8), heapUsedWords, machine.heap);
  for (let frame = 0; frame < frameCount; frame += 1) {
    const returnPc = machine.frames[frame * 2]!;
    const callerBase = machine.frames[frame * 2 + 1]!;
    if (returnPc < 0 || returnPc % instructionWords !== 0 || returnPc > program.code.length || callerBase < 0 || callerBase > base) throw new SegmentFormatError(`call frame ${frame} of the execution segment is corrupt`);
  }
  machine.pc = pc;
  machine.sp = sp;
  machine.base = base;
  machine.frameCount = frameCount;
  machine.mode = header.mode;
  machine.instructionCount = header.instructionCount;
  machine.status = header.status;
  return machine;
}
