import type { ServerMetrics } from '../../../preload/api.ts';
import { HdrHistogram } from '../../measure/hdrHistogram.ts';
import { EngineFailure, type EngineContext } from '../engine.ts';
import type { ArchitecturesScenario, ServerScenario } from './architecturesScenario.ts';
import { runClosedLoad } from './load/runClosedLoad.ts';
import type { LoadResult } from './load/loadMessages.ts';
import { startServerWorker } from './servers/serverWorker.ts';

/** A server thread that has not said it listens after this long is reported as broken. */
const startTimeoutMs = 10_000;

export interface MeasurementSlot {
  /** Position of this server among those measured, from 0, and how many there are. */
  index: number;
  count: number;
  /** This machine's computation speed, measured once per run (see Workload). */
  computeRoundsPerMs: number;
}

function aborted(signal: AbortSignal): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function metricsOf(server: ServerScenario, result: LoadResult): ServerMetrics {
  const histogram = HdrHistogram.fromSerialized(result.histogram);
  const milliseconds = (microseconds: number): number => roundTo(microseconds / 1000, 3);
  return {
    name: server.name,
    architecture: server.architecture,
    requests: result.requests,
    throughputRps: roundTo(result.throughputRps, 1),
    latencyMs: {
      p50: milliseconds(histogram.percentile(50)),
      p90: milliseconds(histogram.percentile(90)),
      p99: milliseconds(histogram.percentile(99)),
      max: milliseconds(histogram.max),
    },
    errors: result.errors,
  };
}

/**
 * Starts one server in its own thread, loads it for the warm-up and the measured window, stops it.
 * Returns undefined when cancelled before anything was measured.
 */
export async function measureServer(
  server: ServerScenario,
  scenario: ArchitecturesScenario,
  context: EngineContext,
  slot: MeasurementSlot,
): Promise<ServerMetrics | undefined> {
  const label = `server "${server.name}" (${server.architecture})`;
  const progress = (fractionOfThisServer: number, phase: string): void =>
    context.progress({ fraction: Math.min(1, (slot.index + Math.min(1, fractionOfThisServer)) / slot.count), phase });
  progress(0, `starting ${server.name}`);

  let queueLength: number | undefined;
  const serverWorker = startServerWorker(
    {
      architecture: server.architecture,
      workload: { kind: scenario.workload.kind, serviceTimeMs: scenario.workload.serviceTime, computeRoundsPerMs: slot.computeRoundsPerMs },
      responseSizeBytes: scenario.workload.responseSize,
      port: 0,
      workers: server.workers,
    },
    (stats) => {
      queueLength = stats.queueLength;
    },
  );
  context.defer(`stop ${label}`, () => serverWorker.stop());

  let startTimer: ReturnType<typeof setTimeout> | undefined;
  const startTimeout = new Promise<'timeout'>((resolve) => {
    startTimer = setTimeout(() => resolve('timeout'), startTimeoutMs);
  });
  let port: number | 'timeout' | 'aborted';
  try {
    port = await Promise.race([serverWorker.listening, startTimeout, aborted(context.signal)]);
  } catch (error) {
    throw new EngineFailure(`${label} could not start: ${(error as Error).message}`);
  } finally {
    clearTimeout(startTimer);
  }
  if (port === 'aborted') {
    await serverWorker.stop();
    return undefined;
  }
  if (port === 'timeout') throw new EngineFailure(`${label} did not start listening within ${startTimeoutMs / 1000} s`);
  context.event('server-started', `${label} listening on 127.0.0.1:${port}`, { name: server.name, architecture: server.architecture, port });

  const { warmup: warmupMs, duration: durationMs } = scenario.load;
  const loadStartedAt = context.now();
  const load = runClosedLoad(
    { port, connections: scenario.load.connections, durationMs, warmupMs, timeoutMs: scenario.load.timeout },
    (sample) => {
      const values: Record<string, number> = { throughputRps: sample.throughputRps, requests: sample.requests, errors: sample.errors };
      // An interval in which no request finished has no latency; a 0 would plot as a fast server.
      if (sample.requests > 0) {
        values.latencyP50Ms = sample.latencyP50Ms;
        values.latencyP99Ms = sample.latencyP99Ms;
      }
      if (queueLength !== undefined) values.queueLength = queueLength;
      context.sample(server.name, values);
      progress((context.now() - loadStartedAt) / (warmupMs + durationMs), `measuring ${server.name}`);
    },
  );
  context.defer(`stop the load on ${label}`, () => load.abort());
  const abortLoad = (): void => load.abort();
  context.signal.addEventListener('abort', abortLoad, { once: true });
  if (context.signal.aborted) load.abort();
  progress(0, `measuring ${server.name}`);

  let outcome: { result: LoadResult } | { serverFailure: Error };
  try {
    outcome = await Promise.race([load.result.then((result) => ({ result })), serverWorker.failed.then((serverFailure) => ({ serverFailure }))]);
  } catch (error) {
    throw new EngineFailure(`measuring ${label} failed: ${(error as Error).message}`);
  } finally {
    context.signal.removeEventListener('abort', abortLoad);
  }
  if ('serverFailure' in outcome) {
    load.abort();
    throw new EngineFailure(`${label} stopped during the measurement: ${outcome.serverFailure.message}`);
  }

  await serverWorker.stop();
  const { result } = outcome;
  context.event('server-stopped', `${label} stopped after ${result.requests} requests`, { name: server.name, requests: result.requests, errors: result.errors });
  if (result.errors > 0) {
    const kinds = Object.entries(result.errorsByKind)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ');
    context.log('warn', `${label}: ${result.errors} failed requests (${kinds})`);
  }
  if (result.measuredMs === 0) return undefined;
  return metricsOf(server, result);
}
