import { describe, expect, it } from 'vitest';
import { createGuestState, interpretGuest } from '../../../main/abstractMachine/guestMachine.ts';
import { guestProgram, nativeLoop } from '../../../main/abstractMachine/guestPrograms.ts';
import { GuestTranslator } from '../../../main/abstractMachine/guestTranslator.ts';

const runToHalt = (technique: 'interpretation' | 'trap-and-emulate' | 'binary-translation', program: ReturnType<typeof guestProgram>) => {
  const state = createGuestState(program);
  const translator = new GuestTranslator(program.code);
  for (let slice = 0; slice < 1000 && !state.halted; slice++) {
    if (technique === 'binary-translation') translator.run(state, 100_000);
    else interpretGuest(state, 100_000, technique === 'trap-and-emulate');
  }
  return { state, translator };
};

describe('guest machine', () => {
  it('gives the native result and the same instruction count under all three techniques', () => {
    const program = guestProgram('cpu-bound', 5000);
    const runs = (['interpretation', 'trap-and-emulate', 'binary-translation'] as const).map((technique) => runToHalt(technique, program).state);
    for (const state of runs) {
      expect(state.halted).toBe(true);
      expect(state.consoleWords).toEqual([nativeLoop(5000)]);
      expect(state.instructions).toBe(runs[0]!.instructions);
    }
  });

  it('traps once per privileged instruction under trap-and-emulate, none under interpretation', () => {
    const program = guestProgram('io-heavy', 300);
    expect(runToHalt('trap-and-emulate', program).state.traps).toBe(301);
    const interpreted = runToHalt('interpretation', program).state;
    expect(interpreted.traps).toBe(0);
    expect(interpreted.disk[299]).not.toBe(0);
  });

  it('counts system calls as traps in every technique', () => {
    const program = guestProgram('syscall-heavy', 200);
    expect(runToHalt('binary-translation', program).state.systemCalls).toBe(200);
    expect(runToHalt('interpretation', program).state.systemCalls).toBe(200);
  });

  it('lets GETMODE see the real mode under trap-and-emulate, the virtual one under translation', () => {
    const program = guestProgram('mode-probe', 0);
    const trapped = runToHalt('trap-and-emulate', program).state;
    const translated = runToHalt('binary-translation', program).state;
    expect(translated.consoleWords).toEqual([1, 0]);
    expect(translated.wrongModeReads).toBe(0);
    expect(runToHalt('interpretation', program).state.consoleWords).toEqual([1, 0]);
    // Deprivileged, the kernel's GETMODE does not trap and reads the real (user) mode.
    expect(trapped.consoleWords).toEqual([0, 0]);
    expect(trapped.wrongModeReads).toBe(1);
  });

  it('translates each block once and then hits the cache when a sensitive instruction leaves it', () => {
    const { translator } = runToHalt('binary-translation', guestProgram('io-heavy', 1000));
    expect(translator.statistics.blocksTranslated).toBeLessThan(6);
    expect(translator.statistics.lookups).toBeGreaterThan(1000);
    expect(translator.statistics.hits / translator.statistics.lookups).toBeGreaterThan(0.99);
  });

  it('chains a CPU-bound loop into one translated trace that loops without leaving', () => {
    const { translator, state } = runToHalt('binary-translation', guestProgram('cpu-bound', 100_000));
    expect(state.instructions).toBeGreaterThan(1_000_000);
    expect(translator.statistics.lookups).toBeLessThan(100);
  });
});
