// The contract between proclab's core and every face that shows it (Electron window, browser
// mode, CLI). Types only: this file is imported by main/, preload/ and renderer/ alike.

export type Language = 'en' | 'pt-BR';

/** A value in both UI languages. */
export type LocalizedText = Record<Language, string>;

/** Every failure crosses the boundary as a value, never as a thrown exception. */
export interface LabError {
  code: LabErrorCode;
  message: string;
}

export type LabErrorCode =
  | 'invalid-argument'
  | 'not-found'
  | 'invalid-scenario'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export type Result<T> = { ok: true; value: T } | { ok: false; error: LabError };

export interface LabSummary {
  id: string;
  title: LocalizedText;
  summary: LocalizedText;
  engine: string;
  /** Shipped with proclab, or imported from a lab pack into the user's labs folder. */
  origin: LabOrigin;
}

export type LabOrigin = 'shipped' | 'imported';

export interface LabDetail extends LabSummary {
  /** Instructions rendered to HTML, per language. */
  instructionsHtml: LocalizedText;
  defaultScenario: string;
  /** JSON Schema (draft-07) of the lab's scenario per language, for the editor's completion and hover. */
  scenarioJsonSchema: Record<Language, Record<string, unknown>>;
  charts: ChartSpec[];
  tables: TableSpec[];
  /** The few values that tell its runs apart in a list of runs, as the engine declares them (null: none declared). */
  headline: HeadlineSpec | null;
  /** Ready-made scenarios of the lab (its `examples/` folder), which its instructions refer to by name. */
  examples: LabExample[];
  questions: LabQuestion[];
  /** Scenario values that differ from student to student (see `getVariant`). */
  variables: LabVariable[];
}

export interface LabExample {
  /** As the instructions name it: `examples/sweep-rate.yaml`. */
  name: string;
  scenarioText: string;
}

export interface LabQuestion {
  id: string;
  text: LocalizedText;
}

export interface LabVariable {
  id: string;
  /** Dotted scenario path the value is set at. */
  path: string;
  title: LocalizedText;
  /** How many values a student can get. */
  choices: number;
}

/** One variable's value for one student, written as in the scenario (`20ms`, `4`). */
export interface VariantValue {
  id: string;
  path: string;
  value: string;
}

/** Who ran a run and the variant they were given; recorded with the run and in its report. */
export interface StudentVariant {
  studentId: string;
  values: VariantValue[];
  /** Identifies the course salt the values were derived with, without revealing it. */
  saltFingerprint: string;
  /** The derivation rule, e.g. `proclab-variant/1`. */
  derivation: string;
}

export interface LabVariant extends StudentVariant {
  labId: string;
  /** The lab's default scenario with the variant's values set. */
  scenarioText: string;
}

/** A student's answer to one of the lab's questions, kept with the run it cites. */
export interface RunAnswer {
  questionId: string;
  markdown: string;
  updatedAt: string;
}

export interface ImportedLab {
  labId: string;
  title: LocalizedText;
  /** An earlier import of the same lab was replaced. */
  replaced: boolean;
}

export type DiagnosticSeverity = 'error' | 'warning';

/** Positions are 1-based, as editors and `file:line:col` messages count them. */
export interface Diagnostic {
  severity: DiagnosticSeverity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Dotted path of the offending value, e.g. `load.duration`. */
  path: string;
}

export interface StartRunRequest {
  labId: string;
  scenarioText: string;
  seed?: number;
  /** Records who ran it and their variant of the lab. */
  studentId?: string;
}

export interface RunStarted {
  runId: string;
}

export type RunStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

