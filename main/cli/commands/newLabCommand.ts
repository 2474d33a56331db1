import { resolve } from 'node:path';
import { engineNames } from '../../engines/engineRegistry.ts';
import { scaffoldLab, ScaffoldError } from '../../lab/labScaffold.ts';
import { UsageError } from '../cliErrors.ts';
import { stringOption, type Command } from '../commandLine.ts';
import { newCourseSalt } from './packCommand.ts';

export const newLabCommand: Command = {
  name: 'new-lab',
  usage: 'proclab new-lab ID --engine NAME [--dir DIR]',
  summary: 'Scaffolds a lab folder that validates and runs: lab.yaml, the engine’s scenario, instructions in English and Portuguese, and an instructor/ folder.',
  help: `--engine NAME     the engine: ${engineNames().join(', ')}
--dir DIR         where to create the folder ID (default: the current folder)
Then: proclab validate DIR/ID, proclab run DIR/ID --json, proclab pack DIR/ID --out ID.proclab.`,
  options: { engine: { type: 'string' }, dir: { type: 'string' } },
  async run(parsed) {
    const labId = parsed.positionals[0];
    const engine = stringOption(parsed, 'engine');
    if (labId === undefined || parsed.positionals.length > 1 || engine === undefined) throw new UsageError(`usage: ${this.usage}`);
    try {
      const lab = scaffoldLab(resolve(stringOption(parsed, 'dir') ?? '.'), labId, engine, newCourseSalt());
      process.stdout.write(`${lab.folder}: new ${engine} lab ${labId}\n`);
      return 0;
    } catch (error) {
      if (error instanceof ScaffoldError) throw new UsageError(error.message);
      throw error;
    }
  },
};
