import type { ChartSpec, LogLevel, RunMetrics, RunProgress, TableSpec } from '../../preload/api.ts';
import type { ObjectNode, ValueOf } from '../scenario/schema.ts';

/**
 * What an engine gets while it runs. Engines know nothing of the store or the UI: everything
 * they measure leaves through this context.
 */
export interface EngineContext {
  /** The run's seed; `random()` is a generator seeded with it. */
  readonly seed: number;
  random(): number;
  /** Milliseconds since the run started (monotonic, sub-millisecond). */
  now(): number;
  log(level: LogLevel, message: string): void;
  /** Records one point of a time series. */
  sample(series: string, values: Record<string, number>): void;
  /** Records something that happened, for the run's timeline. */
  event(kind: string, message: string, data?: Record<string, unknown>): void;
  progress(progress: RunProgress): void;
  /** Aborted when the user cancels; an engine stops promptly and returns what it has. */
  readonly signal: AbortSignal;
  /**
   * Registers a release step (close a port, end a worker or child process). The runner calls every
   * registered step after the run, in reverse order, whether it succeeded, failed or was cancelled.
   */
  defer(name: string, release: () => void | Promise<void>): void;
  /**
   * For a run that lasts until the user stops it (a foreground server whose scenario says
   * `duration: 0`): resolves when they stop it (Ctrl+C, the window's stop), or when the run is
   * cancelled or times out. A stop that finds the engine waiting here ends the run normally: the
   * engine releases what it holds and returns what it measured, and the run has succeeded. A stop
   * at any other moment cancels the run. The run's time limit does not count this wait.
   */
  untilStopped(): Promise<void>;
}

/** A problem the schema alone cannot see (two values that do not fit together), at the path to blame. */
export interface ScenarioProblem {
  path: string;
  message: string;
}

export interface Engine<Schema extends ObjectNode<any> = ObjectNode<any>> {
  /** The engine's name, written as `engine:` at the top of a scenario. */
  readonly name: string;
  readonly scenarioSchema: Schema;
  readonly charts: readonly ChartSpec[];
  /** How its metrics are laid out as tables, in the window, the report and the CLI alike. */
  readonly tables: readonly TableSpec[];
  /**
   * Problems of a scenario the schema accepted; reported like the schema's own, at their path.
   * Engines whose fields cannot contradict each other leave it out.
   */
  checkScenario?(scenario: ValueOf<Schema>): ScenarioProblem[];
  /**
   * A guess of how long a run of this scenario takes, for progress and time-outs; for a run that
   * waits until stopped, how long it takes besides that wait.
   */
  estimateDurationMs(scenario: ValueOf<Schema>): number;
  /** Runs the scenario and returns its metrics; throws `EngineFailure` for a run that failed. */
  run(scenario: ValueOf<Schema>, context: EngineContext): Promise<RunMetrics>;
}

/** A failure worth showing to the user as it is (a port in use, a server that died). */
export class EngineFailure extends Error {
  override readonly name = 'EngineFailure';
}
