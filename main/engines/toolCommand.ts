// `proclab` tool commands as engines declare them, in their entry files. They are data the CLI turns
// into commands (engines never import the CLI): flags that alias scenario values, and what to print.
import type { LocalizedText, RunMetrics, RunStatus, Sample, TimelineEvent } from '../../preload/api.ts';
import type { ObjectNode } from '../scenario/schema.ts';

/** A flag of a scenario tool command: another name for one scenario value. */
export interface ScenarioFlag {
  /** Written `--name`. */
  readonly name: string;
  /** The one-letter form, written `-c`. */
  readonly short?: string;
  /**
   * The scenario value it sets, as `--set` writes it (`guest.memory`, `strategies.0.strategy`).
   * The schema there gives the flag its type, its checks, its description and its default.
   */
  readonly path: string;
  /** More values set to the same (a strategy's label follows the strategy). */
  readonly alsoSets?: readonly string[];
  /** Values set whenever the flag is given (`-R RATE` makes the load an open loop). */
  readonly implies?: Readonly<Record<string, string | number | boolean>>;
  /** A flag without a value that sets a true/false value to false: `--no-pre-paging`. */
  readonly negates?: boolean;
  readonly required?: boolean;
  /** A duration flag where a bare number means this unit: `-d 10` is 10 seconds, as wrk reads it. */
  readonly bareNumberUnit?: string;
  /** How help names its value (`RATE`); by default from the value's type (`N`, `SIZE`, `TIME`). */
  readonly valueName?: string;
  /** The flag's help, where the schema's description of the value does not read well for it. */
  readonly help?: string;
}

/** A scenario value given as the command's argument: `proclab load URL`. */
export interface ScenarioArgument {
  /** As help shows it: `URL`. */
  readonly name: string;
  readonly path: string;
  readonly help: string;
}

/** A flag that changes only what the command prints, not the scenario. */
export interface DisplayFlag {
  readonly name: string;
  readonly description: LocalizedText;
}

/** A finished run of a tool command, as its summary sees it. */
export interface ToolRun {
  readonly runId: string;
  readonly status: RunStatus;
  /** The scenario it ran, as the engine received it (every default filled in). */
  readonly scenario: Readonly<Record<string, unknown>>;
  readonly metrics: RunMetrics;
  readonly samples: readonly Sample[];
  readonly timeline: readonly TimelineEvent[];
  /** The display flags given. */
  readonly display: ReadonlySet<string>;
}

/**
 * A tool command that is a scenario of its engine: its flags build one from `baseScenario`, it
 * is validated like any scenario, run by the runner and recorded like any run.
 */
export interface ScenarioToolCommand {
  readonly kind: 'scenario';
  /** `proclab NAME`. */
  readonly name: string;
  readonly summary: string;
  /**
   * The scenario the flags change, in YAML: `engine:` and the values the tool needs besides the
   * schema's defaults (the values no flag is given for keep the schema's defaults).
   */
  readonly baseScenario: string;
  readonly flags: readonly ScenarioFlag[];
  readonly argument?: ScenarioArgument;
  readonly displayFlags?: readonly DisplayFlag[];
  /** Help after the flags. */
  readonly notes?: string;
  /**
   * A command that runs until the user stops it (a server to try with curl or wrk). When the
   * engine records a timeline event of this kind, the CLI prints its message on stdout (it says
   * where to connect) and how to stop the run.
   */
  readonly foreground?: { readonly readyEvent: string };
  /** Kinds of timeline events the terminal leaves out (they are for charts, like a page map every 250 ms). */
  readonly quietEvents?: readonly string[];
  /** What the terminal shows of a run that produced metrics. */
  summarise(run: ToolRun): string;
  /** Whether the result is a success besides the run's status (exit code 0); all are by default. */
  succeeded?(metrics: RunMetrics): boolean;
}

/** What a foreground command gets from the terminal it runs in. */
export interface ToolTerminal {
  /** A line on stdout. */
  print(line: string): void;
  /** A line on stderr, stamped with the time, as a daemon logs. */
  log(line: string): void;
  /** Aborted by Ctrl+C or SIGTERM. */
  readonly stopped: AbortSignal;
  /** Calls `listener` on every SIGHUP (a daemon re-reads its configuration); returns the unsubscribe. */
  onHangUp(listener: () => void): () => void;
}

/** Bad input to a foreground command: printed as it is, exit code 2. */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}

/**
 * A daemon of the engine run in the foreground that none of its scenarios describes (it reads a
 * configuration file of the user's, say). Its options are validated like scenario values.
 */
export interface ForegroundToolCommand {
  readonly kind: 'foreground';
  readonly name: string;
  readonly summary: string;
  /** Its options: one field per flag, named as the flag. */
  readonly options: ObjectNode<any>;
  /** One-letter forms of some flags. */
  readonly shortFlags?: Readonly<Record<string, string>>;
  /** How help names some flags' values (`FILE`); by default from their types. */
  readonly valueNames?: Readonly<Record<string, string>>;
  readonly notes?: string;
  /** Runs until `terminal.stopped`; resolves true when all went well (exit code 0). */
  run(options: Record<string, unknown>, terminal: ToolTerminal): Promise<boolean>;
}

export type ToolCommand = ScenarioToolCommand | ForegroundToolCommand;
