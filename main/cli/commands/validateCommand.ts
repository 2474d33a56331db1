import { isLabFolder, loadLabFolder } from '../../service/labFolders.ts';
import type { Command } from '../commandLine.ts';
import { UsageError } from '../cliErrors.ts';
import { fullCatalog } from '../instructorLab.ts';
import { overridesFrom, resolveScenario } from '../scenarioSource.ts';

export const validateCommand: Command = {
  name: 'validate',
  usage: 'proclab validate FILE|LAB|LAB_DIR [--set path=value]...',
  summary: 'Checks a scenario, or a whole lab folder, without running it. Problems are printed as file:line:col: message (exit code 2).',
  help: `--set path=value  override a value first (repeatable), e.g. --set load.duration=2s
A lab folder is checked whole: lab.yaml (questions, rubric, checks, variables), scenario.yaml with every
variable at its smallest and largest value, both instructions files, and instructor/hidden-checks.yaml.`,
  options: { set: { type: 'string', multiple: true } },
  async run(parsed) {
    const target = parsed.positionals[0];
    if (target === undefined || parsed.positionals.length > 1) throw new UsageError(`usage: ${this.usage}`);
    if (isLabFolder(target) && parsed.values.set === undefined) {
      const lab = loadLabFolder(target);
      const parts = [`${lab.definition.questions.length} question(s)`, `${lab.definition.checks.length} check(s)`, `${lab.hiddenChecks.length} hidden`, `${lab.definition.variables.length} variable(s)`];
      process.stdout.write(`${target}: valid ${lab.definition.engine} lab ${lab.definition.id} (${parts.join(', ')})\n`);
      return 0;
    }
    const source = resolveScenario(target, overridesFrom(parsed.values.set), fullCatalog());
    process.stdout.write(`${source.label}: valid ${source.lab.definition.engine} scenario\n`);
    return 0;
  },
};
