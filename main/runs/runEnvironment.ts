import { readFileSync } from 'node:fs';
import { arch, cpus, platform, totalmem } from 'node:os';
import type { RunEnvironment } from '../../preload/api.ts';

export function proclabVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'proclab' && manifest.version) return manifest.version;
    } catch {
      // not at this depth: source and built layouts differ by one folder
    }
  }
  return 'unknown';
}

export function describeEnvironment(face: RunEnvironment['face']): RunEnvironment {
  const processors = cpus();
  return {
    proclabVersion: proclabVersion(),
    nodeVersion: process.versions.node,
    platform: platform(),
    arch: arch(),
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    totalMemoryBytes: totalmem(),
    face,
  };
}
