import { readPath } from '../../common/metricPath.ts';
import type { CheckResult, RunMetrics } from '../../preload/api.ts';
import type { LabCheck } from './labDefinition.ts';

function numberAt(metrics: RunMetrics, pathOrNumber: string): number | undefined {
  const literal = Number(pathOrNumber);
  if (pathOrNumber.trim() !== '' && Number.isFinite(literal)) return literal;
  const value = readPath(metrics, pathOrNumber);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

const compare: Record<LabCheck['expect']['op'], (left: number, right: number) => boolean> = {
  '>=': (left, right) => left >= right,
  '<=': (left, right) => left <= right,
  '>': (left, right) => left > right,
  '<': (left, right) => left < right,
};

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export type CheckMeasurement =
  | { applies: false }
  | { applies: true; measured: false; detail: string }
  | { applies: true; measured: true; passed: boolean; left: number; target: number; detail: string };

/** Whether the check applies to this scenario and, if it does, the two sides it compares. */
export function measureCheck(check: LabCheck, scenario: unknown, metrics: RunMetrics): CheckMeasurement {
  const conditions = check.when.path === '' ? check.when.and : [{ path: check.when.path, equals: check.when.equals }, ...check.when.and];
  if (!conditions.every((condition) => String(readPath(scenario, condition.path)) === condition.equals)) return { applies: false };
  const { left, op, factor, right } = check.expect;
  const leftValue = numberAt(metrics, left);
  const rightValue = numberAt(metrics, right);
  if (leftValue === undefined || rightValue === undefined) {
    const missing = leftValue === undefined ? left : right;
    return { applies: true, measured: false, detail: `no measurement at ${missing} in this run` };
  }
  const target = factor * rightValue;
  const passed = compare[op](leftValue, target);
  const rightText = factor === 1 ? format(rightValue) : `${format(factor)} × ${format(rightValue)} = ${format(target)}`;
  return { applies: true, measured: true, passed, left: leftValue, target, detail: `${left} = ${format(leftValue)} ${op} ${rightText}` };
}

/** Evaluates the lab's checks that apply to this scenario; checks whose data is missing fail and say why. */
export function evaluateChecks(checks: readonly LabCheck[], scenario: unknown, metrics: RunMetrics): CheckResult[] {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const measurement = measureCheck(check, scenario, metrics);
    if (!measurement.applies) continue;
    results.push({ checkId: check.id, title: check.title, passed: measurement.measured && measurement.passed, detail: measurement.detail });
  }
  return results;
}
