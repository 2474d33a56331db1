import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { declaredEntryModules, engineSurfaces } from '../../main/engines/engineRegistry.ts';
import { findUndeclaredEntryModules, type EngineFolder, type FolderFile } from './engineSurfaceCheck.ts';

const root = join(import.meta.dirname, '..', '..');
const enginesFolder = join(root, 'main', 'engines');
const fromRoot = (path: string): string => relative(root, path).split('\\').join('/');

function folderFiles(folder: string): FolderFile[] {
  const files: FolderFile[] = [];
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push({ path: fromRoot(path), text: readFileSync(path, 'utf8') });
    }
  };
  visit(folder);
  return files;
}

const engineFolders = readdirSync(enginesFolder, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe('each engine folder', () => {
  it('has one entry file, listed in the registry, that declares every thread and child process it starts', async () => {
    expect(engineFolders.length).toBeGreaterThanOrEqual(6);
    const problems: string[] = [];
    for (const name of engineFolders) {
      const folder = join(enginesFolder, name);
      const entryFiles = readdirSync(folder).filter((file) => file.endsWith('Surface.ts'));
      expect(entryFiles, name).toEqual([`${name}Surface.ts`]);
      const module = (await import(join(folder, entryFiles[0]!))) as Record<string, unknown>;
      const surface = module[`${name}Surface`];
      expect(engineSurfaces, `${name}Surface is not in engineRegistry.ts`).toContain(surface);
      const engineFolder: EngineFolder = {
        folder: fromRoot(folder),
        files: folderFiles(folder),
        entryFile: fromRoot(join(folder, entryFiles[0]!)),
        declaredEntryModules: engineSurfaces.find((candidate) => candidate === surface)!.entryModules.map((entry) => fromRoot(fileURLToPath(entry.source))),
      };
      problems.push(...findUndeclaredEntryModules(engineFolder));
    }
    expect(problems).toEqual([]);
    expect(engineSurfaces).toHaveLength(engineFolders.length);
  });

  it('names its entry modules apart from every other engine’s (each is a file of its own in the built app)', () => {
    const names = declaredEntryModules().map((entry) => entry.name);
    expect(names.length).toBeGreaterThan(10);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
  });
});

describe('the entry-module check', () => {
  const folder = 'main/engines/sample';
  const files: FolderFile[] = [
    { path: `${folder}/sampleSurface.ts`, text: "import { sampleEngine } from './sampleEngine.ts';\nimport { sampleEntryModules } from './sampleEntryModules.ts';" },
    { path: `${folder}/sampleEngine.ts`, text: "import { Worker } from 'node:worker_threads';\nimport type { Options } from './jobs/options.ts';" },
    { path: `${folder}/sampleEntryModules.ts`, text: "import { entryModule } from '../../platform/moduleEntry.ts';" },
    { path: `${folder}/jobs/options.ts`, text: 'export interface Options {}' },
    { path: `${folder}/jobs/worker.ts`, text: "import { parentPort } from 'node:worker_threads';\nimport type { Options } from './options.ts';" },
  ];

  it('passes a folder whose worker is declared', () => {
    expect(findUndeclaredEntryModules({ folder, files, entryFile: `${folder}/sampleSurface.ts`, declaredEntryModules: [`${folder}/jobs/worker.ts`] })).toEqual([]);
  });

  it('fails a worker file that no declaration reaches', () => {
    expect(findUndeclaredEntryModules({ folder, files, entryFile: `${folder}/sampleSurface.ts`, declaredEntryModules: [] })).toEqual([
      `${folder}/jobs/worker.ts is reached neither from sampleSurface.ts nor from a declared entry module: if a thread or child process runs it, declare it as an entry module`,
    ]);
  });

  it('fails a declared entry module that does not exist, or lies in another engine’s folder', () => {
    expect(
      findUndeclaredEntryModules({ folder, files, entryFile: `${folder}/sampleSurface.ts`, declaredEntryModules: [`${folder}/jobs/worker.ts`, `${folder}/jobs/gone.ts`, 'main/engines/other/worker.ts'] }),
    ).toEqual([`${folder}/jobs/gone.ts is declared as an entry module but does not exist`, 'main/engines/other/worker.ts is declared as an entry module of main/engines/sample but lies outside it']);
  });
});
