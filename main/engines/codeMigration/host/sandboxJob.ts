// One piece of code run in one sandbox, with the host as its supervisor: the host answers its
// system calls, learns how it ended (halted, moved on, captured, faulted, or killed by the host)
// and, for a clone, gets the captured execution segment while the original runs on.
import { systemCalls } from '../programs/systemCalls.ts';
import type { FromSandbox, ToSandbox } from '../sandbox/sandboxMessages.ts';
import type { HostSandbox, SandboxOutcome } from './hostSandbox.ts';

export interface Supervisor {
  /** Up to `maximum` records as [id, amount] pairs; none left: an empty array. */
  records?(maximum: number): Int32Array | Promise<Int32Array>;
  emit?(words: Int32Array): void;
  hostNumber?: number;
  /** One access to resource `resource` of the process's resource segment: 1 worked, 0 failed, -1 refused. */
  access?(resource: number, index: number): Promise<number>;
}

export type JobEnd =
  | { kind: 'halted'; instructionCount: number; finalStateDigest: string; atNs: bigint }
  | { kind: 'moved'; host: number; segment: Uint8Array; atNs: bigint; instructionCount: number }
  | { kind: 'captured'; segment: Uint8Array; atNs: bigint; instructionCount: number; stages: CaptureStages }
  | { kind: 'faulted'; reason: string }
  | { kind: 'nativeDone'; value: unknown }
  | { kind: 'nativeFailed'; error: string }
  | { kind: 'stopped'; outcome: SandboxOutcome };

/** When a captured segment was written in the sandbox and when its host had it (CLOCK_MONOTONIC, ns). */
export interface CaptureStages {
  capturedAtNs: string;
  hostGotAtNs: string;
}

/** When the sandbox had its run message and when it had rebuilt the execution segment (ns). */
export interface StartStages {
  sandboxGotAtNs?: string;
  resumedAtNs?: string;
}

export interface SandboxJob {
  /** When its first instruction ran (CLOCK_MONOTONIC, comparable across processes). */
  readonly started: Promise<bigint>;
  /** Filled in once it has started. */
  readonly startStages: StartStages;
  readonly end: Promise<JobEnd>;
  /** The process's end as its host saw it: CPU time, memory, how it ended. */
  readonly outcome: Promise<SandboxOutcome>;
  capture(mode: 'migrate' | 'clone'): void;
  /** Resolves with each clone's segment as it is captured. */
  onClone(listener: (segment: Uint8Array, atNs: bigint) => void): void;
}

export function runSandboxJob(sandbox: HostSandbox, message: ToSandbox, supervisor: Supervisor): SandboxJob {
  let resolveStarted: (at: bigint) => void = () => undefined;
  let resolveEnd: (end: JobEnd) => void = () => undefined;
  const started = new Promise<bigint>((resolve) => (resolveStarted = resolve));
  const end = new Promise<JobEnd>((resolve) => (resolveEnd = resolve));
  const cloneListeners: ((segment: Uint8Array, atNs: bigint) => void)[] = [];
  const answer = (values: number[], heap?: { address: number; words: Int32Array }): void => sandbox.send({ kind: 'syscallResult', values, ...(heap === undefined ? {} : { heap }) });

  const serve = async (call: Extract<FromSandbox, { kind: 'syscall' }>): Promise<void> => {
    switch (call.service) {
      case systemCalls.records: {
        const [address = 0, maximum = 0] = call.args;
        const pairs = supervisor.records === undefined ? new Int32Array(0) : await supervisor.records(Math.max(0, Math.min(maximum, 1 << 20)));
        return answer([pairs.length / 2], { address, words: pairs });
      }
      case systemCalls.emit:
        supervisor.emit?.(call.words ?? new Int32Array(0));
        return answer([]);
      case systemCalls.hostNumber:
        return answer([supervisor.hostNumber ?? -1]);
      case systemCalls.access: {
        const [resource = -1, index = 0] = call.args;
        return answer([supervisor.access === undefined ? -1 : await supervisor.access(resource, index)]);
      }
      default:
        return answer([]);
    }
  };

  const startStages: StartStages = {};
  sandbox.onMessage((incoming) => {
    switch (incoming.kind) {
      case 'started':
        if (incoming.receivedAtNs !== undefined) startStages.sandboxGotAtNs = incoming.receivedAtNs;
        if (incoming.resumedAtNs !== undefined) startStages.resumedAtNs = incoming.resumedAtNs;
        resolveStarted(BigInt(incoming.atNs));
        break;
      case 'syscall':
        serve(incoming).catch((error: unknown) => {
          resolveEnd({ kind: 'faulted', reason: `the host could not serve system call ${incoming.service}: ${error instanceof Error ? error.message : String(error)}` });
          void sandbox.kill('its host could not serve a system call');
        });
        break;
      case 'captured':
        if (incoming.mode === 'clone') for (const listener of cloneListeners) listener(incoming.segment, BigInt(incoming.atNs));
        else resolveEnd({ kind: 'captured', segment: incoming.segment, atNs: BigInt(incoming.atNs), instructionCount: incoming.instructionCount, stages: { capturedAtNs: incoming.capturedAtNs, hostGotAtNs: process.hrtime.bigint().toString() } });
        break;
      case 'moved':
        resolveEnd({ kind: 'moved', host: incoming.host, segment: incoming.segment, atNs: BigInt(incoming.atNs), instructionCount: incoming.instructionCount });
        break;
      case 'halted':
        resolveEnd({ kind: 'halted', instructionCount: incoming.instructionCount, finalStateDigest: incoming.finalStateDigest, atNs: BigInt(incoming.atNs) });
        break;
      case 'faulted':
        resolveEnd({ kind: 'faulted', reason: incoming.reason });
        break;
      case 'nativeDone':
        resolveEnd({ kind: 'nativeDone', value: incoming.value });
        break;
      case 'nativeFailed':
        resolveEnd({ kind: 'nativeFailed', error: incoming.error });
        break;
    }
  });
  // Ended without saying how (killed at its budget, crashed): the outcome says.
  void sandbox.outcome.then((outcome) => resolveEnd({ kind: 'stopped', outcome }));
  sandbox.startWatching();
  sandbox.send(message);
  return {
    started,
    startStages,
    end,
    outcome: sandbox.outcome,
    capture: (mode) => sandbox.send({ kind: 'capture', mode }),
    onClone: (listener) => void cloneListeners.push(listener),
  };
}
