import { describe, expect, it } from 'vitest';
import { readPath } from '../../../common/metricPath.ts';
import { evaluateChecks } from '../../../main/lab/checkEvaluation.ts';
import type { LabCheck } from '../../../main/lab/labDefinition.ts';

const metrics = {
  servers: [
    { name: 'it', architecture: 'iterative', throughputRps: 40, latencyMs: { p99: 400 } },
    { name: 'ev', architecture: 'event-driven', throughputRps: 700, latencyMs: { p99: 25 } },
  ],
};

const check = (expect: Partial<LabCheck['expect']>, when: LabCheck['when'] = { path: '', equals: '', and: [] }): LabCheck => ({
  id: 'c',
  title: { en: 'c', 'pt-BR': 'c' },
  when,
  expect: { left: 'servers[architecture=event-driven].throughputRps', op: '>=', factor: 3, right: 'servers[architecture=iterative].throughputRps', ...expect },
  points: 1,
  partialWithin: 0,
});

describe('lab checks', () => {
  it('reads values by selector, index and key', () => {
    expect(readPath(metrics, 'servers[architecture=event-driven].latencyMs.p99')).toBe(25);
    expect(readPath(metrics, 'servers.0.name')).toBe('it');
    expect(readPath(metrics, 'servers[architecture=prefork].throughputRps')).toBeUndefined();
  });

  it('passes and fails on the measured numbers and says why', () => {
    const [passed] = evaluateChecks([check({})], {}, metrics);
    expect(passed).toMatchObject({ passed: true, detail: 'servers[architecture=event-driven].throughputRps = 700 >= 3 × 40 = 120' });
    const [failed] = evaluateChecks([check({ factor: 20 })], {}, metrics);
    expect(failed!.passed).toBe(false);
  });

  it('skips checks whose scenario condition does not hold, and fails on missing data', () => {
    expect(evaluateChecks([check({}, { path: 'workload.kind', equals: 'io', and: [] })], { workload: { kind: 'cpu' } }, metrics)).toEqual([]);
    const sweeping = { workload: { kind: 'io' }, sweep: { parameter: 'connections' } };
    const notDuringSweeps = check({}, { path: 'workload.kind', equals: 'io', and: [{ path: 'sweep.parameter', equals: 'none' }] });
    expect(evaluateChecks([notDuringSweeps], sweeping, metrics)).toEqual([]);
    expect(evaluateChecks([notDuringSweeps], { ...sweeping, sweep: { parameter: 'none' } }, metrics)).toHaveLength(1);
    const [missing] = evaluateChecks([check({ left: 'servers[architecture=prefork].throughputRps' })], {}, metrics);
    expect(missing).toMatchObject({ passed: false, detail: 'no measurement at servers[architecture=prefork].throughputRps in this run' });
  });
});
