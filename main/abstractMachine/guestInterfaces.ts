// One guest request — write a line to the console — followed down the interfaces a computer system
// offers: the program calls its library (the API), the library makes a system call, the guest kernel
// serves it with privileged instructions, and one of them starts the console device, whose transfer
// hands the bytes to the host. Every crossing is counted where it happens in the interpreter and the
// VMM. Reading the clock costs more than some crossings, so each level is timed in a pass of its own:
// the clocks of the levels below never land inside the time of the level above.
import { assemble } from './assembler.ts';
import type { CodeSegment } from './codeSegment.ts';
import { createGuestState, guestPorts, interpretGuest, type ConsoleDevice, type InterfaceObserver } from './guestMachine.ts';
import { modes } from './instructionSet.ts';

export const interfaceLevels = ['library-call', 'system-call', 'privileged-instruction', 'device'] as const;
export type InterfaceLevel = (typeof interfaceLevels)[number];

export const consoleLineText = 'hello from the guest\n';
const writeService = 1;
const sliceInstructions = 1_000_000;

/**
 * The guest: a kernel that sets its trap vector and drops to user mode, a user program that writes
 * `lines` lines with the library's `puts`, and `puts` itself, which measures the string in user mode
 * and asks the kernel to write it. The kernel programs the console's address and length registers,
 * reads its status and returns to the program: four privileged instructions per line.
 */
export function consoleLineProgram(lines: number, text = consoleLineText): CodeSegment {
  const storeText = [...text].map((character, index) => `    PUSH ${index}\n    PUSH ${character.codePointAt(0)!}\n    HSTORE`).join('\n');
  return assemble(
    `
.program console-line
.heap 256
.stack 64
.frames 8
.entry main boot
boot:                   ; guest kernel, supervisor mode
    PUSH syscall
    OUT ${guestPorts.trapVector}
    PUSH 0
    SETMODE             ; the next instruction is the user program's first
program:                ; user mode: the line into memory, then lines × puts(line)
${storeText}
    PUSH ${text.length}
    PUSH 0
    HSTORE
    PUSH 0
    STORE 0
again:
    LOAD 0
    PUSH ${lines}
    LT
    JZ done
    PUSH 0
    CALL puts           ; library call
    PUSH 1
    ADDL 0
    JMP again
done:
    HALT
puts:                   ; library, user mode: write(address, strlen(address))
    STORE 10
    PUSH 0
    STORE 11
measure:
    LOAD 10
    LOAD 11
    ADD
    HLOAD
    JZ measured
    PUSH 1
    ADDL 11
    JMP measure
measured:
    LOAD 10
    LOAD 11
    SYS ${writeService}  ; system call: traps into the guest kernel
    POP
    RET 0
syscall:                ; guest kernel, supervisor mode; the stack holds address length service
    PUSH ${writeService}
    NE
    JNZ unknown
    SWAP
    OUT ${guestPorts.consoleAddress}
    OUT ${guestPorts.consoleLength}   ; starts the console's transfer
    IN ${guestPorts.consoleStatus}
    PUSH 0
    SETMODE             ; back to the program, after its SYS
unknown:
    POP
    POP
    PUSH -1
    PUSH 0
    SETMODE
`,
    'console-line.asm',
  );
}

interface Tally {
  count: number;
  guestInstructions: number;
  bytes: number;
  timedMs: number;
  enteredAt: number;
  instructionsAt: number;
}

const emptyTally = (): Tally => ({ count: 0, guestInstructions: 0, bytes: 0, timedMs: 0, enteredAt: 0, instructionsAt: 0 });

/** Counts every crossing at every level, and times the crossings of one level (or none). */
class InterfaceMeter implements InterfaceObserver {
  readonly tallies: Record<InterfaceLevel, Tally> = { 'library-call': emptyTally(), 'system-call': emptyTally(), 'privileged-instruction': emptyTally(), device: emptyTally() };
  private readonly timed: InterfaceLevel | undefined;

  constructor(timed: InterfaceLevel | undefined) {
    this.timed = timed;
  }

  private cross(level: InterfaceLevel, entering: boolean, instructions: number): void {
    const tally = this.tallies[level];
    if (entering) {
      tally.count++;
      tally.instructionsAt = instructions;
      if (this.timed === level) tally.enteredAt = performance.now();
    } else {
      if (this.timed === level) tally.timedMs += performance.now() - tally.enteredAt;
      tally.guestInstructions += instructions - tally.instructionsAt;
    }
  }

