// The abstract machine's interpreter against the same algorithm in plain JavaScript (which V8
// compiles to machine code): the churn program that strong mobility moves — fill the heap with a
// linear congruential sequence, mix every word with its neighbour for some rounds, checksum it.
// Interleaved rounds on the same heap size; both must give the same checksum. Prints the median
// ratio JavaScript time / interpreter time and the bar: at least 1/20 (an interpreter within 20×
// of the JIT). Run: npx node tests/bench/codeMigration/abstractMachineVsJavaScript.ts [rounds]
import { decodeCodeSegment, encodeCodeSegment } from '../../../main/abstractMachine/codeSegment.ts';
import { Machine } from '../../../main/abstractMachine/machine.ts';
import { churnProgram } from '../../../main/engines/codeMigration/programs/churnProgram.ts';

const rounds = Math.min(15, Math.max(1, Number(process.argv[2] ?? 5)));
const heapWords = 256 * 1024;
const mixRounds = 12;
const bar = 1 / 20;

function churnInJavaScript(words: number, passes: number): number {
  const heap = new Int32Array(words);
  let value = 12345;
  for (let index = 0; index < words; index += 1) {
    value = (Math.imul(value, 1103515245) + 12345) | 0;
    heap[index] = value;
  }
  for (let pass = 0; pass < passes; pass += 1) {
    for (let index = 1; index < words; index += 1) heap[index] = heap[index]! ^ ((Math.imul(heap[index - 1]!, 31) + pass) | 0);
  }
  let sum = 0;
  for (let index = 0; index < words; index += 1) sum = ((sum << 5) | (sum >>> 27)) ^ heap[index]!;
  return sum;
}

const program = decodeCodeSegment(encodeCodeSegment(churnProgram(heapWords, mixRounds)));
function churnOnTheMachine(): { checksum: number; instructions: number } {
  const machine = Machine.start(program, 'main');
  for (;;) {
    const exit = machine.run(10_000_000);
    if (exit.kind === 'budget') continue;
    if (exit.kind === 'syscall') {
      machine.pop();
      machine.pop();
      continue;
    }
    if (exit.kind !== 'halted') throw new Error(`the program ended with ${exit.kind}`);
    return { checksum: machine.heap[0]!, instructions: machine.instructionCount };
  }
}

const ratios: number[] = [];
console.log(`churn over ${heapWords} words, ${mixRounds} mixing rounds; ${rounds} interleaved rounds`);
for (let round = 1; round <= rounds; round += 1) {
  let started = performance.now();
  const expected = churnInJavaScript(heapWords, mixRounds);
  const javaScriptMs = performance.now() - started;
  started = performance.now();
  const { checksum, instructions } = churnOnTheMachine();
  const machineMs = performance.now() - started;
  if (checksum !== expected) throw new Error(`the machine's checksum ${checksum} differs from JavaScript's ${expected}`);
  ratios.push(javaScriptMs / machineMs);
  console.log(`round ${round}: JavaScript ${javaScriptMs.toFixed(1)} ms, abstract machine ${machineMs.toFixed(1)} ms (${((instructions / machineMs) * 1e3 / 1e6).toFixed(0)} M instructions/s), ratio ${(javaScriptMs / machineMs).toFixed(3)}`);
}
const sorted = [...ratios].sort((first, second) => first - second);
const median = sorted[sorted.length >> 1]!;
console.log(`median ratio JavaScript/abstract machine: ${median.toFixed(3)} (1/${(1 / median).toFixed(1)}); bar: at least ${bar} (1/20) — ${median >= bar ? 'met' : 'NOT met'}`);
process.exitCode = median >= bar ? 0 : 1;
