import { existsSync, statSync, writeFileSync } from 'node:fs';
import { packLabFolder } from '../../service/labPacks.ts';
import { UsageError } from '../cliErrors.ts';
import type { Command } from '../commandLine.ts';
import { courseSaltOption, nameFlag, saltFileFlag } from '../instructorLab.ts';

export const packCommand: Command = {
  name: 'pack',
  summary: 'Makes the single file an instructor hands out: the lab folder (without its instructor/ folder), each file’s SHA-256, a checksum, and the course salt.',
  arguments: [{ name: 'LAB_DIR', help: 'The lab folder.' }],
  flags: [
    nameFlag('out', 'FILE.proclab', { en: 'Where to write the pack.', 'pt-BR': 'Onde escrever o pacote.' }, { required: true }),
    saltFileFlag('The course salt (default: the lab’s instructor/course-salt; a lab without one gets a new random salt, written to its instructor/course-salt).'),
  ],
  notes: `The pack carries the course salt because the student's window derives the variant from it: a student who opens the pack can read it. See docs/authoring-labs.md for what the salt protects. Hidden checks (instructor/hidden-checks.yaml) are never packed.`,
  async run(line) {
    const [folder] = line.arguments as [string];
    const out = line.values.out as string;
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${folder}: not a lab folder`);
    // --salt-file, else the lab's own salt, else a new one (packLabFolder reads the lab's).
    const packed = packLabFolder(folder, courseSaltOption(line, undefined));
    if (packed.newSaltFile !== undefined) process.stderr.write(`proclab: made a new course salt in ${packed.newSaltFile} (keep it: grading derives the variants from it)\n`);
    writeFileSync(out, packed.text);
    const hidden = packed.hiddenCheckCount === 0 ? '' : `; ${packed.hiddenCheckCount} hidden check(s) left out`;
    process.stdout.write(`${out}: lab ${packed.labId}, ${packed.fileCount} files, salt ${packed.saltFingerprint}, checksum ${packed.checksum}${hidden}\n`);
    return 0;
  },
};
