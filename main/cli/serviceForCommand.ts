import { resolve } from 'node:path';
import type { RunEnvironment } from '../../preload/api.ts';
import { LabService } from '../service/labService.ts';
import { defaultDatabasePath, defaultUserLabsDirectory } from '../platform/proclabFolders.ts';
import { stringOption, type ParsedCommand } from './commandLine.ts';

export const databaseOption = { db: { type: 'string' } } as const;

export const databaseHelp = `--db FILE        the run database (default: ~/.proclab/runs.sqlite, or $PROCLAB_HOME/runs.sqlite)`;

export function openService(parsed: ParsedCommand, face: RunEnvironment['face']): LabService {
  const database = stringOption(parsed, 'db');
  const service = new LabService({ databasePath: database === undefined ? defaultDatabasePath() : resolve(database), userLabsDirectory: defaultUserLabsDirectory(), face });
  reportLabProblems(service.catalog.problems);
  for (const runId of service.interruptedRunIds) {
    process.stderr.write(`proclab: run ${runId} was cut short by a previous crash; it is kept as "interrupted" with what it recorded\n`);
  }
  return service;
}

export function reportLabProblems(problems: readonly string[]): void {
  for (const problem of problems) process.stderr.write(`proclab: a lab was left out: ${problem}\n`);
}
