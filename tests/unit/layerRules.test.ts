import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerAllowList } from './layerAllowList.ts';
import { findLayerViolations, violationKey, type SourceFile } from './layerRuleCheck.ts';
import { nodeGlobalUses } from './nodeGlobalCheck.ts';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(folder: string): SourceFile[] {
  const files: SourceFile[] = [];
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(ts|vue|js|mjs)$/.test(entry.name)) files.push({ path: relative(root, path).split('\\').join('/'), text: readFileSync(path, 'utf8') });
    }
  };
  visit(join(root, folder));
  return files;
}

const messages = (files: SourceFile[]) => findLayerViolations(files).map((violation) => violation.message);
const registry: SourceFile = {
  path: 'main/engines/engineRegistry.ts',
  text: "import { alphaEngine } from './alpha/alphaEngine.ts';\nimport { betaEngine } from './beta/betaEngine.ts';\nimport type { Engine } from './engine.ts';",
};

describe('layer rules', () => {
  it('hold across the whole source tree, but for the allow-list, which only shrinks', () => {
    const files = ['main', 'preload', 'renderer', 'common'].flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(20);
    const violations = findLayerViolations(files);
    const allowed = new Set(layerAllowList);
    const found = new Set(violations.map(violationKey));
    console.log(`layer allow-list: ${layerAllowList.length} import(s) still break the matrix and are tolerated until they are moved:\n${layerAllowList.map((key) => `  ${key}`).join('\n')}`);
    expect(violations.filter((violation) => !allowed.has(violationKey(violation))).map((violation) => violation.message)).toEqual([]);
    // An entry that no longer breaks a rule must leave the list, so that it only ever shrinks.
    expect(layerAllowList.filter((key) => !found.has(key)).map((key) => `${key} no longer breaks a rule: remove it from tests/unit/layerAllowList.ts`)).toEqual([]);
  });

  it('catch one engine importing another, or the store, or anything outside its row', () => {
    expect(
      messages([
        registry,
        { path: 'main/engines/alpha/alphaEngine.ts', text: "import { probe } from '../beta/betaProbe.ts';\nimport { RunStore } from '../../store/runStore.ts';\nimport type { LabApi } from '../../../preload/api.ts';" },
        { path: 'main/engines/alpha/alphaWorker.ts', text: "import { pause } from '../../toolkit/abortableWaits.ts';\nimport { parse } from '../../scenario/schema.ts';\nimport { same } from './alphaEngine.ts';\nimport { EngineFailure } from '../engine.ts';" },
        { path: 'main/engines/beta/betaEngine.ts', text: "import { runs } from '../../runs/runController.ts';\nimport { findEngine } from '../engineRegistry.ts';\nimport { service } from '../../service/labService.ts';" },
      ]),
    ).toEqual([
      'main/engines/alpha/alphaEngine.ts imports ../beta/betaProbe.ts (another engine); an engine may import only the engine interface, scenario/, measure/, platform/, toolkit/, network/, protocols/, abstractMachine/, http/, workload/ and the contract types — never another engine or the core around it',
      'main/engines/alpha/alphaEngine.ts imports ../../store/runStore.ts; an engine may import only the engine interface, scenario/, measure/, platform/, toolkit/, network/, protocols/, abstractMachine/, http/, workload/ and the contract types — never another engine or the core around it',
      expect.stringMatching(/^main\/engines\/beta\/betaEngine\.ts imports \.\.\/\.\.\/runs\/runController\.ts; an engine may import only/),
      expect.stringMatching(/^main\/engines\/beta\/betaEngine\.ts imports \.\.\/engineRegistry\.ts; an engine may import only/),
      expect.stringMatching(/^main\/engines\/beta\/betaEngine\.ts imports \.\.\/\.\.\/service\/labService\.ts; an engine may import only/),
    ]);
  });

  it('let the CLI reach engines only through the registry and their entry files', () => {
    expect(
      messages([
        registry,
        { path: 'main/cli/commands/alphaCommand.ts', text: "import { alphaEngine } from '../../engines/alpha/alphaEngine.ts';\nimport { findEngine } from '../../engines/engineRegistry.ts';\nimport { openService } from '../serviceForCommand.ts';\nimport { parseDurationMs } from '../../scenario/units.ts';\nimport { LabService } from '../../service/labService.ts';" },
        { path: 'main/cli/commands/betaCommand.ts', text: "import { runLoad } from '../../engines/beta/load/runLoad.ts';\nimport { RunStore } from '../../store/runStore.ts';" },
      ]),
    ).toEqual([
      'main/cli/commands/betaCommand.ts imports ../../engines/beta/load/runLoad.ts; the CLI may import only service/, scenario/, the engine registry and engines’ entry files (and browser/ for `serve`)',
      'main/cli/commands/betaCommand.ts imports ../../store/runStore.ts; the CLI may import only service/, scenario/, the engine registry and engines’ entry files (and browser/ for `serve`)',
    ]);
  });

  it('let engines share network/ and protocols/, which never import an engine', () => {
    expect(
      messages([
        registry,
        { path: 'main/engines/alpha/alphaEngine.ts', text: "import { FaultInjectingProxy } from '../../network/faultInjectingProxy.ts';\nimport { portmapClient } from '../../protocols/oncRpc/portmapClient.ts';" },
        { path: 'main/network/relay.ts', text: "import { pause } from '../toolkit/abortableWaits.ts';\nimport { alphaEngine } from '../engines/alpha/alphaEngine.ts';" },
        { path: 'main/protocols/oncRpc/stub.ts', text: "import { FaultInjectingProxy } from '../../network/faultInjectingProxy.ts';\nimport { probe } from '../../engines/beta/betaProbe.ts';" },
      ]),
    ).toEqual([
      'main/network/relay.ts imports ../engines/alpha/alphaEngine.ts; network/ holds links and proxies any engine may use; it imports no engine',
      'main/protocols/oncRpc/stub.ts imports ../../engines/beta/betaProbe.ts; protocols/ holds wire protocols any engine may use; it imports no engine',
    ]);
  });

  it('catch electron imported by the core outside main/app', () => {
    expect(messages([{ path: 'main/runs/leak.ts', text: "import { app } from 'electron';" }])).toEqual(['main/runs/leak.ts imports electron; only main/app/ and preload/ may']);
  });

  it('catch Node modules in the renderer, however they are spelled, and the core reached from it', () => {
    const violations = messages([
      { path: 'renderer/src/a.ts', text: "import { readFileSync } from 'node:fs';" },
      { path: 'renderer/src/b.vue', text: "<script setup lang=\"ts\">\nconst os = await import('os');\n</script>" },
      { path: 'renderer/src/c.ts', text: "import { LabService } from '../../main/service/labService.ts';" },
    ]);
    expect(violations).toHaveLength(3);
    expect(builtinModules).toContain('os');
  });

  it('catch common/ reaching into a runtime layer', () => {
    expect(messages([{ path: 'common/x.ts', text: "import type { Engine } from '../main/engines/engine.ts';\nimport { createHash } from 'node:crypto';" }])).toHaveLength(2);
  });

  it('keep the contract file types only', () => {
    expect(messages([{ path: 'preload/api.ts', text: 'export const x = 1;' }])).toEqual(['preload/api.ts must hold types only (found a runtime declaration)']);
  });
});

