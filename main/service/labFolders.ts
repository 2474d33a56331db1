import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { LabCatalog, LabContentError, loadLab, type Lab } from '../lab/labCatalog.ts';
import { defaultUserLabsDirectory } from '../platform/proclabFolders.ts';

// Labs as a command names them: an id from the catalog (shipped, or imported from a pack) or an
// instructor's lab folder on disk. The lab objects and the error that carries a lab folder's
// problems (file:line:col) are the lab layer's own; faces take them from here.

export { LabCatalog, LabContentError };
export type { Lab };

/** Every lab proclab knows: the shipped ones and the ones imported into the user labs folder. */
export function openLabCatalog(userLabsDirectory: string = defaultUserLabsDirectory()): LabCatalog {
  return new LabCatalog(undefined, { userLabsDirectory });
}

export function isLabFolder(target: string): boolean {
  return existsSync(target) && statSync(target).isDirectory();
}

/** Reads and validates a whole lab folder; its problems come as a LabContentError. */
export function loadLabFolder(folder: string): Lab {
  return loadLab(resolve(folder));
}

/** A lab named by id, or read from a folder; undefined when the target is neither. */
export function findLab(target: string, catalog: LabCatalog): Lab | undefined {
  return isLabFolder(target) ? loadLabFolder(target) : catalog.get(target);
}
