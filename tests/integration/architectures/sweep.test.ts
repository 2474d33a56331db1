import { describe, expect, it } from 'vitest';
import { architecturesEngine } from '../../../main/engines/architectures/architecturesEngine.ts';
import type { ServerMeasurement } from '../../../main/engines/architectures/architecturesMetrics.ts';
import { renderChart } from '../../../common/charts/renderChart.ts';
import { recordingContext } from '../../support/recordingContext.ts';
import { scenarioWith } from './testScenario.ts';

interface SweepPoint {
  server: string;
  value: number;
  throughputRps: number;
  latencyMeanMs: number;
  modelThroughputRps: number | null;
  modelLatencyMeanMs: number | null;
  model: string | null;
}

describe('a sweep', () => {
  it('measures a server once per swept value, beside the queueing model, and fills the characteristics table', async () => {
    const recorded = recordingContext();
    const scenario = scenarioWith({
      servers: [{ name: 'iterative', architecture: 'iterative' }],
      workload: { kind: 'io', serviceTime: 10 },
      load: { duration: 800, warmup: 200 },
      sweep: { parameter: 'rate', values: [20, 60] },
    });
    const metrics = await architecturesEngine.run(scenario, recorded.context);
    await recorded.release();
    const servers = metrics.measurements as ServerMeasurement[];
    // The summary list keeps the shape \`proclab run --json\` always had.
    expect(Object.keys((metrics.servers as object[])[0]!).sort()).toEqual(['architecture', 'errors', 'latencyMs', 'name', 'requests', 'throughputRps']);
    const points = metrics.sweepPoints as SweepPoint[];
    expect(servers.map((server) => server.name)).toEqual(['iterative rate=20', 'iterative rate=60']);
    expect(metrics.sweep).toEqual({ parameter: 'rate', unit: 'req/s offered' });
    expect(points.map((point) => [point.server, point.value, point.model])).toEqual([
      ['iterative', 20, 'M/M/1'],
      ['iterative', 60, 'M/M/1'],
    ]);
    // M/M/1 with S = 10 ms: 12.5 ms at 20 req/s, 25 ms at 60 req/s.
    expect(points[0]!.modelLatencyMeanMs).toBeCloseTo(12.5, 3);
    expect(points[1]!.modelLatencyMeanMs).toBeCloseTo(25, 3);
    for (const [index, point] of points.entries()) {
      const offered = scenario.sweep.values[index]!;
      // An open loop below capacity: the server completes what is offered (Poisson: ±35% in under a second).
      expect(point.throughputRps).toBeGreaterThan(offered * 0.65);
      expect(point.throughputRps).toBeLessThan(offered * 1.35);
      expect(point.latencyMeanMs).toBeGreaterThanOrEqual(9.5);
    }
    expect(servers[1]!.loadMode).toBe('open');
    expect(servers[1]!.uncorrectedLatencyMs.count).toBe(servers[1]!.requests);
    expect(metrics.characteristics).toEqual([
      expect.objectContaining({ architecture: 'iterative', model: 'single-threaded', parallelism: 'none', systemCalls: 'blocking', dataSpace: 'single' }),
    ]);
    const chart = architecturesEngine.charts.find((spec) => spec.id === 'sweep-latency')!;
    const svg = renderChart(chart, [], metrics, 'en');
    expect(svg).toContain('data-series="iterative" data-points="2" data-model-points="2"');
  });
});
