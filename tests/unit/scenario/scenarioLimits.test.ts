import { describe, expect, it } from 'vitest';
import { maxScenarioBytes, oversizedScenarioBytes, utf8ByteLength } from '../../../common/scenarioLimits.ts';

describe('scenario size limits', () => {
  it('count UTF-8 bytes as the core does, without Buffer', () => {
    for (const text of ['', 'engine: x', 'ação', '€', '🙂 ok', 'a\ud800b', '\udc00', `${'é'.repeat(1000)}🙂`]) {
      expect({ text, bytes: utf8ByteLength(text) }).toEqual({ text, bytes: Buffer.byteLength(text) });
    }
  });

  it('flag only scenarios over the limit, counting bytes, not characters', () => {
    expect(oversizedScenarioBytes('x'.repeat(maxScenarioBytes))).toBeUndefined();
    expect(oversizedScenarioBytes('x'.repeat(maxScenarioBytes + 1))).toBe(maxScenarioBytes + 1);
    expect(oversizedScenarioBytes('é'.repeat(maxScenarioBytes / 2 + 1))).toBe(maxScenarioBytes + 2);
  });
});
