// The files of a lab folder beyond lab.yaml, scenario.yaml and the instructions: what only the
// instructor's copy holds, and what an imported copy keeps about the pack it came from.

/** The folder of a lab that only the instructor's copy has; never packed. */
export const instructorFolderName = 'instructor';

/** Inside the instructor's folder: the course salt variants are derived with. */
export const courseSaltFileName = 'course-salt';

/** Inside the instructor's folder: checks evaluated only when grading. */
export const hiddenChecksFileName = 'hidden-checks.yaml';

/** The file an imported lab keeps beside its own files: where it came from and its course salt. */
export const importedManifestName = '.proclab-pack.json';

export interface ImportedManifest {
  /** The pack format the lab was imported from. */
  format: string;
  labId: string;
  checksum: string;
  createdAt: string;
  importedAt: string;
  courseSalt: string;
}
