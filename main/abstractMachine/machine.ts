// The interpreter. `run(budget)` executes at most `budget` instructions and returns why it stopped,
// the way a hypervisor's run call returns an exit reason: the program halted, the budget ran out,
// a system call or a privileged instruction needs the supervisor, or the program faulted. The
// supervisor (whoever calls run) handles the exit — pops arguments, pushes results, moves the
// program elsewhere — and calls run again. Nothing here does I/O: the machine is pure state
// (registers, operand stack, call frames, heap), which is why it can be captured and resumed.
import type { CodeSegment } from './codeSegment.ts';
import { modes, type Mode } from './instructionSet.ts';
import { fusedCode } from './superinstructions.ts';

export type FaultKind = 'stack-overflow' | 'stack-underflow' | 'heap-bounds' | 'divide-by-zero' | 'call-depth' | 'bad-instruction' | 'bad-jump' | 'not-runnable';

export type MachineExit =
  | { kind: 'halted' }
  | { kind: 'budget' }
  | { kind: 'syscall'; service: number }
  | { kind: 'privileged'; mnemonic: string; operand: number }
  | { kind: 'io'; mnemonic: 'IN' | 'OUT'; port: number }
  | { kind: 'fault'; fault: FaultKind; pc: number };

export type MachineStatus = 'running' | 'halted' | 'faulted';

/** The registers an execution segment carries besides the three memories. */
export interface MachineRegisters {
  pc: number;
  sp: number;
  /** Where the current frame's locals start on the operand stack. */
  base: number;
  /** Call frames in use (0: the entry frame). */
  frameCount: number;
  mode: Mode;
  instructionCount: number;
  status: MachineStatus;
}

export class MachineFault extends Error {
  override readonly name = 'MachineFault';
}

const stopHalted = 1;
const stopSyscall = 2;
const stopPrivileged = 3;
const stopIo = 4;

const stackOverflow = 1;
const stackUnderflow = 2;
const heapBounds = 3;
const divideByZero = 4;
const callDepth = 5;
const badInstruction = 6;
const badJump = 7;
const faultNames: readonly (FaultKind | undefined)[] = [undefined, 'stack-overflow', 'stack-underflow', 'heap-bounds', 'divide-by-zero', 'call-depth', 'bad-instruction', 'bad-jump'];

function mnemonicOf(opcode: number): string {
  return ({ 40: 'IN', 41: 'OUT', 42: 'GO', 43: 'SETMODE' } as Record<number, string>)[opcode] ?? String(opcode);
}

export class Machine {
  readonly program: CodeSegment;
  readonly stack: Int32Array;
  /** Two words per frame: return address, caller's base. */
  readonly frames: Int32Array;
  readonly heap: Int32Array;
  pc = 0;
  sp = 0;
  base = 0;
  frameCount = 0;
  mode: Mode = modes.user;
  /** Instructions executed since the program started (across every host it ran on). */
  instructionCount = 0;
  status: MachineStatus = 'running';

  constructor(program: CodeSegment, memories?: { stack: Int32Array; frames: Int32Array; heap: Int32Array }) {
    this.program = program;
    this.stack = memories?.stack ?? new Int32Array(program.stackWords);
    this.frames = memories?.frames ?? new Int32Array(program.frameLimit * 2);
    this.heap = memories?.heap ?? new Int32Array(program.heapWords);
  }

  /** A machine at one of the program's entry points, in its initial state (weak mobility's start). */
  static start(program: CodeSegment, entry = 'main'): Machine {
    const pc = program.entries[entry];
    if (pc === undefined) throw new MachineFault(`program ${program.name} has no entry point ${entry} (it has ${Object.keys(program.entries).join(', ')})`);
    const machine = new Machine(program);
    machine.pc = pc;
    return machine;
  }

  get registers(): MachineRegisters {
    return { pc: this.pc, sp: this.sp, base: this.base, frameCount: this.frameCount, mode: this.mode, instructionCount: this.instructionCount, status: this.status };
  }

