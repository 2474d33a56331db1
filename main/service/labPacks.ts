import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LocalizedText } from '../../preload/api.ts';
import { LabContentError, loadLab, type LabCatalog } from '../lab/labCatalog.ts';
import { courseSaltFileName, instructorFolderName } from '../lab/labFolderLayout.ts';
import { scaffoldLab, ScaffoldError } from '../lab/labScaffold.ts';
import { proclabVersion } from '../platform/proclabVersion.ts';
import { installLabPack, PackImportError, readLabPack } from '../packs/labPackImport.ts';
import { createLabPack, PackWriteError } from '../packs/labPackWriter.ts';
import { saltFingerprint } from '../report/saltFingerprint.ts';
import { ServiceError } from './serviceError.ts';

// The instructor's side of lab folders: packing one into the single file handed out, installing
// a pack into the user labs folder (the window's import and `proclab import` alike), and
// scaffolding a new lab. Problems in a pack or its lab come as a LabContentError (file:line:col);
// other refusals as a ServiceError.

export { maxPackBytes } from '../packs/labPackFormat.ts';

/** A new course salt: 32 random bytes, as hex. */
export function newCourseSalt(): string {
  return randomBytes(32).toString('hex');
}

export interface PackedLab {
  text: string;
  labId: string;
  fileCount: number;
  checksum: string;
  saltFingerprint: string;
  hiddenCheckCount: number;
  /** The salt file written because the lab had no course salt yet; undefined when it had one. */
  newSaltFile: string | undefined;
}

/**
 * Packs an instructor's lab folder (validated first) with the given course salt, or the lab's
 * own; a lab without either gets a new salt, kept in its instructor/ folder for grading.
 */
export function packLabFolder(folder: string, courseSalt?: string): PackedLab {
  const labFolder = resolve(folder);
  const lab = loadLab(labFolder);
  let salt = courseSalt ?? (lab.courseSalt === '' ? undefined : lab.courseSalt);
  let newSaltFile: string | undefined;
  if (salt === undefined) {
    salt = newCourseSalt();
    mkdirSync(join(labFolder, instructorFolderName), { recursive: true });
    newSaltFile = join(folder, instructorFolderName, courseSaltFileName);
    writeFileSync(join(labFolder, instructorFolderName, courseSaltFileName), `${salt}\n`, { mode: 0o600 });
  }
  try {
    const { pack, text } = createLabPack(labFolder, { courseSalt: salt, createdBy: `proclab ${proclabVersion()}` });
    return { text, labId: pack.labId, fileCount: pack.files.length, checksum: pack.checksum, saltFingerprint: saltFingerprint(salt), hiddenCheckCount: lab.hiddenChecks.length, newSaltFile };
  } catch (error) {
    if (error instanceof PackWriteError) throw new ServiceError('invalid-argument', error.message);
    throw error;
  }
}

export interface InstalledLab {
  labId: string;
  title: LocalizedText;
  folder: string;
  /** An earlier import of the same lab was replaced. */
  replaced: boolean;
}

/**
 * Validates a pack's text (named `label` in problems) and installs its lab into the catalog's
 * user labs folder; a lab proclab ships cannot be replaced. The catalog is read again after.
 */
export function installPackText(text: string, label: string, catalog: LabCatalog): InstalledLab {
  const directory = catalog.userLabsDirectory;
  if (directory === undefined) throw new ServiceError('unavailable', 'this proclab has no user labs folder to import into');
  try {
    const pack = readLabPack(text, label);
    const installed = installLabPack(pack, label, directory, (labId) => catalog.get(labId)?.origin === 'shipped');
    catalog.reload();
    return { labId: installed.lab.definition.id, title: installed.lab.definition.title, folder: installed.lab.folder, replaced: installed.replaced };
  } catch (error) {
    if (error instanceof PackImportError) throw new LabContentError(error.problems);
    throw error;
  }
}

/** A new lab folder `parent/labId` that validates and runs, with a fresh course salt. */
export function scaffoldLabFolder(parent: string, labId: string, engine: string): { folder: string } {
  try {
    return { folder: scaffoldLab(resolve(parent), labId, engine, newCourseSalt()).folder };
  } catch (error) {
    if (error instanceof ScaffoldError) throw new ServiceError('invalid-argument', error.message);
    throw error;
  }
}
