import { describe, expect, it } from 'vitest';
import { measureTechniques } from '../../../main/abstractMachine/guestTechniques.ts';

describe('measureTechniques', () => {
  it('gives one row per technique, traps only where the technique traps', () => {
    const rows = measureTechniques('io-heavy', 20_000);
    expect(rows.map((row) => row.technique)).toEqual(['interpretation', 'trap-and-emulate', 'binary-translation', 'native']);
    const byTechnique = Object.fromEntries(rows.map((row) => [row.technique, row]));
    expect(byTechnique['interpretation']!.trapsPerSecond).toBe(0);
    expect(byTechnique['trap-and-emulate']!.trapsPerSecond).toBeGreaterThan(0);
    expect(byTechnique['binary-translation']!.translationHitRate).toBeGreaterThan(0.99);
    expect(byTechnique['native']!.slowdown).toBe(1);
    for (const row of rows) expect(row.instructionsPerSecond).toBeGreaterThan(0);
  });

  it('counts VMM exits where guest code leaves for the VMM, and charges translation its first block', () => {
    const byTechnique = Object.fromEntries(measureTechniques('io-heavy', 20_000).map((row) => [row.technique, row]));
    // One trap per OUT, each an exit to the VMM.
    expect(byTechnique['trap-and-emulate']!.vmmExitsPerSecond).toBeCloseTo(byTechnique['trap-and-emulate']!.trapsPerSecond, 6);
    // Translated blocks end at each OUT and return to the dispatcher.
    expect(byTechnique['binary-translation']!.vmmExitsPerSecond).toBeGreaterThan(0);
    expect(byTechnique['interpretation']!.vmmExitsPerSecond).toBe(0);
    expect(byTechnique['native']!.vmmExitsPerSecond).toBe(0);
    expect(byTechnique['binary-translation']!.timeToFirstInstructionMs).toBeGreaterThan(0);
    const cpuBound = Object.fromEntries(measureTechniques('cpu-bound', 20_000).map((row) => [row.technique, row]));
    // A loop with no sensitive instruction stays inside its translated trace: few exits per instruction.
    expect(cpuBound['binary-translation']!.vmmExitsPerSecond).toBeLessThan(cpuBound['binary-translation']!.instructionsPerSecond / 1000);
  });
});
