import { parseEngineScenario } from '../scenario/engineScenario.ts';
import { applyOverrides } from '../scenario/scenarioOverrides.ts';
import type { LabCheck, LabDefinition } from './labDefinition.ts';
import { variableChoices, variableProblem } from './labVariants.ts';
import { yamlPathPosition } from './yamlPositions.ts';

/** A problem in one file of a lab folder, with where it is. */
export interface LabProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Line 0 stands for the whole file ("… is missing"). */
export function formatLabProblem(problem: LabProblem): string {
  if (problem.line === 0) return `${problem.file} ${problem.message}`;
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

function duplicates<Item>(items: readonly Item[], key: (item: Item) => string): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  items.forEach((item, index) => {
    const value = key(item);
    if (seen.has(value)) repeated.push(index);
    seen.add(value);
  });
  return repeated;
}

/**
 * What the schema cannot say about a lab.yaml that parsed: ids must be unique, every variable
 * needs values, and the lab's scenario must stay valid with every variable at its smallest and
 * largest value (so no student can be handed a variant that does not run).
 */
export function labDefinitionProblems(file: string, text: string, definition: LabDefinition, engineName: string, scenarioText: string): LabProblem[] {
  const problems: LabProblem[] = [];
  const at = (path: (string | number)[], message: string): void => {
    problems.push({ file, ...yamlPathPosition(text, path), message });
  };
  for (const index of duplicates(definition.questions, (question) => question.id)) at(['questions', index, 'id'], `question id "${definition.questions[index]!.id}" is used twice`);
  for (const index of duplicates(definition.checks, (check) => check.id)) at(['checks', index, 'id'], `check id "${definition.checks[index]!.id}" is used twice`);
  for (const index of duplicates(definition.variables, (variable) => variable.id)) at(['variables', index, 'id'], `variable id "${definition.variables[index]!.id}" is used twice`);
  for (const index of duplicates(definition.variables, (variable) => variable.path)) at(['variables', index, 'path'], `two variables set ${definition.variables[index]!.path}`);
  definition.questions.forEach((question, questionIndex) => {
    for (const index of duplicates(question.rubric, (criterion) => criterion.id)) {
      at(['questions', questionIndex, 'rubric', index, 'id'], `rubric criterion "${question.rubric[index]!.id}" is used twice in question ${question.id}`);
    }
  });
  definition.variables.forEach((variable, index) => {
    const problem = variableProblem(variable);
    if (problem !== undefined) return at(['variables', index, variable.values.length > 0 ? 'values' : 'range'], problem);
    const choices = variableChoices(variable);
    for (const value of new Set([choices[0]!, choices[choices.length - 1]!])) {
      const overridden = applyOverrides(scenarioText, [{ path: variable.path, value }]);
      const parsed = overridden.ok ? parseEngineScenario(overridden.text, engineName) : undefined;
      if (parsed?.ok === true) continue;
      const reason = overridden.ok ? parsed!.ok ? '' : parsed!.diagnostics[0]!.message : overridden.message;
      // Point at the value itself when it is written out; a range's values are made from the range.
      const valueIndex = variable.values.indexOf(value);
      at(valueIndex === -1 ? ['variables', index, 'range'] : ['variables', index, 'values', valueIndex], `variable "${variable.id}" = ${value} makes the lab's scenario invalid: ${reason}`);
    }
  });
  return problems;
}

/** Hidden checks must not reuse a public check's id: feedback and the gradebook tell them apart by id. */
export function hiddenCheckProblems(file: string, text: string, hidden: readonly LabCheck[], publicChecks: readonly LabCheck[]): LabProblem[] {
  const publicIds = new Set(publicChecks.map((check) => check.id));
  const problems: LabProblem[] = [];
  hidden.forEach((check, index) => {
    if (publicIds.has(check.id)) problems.push({ file, ...yamlPathPosition(text, ['checks', index, 'id']), message: `hidden check id "${check.id}" is also a check in lab.yaml` });
  });
  for (const index of duplicates(hidden, (check) => check.id)) problems.push({ file, ...yamlPathPosition(text, ['checks', index, 'id']), message: `hidden check id "${hidden[index]!.id}" is used twice` });
  return problems;
}
