// What a host and one of its sandboxes say to each other over the sandbox's IPC channel (the only
// way in or out of a sandbox: it has no network and sees only its grant folder).

export interface HeapWrite {
  address: number;
  words: Int32Array;
}

export type ToSandbox =
  | {
      kind: 'runAbstract';
      /** The encoded code segment. */
      code: Uint8Array;
      /** Start afresh at this entry point (weak mobility)… */
      entry?: string;
      /** …or resume this execution segment (strong mobility). */
      segment?: Uint8Array;
      /** Initialisation data written into the heap before a fresh start. */
      heapInit?: HeapWrite[];
      /** Stop and hand the execution segment back once this many instructions have run in all. */
      stopAtInstruction?: number;
    }
  | { kind: 'runNative'; source: string; data: Uint8Array; byteOrder: 'little-endian' | 'big-endian'; input: Record<string, unknown> }
  /** Capture the execution segment between two slices; `migrate` then ends, `clone` runs on. */
  | { kind: 'capture'; mode: 'migrate' | 'clone' }
  | { kind: 'syscallResult'; values: number[]; heap?: HeapWrite };

export type FromSandbox =
  | { kind: 'ready'; pid: number; uid: number }
  /** atNs: its first instruction; receivedAtNs: the run message arrived; resumedAtNs: its execution segment was rebuilt (strong mobility). */
  | { kind: 'started'; atNs: string; receivedAtNs?: string; resumedAtNs?: string }
  | { kind: 'syscall'; service: number; args: number[]; words?: Int32Array }
  /** atNs: its last instruction ran; capturedAtNs: its execution segment was written. */
  | { kind: 'captured'; mode: 'migrate' | 'clone'; segment: Uint8Array; atNs: string; capturedAtNs: string; instructionCount: number }
  | { kind: 'moved'; host: number; segment: Uint8Array; atNs: string; instructionCount: number }
  | { kind: 'halted'; instructionCount: number; finalStateDigest: string; atNs: string }
  | { kind: 'faulted'; reason: string }
  | { kind: 'nativeDone'; value: unknown }
  | { kind: 'nativeFailed'; error: string };
