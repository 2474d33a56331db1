import type { ArchitectureName } from '../architectureCatalog.ts';
import { createEventDrivenServer } from './eventDrivenServer.ts';
import { createEventPoolServer } from './eventPoolServer.ts';
import { createIterativeServer } from './iterativeServer.ts';
import { createPreforkServer } from './preforkServer.ts';
import { createProcessPerRequestServer } from './processPerRequestServer.ts';
import type { ArchitectureServerFactory } from './serverArchitecture.ts';
import { createThreadPerRequestServer } from './threadPerRequestServer.ts';
import { createThreadPoolServer } from './threadPoolServer.ts';

export const serverArchitectures: Record<ArchitectureName, ArchitectureServerFactory> = {
  iterative: createIterativeServer,
  'thread-pool': createThreadPoolServer,
  'event-driven': createEventDrivenServer,
  'thread-per-request': createThreadPerRequestServer,
  'process-per-request': createProcessPerRequestServer,
  prefork: createPreforkServer,
  'event-pool': createEventPoolServer,
};