  libraryCall(entering: boolean, instructions: number): void {
    this.cross('library-call', entering, instructions);
  }
  systemCall(entering: boolean, instructions: number): void {
    this.cross('system-call', entering, instructions);
  }
  privilegedInstruction(entering: boolean): void {
    this.cross('privileged-instruction', entering, entering ? 0 : 1);
  }
  device(entering: boolean, bytes: number): void {
    if (entering) this.tallies.device.bytes += bytes;
    this.cross('device', entering, 0);
  }
}

export interface InterfacePass {
  tallies: Record<InterfaceLevel, Tally>;
  /** Wall time of the user program, from its first instruction to its HALT. */
  elapsedMs: number;
  halted: boolean;
}

/**
 * Boots the guest under trap-and-emulate (the kernel deprivileged, its privileged instructions trapping
 * to the VMM) and runs the program, timing the crossings of `timed`.
 */
export function runConsoleLines(lines: number, device: ConsoleDevice, timed: InterfaceLevel | undefined, shouldStop: () => boolean = () => false): InterfacePass {
  const state = createGuestState(consoleLineProgram(lines));
  state.consoleDevice = device;
  while (state.virtualMode !== modes.user && !state.halted) interpretGuest(state, 1, true);
  const meter = new InterfaceMeter(timed);
  state.observer = meter;
  const started = performance.now();
  while (!state.halted && !shouldStop()) interpretGuest(state, sliceInstructions, true);
  return { tallies: meter.tallies, elapsedMs: performance.now() - started, halted: state.halted };
}

export interface InterfaceRow {
  level: InterfaceLevel;
  /** Crossings of this interface while the program wrote its lines. */
  count: number;
  perRequest: number;
  /** Guest instructions executed inside one crossing, the levels below included. */
  guestInstructionsPerCrossing: number;
  /** Bytes that crossed, per crossing (the device's transfers; 0 elsewhere). */
  bytesPerCrossing: number;
  /** Median time of one crossing, the levels below included, measured in this level's own pass. */
  costNs: number;
  /** Median time of all this level's crossings in its pass. */
  totalMs: number;
}

export interface InterfaceMeasurement {
  lines: number;
  rows: InterfaceRow[];
  /** Median time the program took per line when no level was timed. */
  requestNs: number;
  /** What one pair of clock readings costs here: it is inside every costNs. */
  clockPairNs: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function clockPairNs(): number {
  const pairs = 20_000;
  const started = performance.now();
  for (let pair = 0; pair < pairs; pair++) {
    performance.now();
    performance.now();
  }
  return ((performance.now() - started) * 1e6) / pairs;
}

/** `rounds` rounds, each an untimed pass and one pass per level, interleaved; medians. Undefined when stopped. */
export function measureInterfaces(lines: number, rounds: number, device: ConsoleDevice, shouldStop: () => boolean = () => false): InterfaceMeasurement | undefined {
  const untimed: number[] = [];
  const timed = new Map<InterfaceLevel, InterfacePass[]>(interfaceLevels.map((level) => [level, []]));
  let counted: InterfacePass | undefined;
  for (let round = 0; round < rounds; round++) {
    const plain = runConsoleLines(lines, device, undefined, shouldStop);
    if (!plain.halted) return undefined;
    counted ??= plain;
    untimed.push((plain.elapsedMs * 1e6) / lines);
    for (const level of interfaceLevels) {
      const pass = runConsoleLines(lines, device, level, shouldStop);
      if (!pass.halted) return undefined;
      timed.get(level)!.push(pass);
    }
  }
  const rows = interfaceLevels.map((level): InterfaceRow => {
    const tally = counted!.tallies[level];
    const passes = timed.get(level)!;
    return {
      level,
      count: tally.count,
      perRequest: tally.count / lines,
      guestInstructionsPerCrossing: tally.count === 0 ? 0 : tally.guestInstructions / tally.count,
      bytesPerCrossing: tally.count === 0 ? 0 : tally.bytes / tally.count,
      costNs: median(passes.map((pass) => (pass.tallies[level].timedMs * 1e6) / Math.max(1, pass.tallies[level].count))),
      totalMs: median(passes.map((pass) => pass.tallies[level].timedMs)),
    };
  });
  return { lines, rows, requestNs: median(untimed), clockPairNs: clockPairNs() };
}
