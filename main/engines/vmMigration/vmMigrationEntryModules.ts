import { entryModule } from '../../platform/moduleEntry.ts';

/** The code this engine runs in worker threads and child processes (its entry file lists them for the build). */
export const vmMigrationEntryModules = {
  host: entryModule('vmMigrationHost', './hosts/hostWorker.ts', import.meta.url),
  guest: entryModule('vmMigrationGuest', './guest/guestWorker.ts', import.meta.url),
  urgentChannel: entryModule('vmMigrationUrgentChannel', './hosts/urgentChannelWorker.ts', import.meta.url),
};
