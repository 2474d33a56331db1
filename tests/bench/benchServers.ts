// What the architectures benchmarks share: start a lab server, load it, stop it.
import { runLoad } from '../../main/measure/httpLoad/runLoad.ts';
import type { LoadOptions, LoadResult } from '../../main/measure/httpLoad/loadMessages.ts';
import type { ServerHostOptions } from '../../main/engines/architectures/servers/serverMessages.ts';
import { startServerWorker } from '../../main/engines/architectures/servers/serverWorker.ts';
import { architecturesEntryModules } from '../../main/engines/architectures/architecturesEntryModules.ts';

const loadGenerator = architecturesEntryModules.loadGenerator;

export interface Measured {
  result: LoadResult;
  processesStarted?: number;
  threadsStarted?: number;
}

/** Starts the server, runs the load against it once, stops the server. */
export async function measureOnce(server: ServerHostOptions, load: Omit<LoadOptions, 'port'>): Promise<Measured> {
  const worker = startServerWorker({ statsIntervalMs: 100, ...server });
  try {
    const port = await worker.listening;
    const result = await runLoad(loadGenerator, { ...load, port }).result;
    // The last stats of the server (its counters) arrive within 100 ms.
    await new Promise((resolve) => setTimeout(resolve, 150));
    return { result, processesStarted: worker.latestStats?.processesStarted, threadsStarted: worker.latestStats?.threadsStarted };
  } finally {
    await worker.stop();
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((first, second) => first - second);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
