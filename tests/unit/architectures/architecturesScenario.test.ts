import { describe, expect, it } from 'vitest';
import { architecturesEngine } from '../../../main/engines/architectures/architecturesEngine.ts';
import { scenarioJsonSchema } from '../../../main/scenario/jsonSchema.ts';
import { parseScenario } from '../../../main/scenario/scenarioValidation.ts';

const example = `
servers:
  - name: iterative
    architecture: iterative
  - name: thread-pool
    architecture: thread-pool
    workers: 8
  - name: event-driven
    architecture: event-driven
workload:
  kind: cpu
  serviceTime: 2ms
  responseSize: 4KiB
load:
  connections: 32
  duration: 2s
`;

describe('the architectures scenario', () => {
  it('parses the documented shape into milliseconds and bytes, filling defaults', () => {
    const parsed = parseScenario(example, architecturesEngine.scenarioSchema);
    expect(parsed.diagnostics).toEqual([]);
    if (!parsed.ok) return;
    expect(parsed.value.servers).toEqual([
      { name: 'iterative', architecture: 'iterative', workers: 4, port: 0, requestsPerConnection: 0 },
      { name: 'thread-pool', architecture: 'thread-pool', workers: 8, port: 0, requestsPerConnection: 0 },
      { name: 'event-driven', architecture: 'event-driven', workers: 4, port: 0, requestsPerConnection: 0 },
    ]);
    expect(parsed.value.workload).toEqual({ kind: 'cpu', serviceTime: 2, distribution: 'constant', stall: { every: 0, duration: 200 }, responseSize: 4096 });
    expect(parsed.value.load).toEqual({ mode: 'closed', connections: 32, rate: 200, arrival: 'poisson', thinkTime: 0, duration: 2000, warmup: 500, timeout: 5000, target: '' });
    expect(parsed.value.sweep).toEqual({ parameter: 'none', values: [] });
    expect(architecturesEngine.estimateDurationMs(parsed.value)).toBeGreaterThanOrEqual(3 * 2500);
  });

  it('takes the defaults of the lab: io work of 20ms, 256B responses, 16 connections for 5s', () => {
    const parsed = parseScenario('servers:\n  - name: a\n    architecture: event-driven\n', architecturesEngine.scenarioSchema);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.workload).toMatchObject({ kind: 'io', serviceTime: 20, distribution: 'constant', responseSize: 256 });
    expect(parsed.value.load).toMatchObject({ mode: 'closed', connections: 16, duration: 5000, warmup: 500, timeout: 5000 });
  });

  it('reads an open-loop sweep of the rate', () => {
    const parsed = parseScenario(
      'servers:\n  - { name: a, architecture: prefork, workers: 2 }\nworkload: { kind: blocking-io, distribution: exponential }\nload: { mode: open, rate: 50, arrival: constant }\nsweep: { parameter: rate, values: [10, 20, 40] }\n',
      architecturesEngine.scenarioSchema,
    );
    expect(parsed.diagnostics).toEqual([]);
    if (!parsed.ok) return;
    expect(parsed.value.sweep).toEqual({ parameter: 'rate', values: [10, 20, 40] });
    expect(parsed.value.load).toMatchObject({ mode: 'open', rate: 50, arrival: 'constant' });
    expect(architecturesEngine.estimateDurationMs(parsed.value)).toBeGreaterThanOrEqual(3 * 5500);
  });

  it('points at what is wrong', () => {
    const parsed = parseScenario('servers:\n  - name: a\n    architecture: forking\n    workers: 100\nload:\n  duration: 10ms\n', architecturesEngine.scenarioSchema);
    expect(parsed.ok).toBe(false);
    expect(parsed.diagnostics.map((diagnostic) => diagnostic.path).sort()).toEqual(['load.duration', 'servers.0.architecture', 'servers.0.workers']);
  });

  it('documents every field for the editor', () => {
    const text = JSON.stringify(scenarioJsonSchema(architecturesEngine.scenarioSchema, 'architectures'));
    for (const field of ['servers', 'architecture', 'workers', 'serviceTime', 'responseSize', 'connections', 'warmup', 'timeout']) expect(text).toContain(field);
    const missingDescriptions: string[] = [];
    const visit = (node: Record<string, unknown>, path: string): void => {
      const description = node.description as Record<string, unknown>;
      for (const language of ['en', 'pt-BR']) if (typeof description[language] !== 'string' || description[language] === '') missingDescriptions.push(`${path} (${language})`);
      if (node.kind === 'object') for (const [key, child] of Object.entries(node.fields as Record<string, Record<string, unknown>>)) visit(child, `${path}.${key}`);
      if (node.kind === 'array') visit(node.items as Record<string, unknown>, `${path}[]`);
    };
    visit(architecturesEngine.scenarioSchema as unknown as Record<string, unknown>, '');
    expect(missingDescriptions).toEqual([]);
  });

  it('declares its charts in both languages', () => {
    expect(architecturesEngine.name).toBe('architectures');
    for (const chart of architecturesEngine.charts) {
      expect(chart.title.en).not.toBe('');
      expect(chart.title['pt-BR']).not.toBe('');
    }
    expect(architecturesEngine.charts.map((chart) => (chart.kind === 'timeSeries' ? chart.metric : chart.kind === 'bars' ? chart.valuePath : chart.kind === 'xy' ? chart.y : chart.kind === 'heatmap' ? chart.cellPrefix : chart.weight))).toEqual(
      expect.arrayContaining(['throughputRps', 'latencyP99Ms', 'latencyP50Ms', 'latencyMs.p99']),
    );
  });
});
