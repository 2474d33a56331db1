import type { EngineSurface } from '../engineSurface.ts';
import { directoryEngine } from './directoryEngine.ts';
import { directoryEntryModules } from './directoryEntryModules.ts';
import { portmapToolCommand } from './portmapToolCommand.ts';

/** The directory lab kind's entry file: its engine, its threads' and processes' code, its tool commands. */
export const directorySurface: EngineSurface = {
  engine: directoryEngine,
  entryModules: Object.values(directoryEntryModules),
  toolCommands: [portmapToolCommand],
};
