import { existsSync, statSync, writeFileSync } from 'node:fs';
import { packLabFolder } from '../../service/labPacks.ts';
import { UsageError } from '../cliErrors.ts';
import { stringOption, type Command } from '../commandLine.ts';
import { courseSaltOption, saltFileHelp } from '../instructorLab.ts';

export const packCommand: Command = {
  name: 'pack',
  usage: 'proclab pack LAB_DIR --out FILE.proclab [--salt-file FILE]',
  summary: 'Makes the single file an instructor hands out: the lab folder (without its instructor/ folder), each file’s SHA-256, a checksum, and the course salt.',
  help: `--out FILE.proclab where to write the pack
${saltFileHelp}
                   (a lab without one gets a new random salt, written to its instructor/course-salt)
The pack carries the course salt because the student's window derives the variant from it: a
student who opens the pack can read it. See docs/authoring-labs.md for what the salt protects.
Hidden checks (instructor/hidden-checks.yaml) are never packed.`,
  options: { out: { type: 'string' }, 'salt-file': { type: 'string' } },
  async run(parsed) {
    const folder = parsed.positionals[0];
    const out = stringOption(parsed, 'out');
    if (folder === undefined || parsed.positionals.length > 1 || out === undefined) throw new UsageError(`usage: ${this.usage}`);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${folder}: not a lab folder`);
    // --salt-file, else the lab's own salt, else a new one (packLabFolder reads the lab's).
    const packed = packLabFolder(folder, courseSaltOption(parsed, undefined));
    if (packed.newSaltFile !== undefined) process.stderr.write(`proclab: made a new course salt in ${packed.newSaltFile} (keep it: grading derives the variants from it)\n`);
    writeFileSync(out, packed.text);
    const hidden = packed.hiddenCheckCount === 0 ? '' : `; ${packed.hiddenCheckCount} hidden check(s) left out`;
    process.stdout.write(`${out}: lab ${packed.labId}, ${packed.fileCount} files, salt ${packed.saltFingerprint}, checksum ${packed.checksum}${hidden}\n`);
    return 0;
  },
};
