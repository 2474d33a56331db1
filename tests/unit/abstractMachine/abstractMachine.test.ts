import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AssemblyError, assemble } from '../../../main/abstractMachine/assembler.ts';
import { codeDigest, decodeCodeSegment, encodeCodeSegment, SegmentFormatError } from '../../../main/abstractMachine/codeSegment.ts';
import { captureExecutionSegment, resumeExecutionSegment } from '../../../main/abstractMachine/executionSegment.ts';
import { spliceInstructionSetReference } from '../../../main/abstractMachine/instructionSetReference.ts';
import { Machine } from '../../../main/abstractMachine/machine.ts';
import { churnProgram } from '../../../main/engines/codeMigration/programs/churnProgram.ts';

function runToEnd(machine: Machine): string {
  for (;;) {
    const exit = machine.run(1_000_000);
    if (exit.kind === 'budget') continue;
    if (exit.kind === 'syscall') {
      // The churn program's one system call emits its checksum: drop the arguments, go on.
      machine.pop();
      machine.pop();
      continue;
    }
    return exit.kind;
  }
}

describe('the abstract machine', () => {
  it('resumes a captured execution segment bit for bit, even from a byte buffer at an odd offset', () => {
    const program = churnProgram(4096, 3);
    const encoded = encodeCodeSegment(program);
    const digest = codeDigest(encoded);
    const reference = Machine.start(decodeCodeSegment(encoded), 'main');
    expect(runToEnd(reference)).toBe('halted');

    const moved = Machine.start(decodeCodeSegment(encoded), 'main');
    moved.run(50_000);
    const segment = captureExecutionSegment(moved, digest);
    // What arrives from a socket is often a view into a larger buffer at any offset.
    const pooled = Buffer.alloc(segment.length + 3);
    pooled.set(segment, 3);
    const resumed = resumeExecutionSegment(decodeCodeSegment(encoded), digest, pooled.subarray(3));
    expect(resumed.instructionCount).toBe(50_000);
    expect(runToEnd(resumed)).toBe('halted');
    expect(resumed.instructionCount).toBe(reference.instructionCount);
    expect(Buffer.from(captureExecutionSegment(resumed, digest)).equals(Buffer.from(captureExecutionSegment(reference, digest)))).toBe(true);
  });

  it('refuses a segment of other code, a truncated one and one whose program counter points outside the code', () => {
    const encoded = encodeCodeSegment(churnProgram(256, 1));
    const other = encodeCodeSegment(churnProgram(256, 2));
    const machine = Machine.start(decodeCodeSegment(encoded), 'main');
    machine.run(100);
    const segment = captureExecutionSegment(machine, codeDigest(encoded));
    expect(() => resumeExecutionSegment(decodeCodeSegment(other), codeDigest(other), segment)).toThrow(SegmentFormatError);
    expect(() => resumeExecutionSegment(decodeCodeSegment(encoded), codeDigest(encoded), segment.subarray(0, segment.length - 4))).toThrow(SegmentFormatError);
    const corrupt = segment.slice();
    new DataView(corrupt.buffer).setUint32(8 + 32 + 4, 0x7ffffffe, true);
    expect(() => resumeExecutionSegment(decodeCodeSegment(encoded), codeDigest(encoded), corrupt)).toThrow(/program counter/);
  });

  it('traps privileged instructions in user mode and faults on a heap access out of bounds', () => {
    const moving = Machine.start(assemble('.program go\n.heap 4\n.entry main main\nmain:\n  PUSH 2\n  GO\n  HALT\n'), 'main');
    expect(moving.run(100)).toMatchObject({ kind: 'privileged', mnemonic: 'GO' });
    const reading = Machine.start(assemble('.program oob\n.heap 4\n.entry main main\nmain:\n  PUSH 9\n  HLOAD\n  HALT\n'), 'main');
    expect(reading.run(100)).toMatchObject({ kind: 'fault', fault: 'heap-bounds' });
  });

  it('names the line of a bad instruction', () => {
    expect(() => assemble('.program bad\n.entry main main\nmain:\n  PUSH 1\n  FLY 3\n')).toThrow(AssemblyError);
    try {
      assemble('.program bad\n.entry main main\nmain:\n  PUSH 1\n  FLY 3\n');
    } catch (error) {
      expect(String((error as Error).message)).toMatch(/:5/);
    }
  });
});

describe('docs/abstract-machine.md', () => {
  const text = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'abstract-machine.md'), 'utf8');

  it('lists the instruction set as the machine has it (regenerate: npx node scripts/generateAbstractMachineDocs.ts)', () => {
    expect(spliceInstructionSetReference(text)).toBe(text);
  });

  it('shows an example that assembles and does what it says', () => {
    const example = /```\n(\.program count[\s\S]*?)```/.exec(text)![1]!;
    const machine = Machine.start(assemble(example), 'main');
    expect(machine.run(10_000)).toEqual({ kind: 'halted' });
    expect(machine.heap[0]).toBe(10);
  });
});
