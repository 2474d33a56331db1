// Binary translation of guest code: each basic block is translated once into a JavaScript function
// (new Function), cached by its start address, and chained — a branch back to the block's own start
// stays inside the function as a loop, and a branch elsewhere is a direct lookup in the block table.
// Sensitive instructions (IN, OUT, SETMODE, GO, GETMODE) become calls to the VMM, so GETMODE reads the
// virtual mode and never sees the real one: translation does what trap-and-emulate cannot.
import { emulatePrivileged, GuestFault, readMode, type GuestState } from './guestMachine.ts';
import { compileTrace } from './guestBlockCompiler.ts';

type Block = (state: GuestState, stack: Int32Array, locals: Int32Array, heap: Int32Array, vmm: Vmm, budget: number) => number;

interface Vmm {
  privileged(state: GuestState, opcode: number, operand: number, sp: number): number;
  mode(state: GuestState): number;
}

const vmm: Vmm = {
  privileged(state, opcode, operand, sp) {
    state.stackPointer = sp;
    emulatePrivileged(state, opcode, operand);
    // Translated SYS stays inside its block; a kernel that takes system calls needs the interpreter.
    if (state.trapVector >= 0) throw new GuestFault('binary translation does not run a guest kernel that sets a trap vector');
    return state.stackPointer;
  },
  mode: (state) => readMode(state, false),
};

export interface TranslationStatistics {
  blocksTranslated: number;
  lookups: number;
  hits: number;
  guestInstructionsTranslated: number;
}

export class GuestTranslator {
  private readonly code: Int32Array;
  private readonly blocks: (Block | undefined)[];
  readonly statistics: TranslationStatistics = { blocksTranslated: 0, lookups: 0, hits: 0, guestInstructionsTranslated: 0 };

  constructor(code: Int32Array) {
    this.code = code;
    this.blocks = new Array<Block | undefined>(code.length);
  }

  /** Translates the block at `pc` ahead of the run (what a first instruction waits for); the run then finds it cached. */
  prepare(pc: number): void {
    this.blocks[pc] ??= this.translate(pc);
  }

  /** Runs translated blocks until the guest halts or about `budget` instructions have run. */
  run(state: GuestState, budget: number): void {
    const { stack, locals, heap } = state;
    const start = state.instructions;
    state.realMode = state.virtualMode;
    while (!state.halted && state.instructions - start < budget) {
      const pc = state.programCounter;
      this.statistics.lookups++;
      let block = this.blocks[pc];
      if (block) this.statistics.hits++;
      else block = this.blocks[pc] = this.translate(pc);
      state.programCounter = block(state, stack, locals, heap, vmm, budget - (state.instructions - start));
    }
  }

  private translate(start: number): Block {
    const { body, instructions } = compileTrace(this.code, start);
    this.statistics.blocksTranslated++;
    this.statistics.guestInstructionsTranslated += instructions;
    return new Function('state', 's', 'l', 'h', 'vmm', 'budget', body) as Block;
  }
}
