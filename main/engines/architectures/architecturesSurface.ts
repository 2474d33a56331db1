import type { EngineSurface } from '../engineSurface.ts';
import { architecturesEngine } from './architecturesEngine.ts';
import { architecturesEntryModules } from './architecturesEntryModules.ts';
import { loadToolCommand, serverToolCommand } from './architecturesToolCommands.ts';

/** The architectures lab kind's entry file: its engine, its threads' and processes' code, its tool commands. */
export const architecturesSurface: EngineSurface = {
  engine: architecturesEngine,
  entryModules: Object.values(architecturesEntryModules),
  toolCommands: [loadToolCommand, serverToolCommand],
};
