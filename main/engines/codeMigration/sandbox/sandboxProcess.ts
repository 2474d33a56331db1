// A sandbox: the process a host runs received code in. It is started confined (Node's permission
// model, its own network and process namespaces, another user, resource limits; see
// confinement.ts) and imports nothing but the abstract machine, so what it can touch is what the
// host grants. Abstract-machine code runs in slices, so that a capture request (migration,
// cloning) is seen between two slices; its system calls and moves go to the host as messages.
// Native code (a platform's image) runs as it is, with the confinement as its only limit.
import { createHash } from 'node:crypto';
import { codeDigest, decodeCodeSegment } from '../../../abstractMachine/codeSegment.ts';
import { captureExecutionSegment, resumeExecutionSegment } from '../../../abstractMachine/executionSegment.ts';
import { Machine } from '../../../abstractMachine/machine.ts';
import { systemCallArguments, systemCalls } from '../programs/systemCalls.ts';
import type { FromSandbox, HeapWrite, ToSandbox } from './sandboxMessages.ts';

/** About a millisecond of work between two looks at the IPC channel. */
const sliceInstructions = 200_000;

let captureRequest: 'migrate' | 'clone' | undefined;
let answerSyscall: ((result: { values: number[]; heap?: HeapWrite }) => void) | undefined;

function send(message: FromSandbox): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

async function finish(message: FromSandbox): Promise<never> {
  await send(message);
  process.exit(0);
}

const nowNs = (): string => process.hrtime.bigint().toString();
const betweenSlices = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function runAbstract(message: Extract<ToSandbox, { kind: 'runAbstract' }>, receivedAtNs: string): Promise<never> {
  const program = decodeCodeSegment(message.code);
  const digest = codeDigest(message.code);
  const machine = message.segment === undefined ? Machine.start(program, message.entry ?? 'main') : resumeExecutionSegment(program, digest, message.segment);
  for (const write of message.heapInit ?? []) {
    if (write.address < 0 || write.address + write.words.length > machine.heap.length) return finish({ kind: 'faulted', reason: 'initialisation data falls outside the heap' });
    machine.heap.set(write.words, write.address);
  }
  const resumedAtNs = message.segment === undefined ? undefined : nowNs();
  void send({ kind: 'started', atNs: nowNs(), receivedAtNs, ...(resumedAtNs === undefined ? {} : { resumedAtNs }) });
  for (;;) {
    if (captureRequest !== undefined) {
      const mode = captureRequest;
      captureRequest = undefined;
      // The program's last instruction here has run: from now it is paused (for a migration).
      const atNs = nowNs();
      const segment = captureExecutionSegment(machine, digest);
      const captured: FromSandbox = { kind: 'captured', mode, segment, atNs, capturedAtNs: nowNs(), instructionCount: machine.instructionCount };
      if (mode === 'migrate') return finish(captured);
      void send(captured);
    }
    const stopAt = message.stopAtInstruction;
    const budget = stopAt === undefined ? sliceInstructions : Math.min(sliceInstructions, stopAt - machine.instructionCount);
    if (budget <= 0) {
      captureRequest = 'migrate';
      continue;
    }
    const exit = machine.run(budget);
    switch (exit.kind) {
      case 'budget':
        await betweenSlices();
        break;
      case 'syscall': {
        const arity = systemCallArguments[exit.service];
        if (arity === undefined) return finish({ kind: 'faulted', reason: `system call ${exit.service} does not exist` });
        if (machine.sp - machine.base < arity) return finish({ kind: 'faulted', reason: `system call ${exit.service} needs ${arity} arguments on the stack` });
        const args = Array.from({ length: arity }, () => machine.pop()).reverse();
        let words: Int32Array | undefined;
        if (exit.service === systemCalls.emit) {
          const [address = 0, count = 0] = args;
          if (address < 0 || count < 0 || address + count > machine.heap.length) return finish({ kind: 'faulted', reason: 'emit names words outside the heap' });
          words = machine.heap.slice(address, address + count);
        }
        const answered = new Promise<{ values: number[]; heap?: HeapWrite }>((resolve) => (answerSyscall = resolve));
        await send({ kind: 'syscall', service: exit.service, args, ...(words === undefined ? {} : { words }) });
        const result = await answered;
        if (result.heap !== undefined) {
          const { address, words: written } = result.heap;
          if (address < 0 || address + written.length > machine.heap.length) return finish({ kind: 'faulted', reason: 'the host wrote outside the heap' });
          machine.heap.set(written, address);
        }
        for (const value of result.values) machine.push(value);
        break;
      }
      case 'privileged': {
        if (exit.mnemonic !== 'GO') return finish({ kind: 'faulted', reason: `privileged instruction ${exit.mnemonic} in user mode: this host does not emulate it` });
        const host = machine.pop();
        const atNs = nowNs();
        const segment = captureExecutionSegment(machine, digest);
        return finish({ kind: 'moved', host, segment, atNs, instructionCount: machine.instructionCount });
      }
      case 'halted': {
        const finalState = captureExecutionSegment(machine, digest);
        return finish({ kind: 'halted', instructionCount: machine.instructionCount, finalStateDigest: createHash('sha256').update(finalState).digest('hex'), atNs: nowNs() });
      }
      case 'fault':
        return finish({ kind: 'faulted', reason: `${exit.fault} at pc ${exit.pc}` });
      case 'io':
        return finish({ kind: 'faulted', reason: 'device I/O in supervisor mode is not offered here' });
    }
  }
}

async function runNative(message: Extract<ToSandbox, { kind: 'runNative' }>): Promise<never> {
  const data = new DataView(message.data.buffer, message.data.byteOffset, message.data.byteLength);
  const system = {
    input: message.input,
    data,
    littleEndian: message.byteOrder === 'little-endian',
    async records(maximum: number): Promise<Int32Array> {
      const answered = new Promise<{ values: number[]; heap?: HeapWrite }>((resolve) => (answerSyscall = resolve));
      await send({ kind: 'syscall', service: systemCalls.records, args: [0, maximum] });
      return (await answered).heap?.words ?? new Int32Array(0);
    },
  };
  try {
    const module = (await import(`data:text/javascript;base64,${Buffer.from(message.source, 'utf8').toString('base64')}`)) as { default: (system: unknown) => unknown };
    const value = await module.default(system);
    return finish({ kind: 'nativeDone', value });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return finish({ kind: 'nativeFailed', error: `${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}` });
  }
}

process.on('message', (message: ToSandbox) => {
  switch (message.kind) {
    case 'runAbstract':
      runAbstract(message, nowNs()).catch((error: unknown) => finish({ kind: 'faulted', reason: error instanceof Error ? error.message : String(error) }));
      break;
    case 'runNative':
      void runNative(message);
      break;
    case 'capture':
      captureRequest = message.mode;
      break;
    case 'syscallResult': {
      const answer = answerSyscall;
      answerSyscall = undefined;
      answer?.({ values: message.values, ...(message.heap === undefined ? {} : { heap: message.heap }) });
      break;
    }
  }
});
// Its host is gone: nobody will read what it does.
process.on('disconnect', () => process.exit(0));
void send({ kind: 'ready', pid: process.pid, uid: process.getuid?.() ?? -1 });
