import { engineNames } from '../../engines/engineRegistry.ts';
import { scaffoldLabFolder } from '../../service/labPacks.ts';
import { UsageError } from '../cliErrors.ts';
import { stringOption, type Command } from '../commandLine.ts';

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
    const lab = scaffoldLabFolder(stringOption(parsed, 'dir') ?? '.', labId, engine);
    process.stdout.write(`${lab.folder}: new ${engine} lab ${labId}\n`);
    return 0;
  },
};
