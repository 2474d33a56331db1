import type { ArchitectureName } from '../architectureCatalog.ts';
import { createEventDrivenServer } from './eventDrivenServer.ts';
import { createIterativeServer } from './iterativeServer.ts';
import type { ArchitectureServerFactory } from './serverArchitecture.ts';
import { createThreadPoolServer } from './threadPoolServer.ts';

export const serverArchitectures: Record<ArchitectureName, ArchitectureServerFactory> = {
  iterative: createIterativeServer,
  'thread-pool': createThreadPoolServer,
  'event-driven': createEventDrivenServer,
};
