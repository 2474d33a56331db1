// A guest machine for the virtualization lab: the abstract machine's instruction set run as a whole
// computer with a mode flag, a console and a disk port, a timer, and a virtual machine monitor that
// decides what a privileged instruction does. One state object is shared by the three ways of running
// guest code (interpretation and trap-and-emulate here, binary translation in guestTranslator.ts), so
// they can be compared on the same program with the same results.
import type { CodeSegment } from './codeSegment.ts';
import { modes, opcodes } from './instructionSet.ts';

/** Device ports the guest kernel uses with IN and OUT. */
export const guestPorts = { console: 1, diskBlock: 2, diskData: 3, timer: 4, pageTableBase: 5, interruptMask: 6 } as const;

export interface GuestState {
  readonly code: Int32Array;
  readonly stack: Int32Array;
  readonly locals: Int32Array;
  readonly heap: Int32Array;
  readonly disk: Int32Array;
  stackPointer: number;
  programCounter: number;
  /** The mode the guest believes it is in (what a correct GETMODE must show). */
  virtualMode: number;
  /** The mode the real processor is in: user while deprivileged guest code runs under trap-and-emulate. */
  realMode: number;
  pageTableBase: number;
  interruptsMasked: number;
  diskBlock: number;
  halted: boolean;
  instructions: number;
  traps: number;
  systemCalls: number;
  deviceOperations: number;
  consoleWords: number[];
  /** GETMODE answers that differed from the guest's virtual mode: Popek and Goldberg's failure. */
  wrongModeReads: number;
}

export function createGuestState(segment: CodeSegment, entry = 'main', diskWords = 4096): GuestState {
  const start = segment.entries[entry];
  if (start === undefined) throw new Error(`the guest program has no entry "${entry}"`);
  return {
    code: segment.code,
    stack: new Int32Array(segment.stackWords),
    locals: new Int32Array(256),
    heap: new Int32Array(segment.heapWords),
    disk: new Int32Array(diskWords),
    stackPointer: 0,
    programCounter: start,
    virtualMode: modes.supervisor,
    realMode: modes.supervisor,
    pageTableBase: 0,
    interruptsMasked: 0,
    diskBlock: 0,
    halted: false,
    instructions: 0,
    traps: 0,
    systemCalls: 0,
    deviceOperations: 0,
    consoleWords: [],
    wrongModeReads: 0,
  };
}

/** The VMM's emulation of a privileged instruction on the guest's virtual devices. */
export function emulatePrivileged(state: GuestState, opcode: number, operand: number): void {
  state.traps++;
  if (opcode === opcodes.SETMODE) {
    state.virtualMode = state.stack[--state.stackPointer]! === 0 ? modes.user : modes.supervisor;
    return;
  }
  if (opcode === opcodes.GO) {
    state.halted = true;
    return;
  }
  if (opcode === opcodes.OUT) {
    const value = state.stack[--state.stackPointer]!;
    state.deviceOperations++;
    if (operand === guestPorts.console) state.consoleWords.push(value);
    else if (operand === guestPorts.diskBlock) state.diskBlock = value;
    else if (operand === guestPorts.diskData) state.disk[state.diskBlock++ % state.disk.length] = value;
    else if (operand === guestPorts.pageTableBase) state.pageTableBase = value;
    else if (operand === guestPorts.interruptMask) state.interruptsMasked = value;
    return;
  }
  if (opcode === opcodes.IN) {
    state.deviceOperations++;
    let value = 0;
    if (operand === guestPorts.diskData) value = state.disk[state.diskBlock++ % state.disk.length]!;
    else if (operand === guestPorts.timer) value = state.instructions | 0;
    else if (operand === guestPorts.pageTableBase) value = state.pageTableBase;
    state.stack[state.stackPointer++] = value;
  }
}

/** How GETMODE reads under each technique: the real flag (trap-and-emulate's flaw) or the virtual one. */
export function readMode(state: GuestState, realFlag: boolean): number {
  const value = realFlag ? state.realMode : state.virtualMode;
  if (value !== state.virtualMode) state.wrongModeReads++;
  return value;
}

export class GuestFault extends Error {
  override readonly name = 'GuestFault';
}

