// The abstract machine's instruction set: one table that the assembler, the interpreter, the
// disassembler and docs/abstract-machine.md agree on. Every instruction is two 32-bit words (opcode,
// operand), so a program counter is always even and code never needs decoding of variable
// lengths; the operand word is 0 for instructions that take none.

/** How an instruction uses its operand word. */
export type OperandKind = 'none' | 'value' | 'address' | 'local' | 'service' | 'frame' | 'count' | 'port';

/** Which instructions trap when the machine runs in user mode (see machine.ts). */
export type Privilege = 'unprivileged' | 'privileged';

export interface InstructionInfo {
  readonly mnemonic: string;
  readonly opcode: number;
  readonly operand: OperandKind;
  readonly privilege: Privilege;
  /** Stack effect in Forth notation: what it pops → what it pushes. */
  readonly stack: string;
  readonly summary: string;
}

export const opcodes = {
  HALT: 0,
  PUSH: 1,
  POP: 2,
  DUP: 3,
  SWAP: 4,
  OVER: 5,
  ADD: 6,
  SUB: 7,
  MUL: 8,
  DIV: 9,
  MOD: 10,
  NEG: 11,
  AND: 12,
  OR: 13,
  XOR: 14,
  SHL: 15,
  SHR: 16,
  EQ: 17,
  NE: 18,
  LT: 19,
  LE: 20,
  GT: 21,
  GE: 22,
  JMP: 23,
  JZ: 24,
  JNZ: 25,
  CALL: 26,
  ENTER: 27,
  RET: 28,
  LOAD: 29,
  STORE: 30,
  ADDL: 31,
  HLOAD: 32,
  HSTORE: 33,
  HSIZE: 34,
  HFILL: 35,
  SYS: 36,
  IN: 40,
  OUT: 41,
  GO: 42,
  SETMODE: 43,
  GETMODE: 44,
} as const;

export type Mnemonic = keyof typeof opcodes;

