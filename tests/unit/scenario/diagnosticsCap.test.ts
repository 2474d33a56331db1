// A scenario full of mistakes (a pasted file, a generated one) is answered with the first problems
// and one line counting the rest, not with megabytes of diagnostics.
import { describe, expect, it } from 'vitest';
import { maxScenarioBytes } from '../../../common/scenarioLimits.ts';
import { parseEngineScenario } from '../../../main/scenario/engineScenario.ts';
import { countProblems, maxDiagnostics } from '../../../main/scenario/scenarioValidation.ts';

function scenarioOfUnknownKeys(bytes: number): { text: string; keys: number } {
  const lines = ['engine: superserver'];
  let length = lines[0]!.length + 1;
  let keys = 0;
  while (length < bytes) {
    const line = `unknownSetting${keys}: ${keys}`;
    lines.push(line);
    length += line.length + 1;
    keys += 1;
  }
  return { text: `${lines.join('\n')}\n`, keys };
}

describe('diagnostics of a scenario with very many problems', () => {
  it('list the first ones and count the rest in one line: 250 KiB of unknown keys give kilobytes, not megabytes', () => {
    const { text, keys } = scenarioOfUnknownKeys(250 * 1024);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxScenarioBytes);
    const parsed = parseEngineScenario(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics).toHaveLength(maxDiagnostics + 1);
    expect(JSON.stringify(parsed.diagnostics).length).toBeLessThan(64 * 1024);
    expect(parsed.diagnostics[0]!.message).toMatch(/^unknown key "unknownSetting0" in the scenario/);
    const summary = parsed.diagnostics.at(-1)!;
    const omitted = keys - maxDiagnostics;
    expect(summary.message).toBe(`${omitted.toLocaleString('en')} more problems not listed (${omitted.toLocaleString('en')} unknown keys); fix the ones above first`);
    expect(summary.line).toBe(parsed.diagnostics.at(-2)!.line);
    expect(countProblems(parsed.diagnostics)).toBe(keys);
  });

  it('count broken YAML the same way', () => {
    const text = `engine: superserver\n${'- [\n'.repeat(2_000)}`;
    const parsed = parseEngineScenario(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics.length).toBeLessThanOrEqual(maxDiagnostics + 1);
    expect(JSON.stringify(parsed.diagnostics).length).toBeLessThan(64 * 1024);
  });

  it('are all listed while there are few', () => {
    const { text, keys } = scenarioOfUnknownKeys(400);
    const parsed = parseEngineScenario(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(keys).toBeLessThan(maxDiagnostics);
    expect(parsed.diagnostics).toHaveLength(keys);
    expect(countProblems(parsed.diagnostics)).toBe(keys);
  });

  it('shorten a very long unknown key in its message', () => {
    const parsed = parseEngineScenario(`engine: superserver\n${'k'.repeat(5_000)}: 1\n`);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics[0]!.message.length).toBeLessThan(400);
  });
});
