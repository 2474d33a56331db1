import { createHmac } from 'node:crypto';
import type { VariantValue } from '../../preload/api.ts';
import type { ScenarioOverride } from '../scenario/scenarioOverrides.ts';
import type { LabVariableDefinition } from './labDefinition.ts';

/**
 * Names the derivation below. A variant is only meaningful together with the rule that made it,
 * so a change to the rule must change this name (and old reports keep naming the old rule).
 */
export const variantDerivation = 'proclab-variant/1';

const studentIdPattern = /^[a-z0-9][a-z0-9._@-]{0,63}$/;
const maxChoices = 10_000;

/**
 * A student id as variants use it: trimmed and lower-cased, so "A123 " and "a123" are the same
 * student. Undefined when it is not an id (1 to 64 letters, digits, dot, underscore, @ or dash).
 */
export function normalizeStudentId(text: string): string | undefined {
  const normalized = text.normalize('NFC').trim().toLowerCase();
  return studentIdPattern.test(normalized) ? normalized : undefined;
}

export const studentIdRule = 'a student id is 1 to 64 letters, digits, dots, underscores, @ or dashes, starting with a letter or digit';

function formatRangeValue(value: number): string {
  // Steps like 0.1 accumulate binary error; ten decimals is far below any scenario's precision.
  return String(Number(value.toFixed(10)));
}

/** Every value a student can get for this variable, in order. */
export function variableChoices(variable: LabVariableDefinition): string[] {
  if (variable.values.length > 0) return [...variable.values];
  const { from, to, step, unit } = variable.range;
  if (!(step > 0) || !(to >= from)) return [];
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > maxChoices) return [];
  return Array.from({ length: count }, (_, index) => `${formatRangeValue(from + index * step)}${unit}`);
}

/** Why a variable has no choices, or undefined when it has some. */
export function variableProblem(variable: LabVariableDefinition): string | undefined {
  if (variable.values.length > 0) return undefined;
  const { from, to, step } = variable.range;
  if (from === 0 && to === 0) return `variable "${variable.id}" needs values: [...] or range: {from, to, step}`;
  if (!(step > 0)) return `variable "${variable.id}": range.step must be more than 0`;
  if (!(to >= from)) return `variable "${variable.id}": range.to must be at least range.from`;
  if (variableChoices(variable).length === 0) return `variable "${variable.id}": the range has more than ${maxChoices} values`;
  return undefined;
}

/**
 * Picks one value per variable with HMAC-SHA-256 keyed by the course salt over the lab, the
 * student and the variable: the same student always gets the same values, two students get
 * independent ones, and without the salt nobody can say in advance which values an id gets.
 */
export function deriveVariant(labId: string, studentId: string, salt: string, variables: readonly LabVariableDefinition[]): VariantValue[] {
  return variables.map((variable) => {
    const choices = variableChoices(variable);
    if (choices.length === 0) throw new Error(variableProblem(variable) ?? `variable "${variable.id}" has no values`);
    const digest = createHmac('sha256', salt).update(`${variantDerivation}\n${labId}\n${studentId}\n${variable.id}`, 'utf8').digest();
    // 64 bits modulo a few thousand choices: the bias is below 1e-15, far under any spread a class shows.
    const index = Number(digest.readBigUInt64BE(0) % BigInt(choices.length));
    return { id: variable.id, path: variable.path, value: choices[index]! };
  });
}

/** The variant as `--set` overrides, applied to the scenario before the student's own. */
export function variantOverrides(values: readonly VariantValue[]): ScenarioOverride[] {
  return values.map((value) => ({ path: value.path, value: value.value }));
}

/** `id=value` pairs joined by `;`, as the gradebook shows a variant. */
export function describeVariant(values: readonly VariantValue[]): string {
  return values.map((value) => `${value.id}=${value.value}`).join(';');
}
