import { existsSync, readFileSync } from 'node:fs';
import { findLab, openLabCatalog, type Lab, type LabCatalog } from '../service/labFolders.ts';
import { UsageError } from './cliErrors.ts';
import { stringOption, type ParsedCommand } from './commandLine.ts';
import { reportLabProblems } from './serviceForCommand.ts';

export const labFolderHelp = `--lab ID|DIR       the lab: an id from proclab list, or the instructor's lab folder (with its instructor/ folder)`;
export const saltFileHelp = `--salt-file FILE   the course salt (default: the lab's instructor/course-salt, or the one its pack carried)`;

/** Every lab proclab knows: the shipped ones and the ones imported from packs. */
export function fullCatalog(): LabCatalog {
  const catalog = openLabCatalog();
  reportLabProblems(catalog.problems);
  return catalog;
}

/** A lab named by id, or read from a folder (an instructor's working copy); problems are file:line:col. */
export function resolveLab(target: string, catalog: LabCatalog = fullCatalog()): Lab {
  const lab = findLab(target, catalog);
  if (lab === undefined) throw new UsageError(`"${target}" is neither a lab (see proclab list) nor a lab folder`);
  return lab;
}

/** The course salt from --salt-file, else the lab's own; undefined when there is none. */
export function courseSaltOption(parsed: ParsedCommand, lab: Lab | undefined): string | undefined {
  const file = stringOption(parsed, 'salt-file');
  if (file !== undefined) {
    if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
    const salt = readFileSync(file, 'utf8').trim();
    if (salt === '') throw new UsageError(`${file} is empty; a course salt is a line of random text`);
    return salt;
  }
  return lab !== undefined && lab.courseSalt !== '' ? lab.courseSalt : undefined;
}
