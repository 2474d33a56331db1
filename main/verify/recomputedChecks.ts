import type { CheckResult, RunDetail } from '../../preload/api.ts';
import { evaluateChecks } from '../lab/checkEvaluation.ts';
import type { LabCheck } from '../lab/labDefinition.ts';
import { parseEngineScenario } from '../scenario/engineScenario.ts';
import type { VerificationProblem } from './verifyReport.ts';

function checkText(result: CheckResult): string {
  return `${result.passed ? 'passed' : 'failed'}: ${result.detail}`;
}

/** Each recorded check result of the run against the checks evaluated again on its metrics; `prefix` places them in a hand-in. */
export function recomputedChecks(run: RunDetail, definitions: readonly LabCheck[], problems: VerificationProblem[], notes: string[], prefix = ''): void {
  if (run.status !== 'succeeded' || run.metrics === null) {
    for (const recorded of run.checks) problems.push({ kind: 'check', where: `${prefix}checks › ${recorded.checkId}`, expected: 'no result (the run did not succeed)', found: checkText(recorded) });
    return;
  }
  const scenario = parseEngineScenario(run.scenarioText, run.engine);
  if (!scenario.ok) {
    notes.push(`checks not recomputed: the scenario does not parse with this proclab (${scenario.diagnostics[0]?.message ?? 'unknown problem'})`);
    return;
  }
  const expected = evaluateChecks(definitions, scenario.value, run.metrics);
  const recordedById = new Map(run.checks.map((check) => [check.checkId, check]));
  for (const result of expected) {
    const recorded = recordedById.get(result.checkId);
    recordedById.delete(result.checkId);
    if (recorded === undefined) problems.push({ kind: 'check', where: `${prefix}checks › ${result.checkId}`, expected: checkText(result), found: 'no result' });
    else if (recorded.passed !== result.passed || recorded.detail !== result.detail) problems.push({ kind: 'check', where: `${prefix}checks › ${result.checkId}`, expected: checkText(result), found: checkText(recorded) });
  }
  for (const recorded of recordedById.values()) problems.push({ kind: 'check', where: `${prefix}checks › ${recorded.checkId}`, expected: 'no such check applies', found: checkText(recorded) });
}

