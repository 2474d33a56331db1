import type { EngineSurface } from '../engineSurface.ts';
import { threadsProcessesEngine } from './threadsProcessesEngine.ts';
import { threadsProcessesEntryModules } from './threadsProcessesEntryModules.ts';

/** The threadsProcesses lab kind's entry file: its engine, its threads' and processes' code, its tool commands. */
export const threadsProcessesSurface: EngineSurface = {
  engine: threadsProcessesEngine,
  entryModules: Object.values(threadsProcessesEntryModules),
  toolCommands: [],
};
