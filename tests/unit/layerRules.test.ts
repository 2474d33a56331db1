import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLayerViolations, type SourceFile } from './layerRuleCheck.ts';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(folder: string): SourceFile[] {
  const files: SourceFile[] = [];
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(ts|vue|js|mjs)$/.test(entry.name)) files.push({ path: relative(root, path), text: readFileSync(path, 'utf8') });
    }
  };
  visit(join(root, folder));
  return files;
}

describe('layer rules', () => {
  it('hold across the whole source tree', () => {
    const files = ['main', 'preload', 'renderer', 'common'].flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(20);
    expect(findLayerViolations(files)).toEqual([]);
  });

  it('catch electron imported by the core outside main/app', () => {
    const violations = findLayerViolations([{ path: 'main/runs/leak.ts', text: "import { app } from 'electron';" }]);
    expect(violations).toEqual(['main/runs/leak.ts imports electron; only main/app/ and preload/ may']);
  });

  it('catch Node modules in the renderer, however they are spelled', () => {
    const violations = findLayerViolations([
      { path: 'renderer/src/a.ts', text: "import { readFileSync } from 'node:fs';" },
      { path: 'renderer/src/b.vue', text: "<script setup lang=\"ts\">\nconst os = await import('os');\n</script>" },
      { path: 'renderer/src/c.ts', text: "import { LabService } from '../../main/service/labService.ts';" },
    ]);
    expect(violations).toHaveLength(3);
    expect(builtinModules).toContain('os');
  });

  it('catch common/ reaching into a runtime layer', () => {
    const violations = findLayerViolations([{ path: 'common/x.ts', text: "import type { Engine } from '../main/engines/engine.ts';\nimport { createHash } from 'node:crypto';" }]);
    expect(violations).toHaveLength(2);
  });

  it('keep the contract file types only', () => {
    expect(findLayerViolations([{ path: 'preload/api.ts', text: 'export const x = 1;' }])).toEqual(['preload/api.ts must hold types only (found a runtime declaration)']);
  });
});
