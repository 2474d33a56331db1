import { entryModule } from '../../platform/moduleEntry.ts';

/** The code this engine runs in worker threads and child processes (its entry file lists them for the build). */
export const threadsProcessesEntryModules = {
  echoWorker: entryModule('threadsProcessesEchoWorker', './partners/echoWorker.js', import.meta.url),
  echoChild: entryModule('threadsProcessesEchoChild', './partners/echoChild.js', import.meta.url),
  bareCosts: entryModule('threadsProcessesBareCosts', './bare/bareCostsHelper.ts', import.meta.url),
  blockingServer: entryModule('threadsProcessesBlockingServer', './blocking/blockingServer.ts', import.meta.url),
  blockingPoolWorker: entryModule('threadsProcessesBlockingPoolWorker', './blocking/blockingPoolWorker.ts', import.meta.url),
};
