import type { RunDetail } from '../../preload/api.ts';
import type { Lab } from '../lab/labCatalog.ts';
import { extractDataBlock } from '../report/reportDataBlock.ts';
import { extractHandinBlock, isHandinHtml } from '../report/handinData.ts';
import { compareRerun, type RerunComparison } from '../verify/rerunComparison.ts';
import { verifyReportHtml, type Verification } from '../verify/verifyReport.ts';
import type { LabService } from './labService.ts';
import { ServiceError } from './serviceError.ts';

// An exported report checked against the raw data it embeds (`proclab verify`), and its scenario
// and seed run again to set the numbers side by side (`proclab rerun`).

export type { Verification, VerificationProblem } from '../verify/verifyReport.ts';
export type { RerunComparison, ValueComparison } from '../verify/rerunComparison.ts';

export interface ReportVerifyOptions {
  /** The instructor's lab: its checks replace the embedded ones, its variables give the variant. */
  lab?: Lab | undefined;
  /** The course salt: checks the seal and the variant. */
  courseSalt?: string | undefined;
}

/** The lab a report names in its embedded data; undefined when the block cannot be read. */
export function reportLabId(html: string): string | undefined {
  if (isHandinHtml(html)) {
    const handin = extractHandinBlock(html);
    return handin.ok ? handin.block.lab.id : undefined;
  }
  const extracted = extractDataBlock(html);
  return extracted.ok ? extracted.block.run.labId : undefined;
}

/** Verifies a report's HTML; what this proves and what it cannot is in docs/authoring-labs.md. */
export function verifyReport(html: string, options: ReportVerifyOptions = {}): Verification {
  return verifyReportHtml(html, { ...(options.lab === undefined ? {} : { lab: options.lab }), ...(options.courseSalt === undefined ? {} : { courseSalt: options.courseSalt }) });
}

export interface StartedRerun {
  runId: string;
  lab: Lab;
  /** The run as the report records it. */
  reported: RunDetail;
}

/**
 * Starts a run of a report's scenario with its seed and student, recorded like any run. The lab
 * is the one the report names, else one that runs the same engine.
 */
export function startRerun(service: LabService, html: string, label: string): StartedRerun {
  if (isHandinHtml(html)) throw new ServiceError('invalid-argument', `${label}: a hand-in of several runs; rerun one of its runs from its own report (proclab export RUN_ID)`);
  const extracted = extractDataBlock(html);
  if (!extracted.ok) throw new ServiceError('invalid-argument', `${label}: ${extracted.reason}`);
  const reported = extracted.block.run;
  const lab = service.catalog.get(reported.labId) ?? service.catalog.forEngine(reported.engine);
  if (lab === undefined) throw new ServiceError('not-found', `${label}: lab ${reported.labId} is not installed here (import its pack first)`);
  const started = service.startScenario(lab, reported.scenarioText, reported.seed, { student: reported.student });
  if (!started.ok) {
    const reason = 'diagnostics' in started ? `the report's scenario is not valid here: ${started.diagnostics[0]?.message ?? ''}` : started.error.message;
    throw new ServiceError('diagnostics' in started ? 'invalid-scenario' : started.error.code, `${label}: ${reason}`);
  }
  return { runId: started.value.runId, lab, reported };
}

/** The finished rerun beside the report's numbers; `tolerance` marks values off by more than that factor. */
export function compareWithRerun(service: LabService, rerun: StartedRerun, tolerance: number): { run: RunDetail; comparison: RerunComparison } {
  const run = service.store.getRun(rerun.runId);
  if (run === undefined) throw new ServiceError('not-found', `there is no run ${rerun.runId}`);
  return { run, comparison: compareRerun(rerun.reported, run, tolerance) };
}
