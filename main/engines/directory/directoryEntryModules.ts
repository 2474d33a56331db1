import { entryModule } from '../../platform/moduleEntry.ts';

/** The code this engine runs in worker threads and child processes (its entry file lists them for the build). */
export const directoryEntryModules = {
  server: entryModule('directoryServer', './directoryServer.ts', import.meta.url),
};