const table: readonly Omit<InstructionInfo, 'opcode'>[] = [
  { mnemonic: 'HALT', operand: 'none', privilege: 'unprivileged', stack: '→', summary: 'Stops the program; the machine reports `halted`.' },
  { mnemonic: 'PUSH', operand: 'value', privilege: 'unprivileged', stack: '→ v', summary: 'Pushes the operand (a 32-bit signed integer).' },
  { mnemonic: 'POP', operand: 'none', privilege: 'unprivileged', stack: 'a →', summary: 'Drops the top of the stack.' },
  { mnemonic: 'DUP', operand: 'none', privilege: 'unprivileged', stack: 'a → a a', summary: 'Duplicates the top of the stack.' },
  { mnemonic: 'SWAP', operand: 'none', privilege: 'unprivileged', stack: 'a b → b a', summary: 'Swaps the two top values.' },
  { mnemonic: 'OVER', operand: 'none', privilege: 'unprivileged', stack: 'a b → a b a', summary: 'Copies the second value to the top.' },
  { mnemonic: 'ADD', operand: 'none', privilege: 'unprivileged', stack: 'a b → a+b', summary: 'Adds, wrapping at 32 bits.' },
  { mnemonic: 'SUB', operand: 'none', privilege: 'unprivileged', stack: 'a b → a-b', summary: 'Subtracts, wrapping at 32 bits.' },
  { mnemonic: 'MUL', operand: 'none', privilege: 'unprivileged', stack: 'a b → a*b', summary: 'Multiplies, keeping the low 32 bits (Math.imul).' },
  { mnemonic: 'DIV', operand: 'none', privilege: 'unprivileged', stack: 'a b → a/b', summary: 'Divides, truncating toward zero; b = 0 is a `divide-by-zero` fault.' },
  { mnemonic: 'MOD', operand: 'none', privilege: 'unprivileged', stack: 'a b → a%b', summary: 'Remainder with the sign of a; b = 0 is a `divide-by-zero` fault.' },
  { mnemonic: 'NEG', operand: 'none', privilege: 'unprivileged', stack: 'a → -a', summary: 'Negates.' },
  { mnemonic: 'AND', operand: 'none', privilege: 'unprivileged', stack: 'a b → a&b', summary: 'Bitwise and.' },
  { mnemonic: 'OR', operand: 'none', privilege: 'unprivileged', stack: 'a b → a|b', summary: 'Bitwise or.' },
  { mnemonic: 'XOR', operand: 'none', privilege: 'unprivileged', stack: 'a b → a^b', summary: 'Bitwise exclusive or.' },
  { mnemonic: 'SHL', operand: 'none', privilege: 'unprivileged', stack: 'a b → a<<b', summary: 'Shifts left by b mod 32.' },
  { mnemonic: 'SHR', operand: 'none', privilege: 'unprivileged', stack: 'a b → a>>>b', summary: 'Shifts right by b mod 32, filling with zeros.' },
  { mnemonic: 'EQ', operand: 'none', privilege: 'unprivileged', stack: 'a b → a=b', summary: 'Pushes 1 if equal, else 0.' },
  { mnemonic: 'NE', operand: 'none', privilege: 'unprivileged', stack: 'a b → a≠b', summary: 'Pushes 1 if different, else 0.' },
  { mnemonic: 'LT', operand: 'none', privilege: 'unprivileged', stack: 'a b → a<b', summary: 'Pushes 1 if a < b (signed), else 0.' },
  { mnemonic: 'LE', operand: 'none', privilege: 'unprivileged', stack: 'a b → a≤b', summary: 'Pushes 1 if a ≤ b (signed), else 0.' },
  { mnemonic: 'GT', operand: 'none', privilege: 'unprivileged', stack: 'a b → a>b', summary: 'Pushes 1 if a > b (signed), else 0.' },
  { mnemonic: 'GE', operand: 'none', privilege: 'unprivileged', stack: 'a b → a≥b', summary: 'Pushes 1 if a ≥ b (signed), else 0.' },
  { mnemonic: 'JMP', operand: 'address', privilege: 'unprivileged', stack: '→', summary: 'Jumps to the operand (a label).' },
  { mnemonic: 'JZ', operand: 'address', privilege: 'unprivileged', stack: 'a →', summary: 'Jumps if a = 0.' },
  { mnemonic: 'JNZ', operand: 'address', privilege: 'unprivileged', stack: 'a →', summary: 'Jumps if a ≠ 0.' },
  { mnemonic: 'CALL', operand: 'address', privilege: 'unprivileged', stack: 'args →', summary: 'Pushes a call frame (return address) and jumps; the callee starts with ENTER. Deeper than the frame limit is a `call-depth` fault.' },
  {
    mnemonic: 'ENTER',
    operand: 'frame',
    privilege: 'unprivileged',
    stack: 'args → args locals',
    summary: 'First instruction of a function: `ENTER args locals`. The top `args` values become locals 0…args-1, then `locals` more are zeroed.',
  },
  { mnemonic: 'RET', operand: 'count', privilege: 'unprivileged', stack: 'frame [r] → [r]', summary: 'Returns `RET 0` nothing or `RET 1` the top value, dropping the frame. Returning from the entry frame halts.' },
  { mnemonic: 'LOAD', operand: 'local', privilege: 'unprivileged', stack: '→ v', summary: 'Pushes local n of the current frame.' },
  { mnemonic: 'STORE', operand: 'local', privilege: 'unprivileged', stack: 'v →', summary: 'Pops into local n of the current frame.' },
  { mnemonic: 'ADDL', operand: 'local', privilege: 'unprivileged', stack: 'v →', summary: 'Adds the popped value to local n (a loop counter step in one instruction).' },
  { mnemonic: 'HLOAD', operand: 'none', privilege: 'unprivileged', stack: 'addr → heap[addr]', summary: 'Reads a heap word; an address outside the heap is a `heap-bounds` fault.' },
  { mnemonic: 'HSTORE', operand: 'none', privilege: 'unprivileged', stack: 'addr v →', summary: 'Writes a heap word; an address outside the heap is a `heap-bounds` fault.' },
  { mnemonic: 'HSIZE', operand: 'none', privilege: 'unprivileged', stack: '→ words', summary: 'Pushes the heap size in words.' },
  { mnemonic: 'HFILL', operand: 'none', privilege: 'unprivileged', stack: 'addr count v →', summary: 'Sets `count` heap words from `addr` to v (one instruction, e.g. to clear a buffer before migrating).' },
  {
    mnemonic: 'SYS',
    operand: 'service',
    privilege: 'unprivileged',
    stack: 'args → results',
    summary: 'System call: always leaves the run loop with exit `syscall` and the service number; the supervisor pops its arguments, pushes its results and runs the machine on.',
  },
  { mnemonic: 'IN', operand: 'port', privilege: 'privileged', stack: '→ v', summary: 'Reads a device port. In user mode it traps (exit `privileged`); in supervisor mode it exits with `io`.' },
  { mnemonic: 'OUT', operand: 'port', privilege: 'privileged', stack: 'v →', summary: 'Writes a device port. In user mode it traps (exit `privileged`); in supervisor mode it exits with `io`.' },
  { mnemonic: 'GO', operand: 'none', privilege: 'privileged', stack: 'host →', summary: 'Asks to continue on another host (a mobile agent’s move). Always traps: only the supervisor can move a program.' },
  { mnemonic: 'SETMODE', operand: 'none', privilege: 'privileged', stack: 'mode →', summary: 'Sets the mode (0 user, 1 supervisor). In user mode it traps.' },
  {
    mnemonic: 'GETMODE',
    operand: 'none',
    privilege: 'unprivileged',
    stack: '→ mode',
    summary: 'Pushes the current mode without trapping: a sensitive but unprivileged instruction, the kind that Popek and Goldberg show breaks trap-and-emulate.',
  },
];

export const instructions: readonly InstructionInfo[] = table.map((entry) => ({ ...entry, opcode: opcodes[entry.mnemonic as Mnemonic] }));

const byOpcode = new Map(instructions.map((info) => [info.opcode, info]));
const byMnemonic = new Map(instructions.map((info) => [info.mnemonic, info]));

export function instructionByOpcode(opcode: number): InstructionInfo | undefined {
  return byOpcode.get(opcode);
}

export function instructionByMnemonic(mnemonic: string): InstructionInfo | undefined {
  return byMnemonic.get(mnemonic.toUpperCase());
}

/** Words per instruction: opcode and operand. */
export const instructionWords = 2;

/** The machine's two modes. */
export const modes = { user: 0, supervisor: 1 } as const;
export type Mode = (typeof modes)[keyof typeof modes];
