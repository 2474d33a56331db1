import type {
  Diagnostic,
  ImportedLab,
  LabApi,
  LabDetail,
  LabSummary,
  HandinDocument,
  LabVariant,
  Language,
  ReportDocument,
  Result,
  RunAnswer,
  RunDetail,
  RunEnvironment,
  RunEvent,
  RunListFilter,
  RunStarted,
  RunSummary,
  StartRunRequest,
  StudentVariant,
  Unsubscribe,
} from '../../preload/api.ts';
import { isFinished } from '../../common/labApiMethods.ts';
import { LabCatalog, type Lab } from '../lab/labCatalog.ts';
import { deriveVariant, variantDerivation, variantOverrides } from '../lab/labVariants.ts';
import { applyOverrides } from '../scenario/scenarioOverrides.ts';
import { renderReportHtml } from '../report/reportDocument.ts';
import { maxHandinRuns } from '../report/handinData.ts';
import { renderHandinHtml, type HandinInput } from '../report/handinDocument.ts';
import { saltFingerprint } from '../report/saltFingerprint.ts';
import { RunBusyError, RunController, type FinishedRun } from '../runs/runController.ts';
import { describeEnvironment } from '../runs/runEnvironment.ts';
import { parseEngineScenario } from '../scenario/engineScenario.ts';
import { countProblems } from '../scenario/scenarioValidation.ts';
import { RunStore } from '../store/runStore.ts';
import { answer } from './answer.ts';
import { installPackText } from './labPacks.ts';
import {
  answerArgument,
  labIdArgument,
  languageArgument,
  listenerArgument,
  packTextArgument,
  questionIdArgument,
  runIdArgument,
  runIdListArgument,
  runListFilterArgument,
  scenarioTextArgument,
  startRunArgument,
  studentIdArgument,
} from './argumentChecks.ts';
import { LabConnection } from './labConnection.ts';
import { RunWatches } from './runWatches.ts';
import { ServiceError } from './serviceError.ts';

export { ServiceError } from './serviceError.ts';
/** A run once it has ended and released everything, as the CLI reports it. */
export type { FinishedRun } from '../runs/runController.ts';

export interface LabServiceOptions {
  databasePath: string;
  face: RunEnvironment['face'];
  labsDirectory?: string;
  /** Where imported lab packs live; without it the service imports none. */
  userLabsDirectory?: string;
}

function randomSeed(): number {
  return Math.floor(Math.random() * 0x1_0000_0000);
}

/**
 * The one implementation of the LabApi contract. Every face (Electron IPC, browser-mode
 * WebSocket, CLI) calls these methods; each validates its arguments and answers with a value.
 */
export class LabService implements LabApi {
  readonly store: RunStore;
  readonly catalog: LabCatalog;
  readonly runs: RunController;
  /** Runs found unfinished at start-up (their process died); now marked interrupted. */
  readonly interruptedRunIds: string[];
  /** The watches of whoever calls this object in-process (the CLI, tests): one connection's worth. */
  readonly #ownWatches = new RunWatches((runId, listener) => this.subscribe(runId, listener));

  constructor(options: LabServiceOptions) {
    const catalogOptions = options.userLabsDirectory === undefined ? {} : { userLabsDirectory: options.userLabsDirectory };
    this.catalog = options.labsDirectory === undefined ? new LabCatalog(undefined, catalogOptions) : new LabCatalog(options.labsDirectory, catalogOptions);
    this.store = RunStore.open(options.databasePath);
    this.interruptedRunIds = this.store.markInterruptedRuns();
    this.runs = new RunController(this.store, describeEnvironment(options.face));
  }

  async close(): Promise<void> {
    this.#ownWatches.close();
    await this.runs.shutdown();
    this.store.close();
  }

  /**
   * A face's connection (a window, a page's WebSocket): it takes the contract's calls by name
   * and delivers the events of the runs it watches, tagged with their watch ids.
   */
  connect(deliver: (watchId: string, event: RunEvent) => void): LabConnection {
    return new LabConnection(this, deliver);
  }

