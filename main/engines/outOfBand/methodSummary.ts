import { cancelMethodDescriptions, type CancelMethod } from './cancelMethods.ts';
import type { TrialResult } from './uploadTrial.ts';

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 1_000) / 1_000;
}

const defined = (values: (number | undefined)[]) => values.filter((value): value is number => value !== undefined);
const mebibyte = 1_048_576;

/** One line of results per method: medians over its cancelled uploads; a value no upload measured is left out. */
export function summarizeMethod(method: CancelMethod, trials: readonly TrialResult[]) {
  const cancelled = trials.filter((trial) => trial.method === method && trial.cancelled);
  const latencies = defined(cancelled.map((trial) => trial.cancelLatencyMs));
  const bytesInVain = median(defined(cancelled.map((trial) => trial.bytesInVain)));
  return {
    name: method,
    description: cancelMethodDescriptions[method],
    uploads: cancelled.length,
    stopped: cancelled.filter((trial) => trial.stopped).length,
    stoppedBy: [...new Set(cancelled.map((trial) => trial.stopReason ?? 'not stopped'))].join(', '),
    cancelLatencyMs: median(latencies),
    cancelLatencyMaxMs: latencies.length > 0 ? Math.max(...latencies) : undefined,
    acknowledgedMs: median(defined(cancelled.map((trial) => trial.acknowledgedMs))),
    urgentReadMs: median(defined(cancelled.map((trial) => trial.urgentReadMs))),
    bytesInVain,
    bytesInVainMiB: bytesInVain === undefined ? undefined : Math.round((bytesInVain / mebibyte) * 1_000) / 1_000,
    bytesAheadOfCancel: median(cancelled.map((trial) => trial.bytesAheadOfCancel)),
  };
}
