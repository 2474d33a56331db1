import { describe, expect, it } from 'vitest';
import { architecturesTables } from '../../../main/engines/architectures/architecturesTables.ts';
import { directoryTables } from '../../../main/engines/directory/directoryTables.ts';
import type { RunSummary } from '../../../preload/api.ts';
import { runHeadline } from '../../../common/tables/runHeadline.ts';

function run(metrics: RunSummary['metrics'], error: RunSummary['error'] = null): RunSummary {
  return { runId: 'r', labId: 'l', engine: 'e', status: 'succeeded', seed: 1, scenarioHash: 'h', createdAt: '', finishedAt: null, durationMs: 1, metrics, error, checksPassed: 0, checksTotal: 0 };
}

describe('the history headline', () => {
  it('gives each row of the first declared table with its first number and unit', () => {
    const measurements = [
      { name: 'iterative', architecture: 'iterative', throughputRps: 47, latencyMs: { p99: 344.9 }, requests: 47, errors: 0 },
      { name: 'event-driven', architecture: 'event-driven', throughputRps: 1753.04, latencyMs: { p99: 6.1 }, requests: 1753, errors: 0 },
    ];
    expect(runHeadline(run({ measurements }), architecturesTables, 'en')).toBe('iterative 47.0 req/s · event-driven 1,753.0 req/s');
    expect(runHeadline(run({ measurements }), architecturesTables, 'pt-BR')).toBe('iterative 47,0 req/s · event-driven 1.753,0 req/s');
  });

  it('gives the first values of a values table with their names, and a failed run\'s error', () => {
    expect(runHeadline(run({ state: 'soft', lookups: 80, lookupMs: { p50: 0.5 } }), directoryTables, 'pt-BR')).toBe(
      'Registros mantidos como: soft state · Consultas (GETPORT): 80 · Tempo de consulta p50 (ms): 0,500',
    );
    expect(runHeadline(run(null, { code: 'internal', message: 'the server died' }), directoryTables, 'en')).toBe('the server died');
    expect(runHeadline(run(null), directoryTables, 'en')).toBe('');
  });
});