  #answer<T>(work: () => T | Promise<T>): Promise<Result<T>> {
    return answer(work);
  }

  #lab(labId: string): Lab {
    const lab = this.catalog.get(labId);
    if (lab === undefined) throw new ServiceError('not-found', `there is no lab "${labId}"`);
    return lab;
  }

  listLabs(): Promise<Result<LabSummary[]>> {
    return this.#answer(() => this.catalog.list());
  }

  getLab(labId: unknown): Promise<Result<LabDetail>> {
    return this.#answer(() => this.#lab(labIdArgument(labId)).detail);
  }

  validateScenario(labId: unknown, scenarioText: unknown): Promise<Result<Diagnostic[]>> {
    return this.#answer(() => {
      const lab = this.#lab(labIdArgument(labId));
      const parsed = parseEngineScenario(scenarioTextArgument(scenarioText), lab.definition.engine);
      return parsed.ok ? [] : parsed.diagnostics;
    });
  }

  startRun(request: unknown): Promise<Result<RunStarted>> {
    return this.#answer(() => {
      const checked: StartRunRequest = startRunArgument(request);
      const lab = this.#lab(checked.labId);
      const student = checked.studentId === undefined ? null : studentVariant(lab, checked.studentId);
      return { runId: this.#start(lab, checked.scenarioText, checked.seed, student) };
    });
  }

  /**
   * Starts a run of scenario text that was already read and overridden (the CLI's `run`, `rerun` and
   * tool commands). A tool command's run is an experiment of its own, not the lab's assignment: it is
   * recorded without the lab's checks.
   */
  startScenario(
    lab: Lab,
    scenarioText: string,
    seed?: number,
    options: { withChecks?: boolean; student?: StudentVariant | null } = {},
  ): Result<RunStarted> | { ok: false; diagnostics: Diagnostic[] } {
    const parsed = parseEngineScenario(scenarioText, lab.definition.engine);
    if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics };
    try {
      return { ok: true, value: { runId: this.#start(lab, scenarioText, seed, options.student ?? null, options.withChecks ?? true) } };
    } catch (error) {
      if (error instanceof RunBusyError) return { ok: false, error: { code: 'conflict', message: error.message } };
      throw error;
    }
  }

  #start(lab: Lab, scenarioText: string, seed: number | undefined, student: StudentVariant | null, withChecks = true): string {
    const parsed = parseEngineScenario(scenarioText, lab.definition.engine);
    if (!parsed.ok) {
      const first = parsed.diagnostics[0]!;
      const problems = countProblems(parsed.diagnostics);
      const more = problems > 1 ? ` (and ${problems - 1} more)` : '';
      throw new ServiceError('invalid-scenario', `line ${first.line}, column ${first.column}: ${first.message}${more}`);
    }
    return this.runs.start({
      labId: lab.definition.id,
      engine: parsed.engine,
      scenario: parsed.value,
      scenarioText,
      seed: seed ?? randomSeed(),
      checks: withChecks ? lab.definition.checks : [],
      student,
    });
  }

  cancelRun(runId: unknown): Promise<Result<null>> {
    return this.#answer(() => {
      const id = runIdArgument(runId);
      if (this.runs.cancel(id)) return null;
      if (this.store.getRun(id) === undefined) throw new ServiceError('not-found', `there is no run ${id}`);
      throw new ServiceError('conflict', `run ${id} is not running`);
    });
  }

  watchRun(runId: unknown, listener: unknown): Promise<Result<Unsubscribe>> {
    return this.#answer(() => {
      const id = runIdArgument(runId);
      const deliver = listenerArgument(listener) as (event: RunEvent) => void;
      const watchId = this.#ownWatches.watch(id, (_watchId, event) => deliver(event));
      return () => void this.#ownWatches.unwatch(watchId);
    });
  }

  /**
   * Delivers a run's events from now on; every watch of every connection comes through here. A
   * run that has already ended says so at once, so a page that watches it again (after a
   * reconnect, or a restart of proclab) learns how it ended instead of waiting forever.
   */
  subscribe(runId: string, listener: (event: RunEvent) => void): Unsubscribe {
    if (this.runs.activeRunId === runId) return this.runs.events.watch(runId, listener);
    const recorded = this.store.getRun(runId);
    if (recorded === undefined) throw new ServiceError('not-found', `there is no run ${runId}`);
    const unsubscribe = this.runs.events.watch(runId, listener);
    if (!isFinished(recorded.status)) return unsubscribe;
    let watching = true;
    const ended: RunEvent = recorded.error === null ? { kind: 'status', runId, status: recorded.status } : { kind: 'status', runId, status: recorded.status, error: recorded.error };
    queueMicrotask(() => {
      if (watching) listener(ended);
    });
    return () => {
      watching = false;
      unsubscribe();
    };
  }

  whenFinished(runId: string): Promise<FinishedRun> | undefined {
    return this.runs.whenFinished(runId);
  }

  listRuns(filter?: unknown): Promise<Result<RunSummary[]>> {
    return this.#answer(() => this.store.listRuns(runListFilterArgument(filter) satisfies RunListFilter));
  }

  getRun(runId: unknown): Promise<Result<RunDetail>> {
    return this.#answer(() => this.#run(runIdArgument(runId)));
  }

  #run(runId: string): RunDetail {
    const run = this.store.getRun(runId);
    if (run === undefined) throw new ServiceError('not-found', `there is no run ${runId}`);
    return run;
  }

  deleteRun(runId: unknown): Promise<Result<null>> {
    return this.#answer(() => {
      const id = runIdArgument(runId);
      if (this.runs.activeRunId === id) throw new ServiceError('conflict', `run ${id} is still going; cancel it first`);
      if (!this.store.deleteRun(id)) throw new ServiceError('not-found', `there is no run ${id}`);
      return null;
    });
  }

  exportReport(runId: unknown, language?: unknown): Promise<Result<ReportDocument>> {
    return this.#answer(() => this.#report(runIdArgument(runId), languageArgument(language)));
  }

  /** The report of a run of a lab that may not be in the catalog (a lab folder the CLI ran). */
  reportOfLab(runId: string, lab: Lab, language: Language = 'en'): ReportDocument {
    return this.#report(runId, language, lab);
  }

  #report(runId: string, language: Language, labOfRun?: Lab): ReportDocument {
    const run = this.#run(runId);
    const lab = labOfRun ?? this.catalog.get(run.labId);
    return renderReportHtml({
      run,
      labTitle: lab?.detail.title ?? { en: run.labId, 'pt-BR': run.labId },
      charts: lab?.detail.charts ?? [],
      tables: lab?.detail.tables ?? [],
      questions: lab?.detail.questions ?? [],
      language,
      checks: lab?.definition.checks ?? [],
      courseSalt: lab?.courseSalt ?? '',
    });
  }

  exportHandinReport(labId: unknown, runIds: unknown, language?: unknown): Promise<Result<HandinDocument>> {
    return this.#answer(() => {
      const lab = this.#lab(labIdArgument(labId));
      const ids = runIdListArgument(runIds, maxHandinRuns);
      const chosenLanguage = languageArgument(language);
      return renderHandinHtml({ ...handinLabParts(lab), runs: this.#handinRuns(lab, ids), student: handinStudent(ids.map((id) => this.#run(id))), language: chosenLanguage, courseSalt: lab.courseSalt });
    });
  }

  /** The runs of a hand-in, each finished and of the lab; the first that is not is named. */
  #handinRuns(lab: Lab, runIds: readonly string[]): RunDetail[] {
    return runIds.map((runId) => {
      const run = this.#run(runId);
      if (run.labId !== lab.definition.id) throw new ServiceError('invalid-argument', `run ${runId} is a run of lab ${run.labId}, not of ${lab.definition.id}`);
      if (!isFinished(run.status)) throw new ServiceError('conflict', `run ${runId} is still going; a hand-in holds finished runs`);
      return run;
    });
  }

  getVariant(labId: unknown, studentId: unknown): Promise<Result<LabVariant>> {
    return this.#answer(() => labVariant(this.#lab(labIdArgument(labId)), studentIdArgument(studentId)));
  }

  saveAnswer(runId: unknown, questionId: unknown, markdown: unknown): Promise<Result<RunAnswer>> {
    return this.#answer(() => {
      const id = runIdArgument(runId);
      const question = questionIdArgument(questionId);
      const text = answerArgument(markdown);
      const labId = this.store.labIdOf(id);
      if (labId === undefined) throw new ServiceError('not-found', `there is no run ${id}`);
      const lab = this.catalog.get(labId);
      if (lab !== undefined && !lab.definition.questions.some((candidate) => candidate.id === question)) {
        throw new ServiceError('not-found', `lab ${labId} has no question "${question}"`);
      }
      return this.store.saveAnswer(id, question, text);
    });
  }

  importLabPack(packText: unknown): Promise<Result<ImportedLab>> {
    return this.#answer(() => {
      const installed = installPackText(packTextArgument(packText), 'the lab pack', this.catalog);
      return { labId: installed.labId, title: installed.title, replaced: installed.replaced };
    });
  }
}

