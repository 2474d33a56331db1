import { entryModule } from '../../platform/moduleEntry.ts';

/** The code this engine runs in worker threads and child processes (its entry file lists them for the build). */
export const architecturesEntryModules = {
  server: entryModule('architecturesServer', './servers/serverHost.ts', import.meta.url),
  poolWorker: entryModule('architecturesPoolWorker', './servers/poolWorker.ts', import.meta.url),
  loadGenerator: entryModule('architecturesLoadGenerator', './load/loadGeneratorThread.ts', import.meta.url),
  requestThread: entryModule('architecturesRequestThread', './servers/requestThread.ts', import.meta.url),
  connectionProcess: entryModule('architecturesConnectionProcess', './servers/connectionProcess.ts', import.meta.url),
};
