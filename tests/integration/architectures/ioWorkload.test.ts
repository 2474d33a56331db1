import { describe, expect, it } from 'vitest';
import { architecturesEngine } from '../../../main/engines/architectures/architecturesEngine.ts';
import type { ServerMeasurement } from '../../../main/engines/architectures/architecturesMetrics.ts';
import { recordingContext } from '../../support/recordingContext.ts';
import { scenarioWith } from './testScenario.ts';

describe('an io-bound handler (20 ms) under 16 clients', () => {
  it('lets the thread pool and the event-driven server each serve at least 5× the iterative server', async () => {
    const recorded = recordingContext();
    const scenario = scenarioWith({
      servers: [
        { name: 'iterative', architecture: 'iterative' },
        { name: 'pool-16', architecture: 'thread-pool', workers: 16 },
        { name: 'event-driven', architecture: 'event-driven' },
      ],
      workload: { kind: 'io', serviceTime: 20 },
      load: { connections: 16, duration: 1500, warmup: 300 },
    });
    const { measurements: servers } = (await architecturesEngine.run(scenario, recorded.context)) as { measurements: ServerMeasurement[] };
    await recorded.release();
    const [iterative, pool, event] = servers as [ServerMeasurement, ServerMeasurement, ServerMeasurement];
    // Ideal: 50 req/s against 800 req/s (16×).
    expect(iterative.requests).toBeGreaterThan(20);
    expect(pool.throughputRps).toBeGreaterThanOrEqual(5 * iterative.throughputRps);
    expect(event.throughputRps).toBeGreaterThanOrEqual(5 * iterative.throughputRps);
    // Each result carries its queueing model: one server for the iterative one, 16 for the pool.
    expect(iterative.model).toMatchObject({ model: 'M/M/1//16', servers: 1, throughputRps: 50 });
    expect(pool.model).toMatchObject({ servers: 16, throughputRps: 800 });
    expect(event.model).toMatchObject({ servers: 'unbounded' });
  });
});
