import { entryModule } from '../../platform/moduleEntry.ts';

/** The code this engine runs in its own worker thread: the guest machine, booted, then measured under each technique. */
export const virtualizationEntryModules = {
  guest: entryModule('virtualizationGuest', './guestWorker.ts', import.meta.url),
};
