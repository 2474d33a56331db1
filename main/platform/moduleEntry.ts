import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Code that runs in its own worker thread or child process is an entry module. From source it
 * runs as TypeScript (Node 24 strips the types); the built app bundles each one beside the main
 * bundle as `<name>.js` (see electron.vite.config.ts, which reads this table).
 */
export const entryModules = {
  architecturesServer: 'engines/architectures/servers/serverHost.ts',
  architecturesPoolWorker: 'engines/architectures/servers/poolWorker.ts',
  architecturesLoadGenerator: 'measure/httpLoad/loadGeneratorWorker.ts',
  architecturesRequestThread: 'engines/architectures/servers/requestThread.ts',
  architecturesConnectionProcess: 'engines/architectures/servers/connectionProcess.ts',
  superserverEchoHandler: 'engines/superserver/echoHandler.ts',
  superserverResidentServer: 'engines/superserver/residentEchoServer.ts',
  superserverSocketKeeper: 'engines/superserver/socketKeeper.ts',
  directoryServer: 'engines/directory/directoryServer.ts',
  vmMigrationHost: 'engines/vmMigration/hosts/hostWorker.ts',
  vmMigrationGuest: 'engines/vmMigration/guest/guestWorker.ts',
  vmMigrationUrgentChannel: 'engines/vmMigration/hosts/urgentChannelWorker.ts',
  threadsProcessesEchoWorker: 'engines/threadsProcesses/partners/echoWorker.js',
  threadsProcessesEchoChild: 'engines/threadsProcesses/partners/echoChild.js',
  threadsProcessesBareCosts: 'engines/threadsProcesses/bare/bareCostsHelper.ts',
  threadsProcessesBlockingServer: 'engines/threadsProcesses/blocking/blockingServer.ts',
  threadsProcessesBlockingPoolWorker: 'engines/threadsProcesses/blocking/blockingPoolWorker.ts',
  outOfBandUploadServer: 'engines/outOfBand/uploadServerWorker.ts',
  outOfBandUrgentHandler: 'engines/outOfBand/urgentHandlerWorker.ts',
  serverClustersDispatcher: 'engines/serverClusters/dispatcherProcess.ts',
  serverClustersAppServer: 'engines/serverClusters/appServer.ts',
  serverClustersDataServer: 'engines/serverClusters/dataServer.ts',
} as const satisfies Record<string, string>;

export type EntryModuleName = keyof typeof entryModules;

const runningFromSource = import.meta.url.endsWith('.ts');

/** Where the entry module is, as a path that `new Worker()` and `fork()` accept. */
export function entryModulePath(name: EntryModuleName): string {
  // Built, this module may sit in out/main/ or in a shared chunk folder below it.
  const candidates = runningFromSource ? [`../${entryModules[name]}`] : [`./${name}.js`, `../${name}.js`];
  const paths = candidates.map((candidate) => fileURLToPath(new URL(candidate, import.meta.url)));
  const path = paths.find((candidate) => existsSync(candidate));
  if (path === undefined) throw new Error(`proclab is missing its ${name} module at ${paths[0]}; rebuild with npm run build`);
  return path;
}