/** What a hand-in takes from its lab: title, default scenario and the declarations it is drawn with. */
function handinLabParts(lab: Lab): Pick<HandinInput, 'labId' | 'labTitle' | 'defaultScenario' | 'charts' | 'tables' | 'questions' | 'checks'> {
  return {
    labId: lab.definition.id,
    labTitle: lab.detail.title,
    defaultScenario: lab.detail.defaultScenario,
    charts: lab.detail.charts,
    tables: lab.detail.tables,
    questions: lab.detail.questions,
    checks: lab.definition.checks,
  };
}

/** The one student whose runs these are: runs that record a student must all record the same one. */
function handinStudent(runs: readonly RunDetail[]): StudentVariant | null {
  const recorded = runs.filter((run) => run.student !== null);
  const first = recorded[0];
  if (first === undefined) return null;
  const other = recorded.find((run) => run.student!.studentId !== first.student!.studentId);
  if (other !== undefined) {
    throw new ServiceError('invalid-argument', `runs ${first.runId} and ${other.runId} were made by different students (${first.student!.studentId}, ${other.student!.studentId}); a hand-in holds one student's runs`);
  }
  return first.student;
}

/** Who runs and the values their id gives them in this lab. */
export function studentVariant(lab: Lab, studentId: string): StudentVariant {
  return {
    studentId,
    values: deriveVariant(lab.definition.id, studentId, lab.courseSalt, lab.definition.variables),
    saltFingerprint: saltFingerprint(lab.courseSalt),
    derivation: variantDerivation,
  };
}

/** The student's variant and the lab's scenario with its values set, as the window shows it. */
export function labVariant(lab: Lab, studentId: string): LabVariant {
  const student = studentVariant(lab, studentId);
  const overridden = applyOverrides(lab.detail.defaultScenario, variantOverrides(student.values));
  if (!overridden.ok) throw new ServiceError('internal', `the variant of ${lab.definition.id} cannot be applied: ${overridden.message}`);
  return { ...student, labId: lab.definition.id, scenarioText: overridden.text };
}
