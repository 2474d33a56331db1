// The assembler: text in the notation of docs/abstract-machine.md to a code segment, with errors that
// name the line and column. Two passes: the first places labels, the second resolves operands.
import type { CodeSegment } from './codeSegment.ts';
import { instructionByMnemonic, instructionWords, type InstructionInfo } from './instructionSet.ts';

export interface AssemblyProblem {
  line: number;
  column: number;
  message: string;
}

export class AssemblyError extends Error {
  override readonly name = 'AssemblyError';
  readonly problems: readonly AssemblyProblem[];
  constructor(source: string, problems: readonly AssemblyProblem[]) {
    super(problems.map((problem) => `${source}:${problem.line}:${problem.column}: ${problem.message}`).join('\n'));
    this.problems = problems;
  }
}

interface Token {
  text: string;
  column: number;
}

interface PendingInstruction {
  info: InstructionInfo;
  operands: Token[];
  line: number;
  column: number;
}

const defaultSizes = { heapWords: 1024, stackWords: 256, frameLimit: 64 };
const identifier = /^[A-Za-z_][\w.]*$/;

function tokenize(line: string): Token[] {
  const withoutComment = line.replace(/;.*$/, '');
  const tokens: Token[] = [];
  for (const match of withoutComment.matchAll(/[^\s,]+/g)) tokens.push({ text: match[0], column: match.index + 1 });
  return tokens;
}

/**
 * Assembles `text`. Directives: `.program NAME`, `.heap WORDS`, `.stack WORDS`, `.frames N`,
 * `.entry NAME LABEL`, `.const NAME VALUE`. A line may start with `label:`. Operands are numbers
 * (decimal, 0x hex, negative), labels, constants, or `'c'` characters.
 */
