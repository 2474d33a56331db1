import type {
  CheckResult,
  LabError,
  LocalizedText,
  LogLevel,
  RunDetail,
  RunEnvironment,
  RunAnswer,
  RunLogLine,
  RunMetrics,
  RunStatus,
  RunSummary,
  Sample,
  StudentVariant,
  TimelineEvent,
} from '../../preload/api.ts';

// Rows exactly as SQLite hands them back, and their conversion to the contract's types. Only
// `runStore.ts` reads these rows; the JSON columns were written by it, so they are trusted here.

export interface RunRow {
  id: string;
  lab_id: string;
  engine: string;
  status: string;
  seed: number;
  scenario_text: string;
  scenario_hash: string;
  environment_json: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  metrics_json: string | null;
  error_json: string | null;
  student_json: string | null;
}

export type RunSummaryRow = Omit<RunRow, 'scenario_text' | 'environment_json' | 'started_at' | 'student_json'>;

export interface AnswerRow {
  question_id: string;
  markdown: string;
  updated_at: string;
}

export interface SampleRow {
  time_ms: number;
  series: string;
  values_json: string;
}

export interface TimelineRow {
  time_ms: number;
  kind: string;
  message: string;
  data_json: string | null;
}

export interface LogRow {
  time_ms: number;
  level: string;
  message: string;
}

export interface CheckResultRow {
  check_id: string;
  title_json: string;
  passed: number;
  detail: string;
}

export function toRunSummary(row: RunSummaryRow): RunSummary {
  return {
    runId: row.id,
    labId: row.lab_id,
    engine: row.engine,
    status: row.status as RunStatus,
    seed: row.seed,
    scenarioHash: row.scenario_hash,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    metrics: row.metrics_json === null ? null : (JSON.parse(row.metrics_json) as RunMetrics),
    error: row.error_json === null ? null : (JSON.parse(row.error_json) as LabError),
  };
}

export function toRunDetail(
  row: RunRow,
  samples: SampleRow[],
  timeline: TimelineRow[],
  log: LogRow[],
  checks: CheckResultRow[],
  answers: AnswerRow[],
): RunDetail {
  return {
    ...toRunSummary(row),
    scenarioText: row.scenario_text,
    environment: JSON.parse(row.environment_json) as RunEnvironment,
    samples: samples.map(toSample),
    timeline: timeline.map(toTimelineEvent),
    log: log.map(toLogLine),
    checks: checks.map(toCheckResult),
    student: row.student_json === null ? null : (JSON.parse(row.student_json) as StudentVariant),
    answers: answers.map(toAnswer),
  };
}

export function toAnswer(row: AnswerRow): RunAnswer {
  return { questionId: row.question_id, markdown: row.markdown, updatedAt: row.updated_at };
}

function toSample(row: SampleRow): Sample {
  return { timeMs: row.time_ms, series: row.series, values: JSON.parse(row.values_json) as Record<string, number> };
}

function toTimelineEvent(row: TimelineRow): TimelineEvent {
  const event: TimelineEvent = { timeMs: row.time_ms, kind: row.kind, message: row.message };
  if (row.data_json !== null) event.data = JSON.parse(row.data_json) as Record<string, unknown>;
  return event;
}

function toLogLine(row: LogRow): RunLogLine {
  return { timeMs: row.time_ms, level: row.level as LogLevel, message: row.message };
}

function toCheckResult(row: CheckResultRow): CheckResult {
  return {
    checkId: row.check_id,
    title: JSON.parse(row.title_json) as LocalizedText,
    passed: row.passed !== 0,
    detail: row.detail,
  };
}
