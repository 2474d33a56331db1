// A guest machine for the virtualization lab: the abstract machine's instruction set run as a whole
// computer with a mode flag, a console and a disk port, a timer, and a virtual machine monitor that
// decides what a privileged instruction does. One state object is shared by the three ways of running
// guest code (interpretation and trap-and-emulate here, binary translation in guestTranslator.ts), so
// they can be compared on the same program with the same results.
import type { CodeSegment } from './codeSegment.ts';
import { modes, opcodes } from './instructionSet.ts';

/** Device ports the guest kernel uses with IN and OUT. */
export const guestPorts = {
  console: 1,
  diskBlock: 2,
  diskData: 3,
  timer: 4,
  pageTableBase: 5,
  interruptMask: 6,
  /** Where SYS enters the guest kernel; until the kernel sets it, the VMM answers a SYS itself. */
  trapVector: 7,
  /** The console's transfer registers: a heap address, then a length that starts the transfer. */
  consoleAddress: 8,
  consoleLength: 9,
  /** Bytes the console took in its last transfer. */
  consoleStatus: 10,
} as const;

/** A console that takes a line from guest memory in one transfer (DMA) and hands its bytes to the host. */
export interface ConsoleDevice {
  transfer(bytes: Uint8Array): void;
}

/** Observes a guest request crossing the interfaces (see guestInterfaces.ts); the interpreter calls it where each crossing happens. */
export interface InterfaceObserver {
  /** `instructions`: guest instructions executed so far, so a crossing can tell how many ran inside it. */
  libraryCall(entering: boolean, instructions: number): void;
  systemCall(entering: boolean, instructions: number): void;
  privilegedInstruction(entering: boolean): void;
  device(entering: boolean, bytes: number): void;
}

export interface GuestState {
  readonly code: Int32Array;
  readonly stack: Int32Array;
  readonly locals: Int32Array;
  readonly heap: Int32Array;
  readonly disk: Int32Array;
  /** Return addresses of CALL; locals are one flat array, so a callee uses locals of its own. */
  readonly callStack: Int32Array;
  callDepth: number;
  stackPointer: number;
  programCounter: number;
  /** The mode the guest believes it is in (what a correct GETMODE must show). */
  virtualMode: number;
  /** The mode the real processor is in: user while deprivileged guest code runs under trap-and-emulate. */
  realMode: number;
  pageTableBase: number;
  interruptsMasked: number;
  diskBlock: number;
  trapVector: number;
  /** Where the user program made the system call being served, -1 when none is. */
  savedUserProgramCounter: number;
  consoleAddress: number;
  consoleStatus: number;
  consoleDevice: ConsoleDevice | undefined;
  observer: InterfaceObserver | undefined;
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
    callStack: new Int32Array(segment.frameLimit),
    callDepth: 0,
    stackPointer: 0,
    programCounter: start,
    virtualMode: modes.supervisor,
    realMode: modes.supervisor,
    pageTableBase: 0,
    interruptsMasked: 0,
    diskBlock: 0,
    trapVector: -1,
    savedUserProgramCounter: -1,
    consoleAddress: 0,
    consoleStatus: 0,
    consoleDevice: undefined,
    observer: undefined,
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
    // Dropping to user mode while a system call is served returns to the program, as sysret does.
    if (state.virtualMode === modes.user && state.savedUserProgramCounter >= 0) {
      state.programCounter = state.savedUserProgramCounter;
      state.savedUserProgramCounter = -1;
      state.observer?.systemCall(false, state.instructions);
    }
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
    else if (operand === guestPorts.trapVector) state.trapVector = value;
    else if (operand === guestPorts.consoleAddress) state.consoleAddress = value;
    else if (operand === guestPorts.consoleLength) transferToConsole(state, value);
    return;
  }
  if (opcode === opcodes.IN) {
    state.deviceOperations++;
    let value = 0;
    if (operand === guestPorts.diskData) value = state.disk[state.diskBlock++ % state.disk.length]!;
    else if (operand === guestPorts.timer) value = state.instructions | 0;
    else if (operand === guestPorts.pageTableBase) value = state.pageTableBase;
    else if (operand === guestPorts.consoleStatus) value = state.consoleStatus;
    state.stack[state.stackPointer++] = value;
  }
}

/** The console's transfer: the words from consoleAddress, one byte each, in one go to the host. */
function transferToConsole(state: GuestState, length: number): void {
  const start = state.consoleAddress;
  if (length < 0 || start < 0 || start + length > state.heap.length) throw new GuestFault(`console transfer of ${length} words at ${start} is outside guest memory`);
  state.observer?.device(true, length);
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) bytes[index] = state.heap[start + index]!;
  state.consoleDevice?.transfer(bytes);
  state.consoleStatus = length;
  state.observer?.device(false, length);
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
      case opcodes.CALL:
        if (state.callDepth === state.callStack.length) throw new GuestFault('call-depth');
        // A call the user program makes into its library: the API, the highest of the four interfaces.
        if (state.callDepth === 0 && state.virtualMode === modes.user) state.observer?.libraryCall(true, state.instructions + executed);
        state.callStack[state.callDepth++] = pc;
        pc = operand;
        break;
      case opcodes.RET:
        if (state.callDepth === 0) {
          state.halted = true;
          break;
        }
        pc = state.callStack[--state.callDepth]!;
        if (state.callDepth === 0 && state.virtualMode === modes.user) state.observer?.libraryCall(false, state.instructions + executed);
        break;
      case opcodes.SYS:
        state.systemCalls++;
        state.traps++;
        stack[sp++] = operand;
        if (state.trapVector >= 0) {
          state.observer?.systemCall(true, state.instructions + executed);
          state.savedUserProgramCounter = pc;
          state.virtualMode = modes.supervisor;
          pc = state.trapVector;
        }
        break;
      case opcodes.GETMODE: stack[sp++] = readMode(state, deprivileged); break;
      case opcodes.HALT: state.halted = true; break;
      case opcodes.IN:
      case opcodes.OUT:
      case opcodes.SETMODE:
      case opcodes.GO:
        state.stackPointer = sp;
        state.programCounter = pc;
        // The emulation sees an exact instruction count (the timer port and the observer read it).
        state.instructions += executed;
        budget -= executed;
        executed = 0;
        if (deprivileged) {
          state.observer?.privilegedInstruction(true);
          emulatePrivileged(state, opcode, operand);
          state.observer?.privilegedInstruction(false);
        } else {
          emulatePrivileged(state, opcode, operand);
          state.traps--;
        }
        sp = state.stackPointer;
        pc = state.programCounter;
        break;
      default:
        throw new GuestFault(`opcode ${opcode} at ${pc - 2} is not part of the guest machine`);
    }
  }
  state.programCounter = pc;
  state.stackPointer = sp;
  state.instructions += executed;
}