export function assemble(text: string, source = 'program.asm'): CodeSegment {
  const problems: AssemblyProblem[] = [];
  const labels = new Map<string, number>();
  const constants = new Map<string, number>();
  const entryRequests: { name: string; label: Token; line: number }[] = [];
  const pending: PendingInstruction[] = [];
  const sizes = { ...defaultSizes };
  let name = 'program';
  const problem = (line: number, column: number, message: string): void => void problems.push({ line, column, message });

  const literal = (token: Token): number | undefined => {
    const value = token.text;
    if (/^-?(\d+|0x[0-9a-f]+)$/i.test(value)) {
      const parsed = value.startsWith('-') ? -Number(value.slice(1)) : Number(value);
      return Number.isSafeInteger(parsed) ? parsed : undefined;
    }
    const character = /^'(.)'$/u.exec(value);
    if (character !== null) return character[1]!.codePointAt(0);
    return undefined;
  };

  const directive = (tokens: Token[], lineNumber: number): void => {
    const [head, ...rest] = tokens;
    const argument = (index: number): Token | undefined => {
      const token = rest[index];
      if (token === undefined) problem(lineNumber, head!.column, `${head!.text} needs ${index + 1} argument${index === 0 ? '' : 's'}`);
      return token;
    };
    const count = (token: Token | undefined, minimum: number, maximum: number): number | undefined => {
      if (token === undefined) return undefined;
      const value = literal(token) ?? constants.get(token.text);
      if (value === undefined || value < minimum || value > maximum) {
        problem(lineNumber, token.column, `${head!.text} takes a whole number from ${minimum} to ${maximum}, not ${token.text}`);
        return undefined;
      }
      return value;
    };
    switch (head!.text) {
      case '.program': {
        const token = argument(0);
        if (token !== undefined) name = token.text;
        break;
      }
      case '.heap':
        sizes.heapWords = count(argument(0), 0, 64 * 1024 * 1024) ?? sizes.heapWords;
        break;
      case '.stack':
        sizes.stackWords = count(argument(0), 8, 1024 * 1024) ?? sizes.stackWords;
        break;
      case '.frames':
        sizes.frameLimit = count(argument(0), 1, 65_536) ?? sizes.frameLimit;
        break;
      case '.entry': {
        const entry = argument(0);
        const label = argument(1);
        if (entry !== undefined && label !== undefined) entryRequests.push({ name: entry.text, label, line: lineNumber });
        break;
      }
      case '.const': {
        const constant = argument(0);
        const value = rest[1] === undefined ? undefined : (literal(rest[1]) ?? constants.get(rest[1].text));
        if (constant === undefined) break;
        if (!identifier.test(constant.text)) problem(lineNumber, constant.column, `${constant.text} is not a name`);
        else if (value === undefined) problem(lineNumber, rest[1]?.column ?? constant.column, `.const ${constant.text} needs a number`);
        else constants.set(constant.text, value);
        break;
      }
      default:
        problem(lineNumber, head!.column, `unknown directive ${head!.text}`);
    }
    const expected = { '.program': 1, '.heap': 1, '.stack': 1, '.frames': 1, '.entry': 2, '.const': 2 }[head!.text];
    if (expected !== undefined && rest.length > expected) problem(lineNumber, rest[expected]!.column, `${head!.text} takes ${expected} argument${expected === 1 ? '' : 's'}`);
  };

  text.split(/\r?\n/).forEach((line, index) => {
    const lineNumber = index + 1;
    let tokens = tokenize(line);
    while (tokens[0]?.text.endsWith(':')) {
      const label = tokens[0];
      const labelName = label.text.slice(0, -1);
      if (!identifier.test(labelName)) problem(lineNumber, label.column, `${labelName} is not a valid label`);
      else if (labels.has(labelName)) problem(lineNumber, label.column, `label ${labelName} is defined twice`);
      else labels.set(labelName, pending.length * instructionWords);
      tokens = tokens.slice(1);
    }
    const head = tokens[0];
    if (head === undefined) return;
    if (head.text.startsWith('.')) return directive(tokens, lineNumber);
    const info = instructionByMnemonic(head.text);
    if (info === undefined) return problem(lineNumber, head.column, `unknown instruction ${head.text}`);
    pending.push({ info, operands: tokens.slice(1), line: lineNumber, column: head.column });
  });

  const code = new Int32Array(pending.length * instructionWords);
  pending.forEach((instruction, index) => {
    const { info, operands, line } = instruction;
    const wanted = info.operand === 'none' ? 0 : info.operand === 'frame' ? 2 : 1;
    if (operands.length !== wanted) {
      const column = operands[wanted]?.column ?? instruction.column;
      problem(line, column, `${info.mnemonic} takes ${wanted === 0 ? 'no operand' : wanted === 1 ? 'one operand' : 'two operands (args locals)'}, found ${operands.length}`);
      return;
    }
    const resolve = (token: Token): number | undefined => {
      const value = literal(token) ?? constants.get(token.text) ?? labels.get(token.text);
      if (value === undefined) problem(line, token.column, identifier.test(token.text) ? `${token.text} is not a label or constant` : `${token.text} is not a number`);
      return value;
    };
    let operand = 0;
    if (info.operand === 'frame') {
      const args = resolve(operands[0]!);
      const locals = resolve(operands[1]!);
      if (args === undefined || locals === undefined) return;
      if (args < 0 || args > 255 || locals < 0 || locals > 0xffffff) return problem(line, operands[0]!.column, 'ENTER takes 0-255 arguments and 0-16777215 locals');
      operand = args | (locals << 8);
    } else if (wanted === 1) {
      const value = resolve(operands[0]!);
      if (value === undefined) return;
      if (info.operand === 'address' && (value < 0 || value >= code.length || value % instructionWords !== 0)) return problem(line, operands[0]!.column, `${operands[0]!.text} is not an instruction address`);
      if (info.operand === 'count' && value !== 0 && value !== 1) return problem(line, operands[0]!.column, 'RET takes 0 or 1');
      if ((info.operand === 'local' || info.operand === 'service' || info.operand === 'port') && (value < 0 || value > 0x7fffffff)) return problem(line, operands[0]!.column, `${info.mnemonic} takes a number from 0 up`);
      if (value < -0x80000000 || value > 0xffffffff) return problem(line, operands[0]!.column, `${operands[0]!.text} does not fit in 32 bits`);
      operand = value | 0;
    }
    code[index * instructionWords] = info.opcode;
    code[index * instructionWords + 1] = operand;
  });

  const entries: Record<string, number> = {};
  for (const request of entryRequests) {
    const pc = labels.get(request.label.text);
    if (pc === undefined) problem(request.line, request.label.column, `entry ${request.name} names ${request.label.text}, which is not a label`);
    else entries[request.name] = pc;
  }
  if (pending.length === 0) problem(1, 1, 'the program has no instructions');
  else if (entryRequests.length === 0) entries.main = 0;
  if (problems.length > 0) throw new AssemblyError(source, problems.sort((first, second) => first.line - second.line || first.column - second.column));
  return { name, code, entries, ...sizes };
}
