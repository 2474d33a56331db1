import { entryModule } from '../../platform/moduleEntry.ts';

/** The code this engine runs in worker threads and child processes (its entry file lists them for the build). */
export const superserverEntryModules = {
  echoHandler: entryModule('superserverEchoHandler', './echoHandler.ts', import.meta.url),
  residentServer: entryModule('superserverResidentServer', './residentEchoServer.ts', import.meta.url),
  socketKeeper: entryModule('superserverSocketKeeper', './socketKeeper.ts', import.meta.url),
};