/**
 * Runs the guest one decoded instruction at a time. `deprivileged` = trap-and-emulate: the real
 * processor is in user mode, so privileged instructions trap to emulatePrivileged, and GETMODE — which
 * does not trap — reads the real flag. Without it, this is a process VM: the interpreter itself
 * emulates every instruction, privileged or not, against the virtual mode.
 */
export function interpretGuest(state: GuestState, budget: number, deprivileged: boolean): void {
  const { code, stack, locals, heap } = state;
  let pc = state.programCounter;
  let sp = state.stackPointer;
  let executed = 0;
  state.realMode = deprivileged ? modes.user : state.virtualMode;
  while (executed < budget && !state.halted) {
    const opcode = code[pc]!;
    const operand = code[pc + 1]!;
    pc += 2;
    executed++;
    switch (opcode) {
      case opcodes.PUSH: stack[sp++] = operand; break;
      case opcodes.POP: sp--; break;
      case opcodes.DUP: stack[sp] = stack[sp - 1]!; sp++; break;
      case opcodes.SWAP: { const top = stack[sp - 1]!; stack[sp - 1] = stack[sp - 2]!; stack[sp - 2] = top; break; }
      case opcodes.OVER: stack[sp] = stack[sp - 2]!; sp++; break;
      case opcodes.ADD: sp--; stack[sp - 1] = (stack[sp - 1]! + stack[sp]!) | 0; break;
      case opcodes.SUB: sp--; stack[sp - 1] = (stack[sp - 1]! - stack[sp]!) | 0; break;
      case opcodes.MUL: sp--; stack[sp - 1] = Math.imul(stack[sp - 1]!, stack[sp]!); break;
      case opcodes.MOD: sp--; if (stack[sp] === 0) throw new GuestFault('divide-by-zero'); stack[sp - 1] = stack[sp - 1]! % stack[sp]! | 0; break;
      case opcodes.DIV: sp--; if (stack[sp] === 0) throw new GuestFault('divide-by-zero'); stack[sp - 1] = (stack[sp - 1]! / stack[sp]!) | 0; break;
      case opcodes.AND: sp--; stack[sp - 1] = stack[sp - 1]! & stack[sp]!; break;
      case opcodes.OR: sp--; stack[sp - 1] = stack[sp - 1]! | stack[sp]!; break;
      case opcodes.XOR: sp--; stack[sp - 1] = stack[sp - 1]! ^ stack[sp]!; break;
      case opcodes.EQ: sp--; stack[sp - 1] = stack[sp - 1] === stack[sp] ? 1 : 0; break;
      case opcodes.NE: sp--; stack[sp - 1] = stack[sp - 1] !== stack[sp] ? 1 : 0; break;
      case opcodes.LT: sp--; stack[sp - 1] = stack[sp - 1]! < stack[sp]! ? 1 : 0; break;
      case opcodes.GT: sp--; stack[sp - 1] = stack[sp - 1]! > stack[sp]! ? 1 : 0; break;
      case opcodes.JMP: pc = operand; break;
      case opcodes.JZ: if (stack[--sp] === 0) pc = operand; break;
      case opcodes.JNZ: if (stack[--sp] !== 0) pc = operand; break;
      case opcodes.LOAD: stack[sp++] = locals[operand]!; break;
      case opcodes.STORE: locals[operand] = stack[--sp]!; break;
      case opcodes.ADDL: locals[operand] = (locals[operand]! + stack[--sp]!) | 0; break;
      case opcodes.HLOAD: stack[sp - 1] = heap[stack[sp - 1]!]!; break;
      case opcodes.HSTORE: sp -= 2; heap[stack[sp]!] = stack[sp + 1]!; break;
      case opcodes.ENTER: break;
      case opcodes.SYS: state.systemCalls++; state.traps++; stack[sp++] = operand; break;
      case opcodes.GETMODE: stack[sp++] = readMode(state, deprivileged); break;
      case opcodes.HALT: state.halted = true; break;
      case opcodes.IN:
      case opcodes.OUT:
      case opcodes.SETMODE:
      case opcodes.GO:
        state.stackPointer = sp;
        if (deprivileged) emulatePrivileged(state, opcode, operand);
        else { emulatePrivileged(state, opcode, operand); state.traps--; }
        sp = state.stackPointer;
        break;
      default:
        throw new GuestFault(`opcode ${opcode} at ${pc - 2} is not part of the guest machine`);
    }
  }
  state.programCounter = pc;
  state.stackPointer = sp;
  state.instructions += executed;
}
