import { entryModule } from '../../platform/moduleEntry.ts';

/** The code this engine runs in worker threads and child processes (its entry file lists them for the build). */
export const outOfBandEntryModules = {
  uploadServer: entryModule('outOfBandUploadServer', './uploadServerWorker.ts', import.meta.url),
  urgentHandler: entryModule('outOfBandUrgentHandler', './urgentHandlerWorker.ts', import.meta.url),
};
