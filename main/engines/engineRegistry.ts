import type { Engine } from './engine.ts';
import type { EngineSurface } from './engineSurface.ts';
import type { ToolCommand } from './toolCommand.ts';
import { architecturesSurface } from './architectures/architecturesSurface.ts';
import { clientsStateSurface } from './clientsState/clientsStateSurface.ts';
import { codeMigrationSurface } from './codeMigration/codeMigrationSurface.ts';
import { directorySurface } from './directory/directorySurface.ts';
import { outOfBandSurface } from './outOfBand/outOfBandSurface.ts';
import { serverClustersSurface } from './serverClusters/serverClustersSurface.ts';
import { superserverSurface } from './superserver/superserverSurface.ts';
import { threadsProcessesSurface } from './threadsProcesses/threadsProcessesSurface.ts';
import { virtualizationSurface } from './virtualization/virtualizationSurface.ts';
import { vmMigrationSurface } from './vmMigration/vmMigrationSurface.ts';

// What the faces may know of engines: the interface, and the tool commands' declarations.
export type { Engine } from './engine.ts';
export { ToolInputError, type ForegroundToolCommand, type ScenarioFlag, type ScenarioToolCommand, type ToolCommand, type ToolTerminal } from './toolCommand.ts';

/**
 * Every lab kind proclab knows, by its engine folder's entry file. Adding one is adding its engine
 * folder, its line here and its lab folder: the build bundles the entry modules it declares, and
 * `proclab` offers the tool commands it declares.
 */
export const engineSurfaces: readonly EngineSurface[] = [
  architecturesSurface,
  superserverSurface,
  directorySurface,
  threadsProcessesSurface,
  outOfBandSurface,
  vmMigrationSurface,
  clientsStateSurface,
  codeMigrationSurface,
  serverClustersSurface,
  virtualizationSurface,
];

export function findEngine(name: string): Engine | undefined {
  return engineSurfaces.find((surface) => surface.engine.name === name)?.engine;
}

export function engineNames(): string[] {
  return engineSurfaces.map((surface) => surface.engine.name);
}

/** Every engine's entry modules, for the build and for resolving them at run time. */
export function declaredEntryModules(): EngineSurface['entryModules'][number][] {
  return engineSurfaces.flatMap((surface) => surface.entryModules);
}

/** Every engine's tool commands, with the engine each belongs to. */
export function declaredToolCommands(): { engine: Engine; command: ToolCommand }[] {
  return engineSurfaces.flatMap((surface) => surface.toolCommands.map((command) => ({ engine: surface.engine, command })));
}
