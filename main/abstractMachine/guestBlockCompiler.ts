// Compiles one guest trace into the body of a JavaScript function, the way a binary translator
// allocates registers: the guest's operand stack is followed symbolically at translation time, so
// `LOAD 1; PUSH 7; MUL; STORE 1` becomes `L1 = Math.imul(L1, 7)`, and the guest's locals live in
// JavaScript variables while the trace runs. A trace follows conditional branches' fall-through
// (their taken side is an exit), ends at an unconditional jump, HALT or a sensitive instruction, and
// loops inside the function when it jumps back to its own start.
import { opcodes } from './instructionSet.ts';

const binary: Partial<Record<number, (a: string, b: string) => string>> = {
  [opcodes.ADD]: (a, b) => `(${a} + ${b} | 0)`, [opcodes.SUB]: (a, b) => `(${a} - ${b} | 0)`, [opcodes.MUL]: (a, b) => `Math.imul(${a}, ${b})`,
  [opcodes.AND]: (a, b) => `(${a} & ${b})`, [opcodes.OR]: (a, b) => `(${a} | ${b})`, [opcodes.XOR]: (a, b) => `(${a} ^ ${b})`,
  [opcodes.EQ]: (a, b) => `(${a} === ${b} ? 1 : 0)`, [opcodes.NE]: (a, b) => `(${a} !== ${b} ? 1 : 0)`, [opcodes.LT]: (a, b) => `(${a} < ${b} ? 1 : 0)`,
  [opcodes.GT]: (a, b) => `(${a} > ${b} ? 1 : 0)`, [opcodes.MOD]: (a, b) => `(${a} % ${b} | 0)`, [opcodes.DIV]: (a, b) => `((${a} / ${b}) | 0)`,
};
export const sensitiveOpcodes = new Set<number>([opcodes.IN, opcodes.OUT, opcodes.SETMODE, opcodes.GO]);
const maximumTraceInstructions = 256;

export interface CompiledTrace {
  body: string;
  instructions: number;
}

export function compileTrace(code: Int32Array, start: number): CompiledTrace {
  const lines: string[] = [];
  const usedLocals = new Set<number>();
  let pending: string[] = [];
  let temporaries = 0;
  let count = 0;
  let pc = start;

  const temporary = (expression: string): string => {
    const name = `t${temporaries++}`;
    lines.push(`const ${name} = ${expression};`);
    return name;
  };
  const pop = (): string => pending.pop() ?? temporary('s[--sp]');
  const push = (expression: string): void => void pending.push(expression);
  const local = (index: number): string => (usedLocals.add(index), `L${index}`);
  const flushCode = (): string => pending.map((expression, index) => `s[sp + ${index}] = ${expression}; `).join('') + (pending.length ? `sp += ${pending.length}; ` : '');
  const writeBack = (): string => `/*WRITEBACK*/`;
  const exit = (target: number): string => `{ ${flushCode()}${writeBack()} state.instructions += n + ${count}; state.stackPointer = sp; return ${target}; }`;

  for (;;) {
    const opcode = code[pc];
    const operand = code[pc + 1]!;
    if (opcode === undefined) throw new Error(`guest code runs off its end at ${pc}`);
    pc += 2;
    count++;
    const binaryExpression = binary[opcode];
    if (binaryExpression) {
      const b = pop();
      const a = pop();
      if (opcode === opcodes.MOD || opcode === opcodes.DIV) lines.push(`if (${b} === 0) throw new Error('divide-by-zero');`);
      push(binaryExpression(a, b));
      continue;
    }
    switch (opcode) {
      case opcodes.PUSH: push(String(operand)); continue;
      case opcodes.POP: pop(); continue;
      case opcodes.DUP: { const top = temporary(pop()); push(top); push(top); continue; }
      case opcodes.SWAP: { const b = pop(); const a = pop(); push(b); push(a); continue; }
      case opcodes.OVER: { const b = temporary(pop()); const a = temporary(pop()); push(a); push(b); push(a); continue; }
      case opcodes.LOAD: push(local(operand)); continue;
      case opcodes.STORE:
      case opcodes.ADDL: {
        const value = pop();
        // Later reads of the old value must not see the new one.
        pending = pending.map((expression) => (expression.includes(`L${operand}`) ? temporary(expression) : expression));
        lines.push(opcode === opcodes.STORE ? `${local(operand)} = ${value};` : `${local(operand)} = ${local(operand)} + ${value} | 0;`);
        continue;
      }
      case opcodes.HLOAD: push(temporary(`h[${pop()}]`)); continue;
      case opcodes.HSTORE: { const value = pop(); const address = pop(); lines.push(`h[${address}] = ${value};`); continue; }
      case opcodes.ENTER: continue;
      case opcodes.GETMODE: push(temporary('vmm.mode(state)')); continue;
      case opcodes.SYS: lines.push('state.systemCalls++; state.traps++;'); push(String(operand)); continue;
      case opcodes.JZ:
      case opcodes.JNZ: {
        const condition = pop();
        lines.push(`if (${condition} ${opcode === opcodes.JZ ? '===' : '!=='} 0) ${exit(operand)}`);
        if (count < maximumTraceInstructions) continue;
        lines.push(exit(pc));
        break;
      }
      case opcodes.HALT: lines.push('state.halted = true;', exit(pc)); break;
      case opcodes.JMP:
        if (operand === start) lines.push(`${flushCode()}n += ${count}; if (n < budget) continue;`, exit(start).replace(`n + ${count}`, 'n'));
        else lines.push(exit(operand));
        break;
      default:
        if (!sensitiveOpcodes.has(opcode)) throw new Error(`opcode ${opcode} at ${pc - 2} is not part of the guest machine`);
        lines.push(`${flushCode()}`);
        pending = [];
        lines.push(`sp = vmm.privileged(state, ${opcode}, ${operand}, sp);`, exit(pc));
    }
    break;
  }
  const locals = [...usedLocals];
  const declarations = locals.map((index) => `let L${index} = l[${index}];`).join(' ');
  const back = locals.map((index) => `l[${index}] = L${index};`).join(' ');
  const body = `let sp = state.stackPointer, n = 0; ${declarations}\nfor (;;) {\n${lines.join('\n')}\n}`.replaceAll('/*WRITEBACK*/', back);
  return { body, instructions: count };
}
