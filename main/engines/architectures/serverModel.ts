import { availableParallelism } from 'node:os';
import { modelName, predictClosedMmc, predictOpenMmc, type QueueingPrediction } from '../../measure/queueingModels.ts';
import type { ArchitectureName } from './architectureCatalog.ts';
import type { ArchitecturesScenario, ServerScenario } from './architecturesScenario.ts';
import { maximumConnectionProcesses } from './servers/processPerRequestServer.ts';
import { maximumRequestThreads } from './servers/threadPerRequestServer.ts';

export interface ModelPrediction extends QueueingPrediction {
  /** e.g. `M/M/4` or `M/M/1//16`. */
  model: string;
  /** The number of servers c the model assumes. */
  servers: number | 'unbounded';
}

/**
 * How many requests the architecture can have in service at once for this kind of work: the c
 * of the queueing model. Waiting that costs no thread (an event loop's timer) has no bound;
 * computation cannot run on more threads than the machine has cores.
 */
export function serviceChannels(architecture: ArchitectureName, kind: ArchitecturesScenario['workload']['kind'], workers: number, cores: number): number {
  const computing = kind === 'cpu';
  switch (architecture) {
    case 'iterative':
      return 1;
    case 'event-driven':
      return kind === 'io' ? Number.POSITIVE_INFINITY : 1;
    case 'thread-pool':
    case 'prefork':
      return computing ? Math.min(workers, cores) : workers;
    case 'event-pool':
      return kind === 'io' ? Number.POSITIVE_INFINITY : computing ? Math.min(workers, cores) : workers;
    case 'thread-per-request':
      return computing ? cores : maximumRequestThreads;
    case 'process-per-request':
      return computing ? cores : maximumConnectionProcesses;
  }
}

/**
 * The queueing model's prediction for one server under one load, or undefined where no model
 * applies (a file workload, whose service time is not set by the scenario; an open loop beyond
 * capacity, which has no steady state). The model ignores the cost of HTTP itself and, for
 * thread- and process-per-request, the start of a thread or process.
 */
export function predictServer(server: ServerScenario, scenario: ArchitecturesScenario, cores = availableParallelism()): ModelPrediction | undefined {
  const { workload, load } = scenario;
  if (workload.kind === 'file' || workload.serviceTime <= 0) return undefined;
  const channels = serviceChannels(server.architecture, workload.kind, server.workers, cores);
  const servers = Number.isFinite(channels) ? channels : 'unbounded';
  if (load.mode === 'open') {
    const prediction = predictOpenMmc(load.rate, workload.serviceTime, channels);
    return prediction === undefined ? undefined : { ...prediction, model: modelName('open', channels), servers };
  }
  const prediction = predictClosedMmc(load.connections, workload.serviceTime, channels, load.thinkTime);
  return prediction === undefined ? undefined : { ...prediction, model: modelName('closed', channels, load.connections), servers };
}
