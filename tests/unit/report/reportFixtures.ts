import { architecturesTables } from '../../../main/engines/architectures/architecturesTables.ts';
import type { ServerSummary } from '../../../main/engines/architectures/architecturesMetrics.ts';
import type { ChartSpec, RunDetail, TableSpec } from '../../../preload/api.ts';

const servers: ServerSummary[] = [
  { name: 'iterative', architecture: 'iterative', requests: 4000, throughputRps: 400.25, latencyMs: { p50: 2.5, p90: 8, p99: 20.125, max: 31 }, errors: 0 },
  { name: 'threaded', architecture: 'thread-per-request', requests: 12000, throughputRps: 1200, latencyMs: { p50: 0.8, p90: 1.5, p99: 3, max: 9 }, errors: 2 },
  { name: 'pool', architecture: 'thread-pool', requests: 15000, throughputRps: 1500, latencyMs: { p50: 0.7, p90: 1.2, p99: 2.5, max: 6 }, errors: 0 },
];

export function sampleRun(): RunDetail {
  return {
    runId: '3f2a9c1e-0000-4000-8000-000000000001',
    labId: 'architectures',
    engine: 'architectures',
    status: 'succeeded',
    seed: 1234,
    scenarioHash: 'ab'.repeat(32),
    createdAt: '2025-03-01T12:00:00.000Z',
    finishedAt: '2025-03-01T12:00:12.500Z',
    durationMs: 12500,
    // As the architectures engine records them: `servers` is the summary of `measurements`.
    metrics: { servers, measurements: servers.map((server) => ({ ...server, loadMode: 'closed', unfinished: 0 })) },
    error: null,
    scenarioText: 'engine: architectures\nservers:\n  - iterative\n  - threaded\n',
    environment: {
      proclabVersion: '0.1.0',
      nodeVersion: 'v24.21.0',
      platform: 'linux',
      arch: 'x64',
      cpus: 8,
      cpuModel: 'Example CPU 3.0GHz',
      totalMemoryBytes: 16 * 1024 ** 3,
      face: 'desktop',
    },
    samples: [
      { timeMs: 1000, series: 'iterative', values: { throughputRps: 390, p99Ms: 19 } },
      { timeMs: 1000, series: 'threaded', values: { throughputRps: 1180, p99Ms: 3 } },
      { timeMs: 2000, series: 'iterative', values: { throughputRps: 410, p99Ms: 21 } },
      { timeMs: 2000, series: 'threaded', values: { throughputRps: 1220, p99Ms: 2.9 } },
    ],
    timeline: [
      { timeMs: 0, kind: 'server-started', message: 'iterative listening on 127.0.0.1:40001', data: { port: 40001 } },
      { timeMs: 12.5, kind: 'load-started', message: 'load generator started' },
    ],
    log: [{ timeMs: 0, level: 'info', message: 'starting' }],
    checks: [
      { checkId: 'threaded-faster', title: { en: 'Threaded beats iterative', 'pt-BR': 'Com threads supera o iterativo' }, passed: true, detail: '1200 > 400 req/s' },
      { checkId: 'no-errors', title: { en: 'No errors', 'pt-BR': 'Sem erros' }, passed: false, detail: 'threaded: 2 errors' },
    ],
    student: null,
    answers: [],
  };
}

export const charts: ChartSpec[] = [
  { id: 'throughput', kind: 'timeSeries', title: { en: 'Throughput', 'pt-BR': 'Vazão' }, metric: 'throughputRps', unit: 'req/s' },
  { id: 'p99', kind: 'bars', title: { en: 'p99 latency', 'pt-BR': 'Latência p99' }, list: 'servers', labelKey: 'name', valuePath: 'latencyMs.p99', unit: 'ms' },
];

export const tables: TableSpec[] = [...architecturesTables];

export const labTitle = { en: 'Server architectures', 'pt-BR': 'Arquiteturas de servidores' };

export const questions = [
  { id: 'why-pool', text: { en: 'Why does the pool keep p99 low?', 'pt-BR': 'Por que o pool mantém o p99 baixo?' } },
  { id: 'cpus', text: { en: 'How would more CPUs change this?', 'pt-BR': 'Como mais CPUs mudariam isto?' } },
];