/** One point of a time series: `values` are measured at `timeMs` after the run started. */
export interface Sample {
  timeMs: number;
  series: string;
  values: Record<string, number>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface RunLogLine {
  timeMs: number;
  level: LogLevel;
  message: string;
}

/** Something that happened during a run, for its timeline. */
export interface TimelineEvent {
  timeMs: number;
  kind: string;
  message: string;
  data?: Record<string, unknown>;
}

export interface RunProgress {
  fraction: number;
  phase: string;
}

export type RunEvent =
  | { kind: 'status'; runId: string; status: RunStatus; error?: LabError }
  | { kind: 'progress'; runId: string; progress: RunProgress }
  | { kind: 'sample'; runId: string; sample: Sample }
  | { kind: 'log'; runId: string; line: RunLogLine }
  | { kind: 'timeline'; runId: string; event: TimelineEvent }
  | { kind: 'metrics'; runId: string; metrics: RunMetrics };

/** Engine-specific results; every value is JSON. Engines declare how they are shown (`TableSpec`, `ChartSpec`). */
export type RunMetrics = Record<string, unknown>;

export interface CheckResult {
  checkId: string;
  title: LocalizedText;
  passed: boolean;
  detail: string;
}

export interface RunEnvironment {
  proclabVersion: string;
  nodeVersion: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  face: 'desktop' | 'browser' | 'cli';
}

export interface RunSummary {
  runId: string;
  labId: string;
  engine: string;
  status: RunStatus;
  seed: number;
  scenarioHash: string;
  createdAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  metrics: RunMetrics | null;
  error: LabError | null;
  /** How many of the run's checks passed, of how many (0 of 0 for a run without checks, or one still going). */
  checksPassed: number;
  checksTotal: number;
}

export interface RunDetail extends RunSummary {
  scenarioText: string;
  environment: RunEnvironment;
  samples: Sample[];
  timeline: TimelineEvent[];
  log: RunLogLine[];
  checks: CheckResult[];
  student: StudentVariant | null;
  answers: RunAnswer[];
}

/**
 * A chart axis's unit: a symbol every language writes the same way (`ms`, `MiB`, `req/s`, `%`, `×`),
 * or words, in both UI languages (`{ en: 'pages', 'pt-BR': 'páginas' }`).
 */
export type ChartUnit = string | LocalizedText;

/** How a chart is drawn from a run's data; the UI and the report draw the same charts. */
export type ChartSpec =
  | {
      id: string;
      kind: 'timeSeries';
      title: LocalizedText;
      /** Key in `Sample.values`; one line per series. */
      metric: string;
      unit: ChartUnit;
    }
  | {
      id: string;
      kind: 'bars';
      title: LocalizedText;
      /** Where the bars come from: a list in the run's metrics, its label key and value path. */
      list: string;
      labelKey: string;
      valuePath: string;
      unit: ChartUnit;
      /** Words under particular bars, keyed by the label as text: an enumeration's choices in the reader's language. */
      labelTexts?: Record<string, LocalizedText>;
      /** `log` draws a logarithmic axis, for bars that differ by orders of magnitude (all must be > 0). */
      scale?: 'linear' | 'log';
    }
  | {
      id: string;
      /** Points against a measured x (not time): one line per series, and a model's prediction dashed beside it. */
      kind: 'xy';
      title: LocalizedText;
      /** Dotted path in the run's metrics to a list of points (records). */
      list: string;
      /** Dotted paths inside each point to its x and y values. */
      x: string;
      y: string;
      /** Key of a point naming its series: one line per distinct value, in the order first met. */
      series: string;
      xUnit: ChartUnit;
      yUnit: ChartUnit;
      /** Dotted path in the metrics to a value that picks the x unit, for lists whose x differs from run to run. */
      xUnitPath?: string;
      /** The x unit for each value found at `xUnitPath`, keyed by the value as text; a value without one is written as it is. */
      xUnitTexts?: Record<string, ChartUnit>;
      /** Dotted path inside each point to a model's prediction of y at the same x, drawn as a dashed line. */
      modelY?: string;
      /** The legend's name for the dashed lines, e.g. "queueing model". */
      modelLabel?: LocalizedText;
      /** `log` draws both axes logarithmically (every x and y must be > 0), for sweeps over orders of magnitude. */
      scale?: 'linear' | 'log';
      /** Dotted path in the metrics to a list of `{x, label}`: vertical marker lines, e.g. where two series cross. */
      markers?: string;
    }
  | {
      id: string;
      kind: 'heatmap';
      title: LocalizedText;
      /**
       * Samples whose values hold `${cellPrefix}0`, `${cellPrefix}1`, … (0–100) draw one row of
       * cells each, oldest at the top, one panel per series: a map of a region over time.
       */
      cellPrefix: string;
      /** What a cell stands for, e.g. "share of a memory region at the destination". */
      cellLabel: LocalizedText;
    }
  | {
      id: string;
      /**
       * Who talked to whom: boxes (`FlowDiagramNode`) in columns from left to right and arrows
       * (`FlowDiagramEdge`) as thick as what was measured on them, one panel per diagram.
       * Arrows to the right and arrows back have their own colours; an arrow that skips a column
       * arches over (to the right) or under (back) the boxes in between.
       */
      kind: 'flow';
      title: LocalizedText;
      /** Dotted path in the run's metrics to a list of diagrams, each `{ nodes: FlowDiagramNode[], edges: FlowDiagramEdge[] }`. */
      list: string;
      /** Key of a diagram naming its panel, e.g. `mode`. */
      panelKey: string;
      /** Dotted path inside each edge to the value its thickness and its figure show; an edge without it, or at 0, is not drawn. */
      weight: string;
      /** How that figure is written. */
      weightFormat: ValueFormat;
      /** Dotted path inside each edge to a second figure written beside the first (e.g. connections), and the word after it. */
      detail?: string;
      detailWord?: LocalizedText;
      /** Dotted path inside each edge to a boolean: true draws the arrow dashed (another kind of channel). */
      dashed?: string;
      /** Under the diagram: what thickness, figures, colours and dashes stand for. */
      legend?: LocalizedText;
    };

/** A box of a `flow` chart: `column` 0 is the leftmost; boxes of one column stack in the order listed. */
export interface FlowDiagramNode {
  id: string;
  label: string | LocalizedText;
  column: number;
}

/** An arrow of a `flow` chart, from one node's id to another's, with the measured values the chart's paths name. */
export interface FlowDiagramEdge {
  from: string;
  to: string;
  [measured: string]: unknown;
}

/** How a value in a table is written; every face writes it the same way, in the reader's language. */
export type ValueFormat =
  /** Rounded to a whole number, digits grouped: 1,234 (1.234 in pt-BR). */
  | { kind: 'integer' }
  /** Exactly `digits` decimals: 12.50 (12,50 in pt-BR). */
  | { kind: 'fixed'; digits: number }
  /** A fraction (0.125) written as a percentage: 12.5%. */
  | { kind: 'percent'; digits: number }
  /** A byte count in the binary unit that suits it: 512 B, 3.92 MiB, 1.5 GiB. */
  | { kind: 'bytes' }
  /** Bytes per second, likewise: 116 MiB/s. */
  | { kind: 'bytesPerSecond' }
  /** A time measured in `from`, written in the unit that suits it: 850 µs, 12.5 ms, 3.2 s. */
  | { kind: 'duration'; from: 'us' | 'ms' | 's' }
  /** Written as it is. */
  | { kind: 'text' }
  /** A boolean (or 1/0) written as yes or no. */
  | { kind: 'yesNo' };

/** One value a table shows: where it is read from and how it is headed and written. */
export interface TableField {
  /** Dotted path inside the row's record (a list table) or inside the table's record (a values table), e.g. `latencyMs.p99`. */
  path: string;
  title: LocalizedText;
  /** Written after the title, e.g. `ms`, `req/s`; left out for counts, text and formats that carry their own unit (bytes, durations). */
  unit?: string;
  /** By default numbers are written as they come (whole numbers grouped, up to 3 decimals) and booleans as yes/no. */
  format?: ValueFormat;
  /** Words for particular values, keyed by the value as text: the choices of an enumeration, or a number that means something (`-1`: never). */
  valueTexts?: Record<string, LocalizedText>;
}

export interface TableColumn extends TableField {
  /** This column names the row: it comes first and heads the row. */
  label?: boolean;
  /** In a table of nested lists (`each`): read from the outer record rather than the item. */
  fromOuter?: boolean;
}

interface TableSpecBase {
  id: string;
  title: LocalizedText;
  /**
   * Metrics paths (`*` stands for every item of a list) that only repeat what this table shows in
   * another shape, kept for scripts, checks or charts: they count as shown and are not listed again.
   */
  repeats?: string[];
}

/**
 * How a table is drawn from a run's metrics; the window, the report and the CLI draw the same
 * tables. Metrics no table declares are still shown, in a table of other values.
 */
export type TableSpec =
  | (TableSpecBase & {
      kind: 'list';
      /** Dotted path in the metrics to a list of records: one row per record. */
      list: string;
      /** Dotted path inside each record to a list of its own: one row per item of it instead. */
      each?: string;
      columns: TableColumn[];
    })
  | (TableSpecBase & {
      /** Loose values of one record, one row each: its title (and unit) beside its value. */
      kind: 'values';
      /** Dotted path in the metrics to the record ('' for the top level). */
      record: string;
      values: TableField[];
    });

/**
 * The line that tells one run of a lab from another in a list of runs (the window's History,
 * `proclab runs`): a few values of one record, or of each record of a list, led by its label —
 * `pre-copy: downtime 12.4 ms, total 1.94 s · post-copy: …`.
 */
export interface HeadlineSpec {
  /** Dotted path in the metrics to a list of records: one part per record. */
  list?: string;
  /** Inside each record of the list, what names it (with words for its values, like a label column). */
  label?: Pick<TableField, 'path' | 'valueTexts'>;
  /** Without a list: dotted path in the metrics to the one record ('' for the top level). */
  record?: string;
  /** The values, each written after its (short) title: `downtime 12.4 ms`. */
  values: TableField[];
}

export interface ReportDocument {
  fileName: string;
  html: string;
  /** SHA-256 over the run's recorded data, also printed in the report. */
  sha256: string;
}

/**
 * Several runs of one lab in one document to hand in: the lab's title, the student, a table of
 * contents, one section per run (its scenario's differences from the lab's default, checks,
 * tables, charts), the answers and the raw data that `proclab verify` and `proclab grade` read.
 */
export interface HandinDocument {
  fileName: string;
  html: string;
  /** SHA-256 of the embedded data (every run, the lab's declarations, the student). */
  sha256: string;
  /** The runs it holds, in the order they appear. */
  runIds: string[];
}

export interface RunListFilter {
  labId?: string;
  limit?: number;
}

export type Unsubscribe = () => void;

export interface LabApi {
  listLabs(): Promise<Result<LabSummary[]>>;
  getLab(labId: string): Promise<Result<LabDetail>>;
  validateScenario(labId: string, scenarioText: string): Promise<Result<Diagnostic[]>>;
  startRun(request: StartRunRequest): Promise<Result<RunStarted>>;
  cancelRun(runId: string): Promise<Result<null>>;
  /** Streams the run's events from now on; the listener is called until unsubscribed. */
  watchRun(runId: string, listener: (event: RunEvent) => void): Promise<Result<Unsubscribe>>;
  listRuns(filter?: RunListFilter): Promise<Result<RunSummary[]>>;
  getRun(runId: string): Promise<Result<RunDetail>>;
  deleteRun(runId: string): Promise<Result<null>>;
  exportReport(runId: string, language?: Language): Promise<Result<ReportDocument>>;
  /** One hand-in report of several runs of a lab, in the order given (every run must be of that lab). */
  exportHandinReport(labId: string, runIds: string[], language?: Language): Promise<Result<HandinDocument>>;
  /** The student's variant of the lab: the values derived from their id and the course salt. */
  getVariant(labId: string, studentId: string): Promise<Result<LabVariant>>;
  /** Saves (or, with empty text, removes) the answer to one question, kept with the run. */
  saveAnswer(runId: string, questionId: string, markdown: string): Promise<Result<RunAnswer>>;
  /** Validates a lab pack (the text of a `.proclab` file) and installs its lab in the user's labs folder. */
  importLabPack(packText: string): Promise<Result<ImportedLab>>;
}

/** A run watched across a transport: its events arrive tagged with this id until `unwatchRun`. */
export interface RunWatch {
  watchId: string;
}

/**
 * The contract as a transport carries it (Electron IPC, the browser-mode WebSocket): the same
 * named methods with JSON arguments and results, except that a listener cannot cross, so
 * `watchRun` answers a watch id, the run's events arrive as messages tagged with it, and
 * `unwatchRun` ends the watch. Each connection may watch a bounded number of runs at once.
 */
export type LabTransportApi = Omit<LabApi, 'watchRun'> & {
  watchRun(runId: string): Promise<Result<RunWatch>>;
  unwatchRun(watchId: string): Promise<Result<null>>;
};
