import { entryModule } from '../../platform/moduleEntry.ts';

/** The code this engine runs in child processes (its entry file lists them for the build). */
export const clientsStateEntryModules = {
  counterServer: entryModule('clientsStateCounterServer', './servers/counterServer.ts', import.meta.url),
  fileServer: entryModule('clientsStateFileServer', './servers/fileServer.ts', import.meta.url),
  inClassServer: entryModule('clientsStateInClassServer', './servers/inClassServer.ts', import.meta.url),
};
