import { describe, expect, it } from 'vitest';
import type { ServerSummary } from '../../../main/engines/architectures/architecturesMetrics.ts';
import { architecturesEngine } from '../../../main/engines/architectures/architecturesEngine.ts';
import type { ArchitecturesScenario } from '../../../main/engines/architectures/architecturesScenario.ts';
import { isListening } from './portProbe.ts';
import { recordingContext } from '../../support/recordingContext.ts';
import { scenarioWith } from './testScenario.ts';

function scenario(load: Partial<ArchitecturesScenario['load']> = {}): ArchitecturesScenario {
  return scenarioWith({
    servers: [
      { name: 'iterative', architecture: 'iterative', workers: 4 },
      { name: 'pool', architecture: 'thread-pool', workers: 4 },
      { name: 'event', architecture: 'event-driven', workers: 4 },
    ],
    workload: { kind: 'io', serviceTime: 20, responseSize: 256 },
    load: { connections: 16, duration: 1500, warmup: 300, timeout: 5000, ...load },
  });
}

function portsOf(events: { kind: string; data?: Record<string, unknown> }[]): number[] {
  return events.filter((event) => event.kind === 'server-started').map((event) => event.data!.port as number);
}

describe('the architectures engine', () => {
  it('measures iterative, thread-pool and event-driven servers under io work', async () => {
    const recorded = recordingContext();
    const metrics = (await architecturesEngine.run(scenario(), recorded.context)) as { servers: ServerSummary[] };
    const released = await recorded.release();

    expect(metrics.servers.map((server) => server.name)).toEqual(['iterative', 'pool', 'event']);
    for (const server of metrics.servers) {
      expect(server.requests, server.name).toBeGreaterThan(0);
      expect(server.errors, server.name).toBe(0);
      expect(server.latencyMs.p50).toBeGreaterThanOrEqual(19);
      expect(server.latencyMs.p99).toBeGreaterThanOrEqual(server.latencyMs.p50);
      expect(server.latencyMs.max).toBeGreaterThanOrEqual(server.latencyMs.p99);
    }
    const [iterative, pool, event] = metrics.servers as [ServerSummary, ServerSummary, ServerSummary];
    // Ideal: 50, 200 and 800 req/s. The bars leave room for a busy two-core machine.
    expect(event.throughputRps).toBeGreaterThanOrEqual(3 * iterative.throughputRps);
    expect(pool.throughputRps).toBeGreaterThan(1.5 * iterative.throughputRps);

    for (const name of ['iterative', 'pool', 'event']) {
      const samples = recorded.samples.filter((sample) => sample.series === name);
      expect(samples.length, name).toBeGreaterThanOrEqual(3);
      expect(Object.keys(samples[0]!.values)).toEqual(expect.arrayContaining(['throughputRps', 'latencyP50Ms', 'latencyP99Ms', 'requests', 'errors']));
    }
    expect(recorded.events.filter((event) => event.kind === 'server-started')).toHaveLength(3);
    expect(recorded.events.filter((event) => event.kind === 'server-stopped')).toHaveLength(3);
    expect(recorded.progress.some((progress) => progress.phase === 'measuring pool')).toBe(true);
    expect(recorded.progress.at(-1)).toEqual({ fraction: 1, phase: 'done' });
    expect(released.length).toBe(6);
    for (const port of portsOf(recorded.events)) expect(await isListening(port)).toBe(false);
  });

  it('stops promptly when cancelled, returns what it measured and leaves no server behind', async () => {
    const recorded = recordingContext();
    const running = architecturesEngine.run(scenario({ duration: 20_000, warmup: 200 }), recorded.context);
    // Cancel in the middle of the first server's window.
    const firstSample = Date.now();
    while (!recorded.samples.some((sample) => sample.series === 'iterative') && Date.now() - firstSample < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const cancelledAt = performance.now();
    recorded.controller.abort();
    const metrics = (await running) as { servers: ServerSummary[] };
    const stoppedWithinMs = performance.now() - cancelledAt;
    const released = await recorded.release();

    expect(stoppedWithinMs).toBeLessThan(3000);
    expect(metrics.servers.map((server) => server.name)).toEqual(['iterative']);
    expect(metrics.servers[0]!.requests).toBeGreaterThan(0);
    expect(portsOf(recorded.events)).toHaveLength(1);
    expect(released.length).toBe(2);
    for (const port of portsOf(recorded.events)) expect(await isListening(port)).toBe(false);
  });

  it('estimates the duration from the warm-ups and windows', () => {
    expect(architecturesEngine.estimateDurationMs(scenario())).toBeGreaterThanOrEqual(3 * 1800);
    expect(architecturesEngine.estimateDurationMs(scenario())).toBeLessThan(3 * 1800 + 5000);
  });
});
