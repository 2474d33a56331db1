import { entryModulePath } from '../../platform/moduleEntry.ts';
import { EngineFailure, type EngineContext } from '../engine.ts';
import { architecturesEntryModules } from './architecturesEntryModules.ts';
import { serverMetricsOf, type ServerMeasurement } from './architecturesMetrics.ts';
import { cpuBetween, loadAverageNow, takeCpuSnapshot, type CpuSnapshot } from './cpu/cpuAccounting.ts';
import { serverCpuUse } from './cpu/cpuScaling.ts';
import { serverLabel, startLabServer, type LabServer, type LabServerSlot } from './labServer.ts';
import { runLoad } from '../../measure/httpLoad/runLoad.ts';
import type { LoadResult } from '../../measure/httpLoad/loadMessages.ts';
import type { MeasurementPoint } from './measurementPlan.ts';
import { predictServer } from './serverModel.ts';

export type MeasurementSlot = LabServerSlot;

/** A load that runs until stopped is given this window; the stop ends it long before. */
const untilStoppedWindowMs = 24 * 3_600_000;

/**
 * Starts one server in its own thread (or takes the one already running at the scenario's
 * target), loads it for the warm-up and the measured window, stops it. Returns undefined when
 * cancelled before anything was measured.
 */
export async function measureServer(point: MeasurementPoint, context: EngineContext, slot: MeasurementSlot): Promise<ServerMeasurement | undefined> {
  const { server, scenario, seriesName } = point;
  const label = serverLabel(point);
  const progress = (fractionOfThisServer: number, phase: string): void =>
    context.progress({ fraction: Math.min(1, (slot.index + Math.min(1, fractionOfThisServer)) / slot.count), phase });

  let started: LabServer | undefined;
  let port: number;
  if (server === undefined) {
    port = point.target!.port;
  } else {
    progress(0, `starting ${seriesName}`);
    // Read every interval: the load's samples come every 100 ms.
    started = await startLabServer(server, point, context, slot, 100);
    if (started === undefined) return undefined;
    port = started.port;
    context.event('server-started', `${label} listening on 127.0.0.1:${port}`, { name: seriesName, architecture: server.architecture, port });
  }

  const { load: loadSettings } = scenario;
  const { warmup: warmupMs } = loadSettings;
  const untilStopped = loadSettings.duration === 0;
  const durationMs = untilStopped ? untilStoppedWindowMs : loadSettings.duration;
  const open = loadSettings.mode === 'open';
  const loadStartedAt = context.now();
  const load = runLoad(
    architecturesEntryModules.loadGenerator,
    {
      port,
      path: point.target?.path ?? '/',
      mode: open ? 'open' : 'closed',
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
      const stats = started?.latestStats();
      if (stats !== undefined) values.queueLength = stats.queueLength;
      context.sample(seriesName, values);
      if (!untilStopped) progress((context.now() - loadStartedAt) / (warmupMs + durationMs), `measuring ${seriesName}`);
    },
  );
  context.defer(`stop the load on ${label}`, () => load.abort());
  // The server's CPU time is read from /proc at both ends of the measured window (a server this
  // run did not start is not among its threads and processes, so it has none).
  const serverProgram = entryModulePath(architecturesEntryModules.connectionProcess);
  let windowStart: { snapshot: CpuSnapshot | undefined; loadAverage: number | undefined } | undefined;
  const windowTimer =
    started === undefined
      ? undefined
      : setTimeout(() => {
          windowStart = { snapshot: takeCpuSnapshot(serverProgram), loadAverage: loadAverageNow() };
        }, warmupMs);
  // The window's end is read when the load stops sending, while the load generator's thread still
  // lives: once it has ended its time is no longer listed apart from the process's, and would be
  // counted as the server's (as a thread-per-request server's ended threads are).
  let windowEnd: CpuSnapshot | undefined;
  let windowEnded = false;
  const endWindow = (): void => {
    if (windowEnded || started === undefined) return;
    windowEnded = true;
    windowEnd = takeCpuSnapshot(serverProgram);
  };
  const windowEndTimer = started === undefined || untilStopped ? undefined : setTimeout(endWindow, warmupMs + durationMs);
  const abortLoad = (): void => {
    endWindow();
    load.abort();
  };
  context.signal.addEventListener('abort', abortLoad, { once: true });
  if (context.signal.aborted) load.abort();
  if (untilStopped) {
    context.event('load-started', `loading ${label} until stopped`, { name: seriesName, port });
    void context.untilStopped().then(abortLoad);
  }
  progress(0, untilStopped ? `loading ${seriesName} until stopped` : `measuring ${seriesName}`);

  let outcome: { result: LoadResult } | { serverFailure: Error };
  try {
    const failed = started === undefined ? new Promise<never>(() => undefined) : started.worker.failed.then((serverFailure) => ({ serverFailure }));
    outcome = await Promise.race([load.result.then((result) => ({ result })), failed]);
  } catch (error) {
    throw new EngineFailure(`measuring ${label} failed: ${(error as Error).message}`);
  } finally {
    context.signal.removeEventListener('abort', abortLoad);
    clearTimeout(windowTimer);
    clearTimeout(windowEndTimer);
  }
  endWindow();
  if ('serverFailure' in outcome) {
    load.abort();
    throw new EngineFailure(`${label} stopped during the measurement: ${outcome.serverFailure.message}`);
  }

  await started?.worker.stop();
  const { result } = outcome;
  if (started !== undefined) context.event('server-stopped', `${label} stopped after ${result.requests} requests`, { name: seriesName, requests: result.requests, errors: result.errors });
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
  const stats = started?.latestStats();
  return serverMetricsOf(point, result, {
    model: server === undefined ? undefined : predictServer(server, scenario),
    processesStarted: stats?.processesStarted,
    threadsStarted: stats?.threadsStarted,
    cpu,
  });
}
