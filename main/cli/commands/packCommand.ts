import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { saltFingerprint } from '../../lab/labVariants.ts';
import { instructorFolderName } from '../../packs/labPackFormat.ts';
import { createLabPack, PackWriteError } from '../../packs/labPackWriter.ts';
import { proclabVersion } from '../../runs/runEnvironment.ts';
import { UsageError } from '../cliErrors.ts';
import { stringOption, type Command } from '../commandLine.ts';
import { courseSaltOption, saltFileHelp } from '../instructorLab.ts';
import { loadLab } from '../../lab/labCatalog.ts';

/** A new course salt: 32 random bytes, as hex. */
export function newCourseSalt(): string {
  return randomBytes(32).toString('hex');
}

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
    const lab = loadLab(resolve(folder));
    let courseSalt = courseSaltOption(parsed, lab);
    if (courseSalt === undefined) {
      courseSalt = newCourseSalt();
      mkdirSync(join(folder, instructorFolderName), { recursive: true });
      writeFileSync(join(folder, instructorFolderName, 'course-salt'), `${courseSalt}\n`, { mode: 0o600 });
      process.stderr.write(`proclab: made a new course salt in ${join(folder, instructorFolderName, 'course-salt')} (keep it: grading derives the variants from it)\n`);
    }
    try {
      const { pack, text } = createLabPack(resolve(folder), { courseSalt, createdBy: `proclab ${proclabVersion()}` });
      writeFileSync(out, text);
      const hidden = lab.hiddenChecks.length === 0 ? '' : `; ${lab.hiddenChecks.length} hidden check(s) left out`;
      process.stdout.write(`${out}: lab ${pack.labId}, ${pack.files.length} files, salt ${saltFingerprint(courseSalt)}, checksum ${pack.checksum}${hidden}\n`);
      return 0;
    } catch (error) {
      if (error instanceof PackWriteError) throw new UsageError(error.message);
      throw error;
    }
  },
};
