import { entryModule } from '../../platform/moduleEntry.ts';

/** The code this engine runs in child processes: each host, and the sandboxes a host runs received code in. */
export const codeMigrationEntryModules = {
  host: entryModule('codeMigrationHost', './host/hostProcess.ts', import.meta.url),
  sandbox: entryModule('codeMigrationSandbox', './sandbox/sandboxProcess.ts', import.meta.url),
};
