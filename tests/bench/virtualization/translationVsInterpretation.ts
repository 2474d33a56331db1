// Binary translation against interpretation and against native JavaScript on the CPU-bound guest
// (a linear congruential loop). Interleaved rounds; every technique must give the native result.
// Prints the median ratios and the bars: translation at least 5× faster than interpretation, and
// within 5× of native. Run: npx node tests/bench/virtualization/translationVsInterpretation.ts [rounds]
import { createGuestState, interpretGuest } from '../../../main/abstractMachine/guestMachine.ts';
import { guestProgram, nativeLoop } from '../../../main/abstractMachine/guestPrograms.ts';
import { GuestTranslator } from '../../../main/abstractMachine/guestTranslator.ts';

const rounds = Math.min(15, Math.max(1, Number(process.argv[2] ?? 7)));
const iterations = 2_000_000;
const program = guestProgram('cpu-bound', iterations);
const expected = nativeLoop(iterations);

function timeTechnique(technique: 'interpretation' | 'binary-translation' | 'native'): number {
  const started = performance.now();
  if (technique === 'native') {
    if (nativeLoop(iterations) !== expected) throw new Error('native gave another result');
    return performance.now() - started;
  }
  const state = createGuestState(program);
  const translator = new GuestTranslator(program.code);
  // Slices of a million instructions, as the engine runs them between checks for cancel.
  while (!state.halted) {
    if (technique === 'binary-translation') translator.run(state, 1_000_000);
    else interpretGuest(state, 1_000_000, false);
  }
  const elapsed = performance.now() - started;
  if (state.consoleWords[0] !== expected) throw new Error(`${technique} gave ${state.consoleWords[0]}, native ${expected}`);
  return elapsed;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const times = { interpretation: [] as number[], 'binary-translation': [] as number[], native: [] as number[] };
for (let round = 0; round < rounds; round++) for (const technique of ['interpretation', 'binary-translation', 'native'] as const) times[technique].push(timeTechnique(technique));

const interpretationMs = median(times.interpretation);
const translationMs = median(times['binary-translation']);
const nativeMs = median(times.native);
const speedup = interpretationMs / translationMs;
const slowdown = translationMs / nativeMs;
console.log(`cpu-bound guest, ${iterations} iterations, ${rounds} interleaved rounds, load ${(await import('node:os')).loadavg().map((value) => value.toFixed(2)).join(' ')}`);
console.log(`median ms: interpretation ${interpretationMs.toFixed(1)}, binary translation ${translationMs.toFixed(1)}, native ${nativeMs.toFixed(1)}`);
console.log(`translation speed-up over interpretation: ${speedup.toFixed(2)}× (bar ≥ 5×) ${speedup >= 5 ? 'PASS' : 'FAIL'}`);
console.log(`translation slowdown against native: ${slowdown.toFixed(2)}× (bar ≤ 5×) ${slowdown <= 5 ? 'PASS' : 'FAIL'}`);
process.exitCode = speedup >= 5 && slowdown <= 5 ? 0 : 1;
