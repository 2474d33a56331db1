import { resolve } from 'node:path';
import type { RunEnvironment } from '../../preload/api.ts';
import { LabService } from '../service/labService.ts';
import { defaultDatabasePath, defaultUserLabsDirectory } from '../platform/proclabFolders.ts';
import type { CommandLine } from './optionParser.ts';

/** The lab service on the database `--db` names (a command that opens one declares sharedFlags.database). */
export function openService(line: CommandLine, face: RunEnvironment['face']): LabService {
  const database = line.values.db;
  const service = new LabService({
    databasePath: typeof database === 'string' && database !== '' ? resolve(database) : defaultDatabasePath(),
    userLabsDirectory: defaultUserLabsDirectory(),
    face,
  });
  reportLabProblems(service.catalog.problems);
  for (const runId of service.interruptedRunIds) {
    process.stderr.write(`proclab: run ${runId} was cut short by a previous crash; it is kept as "interrupted" with what it recorded\n`);
  }
  return service;
}

export function reportLabProblems(problems: readonly string[]): void {
  for (const problem of problems) process.stderr.write(`proclab: a lab was left out: ${problem}\n`);
}
