import type { RunMetrics } from '../../preload/api.ts';
import { measureCheck } from '../lab/checkEvaluation.ts';
import type { LabCheck } from '../lab/labDefinition.ts';

export interface CheckScore {
  checkId: string;
  points: number;
  maxPoints: number;
  /** passed; partial (missed by less than partialWithin); failed; missing (no measurement); not-applicable (its `when` does not hold). */
  outcome: 'passed' | 'partial' | 'failed' | 'missing' | 'not-applicable';
  detail: string;
}

function roundPoints(points: number): number {
  return Math.round(points * 100) / 100;
}

/**
 * A check's points for one run. A pass earns them all; a miss by less than `partialWithin` of the
 * target earns them in proportion to how close it came (linearly: a miss by half the allowance
 * earns half). A check whose `when` does not hold for the student's scenario earns nothing: the
 * run did not show what it asks for.
 */
export function scoreCheck(check: LabCheck, scenario: unknown, metrics: RunMetrics | null): CheckScore {
  const base = { checkId: check.id, maxPoints: check.points };
  if (metrics === null) return { ...base, points: 0, outcome: 'missing', detail: 'the run has no metrics' };
  const measurement = measureCheck(check, scenario, metrics);
  if (!measurement.applies) return { ...base, points: 0, outcome: 'not-applicable', detail: 'does not apply to this scenario' };
  if (!measurement.measured) return { ...base, points: 0, outcome: 'missing', detail: measurement.detail };
  if (measurement.passed) return { ...base, points: check.points, outcome: 'passed', detail: measurement.detail };
  const allowance = check.partialWithin * Math.abs(measurement.target);
  const miss = Math.abs(measurement.left - measurement.target);
  if (allowance > 0 && miss < allowance) {
    return { ...base, points: roundPoints(check.points * (1 - miss / allowance)), outcome: 'partial', detail: `${measurement.detail} (missed by ${roundPoints((miss / Math.abs(measurement.target)) * 100)}% of the target)` };
  }
  return { ...base, points: 0, outcome: 'failed', detail: measurement.detail };
}