  push(value: number): void {
    if (this.sp >= this.stack.length) throw new MachineFault('stack overflow while the supervisor pushed a result');
    this.stack[this.sp++] = value | 0;
  }

  pop(): number {
    if (this.sp <= 0) throw new MachineFault('the supervisor popped an empty stack');
    return this.stack[--this.sp]!;
  }

  /** Runs at most `budget` instructions. */
  run(budget: number): MachineExit {
    if (this.status !== 'running') return { kind: 'fault', fault: 'not-runnable', pc: this.pc };
    const original = this.program.code;
    const code = fusedCode(this.program);
    const codeLength = code.length;
    const stack = this.stack;
    const stackLimit = stack.length;
    const heap = this.heap;
    const heapLength = heap.length;
    const frames = this.frames;
    const frameLimit = frames.length >> 1;
    let pc = this.pc;
    let sp = this.sp;
    let base = this.base;
    let frameCount = this.frameCount;
    let left = budget;
    let stop = 0;
    let stopOpcode = 0;
    let stopOperand = 0;
    let fault = 0;

    // Small integers for the exits and faults keep the loop monomorphic; names come after it.
    loop: while (left > 0) {
      left -= 1;
      if (pc < 0 || pc >= codeLength) {
        pc += 2;
        fault = badJump;
        break;
      }
      const opcode = code[pc]!;
      const operand = code[pc + 1]!;
      const at = pc;
      pc += 2;
      switch (opcode) {
        case 0: // HALT
          stop = stopHalted;
          break loop;
        case 1: // PUSH
          if (sp >= stackLimit) fault = stackOverflow;
          else stack[sp++] = operand;
          break;
        case 2: // POP
          if (sp <= base) fault = stackUnderflow;
          else sp -= 1;
          break;
        case 3: // DUP
          if (sp <= base) fault = stackUnderflow;
          else if (sp >= stackLimit) fault = stackOverflow;
          else {
            stack[sp] = stack[sp - 1]!;
            sp += 1;
          }
          break;
        case 4: { // SWAP
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          const top = stack[sp - 1]!;
          stack[sp - 1] = stack[sp - 2]!;
          stack[sp - 2] = top;
          break;
        }
        case 5: // OVER
          if (sp - 2 < base) fault = stackUnderflow;
          else if (sp >= stackLimit) fault = stackOverflow;
          else {
            stack[sp] = stack[sp - 2]!;
            sp += 1;
          }
          break;
        case 6: { // ADD
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = (a + b) | 0;
          break;
        }
        case 7: { // SUB
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = (a - b) | 0;
          break;
        }
        case 8: { // MUL
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = Math.imul(a, b);
          break;
        }
        case 9: { // DIV
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          const a = stack[sp - 2]!;
          const b = stack[sp - 1]!;
          if (b === 0) {
            fault = divideByZero;
            break;
          }
          sp -= 1;
          stack[sp - 1] = (a / b) | 0;
          break;
        }
        case 10: { // MOD
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          const a = stack[sp - 2]!;
          const b = stack[sp - 1]!;
          if (b === 0) {
            fault = divideByZero;
            break;
          }
          sp -= 1;
          stack[sp - 1] = a % b | 0;
          break;
        }
        case 11: // NEG
          if (sp <= base) fault = stackUnderflow;
          else stack[sp - 1] = -stack[sp - 1]! | 0;
          break;
        case 12: { // AND
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = a & b;
          break;
        }
        case 13: { // OR
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = a | b;
          break;
        }
        case 14: { // XOR
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = a ^ b;
          break;
        }
        case 15: { // SHL
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = a << b;
          break;
        }
        case 16: { // SHR
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = (a >>> b) | 0;
          break;
        }
        case 17: { // EQ
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = a === b ? 1 : 0;
          break;
        }
        case 18: { // NE
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = a !== b ? 1 : 0;
          break;
        }
        case 19: { // LT
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = a < b ? 1 : 0;
          break;
        }
        case 20: { // LE
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = a <= b ? 1 : 0;
          break;
        }
        case 21: { // GT
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = a > b ? 1 : 0;
          break;
        }
        case 22: { // GE
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          sp -= 1;
          const a = stack[sp - 1]!;
          const b = stack[sp]!;
          stack[sp - 1] = a >= b ? 1 : 0;
          break;
        }
        case 23: // JMP
          pc = operand;
          break;
        case 24: // JZ
          if (sp <= base) fault = stackUnderflow;
          else if (stack[--sp] === 0) pc = operand;
          break;
        case 25: // JNZ
          if (sp <= base) fault = stackUnderflow;
          else if (stack[--sp] !== 0) pc = operand;
          break;
        case 26: // CALL
          if (frameCount >= frameLimit) fault = callDepth;
          else {
            frames[frameCount * 2] = pc;
            frames[frameCount * 2 + 1] = base;
            frameCount += 1;
            // Until the callee's ENTER, its frame starts at the top of the stack.
            base = sp;
            pc = operand;
          }
          break;
        case 27: { // ENTER
          const args = operand & 0xff;
          const locals = operand >>> 8;
          if (sp - args < (frameCount > 0 ? frames[frameCount * 2 - 1]! : 0)) {
            fault = stackUnderflow;
            break;
          }
          if (sp + locals > stackLimit) {
            fault = stackOverflow;
            break;
          }
          base = sp - args;
          stack.fill(0, sp, sp + locals);
          sp += locals;
          break;
        }
        case 28: { // RET
          let value = 0;
          if (operand === 1) {
            if (sp <= base) {
              fault = stackUnderflow;
              break;
            }
            value = stack[sp - 1]!;
          }
          if (frameCount === 0) {
            stop = stopHalted;
            break loop;
          }
          sp = base;
          frameCount -= 1;
          pc = frames[frameCount * 2]!;
          base = frames[frameCount * 2 + 1]!;
          if (operand === 1) stack[sp++] = value;
          break;
        }
        case 29: // LOAD
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          break;
        case 30: // STORE
          if (sp <= base || base + operand >= sp - 1) fault = stackUnderflow;
          else stack[base + operand] = stack[--sp]!;
          break;
        case 31: // ADDL
          if (sp <= base || base + operand >= sp - 1) fault = stackUnderflow;
          else {
            sp -= 1;
            stack[base + operand] = (stack[base + operand]! + stack[sp]!) | 0;
          }
          break;
        case 32: { // HLOAD
          if (sp <= base) {
            fault = stackUnderflow;
            break;
          }
          const address = stack[sp - 1]!;
          if (address < 0 || address >= heapLength) fault = heapBounds;
          else stack[sp - 1] = heap[address]!;
          break;
        }
        case 33: { // HSTORE
          if (sp - 2 < base) {
            fault = stackUnderflow;
            break;
          }
          const address = stack[sp - 2]!;
          if (address < 0 || address >= heapLength) fault = heapBounds;
          else {
            heap[address] = stack[sp - 1]!;
            sp -= 2;
          }
          break;
        }
        case 34: // HSIZE
          if (sp >= stackLimit) fault = stackOverflow;
          else stack[sp++] = heapLength;
          break;
        case 35: { // HFILL
          if (sp - 3 < base) {
            fault = stackUnderflow;
            break;
          }
          const address = stack[sp - 3]!;
          const count = stack[sp - 2]!;
          if (address < 0 || count < 0 || address + count > heapLength) fault = heapBounds;
          else {
            heap.fill(stack[sp - 1]!, address, address + count);
            sp -= 3;
          }
          break;
        }
        case 36: // SYS
          stop = stopSyscall;
          stopOperand = operand;
          break loop;
        case 40: // IN
        case 41: // OUT
          stop = this.mode === modes.user ? stopPrivileged : stopIo;
          stopOpcode = opcode;
          stopOperand = operand;
          break loop;
        case 42: // GO
          stop = stopPrivileged;
          stopOpcode = opcode;
          stopOperand = operand;
          break loop;
        case 43: // SETMODE
          if (this.mode === modes.user) {
            stop = stopPrivileged;
            stopOpcode = opcode;
            stopOperand = operand;
            break loop;
          }
          if (sp <= base) fault = stackUnderflow;
          else this.mode = stack[--sp] === 0 ? modes.user : modes.supervisor;
          break;
        case 44: // GETMODE
          if (sp >= stackLimit) fault = stackOverflow;
          else stack[sp++] = this.mode;
          break;
        case 64: // LOAD a; PUSH k; LT; JZ t
          if (left >= 3 && base + operand < sp && sp + 2 <= stackLimit) {
            left -= 3;
            pc = stack[base + operand]! < original[at + 3]! ? at + 8 : original[at + 7]!;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        case 65: // LOAD a; PUSH k; LE; JZ t
          if (left >= 3 && base + operand < sp && sp + 2 <= stackLimit) {
            left -= 3;
            pc = stack[base + operand]! <= original[at + 3]! ? at + 8 : original[at + 7]!;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        case 66: // LOAD a; PUSH k; GT; JZ t
          if (left >= 3 && base + operand < sp && sp + 2 <= stackLimit) {
            left -= 3;
            pc = stack[base + operand]! > original[at + 3]! ? at + 8 : original[at + 7]!;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        case 67: // LOAD a; PUSH k; GE; JZ t
          if (left >= 3 && base + operand < sp && sp + 2 <= stackLimit) {
            left -= 3;
            pc = stack[base + operand]! >= original[at + 3]! ? at + 8 : original[at + 7]!;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        case 68: // LOAD a; PUSH k; EQ; JZ t
          if (left >= 3 && base + operand < sp && sp + 2 <= stackLimit) {
            left -= 3;
            pc = stack[base + operand]! === original[at + 3]! ? at + 8 : original[at + 7]!;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        case 69: // LOAD a; PUSH k; NE; JZ t
          if (left >= 3 && base + operand < sp && sp + 2 <= stackLimit) {
            left -= 3;
            pc = stack[base + operand]! !== original[at + 3]! ? at + 8 : original[at + 7]!;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        case 70: { // LOAD a; LOAD b; LT; JZ t
          const second = original[at + 3]!;
          if (left >= 3 && base + operand < sp && base + second < sp && sp + 2 <= stackLimit) {
            left -= 3;
            pc = stack[base + operand]! < stack[base + second]! ? at + 8 : original[at + 7]!;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        }
        case 71: { // LOAD a; LOAD b; LE; JZ t
          const second = original[at + 3]!;
          if (left >= 3 && base + operand < sp && base + second < sp && sp + 2 <= stackLimit) {
            left -= 3;
            pc = stack[base + operand]! <= stack[base + second]! ? at + 8 : original[at + 7]!;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        }
        case 72: { // LOAD a; LOAD b; GT; JZ t
          const second = original[at + 3]!;
          if (left >= 3 && base + operand < sp && base + second < sp && sp + 2 <= stackLimit) {
            left -= 3;
            pc = stack[base + operand]! > stack[base + second]! ? at + 8 : original[at + 7]!;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        }
        case 73: { // LOAD a; LOAD b; GE; JZ t
          const second = original[at + 3]!;
          if (left >= 3 && base + operand < sp && base + second < sp && sp + 2 <= stackLimit) {
            left -= 3;
            pc = stack[base + operand]! >= stack[base + second]! ? at + 8 : original[at + 7]!;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        }
        case 74: { // LOAD a; LOAD b; EQ; JZ t
          const second = original[at + 3]!;
          if (left >= 3 && base + operand < sp && base + second < sp && sp + 2 <= stackLimit) {
            left -= 3;
            pc = stack[base + operand]! === stack[base + second]! ? at + 8 : original[at + 7]!;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        }
        case 75: { // LOAD a; LOAD b; NE; JZ t
          const second = original[at + 3]!;
          if (left >= 3 && base + operand < sp && base + second < sp && sp + 2 <= stackLimit) {
            left -= 3;
            pc = stack[base + operand]! !== stack[base + second]! ? at + 8 : original[at + 7]!;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        }
        case 76: { // LOAD a; PUSH k; HSTORE
          const address = base + operand < sp ? stack[base + operand]! : -1;
          if (left >= 2 && address >= 0 && address < heapLength && sp + 2 <= stackLimit) {
            left -= 2;
            heap[address] = original[at + 3]!;
            pc = at + 6;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        }
        case 77: // LOAD a; ADDL b
          if (left >= 1 && base + operand < sp && base + original[at + 3]! < sp && sp < stackLimit) {
            left -= 1;
            const target = base + original[at + 3]!;
            stack[target] = (stack[target]! + stack[base + operand]!) | 0;
            pc = at + 4;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        case 78: // PUSH k; ADDL b
          if (left >= 1 && base + original[at + 3]! < sp && sp < stackLimit) {
            left -= 1;
            const target = base + original[at + 3]!;
            stack[target] = (stack[target]! + operand) | 0;
            pc = at + 4;
          } else {
            if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = operand;
          }
          break;
        case 79: { // LOAD a; HLOAD
          const address = base + operand < sp ? stack[base + operand]! : -1;
          if (left >= 1 && address >= 0 && address < heapLength && sp < stackLimit) {
            left -= 1;
            stack[sp++] = heap[address]!;
            pc = at + 4;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        }
        case 80: { // LOAD a; PUSH k; ADD; HLOAD
          const address = base + operand < sp ? (stack[base + operand]! + original[at + 3]!) | 0 : -1;
          if (left >= 3 && address >= 0 && address < heapLength && sp + 2 <= stackLimit) {
            left -= 3;
            stack[sp++] = heap[address]!;
            pc = at + 8;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        }
        case 81: // LOAD a; LOAD b; ADD
          if (left >= 2 && base + operand < sp && base + original[at + 3]! < sp && sp + 2 <= stackLimit) {
            left -= 2;
            stack[sp] = (stack[base + operand]! + stack[base + original[at + 3]!]!) | 0;
            sp += 1;
            pc = at + 6;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        case 82: // LOAD a; PUSH k; ADD
          if (left >= 2 && base + operand < sp && sp + 2 <= stackLimit) {
            left -= 2;
            stack[sp] = (stack[base + operand]! + original[at + 3]!) | 0;
            sp += 1;
            pc = at + 6;
          } else {
            if (base + operand >= sp) fault = stackUnderflow;
            else if (sp >= stackLimit) fault = stackOverflow;
            else stack[sp++] = stack[base + operand]!;
          }
          break;
        default:
          fault = badInstruction;
      }
      if (fault !== 0) break;
    }

    this.sp = sp;
    this.base = base;
    this.frameCount = frameCount;
    if (fault !== 0) {
      // The faulting instruction did not execute: the program counter stays on it (no instruction
      // moves the program counter before it has checked that it can run).
      const at = pc - 2;
      this.pc = at;
      this.instructionCount += budget - left - 1;
      this.status = 'faulted';
      return { kind: 'fault', fault: faultNames[fault]!, pc: at };
    }
    this.pc = pc;
    this.instructionCount += budget - left;
    switch (stop) {
      case stopHalted:
        this.status = 'halted';
        return { kind: 'halted' };
      case stopSyscall:
        return { kind: 'syscall', service: stopOperand };
      case stopPrivileged:
        return { kind: 'privileged', mnemonic: mnemonicOf(stopOpcode), operand: stopOperand };
      case stopIo:
        return { kind: 'io', mnemonic: stopOpcode === 40 ? 'IN' : 'OUT', port: stopOperand };
      default:
        return { kind: 'budget' };
    }
  }
}
