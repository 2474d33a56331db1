import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LabCatalog, type Lab } from '../lab/labCatalog.ts';
import { applyOverrides, parseOverride, type ScenarioOverride } from '../scenario/scenarioOverrides.ts';
import { parseEngineScenario } from '../scenario/engineScenario.ts';
import { ScenarioError, UsageError } from './cliErrors.ts';

export interface ScenarioSource {
  lab: Lab;
  /** What messages call the scenario: the file as given, or the lab's scenario file. */
  label: string;
  text: string;
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

/** A lab id or a scenario file, with --set overrides applied and the result validated. */
export function resolveScenario(target: string, overrides: ScenarioOverride[], catalog: LabCatalog): ScenarioSource {
  let lab = catalog.get(target);
  let label: string;
  let text: string;
  if (lab !== undefined && !existsSync(target)) {
    label = relative(process.cwd(), join(lab.folder, 'scenario.yaml'));
    text = readFileSync(join(lab.folder, 'scenario.yaml'), 'utf8');
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
  return { lab, label, text: overridden.text };
}
