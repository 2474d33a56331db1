import { posix } from 'node:path';

export interface FolderFile {
  /** Relative to the project root, with forward slashes. */
  path: string;
  text: string;
}

export interface EngineFolder {
  /** `main/engines/vmMigration`. */
  folder: string;
  files: readonly FolderFile[];
  /** The folder's entry file (it declares the engine, its entry modules and its tool commands). */
  entryFile: string;
  /** The source files of the entry modules the entry file declares. */
  declaredEntryModules: readonly string[];
}

const importPattern = /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,]+\s+from\s+)?|\bexport\s+(?:type\s+)?[\w*{}\s,]+\s+from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function relativeImportsOf(file: FolderFile): string[] {
  return [...file.text.matchAll(importPattern)].map((match) => match[1]!).filter((specifier) => specifier.startsWith('.')).map((specifier) => posix.normalize(posix.join(posix.dirname(file.path), specifier)));
}

/**
 * An engine folder is one module graph with several roots: its entry file, and the entry modules
 * that threads and child processes start by path (nothing imports them). Every file of the folder
 * must be reached from one of them: a worker file nobody declared would be missing from the built app.
 */
export function findUndeclaredEntryModules(engine: EngineFolder): string[] {
  const problems: string[] = [];
  const byPath = new Map(engine.files.map((file) => [file.path, file]));
  for (const declared of engine.declaredEntryModules) {
    if (!declared.startsWith(`${engine.folder}/`)) problems.push(`${declared} is declared as an entry module of ${engine.folder} but lies outside it`);
    else if (!byPath.has(declared)) problems.push(`${declared} is declared as an entry module but does not exist`);
  }
  if (!byPath.has(engine.entryFile)) problems.push(`${engine.entryFile}: the folder's entry file does not exist`);
  const reached = new Set<string>();
  const visit = (path: string): void => {
    const file = byPath.get(path);
    if (file === undefined || reached.has(path)) return;
    reached.add(path);
    for (const target of relativeImportsOf(file)) visit(target);
  };
  for (const root of [engine.entryFile, ...engine.declaredEntryModules]) visit(root);
  for (const file of engine.files) {
    if (!reached.has(file.path)) {
      problems.push(`${file.path} is reached neither from ${posix.basename(engine.entryFile)} nor from a declared entry module: if a thread or child process runs it, declare it as an entry module`);
    }
  }
  return problems;
}
