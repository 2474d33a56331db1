import type { EngineSurface } from '../engineSurface.ts';
import { codeMigrationEngine } from './codeMigrationEngine.ts';
import { codeMigrationEntryModules } from './codeMigrationEntryModules.ts';

/** The code-migration lab kind's entry file: its engine and its host and sandbox processes' code. */
export const codeMigrationSurface: EngineSurface = {
  engine: codeMigrationEngine,
  entryModules: Object.values(codeMigrationEntryModules),
  toolCommands: [],
};
