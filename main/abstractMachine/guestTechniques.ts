// Runs one guest program under each of the four techniques and reports the rows of the lab's
// `metrics.techniques`: guest instructions per second, slowdown against native, traps per second, and
// for binary translation its cache size and hit rate. Native runs the same loop in JavaScript; its
// instruction rate is the guest's instruction count over the native time (the ceiling).
import { createGuestState, interpretGuest, type GuestState } from './guestMachine.ts';
import { guestProgram, nativeProgram, type GuestProgramName } from './guestPrograms.ts';
import { GuestTranslator } from './guestTranslator.ts';

export type Technique = 'interpretation' | 'trap-and-emulate' | 'binary-translation' | 'native';
export const techniques: readonly Technique[] = ['interpretation', 'trap-and-emulate', 'binary-translation', 'native'];

export interface TechniqueRow {
  technique: Technique;
  program: GuestProgramName;
  instructionsPerSecond: number;
  slowdown: number;
  trapsPerSecond: number;
  /**
   * Times per second control left guest code for the VMM: every trap under trap-and-emulate; every
   * return from translated code to the translator's dispatcher (a block's exit, a sensitive
   * instruction's call) under binary translation; none under interpretation, where the VMM never
   * lets guest code run on its own, nor natively.
   */
  vmmExitsPerSecond: number;
  timeToFirstInstructionMs: number;
  translationCacheBlocks: number;
  translationHitRate: number;
  wrongModeReads: number;
}

const sliceInstructions = 1_000_000;

function runGuest(technique: Exclude<Technique, 'native'>, program: GuestProgramName, iterations: number, shouldStop: () => boolean) {
  const started = performance.now();
  const segment = guestProgram(program, iterations);
  const state: GuestState = createGuestState(segment);
  const translator = new GuestTranslator(segment.code);
  // Binary translation cannot run the first instruction before its block is translated.
  if (technique === 'binary-translation') translator.prepare(state.programCounter);
  const firstInstructionMs = performance.now() - started;
  while (!state.halted && !shouldStop()) {
    if (technique === 'binary-translation') translator.run(state, sliceInstructions);
    else interpretGuest(state, sliceInstructions, technique === 'trap-and-emulate');
  }
  return { elapsedMs: performance.now() - started, firstInstructionMs, state, translator };
}

export function measureTechniques(program: GuestProgramName, iterations: number, shouldStop: () => boolean = () => false): TechniqueRow[] {
  const guestRuns = (['interpretation', 'trap-and-emulate', 'binary-translation'] as const).map((technique) => ({ technique, ...runGuest(technique, program, iterations, shouldStop) }));
  const nativeStarted = performance.now();
  nativeProgram(program, iterations);
  const nativeMs = Math.max(performance.now() - nativeStarted, 0.001);
  const instructions = guestRuns[0]!.state.instructions;
  const rows: TechniqueRow[] = guestRuns.map(({ technique, elapsedMs, firstInstructionMs, state, translator }) => ({
    technique,
    program,
    instructionsPerSecond: state.instructions / (elapsedMs / 1000),
    slowdown: elapsedMs / nativeMs,
    trapsPerSecond: state.traps / (elapsedMs / 1000),
    vmmExitsPerSecond: (technique === 'trap-and-emulate' ? state.traps : technique === 'binary-translation' ? translator.statistics.lookups : 0) / (elapsedMs / 1000),
    timeToFirstInstructionMs: firstInstructionMs,
    translationCacheBlocks: technique === 'binary-translation' ? translator.statistics.blocksTranslated : 0,
    translationHitRate: technique === 'binary-translation' && translator.statistics.lookups > 0 ? translator.statistics.hits / translator.statistics.lookups : 0,
    wrongModeReads: state.wrongModeReads,
  }));
  rows.push({ technique: 'native', program, instructionsPerSecond: instructions / (nativeMs / 1000), slowdown: 1, trapsPerSecond: 0, vmmExitsPerSecond: 0, timeToFirstInstructionMs: 0, translationCacheBlocks: 0, translationHitRate: 0, wrongModeReads: 0 });
  return rows;
}
