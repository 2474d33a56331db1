import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../main/report/canonicalJson.ts';
import { runDataSha256 } from '../../../main/report/reportSha256.ts';
import { sampleRun } from './reportFixtures.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and ignores the order they were built in', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('drops undefined members and writes non-finite numbers as null, like JSON', () => {
    expect(canonicalJson({ a: undefined, b: Number.NaN, c: [Infinity], d: null })).toBe('{"b":null,"c":[null],"d":null}');
  });
});

describe('runDataSha256', () => {
  it('is a lowercase hex SHA-256', () => {
    expect(runDataSha256(sampleRun())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same hash for the same run, however its objects are laid out', () => {
    const run = sampleRun();
    const rebuilt = JSON.parse(JSON.stringify(run));
    rebuilt.samples = rebuilt.samples.map((sample: Record<string, unknown>) => ({ values: sample['values'], series: sample['series'], timeMs: sample['timeMs'] }));
    expect(runDataSha256(rebuilt)).toBe(runDataSha256(run));
    expect(runDataSha256(sampleRun())).toBe(runDataSha256(run));
  });

  it('changes when any recorded value changes', () => {
    const original = runDataSha256(sampleRun());
    const changes: ((run: ReturnType<typeof sampleRun>) => void)[] = [
      (run) => (run.samples[2]!.values['throughputRps'] = 411),
      (run) => (run.samples[0]!.timeMs = 1001),
      (run) => run.samples.pop(),
      (run) => (run.status = 'failed'),
      (run) => (run.seed = 1235),
      (run) => (run.scenarioText += ' '),
      (run) => (run.timeline[1]!.message = 'load generator began'),
      (run) => (run.checks[1]!.passed = true),
      (run) => ((run.metrics!['servers'] as { errors: number }[])[1]!.errors = 0),
      (run) => (run.runId = run.runId.replace('1', '2')),
    ];
    const hashes = changes.map((change) => {
      const run = sampleRun();
      change(run);
      return runDataSha256(run);
    });
    for (const hash of hashes) expect(hash).not.toBe(original);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('does not depend on when or where the report is made', () => {
    const run = sampleRun();
    run.environment = { ...run.environment, face: 'cli', cpus: 2 };
    run.log.push({ timeMs: 5, level: 'debug', message: 'later line' });
    expect(runDataSha256(run)).toBe(runDataSha256(sampleRun()));
  });
});
