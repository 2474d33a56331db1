// Superinstructions: the interpreter's own speed-up, invisible to programs. When a program is
// loaded, common sequences of instructions (a loop test, a counter step, a heap access through a
// local) are marked in a private copy of the code with one fused opcode at their first
// instruction; the operands stay where they were, in the words that follow. The fused opcode runs
// the whole sequence in one dispatch when it can, and counts every instruction in it, so the
// instruction counter, the budget and every fault are exactly those of running the sequence one
// instruction at a time (when a fused run would fault or overrun the budget, the interpreter runs
// the first instruction alone instead). Code on the wire and execution segments never see fused
// opcodes: a program counter always points at an instruction of the original code.
import type { CodeSegment } from './codeSegment.ts';
import { opcodes } from './instructionSet.ts';

/** Fused opcodes live above every real one. */
export const fused = {
  /** LOAD a; PUSH k; <compare>; JZ t — six opcodes, one per comparison, in compareOrder. */
  localImmediateBranch: 64,
  /** LOAD a; LOAD b; <compare>; JZ t — likewise. */
  localLocalBranch: 70,
  /** LOAD a; PUSH k; HSTORE */
  storeImmediateAtLocal: 76,
  /** LOAD a; ADDL b */
  addLocalToLocal: 77,
  /** PUSH k; ADDL b */
  addImmediateToLocal: 78,
  /** LOAD a; HLOAD */
  loadHeapAtLocal: 79,
  /** LOAD a; PUSH k; ADD; HLOAD */
  loadHeapAtLocalPlus: 80,
  /** LOAD a; LOAD b; ADD */
  addLocals: 81,
  /** LOAD a; PUSH k; ADD */
  addLocalImmediate: 82,
} as const;

/** The comparisons a fused branch may test, in the order of their fused opcodes. */
export const compareOrder = [opcodes.LT, opcodes.LE, opcodes.GT, opcodes.GE, opcodes.EQ, opcodes.NE] as const;

const cache = new WeakMap<CodeSegment, Int32Array>();

/** The program's code with fused opcodes marked; computed once per loaded program. */
export function fusedCode(program: CodeSegment): Int32Array {
  const cached = cache.get(program);
  if (cached !== undefined) return cached;
  const code = program.code;
  const marked = new Int32Array(code);
  const at = (pc: number): number => (pc < code.length ? code[pc]! : -1);
  for (let pc = 0; pc < code.length; pc += 2) {
    const first = at(pc);
    const second = at(pc + 2);
    const third = at(pc + 4);
    const fourth = at(pc + 6);
    const compare = compareOrder.indexOf(third as (typeof compareOrder)[number]);
    if (first === opcodes.LOAD && second === opcodes.PUSH && compare >= 0 && fourth === opcodes.JZ) marked[pc] = fused.localImmediateBranch + compare;
    else if (first === opcodes.LOAD && second === opcodes.LOAD && compare >= 0 && fourth === opcodes.JZ) marked[pc] = fused.localLocalBranch + compare;
    else if (first === opcodes.LOAD && second === opcodes.PUSH && third === opcodes.ADD && fourth === opcodes.HLOAD) marked[pc] = fused.loadHeapAtLocalPlus;
    else if (first === opcodes.LOAD && second === opcodes.PUSH && third === opcodes.HSTORE) marked[pc] = fused.storeImmediateAtLocal;
    else if (first === opcodes.LOAD && second === opcodes.LOAD && third === opcodes.ADD) marked[pc] = fused.addLocals;
    else if (first === opcodes.LOAD && second === opcodes.PUSH && third === opcodes.ADD) marked[pc] = fused.addLocalImmediate;
    else if (first === opcodes.LOAD && second === opcodes.ADDL) marked[pc] = fused.addLocalToLocal;
    else if (first === opcodes.PUSH && second === opcodes.ADDL) marked[pc] = fused.addImmediateToLocal;
    else if (first === opcodes.LOAD && second === opcodes.HLOAD) marked[pc] = fused.loadHeapAtLocal;
  }
  cache.set(program, marked);
  return marked;
}
