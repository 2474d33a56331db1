import type { EngineSurface } from '../engineSurface.ts';
import { superserverEngine } from './superserverEngine.ts';
import { superserverEntryModules } from './superserverEntryModules.ts';
import { inetdToolCommand } from './inetdToolCommand.ts';

/** The superserver lab kind's entry file: its engine, its threads' and processes' code, its tool commands. */
export const superserverSurface: EngineSurface = {
  engine: superserverEngine,
  entryModules: Object.values(superserverEntryModules),
  toolCommands: [inetdToolCommand],
};
