import type { EngineContext } from '../../main/engines/engine.ts';

export interface RecordedContext {
  context: EngineContext;
  controller: AbortController;
  samples: { series: string; values: Record<string, number> }[];
  events: { kind: string; message: string; data?: Record<string, unknown> }[];
  progress: { fraction: number; phase: string }[];
  logs: string[];
  /** Ends a wait in `untilStopped()`, as the user's stop does. */
  stop(): void;
  /** Runs the deferred releases in reverse order, as the runner does; returns their names. */
  release(): Promise<string[]>;
}

/** An EngineContext that keeps what the engine reports, as the runner would store it. */
export function recordingContext(): RecordedContext {
  const controller = new AbortController();
  const startedAt = performance.now();
  const releases: { name: string; release: () => void | Promise<void> }[] = [];
  let stopWait: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stopWait = resolve;
    controller.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const recorded: Omit<RecordedContext, 'context' | 'release' | 'stop'> = { controller, samples: [], events: [], progress: [], logs: [] };
  const context: EngineContext = {
    seed: 1,
    random: Math.random,
    now: () => performance.now() - startedAt,
    log: (level, message) => recorded.logs.push(`${level}: ${message}`),
    sample: (series, values) => recorded.samples.push({ series, values }),
    event: (kind, message, data) => recorded.events.push(data === undefined ? { kind, message } : { kind, message, data }),
    progress: (progress) => recorded.progress.push(progress),
    signal: controller.signal,
    defer: (name, release) => releases.push({ name, release }),
    untilStopped: () => stopped,
  };
  return {
    ...recorded,
    context,
    stop: () => stopWait(),
    async release() {
      const names: string[] = [];
      for (const { name, release } of releases.reverse()) {
        await release();
        names.push(name);
      }
      return names;
    },
  };
}

/** Resolves once `condition` holds, checking every 20 ms; rejects after `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const startedAt = Date.now();
  while (!condition()) {
    if (Date.now() - startedAt > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
