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
});
