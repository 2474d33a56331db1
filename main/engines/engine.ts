import type { ChartSpec, HeadlineSpec, LogLevel, RunMetrics, RunProgress, TableSpec } from '../../preload/api.ts';
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
}

export interface Engine<Schema extends ObjectNode<any> = ObjectNode<any>> {
  /** The engine's name, written as `engine:` at the top of a scenario. */
  readonly name: string;
  readonly scenarioSchema: Schema;
  readonly charts: readonly ChartSpec[];
  /** How its metrics are laid out as tables, in the window, the report and the CLI alike. */
  readonly tables: readonly TableSpec[];
  /** The few values that tell its runs apart in a list of runs (by default the first table it fills). */
  readonly headline?: HeadlineSpec;
  /** A guess of how long a run of this scenario takes, for progress and time-outs. */
  estimateDurationMs(scenario: ValueOf<Schema>): number;
  /** Runs the scenario and returns its metrics; throws `EngineFailure` for a run that failed. */
  run(scenario: ValueOf<Schema>, context: EngineContext): Promise<RunMetrics>;
}

/** A failure worth showing to the user as it is (a port in use, a server that died). */
export class EngineFailure extends Error {
  override readonly name = 'EngineFailure';
}
