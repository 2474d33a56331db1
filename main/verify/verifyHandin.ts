import { createHash } from 'node:crypto';
import { readCheckDefinitions } from '../lab/checkDefinitions.ts';
import type { LabCheck } from '../lab/labDefinition.ts';
import { deriveVariant, describeVariant } from '../lab/labVariants.ts';
import { canonicalJson } from '../report/canonicalJson.ts';
import { extractHandinBlock, handinDataSha256, sealHandinData } from '../report/handinData.ts';
import { renderHandinData } from '../report/handinDocument.ts';
import { withoutDataBlock } from '../report/reportDataBlock.ts';
import { saltFingerprint } from '../report/saltFingerprint.ts';
import { proclabVersion } from '../platform/proclabVersion.ts';
import { compareCells } from './cellComparison.ts';
import { htmlTextCells, pageBody } from './htmlTextCells.ts';
import { recomputedChecks } from './recomputedChecks.ts';
import type { Verification, VerificationProblem, VerifyOptions } from './verifyReport.ts';

/**
 * A hand-in checked like a single run's report, run by run: the data's hash, each run's scenario
 * hash and checks, the runs' lab and student, the seal and variant with the course salt, and the
 * page drawn again from the data and compared cell by cell (which covers each run's printed hash).
 */
export function verifyHandinHtml(html: string, options: VerifyOptions = {}): Verification {
  const problems: VerificationProblem[] = [];
  const notes: string[] = [];
  const extracted = extractHandinBlock(html);
  if (!extracted.ok) return { ok: false, problems: [{ kind: 'data-block', where: 'data block', expected: 'proclab-handin-data/1', found: extracted.reason }], notes };
  const block = extracted.block;

  const dataSha256 = handinDataSha256(block);
  if (dataSha256 !== block.sha256) problems.push({ kind: 'data-edited', where: 'data block', expected: block.sha256, found: dataSha256 });

  const lab = options.lab !== undefined && options.lab.definition.id === block.lab.id ? options.lab : undefined;
  if (options.lab !== undefined && lab === undefined) notes.push(`the hand-in is for lab ${block.lab.id}, not ${options.lab.definition.id}: its embedded checks were used`);
  if (lab !== undefined && canonicalJson(lab.definition.checks) !== canonicalJson(block.lab.checks)) {
    problems.push({ kind: 'lab-checks', where: 'data block › lab.checks', expected: `the lab’s ${lab.definition.checks.length} checks`, found: `${block.lab.checks.length} embedded checks that differ` });
  }
  let definitions: readonly LabCheck[] | undefined = lab?.definition.checks;
  if (definitions === undefined) {
    const embedded = readCheckDefinitions(block.lab.checks);
    if (embedded.ok) definitions = embedded.checks;
    else problems.push({ kind: 'data-block', where: 'data block › lab.checks', expected: 'the lab’s check definitions', found: embedded.message });
  }

  block.runs.forEach((run, index) => {
    const where = `run ${index + 1} › `;
    if (run.labId !== block.lab.id) problems.push({ kind: 'data-block', where: `${where}labId`, expected: block.lab.id, found: run.labId });
    const scenarioHash = createHash('sha256').update(run.scenarioText).digest('hex');
    if (scenarioHash !== run.scenarioHash) problems.push({ kind: 'scenario-hash', where: `${where}scenarioHash`, expected: scenarioHash, found: run.scenarioHash });
    if (run.student !== null && run.student.studentId !== block.student?.studentId) {
      problems.push({ kind: 'variant', where: `${where}student`, expected: block.student?.studentId ?? 'no student', found: run.student.studentId });
    }
    if (definitions !== undefined) recomputedChecks(run, definitions, problems, notes, where);
  });

  const salt = options.courseSalt;
  if (salt === undefined) {
    notes.push('seal and variant not checked: no course salt given');
  } else {
    const expectedSeal = sealHandinData(block, salt);
    if (expectedSeal === null) notes.push('seal not checked: the course salt given is empty');
    else if (block.seal === null) problems.push({ kind: 'seal', where: 'data block › seal', expected: `sealed with ${expectedSeal.saltFingerprint}`, found: 'not sealed' });
    else if (block.seal.hmacSha256 !== expectedSeal.hmacSha256) problems.push({ kind: 'seal', where: 'data block › seal', expected: expectedSeal.hmacSha256, found: block.seal.hmacSha256 });
    const student = block.student;
    if (student !== null) {
      if (student.saltFingerprint !== saltFingerprint(salt)) problems.push({ kind: 'salt', where: 'student › salt fingerprint', expected: saltFingerprint(salt), found: student.saltFingerprint });
      if (lab === undefined) {
        notes.push('variant not checked: the lab is not available');
      } else {
        const derived = deriveVariant(block.lab.id, student.studentId, salt, lab.definition.variables);
        if (describeVariant(derived) !== describeVariant(student.values)) problems.push({ kind: 'variant', where: `student › ${student.studentId}`, expected: describeVariant(derived), found: describeVariant(student.values) });
      }
    }
  }

  if (block.proclabVersion !== proclabVersion()) {
    notes.push(`page not compared: the hand-in was drawn by proclab ${block.proclabVersion}, this is ${proclabVersion()}`);
  } else {
    let redrawn: string;
    try {
      redrawn = renderHandinData(block, block.seal).html;
    } catch (error) {
      problems.push({ kind: 'data-block', where: 'data block', expected: 'data a hand-in can be drawn from', found: error instanceof Error ? error.message : String(error) });
      return { ok: false, problems, notes, handin: block };
    }
    const differences = compareCells(htmlTextCells(pageBody(withoutDataBlock(redrawn))), htmlTextCells(pageBody(withoutDataBlock(html))));
    const listed = options.maxPageProblems ?? 50;
    for (const difference of differences.slice(0, listed)) problems.push({ kind: 'page', where: difference.where, expected: difference.expected, found: difference.found });
    if (differences.length > listed) problems.push({ kind: 'page', where: 'page', expected: '', found: `${differences.length - listed} more differences` });
  }
  return { ok: problems.length === 0, problems, notes, handin: block };
}
