import { engineNames } from '../../engines/engineRegistry.ts';
import { scaffoldLabFolder } from '../../service/labPacks.ts';
import { schema } from '../../scenario/schema.ts';
import type { Command } from '../commandLine.ts';
import { nameFlag, optionalText } from '../instructorLab.ts';

export const newLabCommand: Command = {
  name: 'new-lab',
  summary: 'Scaffolds a lab folder that validates and runs: lab.yaml, the engine’s scenario, instructions in English and Portuguese, and an instructor/ folder.',
  arguments: [{ name: 'ID', help: 'The new lab’s id (also the folder’s name).' }],
  flags: [
    {
      name: 'engine',
      required: true,
      node: schema.enumeration({ description: { en: 'The engine the lab runs.', 'pt-BR': 'O motor que o laboratório executa.' }, choices: engineNames() as [string, ...string[]] }),
      valueName: 'NAME',
      help: `The engine: ${engineNames().join(', ')}.`,
    },
    nameFlag('dir', 'DIR', { en: 'Where to create the folder ID (default: the current folder).', 'pt-BR': 'Onde criar a pasta ID (padrão: a pasta atual).' }),
  ],
  notes: 'Then: proclab validate DIR/ID, proclab run DIR/ID --json, proclab pack DIR/ID --out ID.proclab.',
  async run(line) {
    const [labId] = line.arguments as [string];
    const engine = line.values.engine as string;
    const lab = scaffoldLabFolder(optionalText(line, 'dir') ?? '.', labId, engine);
    process.stdout.write(`${lab.folder}: new ${engine} lab ${labId}\n`);
    return 0;
  },
};
