import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CheckResult, LabError, RunEnvironment, RunEvent, RunMetrics, RunStatus, StudentVariant } from '../../preload/api.ts';
import { EngineFailure, type Engine, type EngineContext } from '../engines/engine.ts';
import type { LabCheck } from '../lab/labDefinition.ts';
import { evaluateChecks } from '../lab/checkEvaluation.ts';
import { debugLog } from '../platform/debugLog.ts';
import type { RunStore } from '../store/runStore.ts';
import { RunEventHub } from './runEventHub.ts';
import { seededRandom } from './seededRandom.ts';

export interface RunRequest {
  labId: string;
  engine: Engine;
  scenario: Record<string, unknown>;
  scenarioText: string;
  seed: number;
  checks: readonly LabCheck[];
  student?: StudentVariant | null;
}

export interface FinishedRun {
  runId: string;
  status: RunStatus;
  metrics: RunMetrics | null;
  error: LabError | null;
  checks: CheckResult[];
}

/** A run's wait in `untilStopped()`, if it has reached it. */
interface OpenEndedWait {
  waiting: boolean;
  stopRequested: boolean;
  stop(): void;
}

interface ActiveRun {
  runId: string;
  abort: AbortController;
  openEnded: OpenEndedWait;
  finished: Promise<FinishedRun>;
}

/** How long one release step may take before the runner gives up on it and says so. */
const releaseTimeoutMs = 5_000;
/** A run that outlives its own estimate by this much is stopped: never a hang. */
const overrunAllowanceMs = 60_000;
const progressIntervalMs = 100;

export class RunBusyError extends Error {
  override readonly name = 'RunBusyError';
}

/**
 * Runs one scenario at a time through setup → run → teardown, recording everything in the store
 * as it happens and fanning events out to watchers.
 */
export class RunController {
  readonly events = new RunEventHub();
  readonly #store: RunStore;
  readonly #environment: RunEnvironment;
  #active: ActiveRun | undefined;
  readonly #finished = new Map<string, Promise<FinishedRun>>();

  constructor(store: RunStore, environment: RunEnvironment) {
    this.#store = store;
    this.#environment = environment;
  }

  get activeRunId(): string | undefined {
    return this.#active?.runId;
  }

