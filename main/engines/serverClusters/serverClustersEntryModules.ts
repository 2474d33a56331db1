import { entryModule } from '../../platform/moduleEntry.ts';

/**
 * The code this engine runs in child processes and threads (its entry file lists them for the build).
 */
export const serverClustersEntryModules = {
  dispatcher: entryModule('serverClustersDispatcher', './dispatcherProcess.ts', import.meta.url),
  appServer: entryModule('serverClustersAppServer', './appServer.ts', import.meta.url),
  dataServer: entryModule('serverClustersDataServer', './dataServer.ts', import.meta.url),
  loadGenerator: entryModule('serverClustersLoadGenerator', './loadGeneratorThread.ts', import.meta.url),
};
