import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEnvironment } from '../../../preload/api.ts';
import type { NewRun } from '../../../main/store/runStore.ts';

export const environment: RunEnvironment = {
  proclabVersion: '0.1.0',
  nodeVersion: 'v24.21.0',
  platform: 'linux',
  arch: 'x64',
  cpus: 8,
  cpuModel: 'Test CPU @ 3.0GHz',
  totalMemoryBytes: 16 * 1024 ** 3,
  face: 'cli',
};

export function newRun(runId: string, overrides: Partial<NewRun> = {}): NewRun {
  return {
    runId,
    labId: 'architectures',
    engine: 'architectures',
    seed: 42,
    scenarioText: 'engine: architectures\nservers: [iterative]\n',
    scenarioHash: 'hash-' + runId,
    environment,
    createdAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}

/** A fresh folder for one test's database files, removed by the returned function. */
export function temporaryFolder(): { folder: string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'proclab-store-'));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
