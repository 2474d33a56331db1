import { isLabFolder, loadLabFolder } from '../../service/labFolders.ts';
import { sharedFlags, type Command } from '../commandLine.ts';
import { fullCatalog } from '../instructorLab.ts';
import { overridesFrom, resolveScenario } from '../scenarioSource.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Checks a scenario, or a whole lab folder, without running it. Problems are printed as file:line:col: message (exit code 2).',
  arguments: [{ name: 'FILE|LAB|LAB_DIR', help: 'A scenario file, a lab (see proclab list), or a lab folder.' }],
  flags: [{ ...sharedFlags.set, help: 'Override a value first (repeatable), e.g. --set load.duration=2s.' }],
  notes: 'A lab folder is checked whole: lab.yaml (questions, rubric, checks, variables), scenario.yaml with every variable at its smallest and largest value, both instructions files, and instructor/hidden-checks.yaml.',
  async run(line) {
    const [target] = line.arguments as [string];
    const overrides = overridesFrom(line.values.set);
    if (isLabFolder(target) && overrides.length === 0) {
      const lab = loadLabFolder(target);
      const parts = [`${lab.definition.questions.length} question(s)`, `${lab.definition.checks.length} check(s)`, `${lab.hiddenChecks.length} hidden`, `${lab.definition.variables.length} variable(s)`];
      process.stdout.write(`${target}: valid ${lab.definition.engine} lab ${lab.definition.id} (${parts.join(', ')})\n`);
      return 0;
    }
    const source = resolveScenario(target, overrides, fullCatalog());
    process.stdout.write(`${source.label}: valid ${source.lab.definition.engine} scenario\n`);
    return 0;
  },
};
