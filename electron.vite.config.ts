import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import { entryModules } from './main/platform/moduleEntry.ts';

const fromRoot = (path: string): string => resolve(import.meta.dirname, path);

// Worker threads and child processes are bundled beside the main bundle, named as moduleEntry.ts expects.
const workerInputs = Object.fromEntries(Object.entries(entryModules).map(([name, path]) => [name, fromRoot(`main/${path}`)]));

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        // cli.js is the same core without the window: the end-to-end test serves browser mode from it,
        // so what it tests is the bundle the desktop app runs.
        input: { index: fromRoot('main/app/main.ts'), cli: fromRoot('main/cli/proclab.ts'), ...workerInputs },
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
});