describe('code that runs in the window', () => {
  it('uses no Node global anywhere in renderer/ and common/ (resolved by the TypeScript checker)', () => {
    const files = ['renderer', 'common'].flatMap(sourceFiles).filter((file) => /\.(ts|vue)$/.test(file.path));
    expect(files.some((file) => file.path.endsWith('.vue'))).toBe(true);
    expect(nodeGlobalUses(files, root)).toEqual([]);
  });

  it('is caught using process, Buffer, __dirname, require, global, setImmediate or a NodeJS type, and not for a local of the same name', () => {
    const uses = nodeGlobalUses(
      [
        { path: 'common/leak.ts', text: "export const debug = process.env.DEBUG === '1';\nexport const size = (text: string) => Buffer.byteLength(text);\nexport const here = __dirname;\n" },
        { path: 'common/shadowed.ts', text: 'export function run(process: { env: Record<string, string> }): string | undefined {\n  return process.env.HOME;\n}\nexport const timer: ReturnType<typeof setTimeout> | null = null;\n' },
        { path: 'renderer/src/leak.ts', text: "const crypto = require('node:crypto');\nexport const root = global;\nsetImmediate(() => crypto);\nexport let handle: NodeJS.Timeout | undefined;\n" },
        { path: 'renderer/src/Leak.vue', text: '<template><p>{{ 1 }}</p></template>\n<script setup lang="ts">\nconst pid = process.pid;\n</script>\n' },
      ],
      root,
    );
    expect(uses).toEqual([
      'common/leak.ts:1:22 uses the Node global process',
      'common/leak.ts:2:39 uses the Node global Buffer',
      'common/leak.ts:3:21 uses the Node global __dirname',
      'renderer/src/leak.ts:1:16 uses the Node global require',
      'renderer/src/leak.ts:2:21 uses the Node global global',
      'renderer/src/leak.ts:3:1 uses the Node global setImmediate',
      'renderer/src/leak.ts:4:20 uses the Node global NodeJS',
      'renderer/src/Leak.vue:3:13 uses the Node global process',
    ]);
  });
});
