// Binary translation of guest code: each basic block is translated once into a JavaScript function
// (new Function), cached by its start address, and chained — a branch back to the block's own start
// stays inside the function as a loop, and a branch elsewhere is a direct lookup in the block table.
// Sensitive instructions (IN, OUT, SETMODE, GO, GETMODE) become calls to the VMM, so GETMODE reads the
// virtual mode and never sees the real one: translation does what trap-and-emulate cannot.
import { emulatePrivileged, readMode, type GuestState } from './guestMachine.ts';
import { opcodes } from './instructionSet.ts';

type Block = (state: GuestState, stack: Int32Array, locals: Int32Array, heap: Int32Array, vmm: Vmm, budget: number) => number;

interface Vmm {
  privileged(state: GuestState, opcode: number, operand: number, sp: number): number;
  mode(state: GuestState): number;
}

const vmm: Vmm = {
  privileged(state, opcode, operand, sp) {
    state.stackPointer = sp;
    emulatePrivileged(state, opcode, operand);
    return state.stackPointer;
  },
  mode: (state) => readMode(state, false),
};

const binary: Partial<Record<number, string>> = {
  [opcodes.ADD]: 'a + b | 0', [opcodes.SUB]: 'a - b | 0', [opcodes.MUL]: 'Math.imul(a, b)', [opcodes.AND]: 'a & b',
  [opcodes.OR]: 'a | b', [opcodes.XOR]: 'a ^ b', [opcodes.EQ]: 'a === b ? 1 : 0', [opcodes.NE]: 'a !== b ? 1 : 0',
  [opcodes.LT]: 'a < b ? 1 : 0', [opcodes.GT]: 'a > b ? 1 : 0', [opcodes.MOD]: 'a % b | 0', [opcodes.DIV]: '(a / b) | 0',
};
const sensitive = new Set<number>([opcodes.IN, opcodes.OUT, opcodes.SETMODE, opcodes.GO]);

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
    const code = this.code;
    const lines: string[] = [];
    let count = 0;
    let pc = start;
    let ended = false;
    while (!ended) {
      const opcode = code[pc];
      const operand = code[pc + 1]!;
      if (opcode === undefined) throw new Error(`guest code runs off its end at ${pc}`);
      pc += 2;
      count++;
      const binaryExpression = binary[opcode];
      if (binaryExpression) {
        const guard = opcode === opcodes.MOD || opcode === opcodes.DIV ? `if (b === 0) throw new Error('divide-by-zero'); ` : '';
        lines.push(`{ const b = s[--sp], a = s[sp - 1]; ${guard}s[sp - 1] = ${binaryExpression}; }`);
        continue;
      }
      const exit = (target: string): string => `{ state.instructions += n + ${count}; state.stackPointer = sp; return ${target}; }`;
      const loopOrExit = (target: number): string =>
        target === start ? `{ n += ${count}; if (n < budget) continue; state.instructions += n; state.stackPointer = sp; return ${start}; }` : exit(String(target));
      switch (opcode) {
        case opcodes.PUSH: lines.push(`s[sp++] = ${operand};`); break;
        case opcodes.POP: lines.push('sp--;'); break;
        case opcodes.DUP: lines.push('s[sp] = s[sp - 1]; sp++;'); break;
        case opcodes.SWAP: lines.push('{ const t = s[sp - 1]; s[sp - 1] = s[sp - 2]; s[sp - 2] = t; }'); break;
        case opcodes.OVER: lines.push('s[sp] = s[sp - 2]; sp++;'); break;
        case opcodes.LOAD: lines.push(`s[sp++] = l[${operand}];`); break;
        case opcodes.STORE: lines.push(`l[${operand}] = s[--sp];`); break;
        case opcodes.ADDL: lines.push(`l[${operand}] = l[${operand}] + s[--sp] | 0;`); break;
        case opcodes.HLOAD: lines.push('s[sp - 1] = h[s[sp - 1]];'); break;
        case opcodes.HSTORE: lines.push('sp -= 2; h[s[sp]] = s[sp + 1];'); break;
        case opcodes.ENTER: break;
        case opcodes.GETMODE: lines.push('s[sp++] = vmm.mode(state);'); break;
        case opcodes.SYS: lines.push(`state.systemCalls++; state.traps++; s[sp++] = ${operand};`); break;
        case opcodes.HALT: lines.push(`state.halted = true; ${exit(String(pc))}`); ended = true; break;
        case opcodes.JMP: lines.push(loopOrExit(operand)); ended = true; break;
        case opcodes.JZ:
        case opcodes.JNZ: {
          const test = opcode === opcodes.JZ ? '===' : '!==';
          lines.push(`if (s[--sp] ${test} 0) ${loopOrExit(operand)}`, exit(String(pc)));
          ended = true;
          break;
        }
        default:
          if (!sensitive.has(opcode)) throw new Error(`opcode ${opcode} at ${pc - 2} is not part of the guest machine`);
          // A sensitive instruction ends the block: the VMM may change the mode or halt the guest.
          lines.push(`sp = vmm.privileged(state, ${opcode}, ${operand}, sp);`, exit(String(pc)));
          ended = true;
      }
    }
    this.statistics.blocksTranslated++;
    this.statistics.guestInstructionsTranslated += count;
    const body = `let sp = state.stackPointer, n = 0;\nfor (;;) {\n${lines.join('\n')}\n}`;
    return new Function('state', 's', 'l', 'h', 'vmm', 'budget', body) as Block;
  }
}
