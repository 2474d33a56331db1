import { existsSync, readFileSync } from 'node:fs';
import type { LocalizedText } from '../../preload/api.ts';
import { schema } from '../scenario/schema.ts';
import { findLab, openLabCatalog, type Lab, type LabCatalog } from '../service/labFolders.ts';
import { UsageError } from './cliErrors.ts';
import type { CommandFlag, CommandLine } from './optionParser.ts';
import { reportLabProblems } from './serviceForCommand.ts';

/** A flag whose value is a name (of a file, a folder, a lab) that the command itself checks. */
export function nameFlag(name: string, valueName: string, description: LocalizedText, options: { required?: boolean; help?: string } = {}): CommandFlag {
  return { name, valueName, node: schema.string({ description, pattern: '\\S', patternHint: 'a name' }), ...options };
}

export const labFlag = (help: string): CommandFlag =>
  nameFlag(
    'lab',
    'ID|DIR',
    {
      en: 'The lab: an id from proclab list, or the instructor’s lab folder (with its instructor/ folder).',
      'pt-BR': 'O laboratório: um id de proclab list, ou a pasta do laboratório do professor (com sua pasta instructor/).',
    },
    { help },
  );

export const saltFileFlag = (help: string): CommandFlag =>
  nameFlag(
    'salt-file',
    'FILE',
    {
      en: 'The course salt (default: the lab’s instructor/course-salt, or the one its pack carried).',
      'pt-BR': 'O sal da disciplina (padrão: o instructor/course-salt do laboratório, ou o que veio no pacote).',
    },
    { help },
  );

/** A flag's text, or undefined when it was not given. */
export function optionalText(line: CommandLine, name: string): string | undefined {
  const value = line.values[name];
  return typeof value === 'string' ? value : undefined;
}

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
export function courseSaltOption(line: CommandLine, lab: Lab | undefined): string | undefined {
  const file = optionalText(line, 'salt-file');
  if (file !== undefined) {
    if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
    const salt = readFileSync(file, 'utf8').trim();
    if (salt === '') throw new UsageError(`${file} is empty; a course salt is a line of random text`);
    return salt;
  }
  return lab !== undefined && lab.courseSalt !== '' ? lab.courseSalt : undefined;
}
