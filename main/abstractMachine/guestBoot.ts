// A guest VM's boot: the machine is created, the tiny kernel sets the page-table base, masks
// interrupts while it sets up, sets the timer, unmasks, and drops to user mode; the next instruction
// is the user program's first. bootGuest returns the time from its call to that moment.
import { assemble } from './assembler.ts';
import { createGuestState, guestPorts, interpretGuest } from './guestMachine.ts';
import { modes } from './instructionSet.ts';

const kernelSource = `
.program guest-kernel
.heap 4096
.stack 64
.frames 4
.entry main boot
boot:
    ENTER 0 2
    PUSH 1
    OUT ${guestPorts.interruptMask}
    PUSH 1024
    OUT ${guestPorts.pageTableBase}
    PUSH 10000
    OUT ${guestPorts.timer}
    PUSH 0
    OUT ${guestPorts.interruptMask}
    PUSH 0
    SETMODE
user:
    PUSH 1
    OUT ${guestPorts.console}
    HALT
`;

export interface BootResult {
  bootMs: number;
  kernelInstructions: number;
  firstUserProgramCounter: number;
}

export function bootGuest(): BootResult {
  const started = performance.now();
  const segment = assemble(kernelSource, 'guest-kernel.asm');
  const state = createGuestState(segment);
  while (state.virtualMode !== modes.user && !state.halted) interpretGuest(state, 1, false);
  return { bootMs: performance.now() - started, kernelInstructions: state.instructions, firstUserProgramCounter: state.programCounter };
}
