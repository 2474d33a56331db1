import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config from '../../../electron.vite.config.ts';
import { declaredEntryModules } from '../../../main/engines/engineRegistry.ts';

const root = join(import.meta.dirname, '..', '..', '..');

describe('the built app', () => {
  it('bundles every entry module the engines declare, under the name moduleEntry.ts looks for', async () => {
    const resolved = typeof config === 'function' ? await config({ command: 'build', mode: 'production' }) : await config;
    const input = (resolved.main?.build?.rolldownOptions?.input ?? {}) as Record<string, string>;
    const declared = declaredEntryModules();
    for (const entry of declared) expect(input[entry.name], entry.name).toBe(fileURLToPath(entry.source));
    expect(Object.keys(input).sort()).toEqual(['cli', 'index', ...declared.map((entry) => entry.name)].sort());

    const missing = declared.map((entry) => join(root, 'out', 'main', `${entry.name}.js`)).filter((path) => !existsSync(path) || statSync(path).size === 0);
    expect(missing, 'build the app first: npx electron-vite build').toEqual([]);
  });
});
