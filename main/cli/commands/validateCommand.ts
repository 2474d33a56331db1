import { LabCatalog } from '../../lab/labCatalog.ts';
import type { Command } from '../commandLine.ts';
import { UsageError } from '../cliErrors.ts';
import { overridesFrom, resolveScenario } from '../scenarioSource.ts';
import { reportLabProblems } from '../serviceForCommand.ts';

export const validateCommand: Command = {
  name: 'validate',
  usage: 'proclab validate FILE|LAB [--set path=value]...',
  summary: 'Checks a scenario without running it. Problems are printed as file:line:col: message (exit code 2).',
  help: () => `--set path=value  override a value first (repeatable), e.g. --set load.duration=2s`,
  options: { set: { type: 'string', multiple: true } },
  async run(parsed) {
    const target = parsed.positionals[0];
    if (target === undefined || parsed.positionals.length > 1) throw new UsageError(`usage: ${this.usage}`);
    const catalog = new LabCatalog();
    reportLabProblems(catalog.problems);
    const source = resolveScenario(target, overridesFrom(parsed.values.set), catalog);
    process.stdout.write(`${source.label}: valid ${source.lab.definition.engine} scenario\n`);
    return 0;
  },
};
