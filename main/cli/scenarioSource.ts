import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { StudentVariant } from '../../preload/api.ts';
import { LabCatalog, loadLab, type Lab } from '../lab/labCatalog.ts';
import { normalizeStudentId, studentIdRule, variantOverrides } from '../lab/labVariants.ts';
import { studentVariant } from '../service/labService.ts';
import { applyOverrides, parseOverride, type ScenarioOverride } from '../scenario/scenarioOverrides.ts';
import { parseEngineScenario } from '../scenario/engineScenario.ts';
import { ScenarioError, UsageError } from './cliErrors.ts';

export interface ScenarioSource {
  lab: Lab;
  /** What messages call the scenario: the file as given, or the lab's scenario file. */
  label: string;
  text: string;
  /** Who runs it and their variant (applied to the lab's scenario before any --set). */
  student: StudentVariant | null;
}

export const studentHelp = `--student ID      your student id (default: $PROCLAB_STUDENT_ID): the run records it, and a lab with
                  variables gets your variant's values before any --set`;

/** The student id from --student or $PROCLAB_STUDENT_ID, normalized; undefined when neither is set. */
export function studentIdFrom(value: unknown, environment: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = typeof value === 'string' ? value : environment['PROCLAB_STUDENT_ID'];
  if (given === undefined || given === '') return undefined;
  const normalized = normalizeStudentId(given);
  if (normalized === undefined) throw new UsageError(`"${given}" is not a student id: ${studentIdRule}`);
  return normalized;
}

export function overridesFrom(values: unknown): ScenarioOverride[] {
  const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return list.map((argument) => {
    const override = parseOverride(String(argument));
    if (override === undefined) throw new UsageError(`--set takes path=value, like load.duration=2s; got "${String(argument)}"`);
    return override;
  });
}

function readScenarioFile(path: string): string {
  if (!existsSync(path)) throw new UsageError(`${path}: no such file`);
  if (!statSync(path).isFile()) throw new UsageError(`${path}: not a file`);
  return readFileSync(path, 'utf8');
}

/**
 * A lab id, a lab folder or a scenario file, with the student's variant (for a lab) and --set
 * overrides applied and the result validated.
 */
export function resolveScenario(target: string, overrides: ScenarioOverride[], catalog: LabCatalog, studentId?: string): ScenarioSource {
  const isFolder = existsSync(target) && statSync(target).isDirectory();
  let lab = isFolder ? loadLab(resolve(target)) : catalog.get(target);
  let label: string;
  let text: string;
  let variantApplied: StudentVariant | null = null;
  if (lab !== undefined && (isFolder || !existsSync(target))) {
    label = relative(process.cwd(), join(lab.folder, 'scenario.yaml'));
    text = readFileSync(join(lab.folder, 'scenario.yaml'), 'utf8');
    if (studentId !== undefined) {
      variantApplied = studentVariant(lab, studentId);
      const withVariant = applyOverrides(text, variantOverrides(variantApplied.values));
      if (!withVariant.ok) throw new UsageError(`${label}: ${withVariant.message}`);
      text = withVariant.text;
      if (variantApplied.values.length > 0) label = `${label} (variant of ${studentId})`;
    }
  } else {
    if (!existsSync(target) && !/[./\\]/.test(target)) {
      throw new UsageError(`"${target}" is neither a lab (see proclab list) nor a scenario file`);
    }
    label = target;
    text = readScenarioFile(target);
  }
  const overridden = applyOverrides(text, overrides);
  if (!overridden.ok) throw new UsageError(`${label}: ${overridden.message}`);
  if (overrides.length > 0) label = `${label} (with --set)`;
  const parsed = parseEngineScenario(overridden.text);
  if (!parsed.ok) throw new ScenarioError(label, parsed.diagnostics);
  if (lab === undefined || lab.definition.engine !== parsed.engine.name) {
    lab = catalog.list().map((summary) => catalog.get(summary.id)!).find((candidate) => candidate.definition.engine === parsed.engine.name);
    if (lab === undefined) throw new UsageError(`${label}: no lab runs the "${parsed.engine.name}" engine`);
  }
  const student = variantApplied ?? (studentId === undefined ? null : studentVariant(lab, studentId));
  return { lab, label, text: overridden.text, student };
}
