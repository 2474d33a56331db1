import type { EngineSurface } from '../engineSurface.ts';
import { clientsStateEngine } from './clientsStateEngine.ts';
import { clientsStateEntryModules } from './clientsStateEntryModules.ts';
import { clientsStateToolCommands } from './clientsStateToolCommands.ts';

/** The clients-and-state lab kind's entry file: its engine, its servers' code, its tool commands. */
export const clientsStateSurface: EngineSurface = {
  engine: clientsStateEngine,
  entryModules: Object.values(clientsStateEntryModules),
  toolCommands: clientsStateToolCommands,
};
