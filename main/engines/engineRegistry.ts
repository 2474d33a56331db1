import { architecturesEngine } from './architectures/architecturesEngine.ts';
import type { Engine } from './engine.ts';
import { vmMigrationEngine } from './vmMigration/vmMigrationEngine.ts';
import { superserverEngine } from './superserver/superserverEngine.ts';
import { directoryEngine } from './directory/directoryEngine.ts';
import { threadsProcessesEngine } from './threadsProcesses/threadsProcessesEngine.ts';
import { outOfBandEngine } from './outOfBand/outOfBandEngine.ts';
import { serverClustersEngine } from './serverClusters/serverClustersEngine.ts';

/** Every lab kind proclab knows. Adding one is adding its engine here and a lab folder. */
const engines: readonly Engine[] = [architecturesEngine, superserverEngine, directoryEngine, threadsProcessesEngine, outOfBandEngine, vmMigrationEngine, serverClustersEngine];

export function findEngine(name: string): Engine | undefined {
  return engines.find((engine) => engine.name === name);
}

export function engineNames(): string[] {
  return engines.map((engine) => engine.name);
}
