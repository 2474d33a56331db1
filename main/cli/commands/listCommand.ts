import { LabCatalog } from '../../lab/labCatalog.ts';
import type { Command } from '../commandLine.ts';
import { reportLabProblems } from '../serviceForCommand.ts';

export const listCommand: Command = {
  name: 'list',
  usage: 'proclab list [--json]',
  summary: 'Lists the labs proclab ships.',
  help: () => `--json           print the labs as JSON`,
  options: { json: { type: 'boolean' } },
  async run(parsed) {
    const catalog = new LabCatalog();
    reportLabProblems(catalog.problems);
    const labs = catalog.list();
    if (parsed.values.json === true) {
      process.stdout.write(`${JSON.stringify(labs, null, 2)}\n`);
    } else {
      const width = Math.max(...labs.map((lab) => lab.id.length));
      for (const lab of labs) process.stdout.write(`${lab.id.padEnd(width)}  ${lab.title.en} — ${lab.summary.en}\n`);
    }
    return 0;
  },
};
