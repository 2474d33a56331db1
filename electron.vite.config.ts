import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type UserConfig } from 'electron-vite';

const fromRoot = (path: string): string => resolve(import.meta.dirname, path);

/**
 * Worker threads and child processes, as the engines declare them, bundled beside the main bundle
 * under the names moduleEntry.ts looks for. The registry is imported by Node itself when the build
 * starts (a computed specifier, so it is not bundled into this config): loading this file stays cheap.
 */
async function workerInputs(): Promise<Record<string, string>> {
  const registry = (await import(pathToFileURL(fromRoot('main/engines/engineRegistry.ts')).href)) as typeof import('./main/engines/engineRegistry.ts');
  return Object.fromEntries(registry.declaredEntryModules().map((entry) => [entry.name, fileURLToPath(entry.source)]));
}

export default defineConfig(async (): Promise<UserConfig> => ({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        // cli.js is the same core without the window: the end-to-end test serves browser mode from it,
        // so what it tests is the bundle the desktop app runs.
        input: { index: fromRoot('main/app/main.ts'), cli: fromRoot('main/cli/proclab.ts'), ...(await workerInputs()) },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: fromRoot('preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: fromRoot('renderer'),
    plugins: [vue()],
    build: {
      outDir: fromRoot('out/renderer'),
      rolldownOptions: { input: { index: fromRoot('renderer/index.html') } },
    },
  },
}));
