import { LabCatalog } from '../../lab/labCatalog.ts';
import { sharedFlags, type Command } from '../commandLine.ts';
import { reportLabProblems } from '../serviceForCommand.ts';

export const listCommand: Command = {
  name: 'list',
  summary: 'Lists the labs proclab ships.',
  flags: [{ ...sharedFlags.json, help: 'Print the labs as JSON.' }],
  async run(line) {
    const catalog = new LabCatalog();
    reportLabProblems(catalog.problems);
    const labs = catalog.list();
    if (line.values.json === true) {
      process.stdout.write(`${JSON.stringify(labs, null, 2)}\n`);
    } else {
      const width = Math.max(...labs.map((lab) => lab.id.length));
      for (const lab of labs) process.stdout.write(`${lab.id.padEnd(width)}  ${lab.title.en} — ${lab.summary.en}\n`);
    }
    return 0;
  },
};
