import type { EntryModule } from '../platform/moduleEntry.ts';
import type { Engine } from './engine.ts';
import type { ToolCommand } from './toolCommand.ts';

/**
 * Everything a lab kind brings, declared in one entry file in its engine folder: the engine, the
 * code it runs in its own threads and processes (bundled by the build), and its `proclab` tool
 * commands (data the CLI turns into commands). The registry lists these, one line each.
 */
export interface EngineSurface {
  readonly engine: Engine;
  readonly entryModules: readonly EntryModule[];
  readonly toolCommands: readonly ToolCommand[];
}
