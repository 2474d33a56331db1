// Seeded, bounded fuzzing of the scenario validator with every lab's own scenario as the seed
// text: whatever the mutation, validation answers (never throws), a refusal points at a place in
// the text with a plain message, and an accepted scenario holds only finite numbers.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../main/runs/seededRandom.ts';
import { parseEngineScenario } from '../../../main/scenario/engineScenario.ts';
import { mutateScenario, numbersIn } from '../../support/scenarioMutations.ts';

const labsFolder = join(import.meta.dirname, '..', '..', '..', 'labs');
const labScenarios = readdirSync(labsFolder)
  .filter((lab) => readdirSync(join(labsFolder, lab)).includes('scenario.yaml'))
  .map((lab) => {
    const text = readFileSync(join(labsFolder, lab, 'scenario.yaml'), 'utf8');
    return { lab, text, engine: /^engine:\s*(\S+)/m.exec(text)![1]! };
  });
const casesPerLab = 80;
/** Room for the machine's memory: the fuzz is about the validator, not this machine's free memory. */
const plenty = { liveProcesses: 64, freeMemoryBytes: 1024 ** 4 };

describe.each(labScenarios)('the $lab scenario, mutated', ({ text, engine }) => {
  it(`validates ${casesPerLab} seeded mutations without a throw, a NaN or a message that is not for people`, () => {
    const random = seededRandom(17 + text.length);
    const outcomes = { accepted: 0, refused: 0 };
    for (let round = 0; round < casesPerLab; round += 1) {
      let mutated = text;
      const mutations = 1 + Math.floor(random() * 3);
      for (let step = 0; step < mutations; step += 1) mutated = mutateScenario(mutated, random);
      const parsed = parseEngineScenario(mutated, engine, plenty);
      const lineCount = mutated.split('\n').length;
      if (parsed.ok) {
        outcomes.accepted += 1;
        const notFinite = numbersIn(parsed.value).filter((entry) => !Number.isFinite(entry.value));
        expect({ mutated, notFinite }).toEqual({ mutated, notFinite: [] });
        continue;
      }
      outcomes.refused += 1;
      expect(parsed.diagnostics.length, mutated).toBeGreaterThan(0);
      for (const diagnostic of parsed.diagnostics) {
        expect(diagnostic.line, mutated).toBeGreaterThanOrEqual(1);
        expect(diagnostic.line, mutated).toBeLessThanOrEqual(lineCount + 1);
        expect(diagnostic.column, mutated).toBeGreaterThanOrEqual(1);
        // A value the student wrote is quoted as written (a mutation may write NaN); the words around it may not say NaN.
        const ownWords = diagnostic.message.replace(/"(?:[^"\\]|\\.)*"/g, '""');
        expect(ownWords, mutated).not.toMatch(/\bNaN\b|\bundefined\b|\[object Object\]|^\s+at /m);
        expect(diagnostic.message.length, mutated).toBeLessThan(2_000);
      }
    }
    // Both kinds happen, or the mutations are not testing anything.
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(casesPerLab / 4);
  });
});
