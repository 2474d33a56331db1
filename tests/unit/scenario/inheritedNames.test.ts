// Names every JavaScript object inherits (`constructor`, `toString`, `__proto__`, ...) are text like
// any other in a scenario: an unknown key, an unknown unit. None may be looked up on a prototype.
import { describe, expect, it } from 'vitest';
import { readPath } from '../../../common/metricPath.ts';
import { parseInetdConfiguration } from '../../../main/engines/superserver/inetdConfiguration.ts';
import { parseBandwidth } from '../../../main/engines/vmMigration/linkShapeText.ts';
import { parseEngineScenario } from '../../../main/scenario/engineScenario.ts';
import { parseScenario } from '../../../main/scenario/scenarioValidation.ts';
import { schema } from '../../../main/scenario/schema.ts';
import { parseDurationMs, parseSizeBytes } from '../../../main/scenario/units.ts';

const docs = { en: 'a field', 'pt-BR': 'um campo' };

const inheritedNames = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

describe('names inherited by every object', () => {
  it.each(inheritedNames)('are no duration or size unit: 5%s', (name) => {
    expect(parseDurationMs(`5${name}`)).toMatchObject({ ok: false, message: expect.stringMatching(/unknown duration unit|expected a duration/) });
    expect(parseSizeBytes(`5${name}`)).toMatchObject({ ok: false, message: expect.stringMatching(/unknown size unit|expected a size/) });
    expect(parseBandwidth(`5${name}`)).toBeUndefined();
  });

  it('are refused as durations in a scenario, where they are written', () => {
    const parsed = parseEngineScenario('engine: superserver\nburst:\n  hold: 5constructor\n  spacing: 5toString\ntimeout: 5valueOf\n');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics.map(({ line, path, message }) => ({ line, path, message }))).toEqual([
      { line: 3, path: 'burst.hold', message: expect.stringContaining('unknown duration unit "constructor"') },
      { line: 4, path: 'burst.spacing', message: expect.stringContaining('unknown duration unit "toString"') },
      { line: 5, path: 'timeout', message: expect.stringContaining('unknown duration unit "valueOf"') },
    ]);
  });

  it.each(inheritedNames)('are unknown keys at the top and inside a mapping: %s', (name) => {
    for (const text of [`engine: superserver\n${name}: 1\n`, `engine: superserver\nburst:\n  ${name}: 1\n`]) {
      const parsed = parseEngineScenario(text);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) continue;
      expect(parsed.diagnostics).toHaveLength(1);
      expect(parsed.diagnostics[0]!.message).toMatch(new RegExp(`^unknown key "${name}" in (the scenario|burst) \\(known keys: `));
    }
  });

  it('do not reach a prototype through a valid scenario value', () => {
    const names = schema.object({ description: docs, fields: { name: schema.string({ description: docs }), kind: schema.enumeration({ description: docs, choices: ['a', 'b'] }) } });
    const parsed = parseScenario('name: __proto__\nkind: constructor\n', names);
    expect(parsed.diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['kind must be one of a, b; got "constructor"']);
    const accepted = parseScenario('name: __proto__\n', names);
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    expect(Object.getPrototypeOf(accepted.value)).toBe(Object.prototype);
    expect(accepted.value.name).toBe('__proto__');
  });

  it('are not found by a check path in the metrics', () => {
    const metrics = { servers: [{ name: 'a', requests: 3 }] };
    for (const name of inheritedNames) {
      expect(readPath(metrics, name)).toBeUndefined();
      expect(readPath(metrics, `servers.0.${name}`)).toBeUndefined();
      expect(readPath(metrics, `servers[${name}=a].requests`)).toBeUndefined();
    }
    expect(readPath(metrics, 'servers[name=a].requests')).toBe(3);
  });

  it('are no inetd protocol', () => {
    const { entries, problems } = parseInetdConfiguration('echo stream constructor nowait nobody internal\necho stream __proto__ nowait nobody internal\n', '/');
    expect(entries).toEqual([]);
    expect(problems.map((problem) => problem.message)).toEqual(['unknown protocol "constructor"; use tcp, udp, tcp6 or udp6', 'unknown protocol "__proto__"; use tcp, udp, tcp6 or udp6']);
  });

  it('leave huge numbers refused, not infinite', () => {
    expect(parseDurationMs(`${'9'.repeat(400)}s`)).toMatchObject({ ok: false, message: expect.stringContaining('too large') });
  });
});
