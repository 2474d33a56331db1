import type { EngineSurface } from '../engineSurface.ts';
import { outOfBandEngine } from './outOfBandEngine.ts';
import { outOfBandEntryModules } from './outOfBandEntryModules.ts';

/** The outOfBand lab kind's entry file: its engine, its threads' and processes' code, its tool commands. */
export const outOfBandSurface: EngineSurface = {
  engine: outOfBandEngine,
  entryModules: Object.values(outOfBandEntryModules),
  toolCommands: [],
};
