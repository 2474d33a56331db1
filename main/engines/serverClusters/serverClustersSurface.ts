import type { EngineSurface } from '../engineSurface.ts';
import { serverClustersEngine } from './serverClustersEngine.ts';
import { serverClustersEntryModules } from './serverClustersEntryModules.ts';
import { clusterToolCommand } from './serverClustersToolCommands.ts';

/** The server-clusters lab kind's entry file: its engine, its processes' code, its tool commands. */
export const serverClustersSurface: EngineSurface = {
  engine: serverClustersEngine,
  entryModules: Object.values(serverClustersEntryModules),
  toolCommands: [clusterToolCommand],
};
