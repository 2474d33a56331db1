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
  /** JSON Schema (draft-07) of the lab's scenario, for the editor's completion and hover. */
  scenarioJsonSchema: Record<string, unknown>;
  charts: ChartSpec[];
  questions: LabQuestion[];
  /** Scenario values that differ from student to student (see `getVariant`). */
  variables: LabVariable[];
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

/** Engine-specific results; every value is JSON. The architectures lab gives `{servers: ServerMetrics[]}`. */
export type RunMetrics = Record<string, unknown>;

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface ServerMetrics {
  name: string;
  architecture: string;
  requests: number;
  throughputRps: number;
  latencyMs: LatencySummary;
  errors: number;
}

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

/** How a chart is drawn from a run's data; the UI and the report draw the same charts. */
export type ChartSpec =
  | {
      id: string;
      kind: 'timeSeries';
      title: LocalizedText;
      /** Key in `Sample.values`; one line per series. */
      metric: string;
      unit: string;
    }
  | {
      id: string;
      kind: 'bars';
      title: LocalizedText;
      /** Where the bars come from: a list in the run's metrics, its label key and value path. */
      list: string;
      labelKey: string;
      valuePath: string;
      unit: string;
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
      xUnit: string;
      yUnit: string;
      /** Dotted path in the metrics to a text that replaces xUnit, for lists whose x differs from run to run. */
      xUnitPath?: string;
      /** Dotted path inside each point to a model's prediction of y at the same x, drawn as a dashed line. */
      modelY?: string;
      /** The legend's name for the dashed lines, e.g. "queueing model". */
      modelLabel?: LocalizedText;
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
    };

export interface ReportDocument {
  fileName: string;
  html: string;
  /** SHA-256 over the run's recorded data, also printed in the report. */
  sha256: string;
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
  /** The student's variant of the lab: the values derived from their id and the course salt. */
  getVariant(labId: string, studentId: string): Promise<Result<LabVariant>>;
  /** Saves (or, with empty text, removes) the answer to one question, kept with the run. */
  saveAnswer(runId: string, questionId: string, markdown: string): Promise<Result<RunAnswer>>;
  /** Validates a lab pack (the text of a `.proclab` file) and installs its lab in the user's labs folder. */
  importLabPack(packText: string): Promise<Result<ImportedLab>>;
}
