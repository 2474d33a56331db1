import { createHash } from 'node:crypto';
import type { CheckResult, RunDetail } from '../../preload/api.ts';
import { readCheckDefinitions } from '../lab/checkDefinitions.ts';
import { evaluateChecks } from '../lab/checkEvaluation.ts';
import type { Lab } from '../lab/labCatalog.ts';
import type { LabCheck } from '../lab/labDefinition.ts';
import { deriveVariant, describeVariant } from '../lab/labVariants.ts';
import { canonicalJson } from '../report/canonicalJson.ts';
import { isHandinHtml, type HandinDataBlock } from '../report/handinData.ts';
import { extractDataBlock, reportDataSha256, sealReportData, withoutDataBlock, type ReportDataBlock } from '../report/reportDataBlock.ts';
import { renderReportData } from '../report/reportDocument.ts';
import { saltFingerprint } from '../report/saltFingerprint.ts';
import { runDataSha256 } from '../report/reportSha256.ts';
import { proclabVersion } from '../platform/proclabVersion.ts';
import { parseEngineScenario } from '../scenario/engineScenario.ts';
import { compareCells } from './cellComparison.ts';
import { verifyHandinHtml } from './verifyHandin.ts';
import { recomputedChecks } from './recomputedChecks.ts';
import { htmlTextCells, pageBody } from './htmlTextCells.ts';

export type ProblemKind = 'data-block' | 'data-edited' | 'page' | 'run-hash' | 'scenario-hash' | 'check' | 'lab-checks' | 'seal' | 'salt' | 'variant';

export interface VerificationProblem {
  kind: ProblemKind;
  where: string;
  expected: string;
  found: string;
}

export interface Verification {
  ok: boolean;
  problems: VerificationProblem[];
  /** What could not be checked, and why. */
  notes: string[];
  /** The embedded data, when it could be read (even if it was edited). */
  block?: ReportDataBlock;
  /** A hand-in's embedded data (several runs), when the report is one and it could be read. */
  handin?: HandinDataBlock;
}

export interface VerifyOptions {
  /** The instructor's lab: its checks replace the embedded ones, its variables give the variant. */
  lab?: Lab;
  /** The course salt: checks the seal and the variant. */
  courseSalt?: string;
  /** At most this many page differences are listed (the rest are counted in one more problem). */
  maxPageProblems?: number;
}

function metaContent(html: string, name: string): string | undefined {
  const tag = new RegExp(`<meta\\b[^>]*\\bname\\s*=\\s*["']?${name}["']?[^>]*>`, 'i').exec(html);
  return tag === null ? undefined : /\bcontent\s*=\s*["']?([^"'>\s]*)/i.exec(tag[0])?.[1];
}

/**
 * Checks a report against its own embedded data: the data's hash (edited after export?), what
 * can be derived from the data (scenario hash, run hash, check results; seal and variant with
 * the course salt), and the page itself, drawn again from the data with the same report code
 * and compared cell by cell. What this proves and what it cannot is in docs/authoring-labs.md.
 */
export function verifyReportHtml(html: string, options: VerifyOptions = {}): Verification {
  if (isHandinHtml(html)) return verifyHandinHtml(html, options);
  const problems: VerificationProblem[] = [];
  const notes: string[] = [];
  const extracted = extractDataBlock(html);
  if (!extracted.ok) return { ok: false, problems: [{ kind: 'data-block', where: 'data block', expected: 'proclab-report-data/1', found: extracted.reason }], notes };
  const block = extracted.block;
  const run = block.run;

  const dataSha256 = reportDataSha256(block);
  if (dataSha256 !== block.sha256) problems.push({ kind: 'data-edited', where: 'data block', expected: block.sha256, found: dataSha256 });

  const scenarioHash = createHash('sha256').update(run.scenarioText).digest('hex');
  if (scenarioHash !== run.scenarioHash) problems.push({ kind: 'scenario-hash', where: 'run.scenarioHash', expected: scenarioHash, found: run.scenarioHash });

  const runHash = runDataSha256(run);
  const pageRunHash = metaContent(html, 'proclab-run-sha256');
  if (pageRunHash !== runHash) problems.push({ kind: 'run-hash', where: 'meta proclab-run-sha256', expected: runHash, found: pageRunHash ?? 'missing' });

  const lab = options.lab !== undefined && options.lab.definition.id === run.labId ? options.lab : undefined;
  if (options.lab !== undefined && lab === undefined) notes.push(`the report is for lab ${run.labId}, not ${options.lab.definition.id}: its embedded checks were used`);
  if (lab !== undefined && canonicalJson(lab.definition.checks) !== canonicalJson(block.lab.checks)) {
    problems.push({ kind: 'lab-checks', where: 'data block › lab.checks', expected: `the lab’s ${lab.definition.checks.length} checks`, found: `${block.lab.checks.length} embedded checks that differ` });
  }
  if (lab !== undefined) {
    recomputedChecks(block.run, lab.definition.checks, problems, notes);
  } else {
    const embedded = readCheckDefinitions(block.lab.checks);
    if (embedded.ok) recomputedChecks(block.run, embedded.checks, problems, notes);
    else problems.push({ kind: 'data-block', where: 'data block › lab.checks', expected: 'the lab’s check definitions', found: embedded.message });
  }

  const salt = options.courseSalt;
  if (salt === undefined) {
    notes.push('seal and variant not checked: no course salt given');
  } else {
    const expectedSeal = sealReportData(block, salt);
    if (expectedSeal === null) notes.push('seal not checked: the course salt given is empty');
    else if (block.seal === null) problems.push({ kind: 'seal', where: 'data block › seal', expected: `sealed with ${expectedSeal.saltFingerprint}`, found: 'not sealed' });
    else if (block.seal.hmacSha256 !== expectedSeal.hmacSha256) problems.push({ kind: 'seal', where: 'data block › seal', expected: expectedSeal.hmacSha256, found: block.seal.hmacSha256 });
    const student = run.student;
    if (student !== null) {
      if (student.saltFingerprint !== saltFingerprint(salt)) problems.push({ kind: 'salt', where: 'student › salt fingerprint', expected: saltFingerprint(salt), found: student.saltFingerprint });
      if (lab === undefined) {
        notes.push('variant not checked: the lab is not available');
      } else {
        const derived = deriveVariant(run.labId, student.studentId, salt, lab.definition.variables);
        if (describeVariant(derived) !== describeVariant(student.values)) problems.push({ kind: 'variant', where: `student › ${student.studentId}`, expected: describeVariant(derived), found: describeVariant(student.values) });
      }
    }
  }

  if (block.proclabVersion !== proclabVersion()) {
    notes.push(`page not compared: the report was drawn by proclab ${block.proclabVersion}, this is ${proclabVersion()}`);
  } else {
    let redrawn: string;
    try {
      redrawn = renderReportData(block, block.seal).html;
    } catch (error) {
      problems.push({ kind: 'data-block', where: 'data block', expected: 'data a report can be drawn from', found: error instanceof Error ? error.message : String(error) });
      return { ok: false, problems, notes, block };
    }
    const differences = compareCells(htmlTextCells(pageBody(withoutDataBlock(redrawn))), htmlTextCells(pageBody(withoutDataBlock(html))));
    const listed = options.maxPageProblems ?? 50;
    for (const difference of differences.slice(0, listed)) problems.push({ kind: 'page', where: difference.where, expected: difference.expected, found: difference.found });
    if (differences.length > listed) problems.push({ kind: 'page', where: 'page', expected: '', found: `${differences.length - listed} more differences` });
  }
  return { ok: problems.length === 0, problems, notes, block };
}
