import { cpus } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerSummary } from '../../../main/engines/architectures/architecturesMetrics.ts';
import { architecturesEngine } from '../../../main/engines/architectures/architecturesEngine.ts';
import type { ArchitecturesScenario } from '../../../main/engines/architectures/architecturesScenario.ts';
import { calibrateComputation, computeFor } from '../../../main/workload/workload.ts';
import { recordingContext, type RecordedContext } from '../../support/recordingContext.ts';
import { scenarioWith } from './testScenario.ts';

let recorded: RecordedContext | undefined;
afterEach(async () => {
  await recorded?.release();
  recorded = undefined;
});

describe('cpu workload', () => {
  it('is a fixed amount of computation sized to the service time, not a clock deadline', () => {
    const speed = calibrateComputation();
    const started = performance.now();
    computeFor(40, speed);
    const elapsed = performance.now() - started;
    // Alone on its core it takes about the service time; it never finishes early by the clock.
    expect(elapsed).toBeGreaterThan(30);
  });

  it('cannot be sped up by more threads than cores', async () => {
    recorded = recordingContext();
    const scenario: ArchitecturesScenario = scenarioWith({
      servers: [
        { name: 'iterative', architecture: 'iterative', workers: 4 },
        { name: 'pool', architecture: 'thread-pool', workers: 4 * cpus().length },
      ],
      workload: { kind: 'cpu', serviceTime: 5, responseSize: 64 },
      load: { connections: 16, duration: 1500, warmup: 300, timeout: 5000 },
    });
    const { servers } = (await architecturesEngine.run(scenario, recorded.context)) as { servers: ServerSummary[] };
    const [iterative, pool] = servers;
    expect(iterative!.requests).toBeGreaterThan(0);
    // A clock-driven busy loop would let 4 threads per core each "finish" on time: ~4× per core.
    expect(pool!.throughputRps).toBeLessThan((cpus().length + 0.75) * iterative!.throughputRps);
  });
});
