import { bounded, type BoundedOutcome } from '../../toolkit/abortableWaits.ts';
import { entryModulePath } from '../../platform/moduleEntry.ts';
import { EngineFailure, type EngineContext } from '../engine.ts';
import { serverMetricsOf, type ServerMeasurement } from './architecturesMetrics.ts';
import { runLoad } from '../../measure/httpLoad/runLoad.ts';
import type { LoadResult } from '../../measure/httpLoad/loadMessages.ts';
import type { MeasurementPoint } from './measurementPlan.ts';
import { cpuBetween, loadAverageNow, takeCpuSnapshot, type CpuSnapshot } from './cpu/cpuAccounting.ts';
import { serverCpuUse } from './cpu/cpuScaling.ts';
import { predictServer } from './serverModel.ts';
import type { ServerStats } from './servers/serverArchitecture.ts';
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

/**
 * Starts one server in its own thread, loads it for the warm-up and the measured window, stops it.
 * Returns undefined when cancelled before anything was measured.
 */
export async function measureServer(point: MeasurementPoint, context: EngineContext, slot: MeasurementSlot): Promise<ServerMeasurement | undefined> {
  const { server, scenario, seriesName } = point;
  const label = `server "${seriesName}" (${server.architecture})`;
  const progress = (fractionOfThisServer: number, phase: string): void =>
    context.progress({ fraction: Math.min(1, (slot.index + Math.min(1, fractionOfThisServer)) / slot.count), phase });
  progress(0, `starting ${seriesName}`);

  let latestStats: ServerStats | undefined;
  const { workload } = scenario;
  const serverWorker = startServerWorker(
    {
      architecture: server.architecture,
      workload: { kind: workload.kind, serviceTimeMs: workload.serviceTime, distribution: workload.distribution, computeRoundsPerMs: slot.computeRoundsPerMs },
      responseSizeBytes: workload.responseSize,
      port: 0,
      workers: server.workers,
      requestsPerConnection: server.requestsPerConnection,
      seed: (context.seed + slot.index * 7919) >>> 0,
      stall: workload.stall.every > 0 ? { everyMs: workload.stall.every, durationMs: workload.stall.duration } : undefined,
      // Read every interval: the load's samples come every 100 ms.
      statsIntervalMs: 100,
    },
    (stats) => {
      latestStats = stats;
    },
  );
  context.defer(`stop ${label}`, () => serverWorker.stop());

  let started: BoundedOutcome<number>;
  try {
    started = await bounded(serverWorker.listening, startTimeoutMs, context.signal);
  } catch (error) {
    throw new EngineFailure(`${label} could not start: ${(error as Error).message}`);
  }
  if (started.outcome === 'aborted') {
    await serverWorker.stop();
    return undefined;
  }
  if (started.outcome === 'timeout') throw new EngineFailure(`${label} did not start listening within ${startTimeoutMs / 1000} s`);
  const port = started.value;
  context.event('server-started', `${label} listening on 127.0.0.1:${port}`, { name: seriesName, architecture: server.architecture, port });

  const { load: loadSettings } = scenario;
  const { warmup: warmupMs, duration: durationMs } = loadSettings;
  const open = loadSettings.mode === 'open';
  const loadStartedAt = context.now();
  const load = runLoad(
    {
      port,
      mode: loadSettings.mode,
      connections: loadSettings.connections,
      rateRps: open ? loadSettings.rate : undefined,
      arrival: loadSettings.arrival,
      thinkTimeMs: loadSettings.thinkTime,
      seed: (context.seed ^ 0x5bd1e995) >>> 0,
      durationMs,
      warmupMs,
      timeoutMs: loadSettings.timeout,
      sampleIntervalMs: 100,
    },
    (sample) => {
      const values: Record<string, number> = { throughputRps: sample.throughputRps, requests: sample.requests, errors: sample.errors };
      // An interval in which no request finished has no latency; a 0 would plot as a fast server.
      if (sample.requests > 0) {
        values.latencyP50Ms = sample.latencyP50Ms;
        values.latencyP99Ms = sample.latencyP99Ms;
        if (open) values.uncorrectedLatencyP99Ms = sample.uncorrectedLatencyP99Ms;
      }
      if (latestStats !== undefined) values.queueLength = latestStats.queueLength;
      context.sample(seriesName, values);
      progress((context.now() - loadStartedAt) / (warmupMs + durationMs), `measuring ${seriesName}`);
    },
  );
  context.defer(`stop the load on ${label}`, () => load.abort());
  // The server's CPU time is read from /proc at both ends of the measured window.
  const serverProgram = entryModulePath('architecturesConnectionProcess');
  let windowStart: { snapshot: CpuSnapshot | undefined; loadAverage: number | undefined } | undefined;
  const windowTimer = setTimeout(() => {
    windowStart = { snapshot: takeCpuSnapshot(serverProgram), loadAverage: loadAverageNow() };
  }, warmupMs);
  const abortLoad = (): void => load.abort();
  context.signal.addEventListener('abort', abortLoad, { once: true });
  if (context.signal.aborted) load.abort();
  progress(0, `measuring ${seriesName}`);

  let outcome: { result: LoadResult } | { serverFailure: Error };
  try {
    outcome = await Promise.race([load.result.then((result) => ({ result })), serverWorker.failed.then((serverFailure) => ({ serverFailure }))]);
  } catch (error) {
    throw new EngineFailure(`measuring ${label} failed: ${(error as Error).message}`);
  } finally {
    context.signal.removeEventListener('abort', abortLoad);
    clearTimeout(windowTimer);
  }
  const windowEnd = takeCpuSnapshot(serverProgram);
  if ('serverFailure' in outcome) {
    load.abort();
    throw new EngineFailure(`${label} stopped during the measurement: ${outcome.serverFailure.message}`);
  }

  await serverWorker.stop();
  const { result } = outcome;
  context.event('server-stopped', `${label} stopped after ${result.requests} requests`, { name: seriesName, requests: result.requests, errors: result.errors });
  if (result.errors > 0) {
    const kinds = Object.entries(result.errorsByKind)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ');
    context.log('warn', `${label}: ${result.errors} failed requests (${kinds})`);
  }
  if (result.unfinished > 0) context.log('warn', `${label}: ${result.unfinished} requests due in the window were still unanswered at its end`);
  if (result.measuredMs === 0) return undefined;
  const window = windowStart?.snapshot === undefined || windowEnd === undefined ? undefined : cpuBetween(windowStart.snapshot, windowEnd);
  const cpu = window === undefined ? undefined : serverCpuUse(window, result.requests, windowStart?.loadAverage);
  if (cpu !== undefined && cpu.otherProcessesParallelism >= 0.5) {
    context.log('warn', `${label}: other processes kept ${cpu.otherProcessesParallelism} cores busy while it was measured; ${cpu.coresLeft} of ${window!.cores} cores were left for the server`);
  }
  return serverMetricsOf(point, result, {
    model: predictServer(server, scenario),
    processesStarted: latestStats?.processesStarted,
    threadsStarted: latestStats?.threadsStarted,
    cpu,
  });
}
