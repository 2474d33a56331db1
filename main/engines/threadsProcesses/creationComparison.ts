import type { BareCreationMetrics } from './bare/bareCosts.ts';
import type { CreationMetrics } from './creationCost.ts';

/**
 * The thread and the process the creation check compares. The lecture's claim is about the
 * operating system, so the bare numbers are used wherever they were measured; only a machine
 * without native calls falls back to the runtime's worker thread and child process, and says so.
 */
export interface CreationComparison {
  layer: 'operating-system' | 'javascript';
  threadKind: string;
  processKind: string;
  threadP50Us: number;
  processP50Us: number;
  /** processP50Us / threadP50Us. */
  processOverThread: number;
}

export function compareCreation(creation: readonly (CreationMetrics | BareCreationMetrics)[]): CreationComparison | undefined {
  const find = (kind: string) => creation.find((item) => item.kind === kind);
  const bareThread = find('os-thread');
  const bareProcess = find('os-spawn');
  const [thread, process, layer] =
    bareThread !== undefined && bareProcess !== undefined
      ? [bareThread, bareProcess, 'operating-system' as const]
      : [find('thread'), find('process'), 'javascript' as const];
  if (thread === undefined || process === undefined) return undefined;
  return {
    layer,
    threadKind: thread.kind,
    processKind: process.kind,
    threadP50Us: thread.p50Us,
    processP50Us: process.p50Us,
    processOverThread: thread.p50Us > 0 ? Math.round((process.p50Us / thread.p50Us) * 100) / 100 : 0,
  };
}
