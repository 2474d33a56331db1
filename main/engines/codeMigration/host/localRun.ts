// A host running its own abstract-machine code in its own process (a client computing with code it
// already has, a mobile agent's legs at home): the same system calls as a sandbox offers, served
// directly. Received code never runs here; it runs in a sandbox.
import type { Machine } from '../../../abstractMachine/machine.ts';
import { systemCallArguments, systemCalls } from '../programs/systemCalls.ts';
import type { Supervisor } from './sandboxJob.ts';

export type LocalEnd = { kind: 'halted' } | { kind: 'moved'; host: number } | { kind: 'faulted'; reason: string };

const sliceInstructions = 500_000;

export async function runLocally(machine: Machine, supervisor: Supervisor): Promise<LocalEnd> {
  for (;;) {
    const exit = machine.run(sliceInstructions);
    switch (exit.kind) {
      case 'budget':
        await new Promise((resolve) => setImmediate(resolve));
        break;
      case 'halted':
        return { kind: 'halted' };
      case 'fault':
        return { kind: 'faulted', reason: `${exit.fault} at pc ${exit.pc}` };
      case 'io':
        return { kind: 'faulted', reason: 'device I/O is not offered' };
      case 'privileged':
        if (exit.mnemonic !== 'GO') return { kind: 'faulted', reason: `privileged instruction ${exit.mnemonic} in user mode` };
        return { kind: 'moved', host: machine.pop() };
      case 'syscall': {
        const arity = systemCallArguments[exit.service];
        if (arity === undefined || machine.sp - machine.base < arity) return { kind: 'faulted', reason: `bad system call ${exit.service}` };
        const args = Array.from({ length: arity }, () => machine.pop()).reverse();
        const [first = 0, second = 0] = args;
        if (exit.service === systemCalls.records) {
          const pairs = supervisor.records === undefined ? new Int32Array(0) : await supervisor.records(second);
          if (first < 0 || first + pairs.length > machine.heap.length) return { kind: 'faulted', reason: 'records would fall outside the heap' };
          machine.heap.set(pairs, first);
          machine.push(pairs.length / 2);
        } else if (exit.service === systemCalls.emit) {
          if (first < 0 || second < 0 || first + second > machine.heap.length) return { kind: 'faulted', reason: 'emit names words outside the heap' };
          supervisor.emit?.(machine.heap.slice(first, first + second));
        } else if (exit.service === systemCalls.hostNumber) machine.push(supervisor.hostNumber ?? -1);
        else if (exit.service === systemCalls.access) machine.push(supervisor.access === undefined ? -1 : await supervisor.access(first, second));
        break;
      }
    }
  }
}

/** A record source over pairs already in hand. */
export function pairsCursor(pairs: Int32Array): (maximum: number) => Int32Array {
  let offset = 0;
  return (maximum) => {
    const taken = pairs.subarray(offset, Math.min(pairs.length, offset + maximum * 2));
    offset += taken.length;
    return taken.slice();
  };
}

/** Code and an execution segment as one frame body, [u32 code length][code][segment], in pieces (neither is copied). */
export function packCodeAndSegment(code: Uint8Array, segment: Uint8Array): Uint8Array[] {
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, code.length, false);
  return [length, code, segment];
}

export function unpackCodeAndSegment(body: Uint8Array): { code: Uint8Array; segment: Uint8Array } {
  if (body.length < 4) throw new Error('frame body too short for code and segment');
  const codeLength = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0, false);
  if (4 + codeLength > body.length) throw new Error('frame body shorter than its code');
  // Views, not copies: a frame body is the receiver's own memory and nothing writes into it.
  return { code: body.subarray(4, 4 + codeLength), segment: body.subarray(4 + codeLength) };
}
