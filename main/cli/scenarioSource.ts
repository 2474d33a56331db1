import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { StudentVariant } from '../../preload/api.ts';
import { InvalidArgument, studentIdArgument } from '../service/argumentChecks.ts';
import { isLabFolder, loadLabFolder, type Lab, type LabCatalog } from '../service/labFolders.ts';
import { labVariant, studentVariant } from '../service/labService.ts';
import { ServiceError } from '../service/serviceError.ts';
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

/** The student id from --student or $PROCLAB_STUDENT_ID, normalized; undefined when neither is set. */
export function studentIdFrom(value: unknown, environment: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = typeof value === 'string' ? value : environment['PROCLAB_STUDENT_ID'];
  if (given === undefined || given === '') return undefined;
  try {
    return studentIdArgument(given);
  } catch (error) {
    if (error instanceof InvalidArgument) throw new UsageError(`"${given}": ${error.message}`);
    throw error;
  }
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
  const isFolder = isLabFolder(target);
  let lab = isFolder ? loadLabFolder(target) : catalog.get(target);
  let label: string;
  let text: string;
  let variantApplied: StudentVariant | null = null;
  if (lab !== undefined && (isFolder || !existsSync(target))) {
    label = relative(process.cwd(), join(lab.folder, 'scenario.yaml'));
    text = readFileSync(join(lab.folder, 'scenario.yaml'), 'utf8');
    if (studentId !== undefined) {
      let variant;
      try {
        variant = labVariant(lab, studentId);
      } catch (error) {
        if (error instanceof ServiceError) throw new UsageError(`${label}: ${error.message}`);
        throw error;
      }
      variantApplied = { studentId: variant.studentId, values: variant.values, saltFingerprint: variant.saltFingerprint, derivation: variant.derivation };
      text = variant.scenarioText;
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
    lab = catalog.forEngine(parsed.engine.name);
    if (lab === undefined) throw new UsageError(`${label}: no lab runs the "${parsed.engine.name}" engine`);
  }
  const student = variantApplied ?? (studentId === undefined ? null : studentVariant(lab, studentId));
  return { lab, label, text: overridden.text, student };
}
