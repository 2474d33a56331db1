import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Code that runs in its own worker thread or child process is an entry module. Each engine
 * declares its own (in its folder, beside the code that starts them); the build collects every
 * engine's declarations from the engine registry and bundles each one beside the main bundle as
 * `<name>.js` (see electron.vite.config.ts). From source an entry module runs as TypeScript
 * (Node strips the types).
 */
export interface EntryModule {
  /** The built app's file for it, `<name>.js`: unique across all engines. */
  readonly name: string;
  /** Its source file, as a file: URL. */
  readonly source: string;
}

/** Declares an entry module: `entryModule('vmMigrationHost', './hosts/hostWorker.ts', import.meta.url)`. */
export function entryModule(name: string, path: string, declaredIn: string): EntryModule {
  return { name, source: new URL(path, declaredIn).href };
}

const runningFromSource = import.meta.url.endsWith('.ts');

/** Where the entry module is, as a path that `new Worker()` and `fork()` accept. */
export function entryModulePath(entry: EntryModule): string {
  // Built, this module may sit in out/main/ or in a shared chunk folder below it.
  const paths = runningFromSource ? [fileURLToPath(entry.source)] : [`./${entry.name}.js`, `../${entry.name}.js`].map((candidate) => fileURLToPath(new URL(candidate, import.meta.url)));
  const path = paths.find((candidate) => existsSync(candidate));
  if (path === undefined) throw new Error(`proclab is missing its ${entry.name} module at ${paths[0]}; rebuild with npm run build`);
  return path;
}
