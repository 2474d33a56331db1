import { bounded, type BoundedOutcome } from '../../toolkit/abortableWaits.ts';
import { EngineFailure, type EngineContext } from '../engine.ts';
import type { MeasurementPoint } from './measurementPlan.ts';
import type { ServerScenario } from './architecturesScenario.ts';
import type { ServerStats } from './servers/serverArchitecture.ts';
import { startServerWorker, type ServerWorker } from './servers/serverWorker.ts';

/** A server thread that has not said it listens after this long is reported as broken. */
const startTimeoutMs = 10_000;

export interface LabServerSlot {
  /** Position of this server among those measured, from 0, and how many there are. */
  index: number;
  count: number;
  /** This machine's computation speed, measured once per run (see Workload). */
  computeRoundsPerMs: number;
}

/** One of the scenario's servers, started in its own thread and listening. */
export interface LabServer {
  readonly worker: ServerWorker;
  readonly port: number;
  readonly label: string;
  /** The counters the server last reported. */
  latestStats(): ServerStats | undefined;
}

export function serverLabel(point: MeasurementPoint): string {
  return point.server === undefined ? `the server at ${point.target?.url ?? '?'}` : `server "${point.seriesName}" (${point.server.architecture})`;
}

/**
 * Starts a point's server and waits until it listens (its stop is deferred to the run's release).
 * Undefined when the run was cancelled first.
 */
export async function startLabServer(server: ServerScenario, point: MeasurementPoint, context: EngineContext, slot: LabServerSlot, statsIntervalMs: number): Promise<LabServer | undefined> {
  const label = serverLabel(point);
  let latestStats: ServerStats | undefined;
  const { workload } = point.scenario;
  const worker = startServerWorker(
    {
      architecture: server.architecture,
      workload: { kind: workload.kind, serviceTimeMs: workload.serviceTime, distribution: workload.distribution, computeRoundsPerMs: slot.computeRoundsPerMs },
      responseSizeBytes: workload.responseSize,
      port: server.port,
      workers: server.workers,
      requestsPerConnection: server.requestsPerConnection,
      seed: (context.seed + slot.index * 7919) >>> 0,
      stall: workload.stall.every > 0 ? { everyMs: workload.stall.every, durationMs: workload.stall.duration } : undefined,
      statsIntervalMs,
    },
    (stats) => {
      latestStats = stats;
    },
  );
  context.defer(`stop ${label}`, () => worker.stop());

  let started: BoundedOutcome<number>;
  try {
    started = await bounded(worker.listening, startTimeoutMs, context.signal);
  } catch (error) {
    throw new EngineFailure(`${label} could not start: ${(error as Error).message}`);
  }
  if (started.outcome === 'aborted') {
    await worker.stop();
    return undefined;
  }
  if (started.outcome === 'timeout') throw new EngineFailure(`${label} did not start listening within ${startTimeoutMs / 1000} s`);
  const port = started.value;
  return { worker, port, label, latestStats: () => latestStats };
}
