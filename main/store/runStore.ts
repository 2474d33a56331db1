import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import type {
  CheckResult,
  LabError,
  RunDetail,
  RunEnvironment,
  RunAnswer,
  RunListFilter,
  RunLogLine,
  RunMetrics,
  RunStatus,
  RunSummary,
  Sample,
  StudentVariant,
  TimelineEvent,
} from '../../preload/api.ts';
import { applyMigrations } from './migrations.ts';
import { toAnswer, toRunDetail, toRunSummary } from './storedRows.ts';
import type { AnswerRow, CheckResultRow, LogRow, RunRow, RunSummaryRow, SampleRow, TimelineRow } from './storedRows.ts';

export interface NewRun {
  runId: string;
  labId: string;
  engine: string;
  seed: number;
  scenarioText: string;
  scenarioHash: string;
  environment: RunEnvironment;
  createdAt: string;
  /** Who ran it and their variant, when the run was started with a student id. */
  student?: StudentVariant | null;
}

export interface RunOutcome {
  status: RunStatus;
  finishedAt: string;
  durationMs: number | null;
  metrics?: RunMetrics | null;
  error?: LabError | null;
}

export interface RunStoreOptions {
  /** Longest time an appended sample, event or log line waits in memory before it is written. */
  flushIntervalMs?: number;
  /** Pending rows that trigger an immediate write. */
  flushAfterRows?: number;
  /** A background write failed; the rows stay pending and are retried on the next flush. */
  onFlushError?: (error: unknown) => void;
  /** How long a writer waits for another connection's lock before giving up. */
  busyTimeoutMs?: number;
}

/** The error a run that was cut short by a dead process is left with. */
export const interruptedRunError: LabError = {
  code: 'internal',
  message: 'proclab stopped while this run was in progress; what it recorded until then is kept',
};

type PendingWrite =
  | { table: 'samples'; runId: string; sample: Sample }
  | { table: 'timeline'; runId: string; seq: number; event: TimelineEvent }
  | { table: 'log'; runId: string; seq: number; line: RunLogLine };

interface RunSequences {
  nextTimelineSeq: number;
  nextLogSeq: number;
}

const defaultFlushIntervalMs = 200;
const defaultFlushAfterRows = 500;
const defaultBusyTimeoutMs = 5000;

/**
 * Every run proclab records, in one SQLite file. This is the only module that speaks SQL to it
 * (with `migrations.ts` for the schema).
 *
 * Samples, timeline events and log lines arrive fast, so they are collected in memory and written
 * together in one transaction at most `flushIntervalMs` later (or as soon as `flushAfterRows` are
 * waiting). A process that dies therefore loses at most that fraction of a second; with WAL and
 * `synchronous=NORMAL` a committed transaction survives the process being killed. Every read and
 * every status change writes what is pending first, so callers always see their own writes.
 */