  start(request: RunRequest): string {
    if (this.#active !== undefined) {
      throw new RunBusyError(`run ${this.#active.runId} is still going; cancel it or wait for it to end (runs take turns so they do not disturb each other's measurements)`);
    }
    const runId = randomUUID();
    this.#store.createRun({
      runId,
      labId: request.labId,
      engine: request.engine.name,
      seed: request.seed,
      scenarioText: request.scenarioText,
      scenarioHash: createHash('sha256').update(request.scenarioText).digest('hex'),
      environment: this.#environment,
      createdAt: new Date().toISOString(),
      student: request.student ?? null,
    });
    const abort = new AbortController();
    const openEnded: OpenEndedWait = { waiting: false, stopRequested: false, stop: () => undefined };
    const finished = this.#execute(runId, request, abort, openEnded);
    this.#active = { runId, abort, openEnded, finished };
    this.#finished.set(runId, finished);
    void finished.finally(() => {
      if (this.#active?.runId === runId) this.#active = undefined;
      this.#finished.delete(runId);
    });
    return runId;
  }

  /**
   * Ends the run if it is going: `stopping` when it was waiting until stopped (it ends normally,
   * with what it measured), `cancelling` otherwise or when asked a second time; false when it is
   * not going.
   */
  cancel(runId: string): 'stopping' | 'cancelling' | false {
    const active = this.#active;
    if (active?.runId !== runId) return false;
    if (active.openEnded.waiting && !active.openEnded.stopRequested) {
      active.openEnded.stopRequested = true;
      active.openEnded.stop();
      return 'stopping';
    }
    active.abort.abort();
    return 'cancelling';
  }

  /** Resolves when the run has ended and everything it held is released. */
  whenFinished(runId: string): Promise<FinishedRun> | undefined {
    return this.#finished.get(runId);
  }

  /** Cancels the active run, if any, and waits for its teardown. */
  async shutdown(): Promise<void> {
    const active = this.#active;
    if (active === undefined) return;
    active.abort.abort();
    await active.finished;
  }

  #emit(event: RunEvent): void {
    this.events.emit(event);
  }

  async #execute(runId: string, request: RunRequest, abort: AbortController, openEnded: OpenEndedWait): Promise<FinishedRun> {
    const started = performance.now();
    const now = (): number => performance.now() - started;
    const releases: { name: string; release: () => void | Promise<void> }[] = [];
    const store = this.#store;
    let lastProgressAt = -Infinity;
    let lastFraction = -1;

    const context: EngineContext = {
      seed: request.seed,
      random: seededRandom(request.seed),
      now,
      signal: abort.signal,
      log: (level, message) => {
        const line = { timeMs: now(), level, message };
        store.appendLog(runId, line);
        this.#emit({ kind: 'log', runId, line });
      },
      sample: (series, values) => {
        const sample = { timeMs: now(), series, values };
        store.appendSample(runId, sample);
        this.#emit({ kind: 'sample', runId, sample });
      },
      event: (kind, message, data) => {
        const event = data === undefined ? { timeMs: now(), kind, message } : { timeMs: now(), kind, message, data };
        store.appendTimeline(runId, event);
        this.#emit({ kind: 'timeline', runId, event });
      },
      progress: (progress) => {
        const fraction = Math.min(1, Math.max(0, progress.fraction));
        const at = now();
        // Progress is for eyes only: throttle it so a chatty engine cannot flood a slow window.
        if (at - lastProgressAt < progressIntervalMs && fraction < 1 && Math.abs(fraction - lastFraction) < 0.05) return;
        lastProgressAt = at;
        lastFraction = fraction;
        this.#emit({ kind: 'progress', runId, progress: { fraction, phase: progress.phase } });
      },
      defer: (name, release) => {
        releases.push({ name, release });
      },
      untilStopped: () => {
        stopped ??= new Promise<void>((resolve) => {
          const waitStartedAt = now();
          openEnded.waiting = true;
          // Open-ended: no limit while it waits; teardown after the stop gets the usual allowance.
          disarm();
          const end = (): void => {
            if (!openEnded.waiting) return;
            openEnded.waiting = false;
            abort.signal.removeEventListener('abort', end);
            if (openEnded.stopRequested) context.event('stopped', `stopped by the user after ${((now() - waitStartedAt) / 1000).toFixed(1)} s`);
            arm(overrunAllowanceMs);
            resolve();
          };
          openEnded.stop = end;
          abort.signal.addEventListener('abort', end, { once: true });
          if (abort.signal.aborted) end();
        });
        return stopped;
      },
    };
    let stopped: Promise<void> | undefined;

    store.markRunning(runId, new Date().toISOString());
    this.#emit({ kind: 'status', runId, status: 'running' });

    let overran = false;
    let watchdog: NodeJS.Timeout | undefined;
    function arm(limitMs: number): void {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        overran = true;
        context.log('error', `the run took more than ${Math.round(limitMs / 1000)} s${openEnded.stopRequested ? ' to stop' : ', twice its estimate plus a minute'}; stopping it`);
        abort.abort();
      }, limitMs);
    }
    function disarm(): void {
      clearTimeout(watchdog);
    }
    arm(request.engine.estimateDurationMs(request.scenario) * 2 + overrunAllowanceMs);

    let status: RunStatus;
    let metrics: RunMetrics | null = null;
    let error: LabError | null = null;
    try {
      metrics = await request.engine.run(request.scenario, context);
      status = abort.signal.aborted ? (overran ? 'failed' : 'cancelled') : 'succeeded';
      if (overran) error = { code: 'internal', message: 'the run overran its time limit and was stopped' };
    } catch (thrown) {
      if (abort.signal.aborted && !overran) {
        status = 'cancelled';
      } else {
        status = 'failed';
        const message = thrown instanceof EngineFailure ? thrown.message : `the engine failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
        error = { code: thrown instanceof EngineFailure ? 'unavailable' : 'internal', message };
        if (!(thrown instanceof EngineFailure)) debugLog(thrown);
      }
    } finally {
      disarm();
    }

    await this.#release(releases, context);

    let checks: CheckResult[] = [];
    if (status === 'succeeded' && metrics !== null) {
      checks = evaluateChecks(request.checks, request.scenario, metrics);
      store.saveCheckResults(runId, checks);
    }
    if (error !== null) context.log('error', error.message);
    store.finishRun(runId, { status, finishedAt: new Date().toISOString(), durationMs: now(), metrics, error });
    if (metrics !== null) this.#emit({ kind: 'metrics', runId, metrics });
    this.#emit(error === null ? { kind: 'status', runId, status } : { kind: 'status', runId, status, error });
    return { runId, status, metrics, error, checks };
  }

  async #release(releases: { name: string; release: () => void | Promise<void> }[], context: EngineContext): Promise<void> {
    for (const { name, release } of releases.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(release),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`did not finish within ${releaseTimeoutMs} ms`)), releaseTimeoutMs);
          }),
        ]);
      } catch (error) {
        context.log('warn', `releasing ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
