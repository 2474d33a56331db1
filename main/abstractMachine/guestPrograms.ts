// The virtualization lab's guest programs, each with the same algorithm written directly in
// JavaScript (the native ceiling). Locals: 0 counter, 1 accumulator, 2 scratch.
import { assemble } from './assembler.ts';
import type { CodeSegment } from './codeSegment.ts';
import { guestPorts } from './guestMachine.ts';

export type GuestProgramName = 'cpu-bound' | 'syscall-heavy' | 'io-heavy' | 'mode-probe';

/** Every `every` iterations the loop does its program's special operation (none, SYS, OUT to disk). */
function loopSource(name: string, iterations: number, special: string): string {
  return `
.program ${name}
.heap 16
.stack 64
.frames 4
.entry main main
main:
    ENTER 0 3
    PUSH 1
    STORE 1
loop:
    LOAD 0
    PUSH ${iterations}
    LT
    JZ done
    LOAD 1
    PUSH 1103515245
    MUL
    PUSH 12345
    ADD
    LOAD 0
    XOR
    STORE 1
${special}
    PUSH 1
    ADDL 0
    JMP loop
done:
    LOAD 1
    OUT ${guestPorts.console}
    HALT
`;
}

export function guestProgram(name: GuestProgramName, iterations: number): CodeSegment {
  if (name === 'cpu-bound') return assemble(loopSource(name, iterations, ''), `${name}.asm`);
  if (name === 'syscall-heavy') return assemble(loopSource(name, iterations, '    SYS 1\n    POP'), `${name}.asm`);
  if (name === 'io-heavy') return assemble(loopSource(name, iterations, `    LOAD 1\n    OUT ${guestPorts.diskData}`), `${name}.asm`);
  // The kernel asks which mode it is in (it must see 1, supervisor), drops to user mode and asks again
  // (it must see 0). Deprivileged under trap-and-emulate, the first GETMODE does not trap and reads
  // the real processor's user mode: the kernel is misinformed and nothing tells the VMM.
  return assemble(
    `
.program mode-probe
.heap 16
.stack 16
.frames 4
.entry main main
main:
    ENTER 0 1
    GETMODE
    OUT ${guestPorts.console}
    PUSH 0
    SETMODE
    GETMODE
    OUT ${guestPorts.console}
    HALT
`,
    'mode-probe.asm',
  );
}

/** The same computation as the cpu-bound guest, in JavaScript: what the guest's result must equal. */
export function nativeLoop(iterations: number): number {
  let accumulator = 1;
  for (let counter = 0; counter < iterations; counter++) accumulator = (Math.imul(accumulator, 1103515245) + 12345) ^ counter;
  return accumulator | 0;
}

/** What a native program's system call stands for: a call into code that serves it (the guest's VMM pushes the service number). */
function serveSystemCall(counter: { calls: number }, service: number): number {
  counter.calls++;
  return service;
}

/**
 * Each guest program's algorithm written directly in JavaScript, the ceiling a technique is compared
 * with: the loop, plus a call per iteration for syscall-heavy, a write to a disk array per iteration
 * for io-heavy; mode-probe reads a mode variable twice. Returns what the guest writes to its console last.
 */
export function nativeProgram(name: GuestProgramName, iterations: number): number {
  if (name === 'cpu-bound') return nativeLoop(iterations);
  if (name === 'mode-probe') {
    let mode = 1;
    const first = mode;
    mode = 0;
    return first + mode;
  }
  const disk = new Int32Array(4096);
  const counter = { calls: 0 };
  let accumulator = 1;
  for (let counterValue = 0; counterValue < iterations; counterValue++) {
    accumulator = (Math.imul(accumulator, 1103515245) + 12345) ^ counterValue;
    if (name === 'syscall-heavy') serveSystemCall(counter, 1);
    else disk[counterValue % disk.length] = accumulator;
  }
  return (accumulator + counter.calls + disk[0]!) | 0;
}