export class RunStore {
  readonly filePath: string;
  private readonly database: Database;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly flushIntervalMs: number;
  private readonly flushAfterRows: number;
  private readonly onFlushError: (error: unknown) => void;
  private readonly knownRuns = new Map<string, RunSequences>();
  private pending: PendingWrite[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly writePending: () => void;

  private constructor(database: Database, filePath: string, options: RunStoreOptions) {
    this.database = database;
    this.filePath = filePath;
    this.flushIntervalMs = options.flushIntervalMs ?? defaultFlushIntervalMs;
    this.flushAfterRows = options.flushAfterRows ?? defaultFlushAfterRows;
    this.onFlushError = options.onFlushError ?? ((error) => console.error(`proclab could not write run data: ${error instanceof Error ? error.message : String(error)}`));
    this.statements = prepareStatements(database);
    this.writePending = database.transaction(() => {
      for (const write of this.pending) this.writeRow(write);
    });
  }

  /** Opens the run database at `filePath`, creating it and its folder if needed. */
  static open(filePath: string, options: RunStoreOptions = {}): RunStore {
    const inMemory = filePath === ':memory:';
    if (!inMemory) mkdirSync(dirname(filePath), { recursive: true });
    const database = new Sqlite(filePath);
    try {
      database.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? defaultBusyTimeoutMs))}`);
      let journalMode: unknown;
      try {
        journalMode = database.pragma('journal_mode = WAL', { simple: true });
      } catch (error) {
        if (isSqliteCode(error, 'SQLITE_NOTADB')) throw new Error(`the run database at ${filePath} is not a SQLite database`, { cause: error });
        throw error;
      }
      if (!inMemory && journalMode !== 'wal') throw new Error(`the run database at ${filePath} cannot use write-ahead logging (journal mode ${String(journalMode)})`);
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      applyMigrations(database, filePath);
      return new RunStore(database, filePath, options);
    } catch (error) {
      database.close();
      throw error;
    }
  }

  createRun(run: NewRun): void {
    this.assertOpen();
    this.statements.insertRun.run({
      id: run.runId,
      lab_id: run.labId,
      engine: run.engine,
      status: 'pending' satisfies RunStatus,
      seed: run.seed,
      scenario_text: run.scenarioText,
      scenario_hash: run.scenarioHash,
      environment_json: JSON.stringify(run.environment),
      created_at: run.createdAt,
      owner_pid: process.pid,
      student_json: run.student == null ? null : JSON.stringify(run.student),
    });
    this.knownRuns.set(run.runId, { nextTimelineSeq: 0, nextLogSeq: 0 });
  }

  markRunning(runId: string, startedAt: string): void {
    this.assertOpen();
    const changes = this.statements.markRunning.run({ id: runId, started_at: startedAt }).changes;
    if (changes === 0) throw missingRun(runId);
  }

  appendSample(runId: string, sample: Sample): void {
    this.sequencesOf(runId);
    this.enqueue({ table: 'samples', runId, sample });
  }

  appendTimeline(runId: string, event: TimelineEvent): void {
    const sequences = this.sequencesOf(runId);
    this.enqueue({ table: 'timeline', runId, seq: sequences.nextTimelineSeq++, event });
  }

  appendLog(runId: string, line: RunLogLine): void {
    const sequences = this.sequencesOf(runId);
    this.enqueue({ table: 'log', runId, seq: sequences.nextLogSeq++, line });
  }

  finishRun(runId: string, outcome: RunOutcome): void {
    this.flush();
    const changes = this.statements.finishRun.run({
      id: runId,
      status: outcome.status,
      finished_at: outcome.finishedAt,
      duration_ms: outcome.durationMs,
      metrics_json: outcome.metrics == null ? null : JSON.stringify(outcome.metrics),
      error_json: outcome.error == null ? null : JSON.stringify(outcome.error),
    }).changes;
    if (changes === 0) throw missingRun(runId);
  }

  /** Replaces the run's check results with `results`. */
  saveCheckResults(runId: string, results: readonly CheckResult[]): void {
    this.assertOpen();
    this.sequencesOf(runId);
    this.database.transaction(() => {
      this.statements.deleteCheckResults.run(runId);
      for (const result of results) {
        this.statements.insertCheckResult.run({
          run_id: runId,
          check_id: result.checkId,
          title_json: JSON.stringify(result.title),
          passed: result.passed ? 1 : 0,
          detail: result.detail,
        });
      }
    })();
  }

  /**
   * Saves a student's answer to one question of the run at once, outside the batched appends:
   * an answer is typed by a person and must survive the window or the process dying a moment
   * later. Empty text removes the answer. Returns what is now stored (empty markdown if removed).
   */
  saveAnswer(runId: string, questionId: string, markdown: string, updatedAt: string = new Date().toISOString()): RunAnswer {
    this.assertOpen();
    if (this.statements.selectRunExists.get(runId) === undefined) throw missingRun(runId);
    if (markdown === '') {
      this.statements.deleteAnswer.run({ run_id: runId, question_id: questionId });
    } else {
      this.statements.upsertAnswer.run({ run_id: runId, question_id: questionId, markdown, updated_at: updatedAt });
    }
    return { questionId, markdown, updatedAt };
  }

  /** The lab a run belongs to, without reading its samples; undefined when there is no such run. */
  labIdOf(runId: string): string | undefined {
    this.assertOpen();
    return (this.statements.selectRunLab.get(runId) as { lab_id: string } | undefined)?.lab_id;
  }

  /** The run's answers, in the order they were first written. */
  answersOf(runId: string): RunAnswer[] {
    this.assertOpen();
    return (this.statements.selectAnswers.all(runId) as AnswerRow[]).map(toAnswer);
  }

  /** Runs newest first. */
  listRuns(filter: RunListFilter = {}): RunSummary[] {
    this.flush();
    // SQLite reads a negative LIMIT as "no limit".
    const limit = filter.limit === undefined ? -1 : Math.max(0, Math.floor(filter.limit));
    const rows = (
      filter.labId === undefined
        ? this.statements.listRuns.all({ limit })
        : this.statements.listRunsOfLab.all({ lab_id: filter.labId, limit })
    ) as RunSummaryRow[];
    return rows.map(toRunSummary);
  }

  getRun(runId: string): RunDetail | undefined {
    this.flush();
    const row = this.statements.selectRun.get(runId) as RunRow | undefined;
    if (row === undefined) return undefined;
    return toRunDetail(
      row,
      this.statements.selectSamples.all(runId) as SampleRow[],
      this.statements.selectTimeline.all(runId) as TimelineRow[],
      this.statements.selectLog.all(runId) as LogRow[],
      this.statements.selectCheckResults.all(runId) as CheckResultRow[],
      this.statements.selectAnswers.all(runId) as AnswerRow[],
    );
  }

  /** Deletes the run and everything recorded for it; false when there was no such run. */
  deleteRun(runId: string): boolean {
    this.flush();
    const deleted = this.statements.deleteRun.run(runId).changes > 0;
    this.knownRuns.delete(runId);
    return deleted;
  }

  /**
   * Marks every run still 'pending' or 'running' as 'interrupted'. Call it once when proclab
   * starts, before any run of its own begins: such runs belonged to a process that died. What
   * they recorded is kept. Returns their ids.
   */
  markInterruptedRuns(finishedAt: string = new Date().toISOString()): string[] {
    this.flush();
    const interrupted = this.database.transaction(() => {
      const rows = this.statements.selectUnfinishedRuns.all() as { id: string; owner_pid: number | null }[];
      // Another proclab (the CLI beside browser mode, say) may share this file: its runs are still going.
      const ids = rows.filter((row) => !processIsAlive(row.owner_pid)).map((row) => row.id);
      for (const id of ids) this.statements.markInterrupted.run({ id, finished_at: finishedAt, error_json: JSON.stringify(interruptedRunError) });
      return ids;
    });
    return interrupted.immediate();
  }

  /** Writes every pending sample, event and log line now. */
  flush(): void {
    this.assertOpen();
    this.cancelFlushTimer();
    if (this.pending.length === 0) return;
    this.writePending();
    this.pending = [];
  }

  close(): void {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      this.cancelFlushTimer();
      this.closed = true;
      this.database.close();
    }
  }

  private enqueue(write: PendingWrite): void {
    this.pending.push(write);
    if (this.pending.length >= this.flushAfterRows) {
      this.flush();
      return;
    }
    // Left referenced on purpose: a process that ends without close() still writes its last rows.
    this.flushTimer ??= setTimeout(() => this.flushInBackground(), this.flushIntervalMs);
  }

  private flushInBackground(): void {
    this.flushTimer = undefined;
    if (this.closed) return;
    try {
      this.flush();
    } catch (error) {
      this.onFlushError(error);
      if (!this.closed && this.pending.length > 0) this.flushTimer ??= setTimeout(() => this.flushInBackground(), this.flushIntervalMs);
    }
  }

  private cancelFlushTimer(): void {
    if (this.flushTimer === undefined) return;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  /**
   * Appends are written later, so a run that does not exist must be refused now, where the
   * caller can see it, rather than failing a whole batch in the background.
   */
  private sequencesOf(runId: string): RunSequences {
    this.assertOpen();
    const known = this.knownRuns.get(runId);
    if (known !== undefined) return known;
    const row = this.statements.selectNextSequences.get(runId) as { next_timeline_seq: number; next_log_seq: number } | undefined;
    if (row === undefined) throw missingRun(runId);
    const sequences = { nextTimelineSeq: row.next_timeline_seq, nextLogSeq: row.next_log_seq };
    this.knownRuns.set(runId, sequences);
    return sequences;
  }

  private writeRow(write: PendingWrite): void {
    switch (write.table) {
      case 'samples':
        this.statements.insertSample.run({
          run_id: write.runId,
          time_ms: write.sample.timeMs,
          series: write.sample.series,
          values_json: JSON.stringify(write.sample.values),
        });
        return;
      case 'timeline':
        this.statements.insertTimeline.run({
          run_id: write.runId,
          seq: write.seq,
          time_ms: write.event.timeMs,
          kind: write.event.kind,
          message: write.event.message,
          data_json: write.event.data === undefined ? null : JSON.stringify(write.event.data),
        });
        return;
      case 'log':
        this.statements.insertLog.run({
          run_id: write.runId,
          seq: write.seq,
          time_ms: write.line.timeMs,
          level: write.line.level,
          message: write.line.message,
        });
        return;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`the run database at ${this.filePath} is closed`);
  }
}

function prepareStatements(database: Database) {
  const summaryColumns = 'id, lab_id, engine, status, seed, scenario_hash, created_at, finished_at, duration_ms, metrics_json, error_json';
  const statement = (sql: string): Statement => database.prepare(sql);
  return {
    insertRun: statement(`
      INSERT INTO runs (id, lab_id, engine, status, seed, scenario_text, scenario_hash, environment_json, created_at, owner_pid, student_json)
      VALUES (@id, @lab_id, @engine, @status, @seed, @scenario_text, @scenario_hash, @environment_json, @created_at, @owner_pid, @student_json)`),
    markRunning: statement(`UPDATE runs SET status = 'running', started_at = @started_at WHERE id = @id`),
    finishRun: statement(`
      UPDATE runs SET status = @status, finished_at = @finished_at, duration_ms = @duration_ms,
        metrics_json = @metrics_json, error_json = @error_json
      WHERE id = @id`),
    selectUnfinishedRuns: statement(`SELECT id, owner_pid FROM runs WHERE status IN ('pending', 'running') ORDER BY created_at, rowid`),
    markInterrupted: statement(`
      UPDATE runs SET status = 'interrupted', finished_at = @finished_at, error_json = coalesce(error_json, @error_json)
      WHERE id = @id AND status IN ('pending', 'running')`),
    deleteRun: statement(`DELETE FROM runs WHERE id = ?`),
    selectRun: statement(`SELECT * FROM runs WHERE id = ?`),
    selectNextSequences: statement(`
      SELECT
        (SELECT coalesce(max(seq) + 1, 0) FROM timeline WHERE run_id = runs.id) AS next_timeline_seq,
        (SELECT coalesce(max(seq) + 1, 0) FROM log WHERE run_id = runs.id) AS next_log_seq
      FROM runs WHERE id = ?`),
    listRuns: statement(`SELECT ${summaryColumns} FROM runs ORDER BY created_at DESC, rowid DESC LIMIT @limit`),
    listRunsOfLab: statement(`SELECT ${summaryColumns} FROM runs WHERE lab_id = @lab_id ORDER BY created_at DESC, rowid DESC LIMIT @limit`),
    insertSample: statement(`INSERT INTO samples (run_id, time_ms, series, values_json) VALUES (@run_id, @time_ms, @series, @values_json)`),
    insertTimeline: statement(`
      INSERT INTO timeline (run_id, seq, time_ms, kind, message, data_json)
      VALUES (@run_id, @seq, @time_ms, @kind, @message, @data_json)`),
    insertLog: statement(`INSERT INTO log (run_id, seq, time_ms, level, message) VALUES (@run_id, @seq, @time_ms, @level, @message)`),
    deleteCheckResults: statement(`DELETE FROM check_results WHERE run_id = ?`),
    insertCheckResult: statement(`
      INSERT INTO check_results (run_id, check_id, title_json, passed, detail)
      VALUES (@run_id, @check_id, @title_json, @passed, @detail)`),
    selectSamples: statement(`SELECT time_ms, series, values_json FROM samples WHERE run_id = ? ORDER BY time_ms, rowid`),
    selectTimeline: statement(`SELECT time_ms, kind, message, data_json FROM timeline WHERE run_id = ? ORDER BY time_ms, seq`),
    selectLog: statement(`SELECT time_ms, level, message FROM log WHERE run_id = ? ORDER BY time_ms, seq`),
    selectCheckResults: statement(`SELECT check_id, title_json, passed, detail FROM check_results WHERE run_id = ? ORDER BY rowid`),
    selectRunExists: statement(`SELECT 1 FROM runs WHERE id = ?`),
    selectRunLab: statement(`SELECT lab_id FROM runs WHERE id = ?`),
    upsertAnswer: statement(`
      INSERT INTO answers (run_id, question_id, markdown, updated_at) VALUES (@run_id, @question_id, @markdown, @updated_at)
      ON CONFLICT (run_id, question_id) DO UPDATE SET markdown = excluded.markdown, updated_at = excluded.updated_at`),
    deleteAnswer: statement(`DELETE FROM answers WHERE run_id = @run_id AND question_id = @question_id`),
    selectAnswers: statement(`SELECT question_id, markdown, updated_at FROM answers WHERE run_id = ? ORDER BY rowid`),
  };
}

function missingRun(runId: string): Error {
  return new Error(`there is no run ${runId} in the run database`);
}

function isSqliteCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** Whether another process that may own a run is still alive (this process owns none at start-up). */
function processIsAlive(pid: number | null): boolean {
  if (pid === null || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
