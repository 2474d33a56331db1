import type { RunEvent } from '../../preload/api.ts';
import type { FinishedRun, LabService } from '../service/labService.ts';

export interface TerminalRunOptions {
  /** `--json`: stdout holds only the result object. */
  json: boolean;
  /** A run until Ctrl+C: the message of the timeline event of this kind goes to stdout (where to connect). */
  readyEvent?: string;
  /** Timeline events not worth a line in the terminal. */
  quietEvents?: readonly string[];
}

/**
 * Follows a started run in the terminal until it has ended and released everything: progress on
 * stderr, its timeline and warnings; Ctrl+C stops it (a run waiting until stopped ends normally,
 * any other is cancelled), a second Ctrl+C cancels.
 */
export async function runInTerminal(service: LabService, runId: string, options: TerminalRunOptions): Promise<FinishedRun> {
  const interactive = process.stderr.isTTY === true;
  const clear = interactive ? '\r\x1b[K' : '';
  const showEvent = (event: RunEvent): void => {
    if (event.kind === 'progress' && interactive) {
      process.stderr.write(`${clear}${(event.progress.fraction * 100).toFixed(0).padStart(3)}%  ${event.progress.phase}`);
    } else if (event.kind === 'timeline' && event.event.kind === options.readyEvent) {
      if (options.json) process.stderr.write(`${clear}${event.event.message}\n`);
      else process.stdout.write(`${event.event.message}\n`);
      process.stderr.write(`${clear}Ctrl+C stops it.\n`);
    } else if (event.kind === 'timeline' && !options.json && !(options.quietEvents ?? []).includes(event.event.kind)) {
      process.stderr.write(`${clear}${(event.event.timeMs / 1000).toFixed(1).padStart(6)} s  ${event.event.message}\n`);
    } else if (event.kind === 'log' && (event.line.level === 'warn' || event.line.level === 'error' || (options.readyEvent !== undefined && event.line.level === 'info' && !options.json))) {
      process.stderr.write(`${clear}${event.line.level === 'info' ? '' : `${event.line.level}: `}${event.line.message}\n`);
    }
  };
  const unwatch = service.runs.events.watch(runId, showEvent);
  const stop = (): void => {
    const how = service.runs.cancel(runId);
    if (how === 'stopping') process.stderr.write(`${clear}\nproclab: stopping (Ctrl+C again cancels)…\n`);
    else if (how === 'cancelling') process.stderr.write(`${clear}\nproclab: cancelling the run…\n`);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    return await service.whenFinished(runId)!;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    unwatch();
    if (interactive) process.stderr.write(clear);
  }
}

/** What `--json` prints for a run, whichever command started it. */
export function runResultJson(finished: FinishedRun): string {
  return JSON.stringify({ runId: finished.runId, status: finished.status, metrics: finished.metrics ?? {}, checks: finished.checks, error: finished.error });
}
