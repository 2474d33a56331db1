import { existsSync, readFileSync, statSync } from 'node:fs';
import { openLabCatalog } from '../../service/labFolders.ts';
import { installPackText, maxPackBytes } from '../../service/labPacks.ts';
import { exitCodes, UsageError } from '../cliErrors.ts';
import type { Command } from '../commandLine.ts';

export const importCommand: Command = {
  name: 'import',
  summary: 'Validates a lab pack and installs its lab in the user labs folder ($PROCLAB_HOME/labs, or ~/.proclab/labs); it then appears in proclab list and the window.',
  arguments: [{ name: 'FILE.proclab', help: 'The lab pack (proclab pack makes one).' }],
  flags: [],
  notes: `Problems are printed as FILE:line:col: message, for the pack itself and for the lab files in it (FILE/lab.yaml:12:3: ...), and nothing is installed. Importing a lab again replaces the earlier import. A lab with the id of one proclab ships cannot be imported.

Exit codes: 0 imported; 2 the pack is broken or bad input.`,
  async run(line) {
    const [file] = line.arguments as [string];
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${file}: no such file`);
    if (statSync(file).size > maxPackBytes) throw new UsageError(`${file}: a lab pack is at most ${maxPackBytes / 1024} KiB`);
    // A pack's problems (file:line:col) reach the user as they are, with exit code 2.
    const installed = installPackText(readFileSync(file, 'utf8'), file, openLabCatalog());
    process.stdout.write(`${installed.replaced ? 'replaced' : 'imported'} lab ${installed.labId} (${installed.title.en}) in ${installed.folder}\n`);
    return exitCodes.ok;
  },
};
