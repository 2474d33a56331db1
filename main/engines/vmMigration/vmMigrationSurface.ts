import type { EngineSurface } from '../engineSurface.ts';
import { vmMigrationEngine } from './vmMigrationEngine.ts';
import { vmMigrationEntryModules } from './vmMigrationEntryModules.ts';
import { migrateToolCommand } from './vmMigrationToolCommands.ts';

/** The vmMigration lab kind's entry file: its engine, its threads' and processes' code, its tool commands. */
export const vmMigrationSurface: EngineSurface = {
  engine: vmMigrationEngine,
  entryModules: Object.values(vmMigrationEntryModules),
  toolCommands: [migrateToolCommand],
};
