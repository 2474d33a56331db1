import { arch, cpus, platform, totalmem } from 'node:os';
import type { RunEnvironment } from '../../preload/api.ts';
import { proclabVersion } from '../platform/proclabVersion.ts';

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
