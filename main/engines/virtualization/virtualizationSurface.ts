import type { EngineSurface } from '../engineSurface.ts';
import { virtualizationEngine } from './virtualizationEngine.ts';
import { virtualizationEntryModules } from './virtualizationEntryModules.ts';

/** The virtualization lab kind's entry file: its engine and its guest machine thread's code. */
export const virtualizationSurface: EngineSurface = {
  engine: virtualizationEngine,
  entryModules: Object.values(virtualizationEntryModules),
  toolCommands: [],
};
