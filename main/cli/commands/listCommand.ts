import { sharedFlags, type Command } from '../commandLine.ts';
import { fullCatalog } from '../instructorLab.ts';

export const listCommand: Command = {
  name: 'list',
  summary: 'Lists the labs: the ones proclab ships and the ones imported from lab packs.',
  flags: [{ ...sharedFlags.json, help: 'Print the labs as JSON (each with its origin: shipped or imported).' }],
  async run(line) {
    const labs = fullCatalog().list();
    if (line.values.json === true) {
      process.stdout.write(`${JSON.stringify(labs, null, 2)}\n`);
    } else {
      const width = Math.max(...labs.map((lab) => lab.id.length));
      for (const lab of labs) process.stdout.write(`${lab.id.padEnd(width)}  ${lab.title.en} — ${lab.summary.en}${lab.origin === 'imported' ? ' (imported)' : ''}\n`);
    }
    return 0;
  },
};
