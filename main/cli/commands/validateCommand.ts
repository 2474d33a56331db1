import { LabCatalog } from '../../lab/labCatalog.ts';
import { sharedFlags, type Command } from '../commandLine.ts';
import { overridesFrom, resolveScenario } from '../scenarioSource.ts';
import { reportLabProblems } from '../serviceForCommand.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Checks a scenario without running it. Problems are printed as file:line:col: message (exit code 2).',
  arguments: [{ name: 'FILE|LAB', help: 'A scenario file, or a lab (see proclab list).' }],
  flags: [{ ...sharedFlags.set, help: 'Override a value first (repeatable), e.g. --set load.duration=2s.' }],
  async run(line) {
    const [target] = line.arguments as [string];
    const catalog = new LabCatalog();
    reportLabProblems(catalog.problems);
    const source = resolveScenario(target, overridesFrom(line.values.set), catalog);
    process.stdout.write(`${source.label}: valid ${source.lab.definition.engine} scenario\n`);
    return 0;
  },
};
