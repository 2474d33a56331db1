import { describe, expect, it } from 'vitest';
import { clientsStateHeadline } from '../../../main/engines/clientsState/clientsStateHeadline.ts';
import { codeMigrationHeadline } from '../../../main/engines/codeMigration/codeMigrationHeadline.ts';
import { architecturesHeadline } from '../../../main/engines/architectures/architecturesHeadline.ts';
import { serverClustersHeadline } from '../../../main/engines/serverClusters/serverClustersHeadline.ts';
import { threadsProcessesHeadline } from '../../../main/engines/threadsProcesses/threadsProcessesHeadline.ts';
import { vmMigrationHeadline } from '../../../main/engines/vmMigration/vmMigrationHeadline.ts';
import { findEngine, engineNames } from '../../../main/engines/engineRegistry.ts';
import { renderHeadline } from '../../../common/tables/renderHeadline.ts';

describe('an engine-declared headline', () => {
  it('names each record of a list and writes its values with adaptive units, in the reader’s language', () => {
    const metrics = { strategies: [{ name: 'pre-copy', downtimeMs: 12.4, totalTimeMs: 1940 }, { name: 'post-copy', downtimeMs: 0.85, totalTimeMs: 2210.5 }] };
    expect(renderHeadline(vmMigrationHeadline, metrics, 'en')).toBe('pre-copy: downtime 12.4 ms, total 1.94 s · post-copy: downtime 850 µs, total 2.21 s');
    expect(renderHeadline(vmMigrationHeadline, metrics, 'pt-BR')).toBe('pre-copy: parada 12,4 ms, total 1,94 s · post-copy: parada 850 µs, total 2,21 s');
  });

  it('leaves out values a run did not measure, and gives nothing for a run without them', () => {
    const measurements = [{ name: 'iterative', throughputRps: 47.2 }, { name: 'event-driven' }];
    expect(renderHeadline(architecturesHeadline, { measurements }, 'en')).toBe('iterative: 47 req/s');
    expect(renderHeadline(architecturesHeadline, {}, 'en')).toBeNull();
    expect(renderHeadline(architecturesHeadline, null, 'en')).toBeNull();
  });

  it('reads one record when the engine names no list', () => {
    const metrics = { creationCompared: { threadP50Us: 48.5, processP50Us: 2150, processOverThread: 44.33 } };
    expect(renderHeadline(threadsProcessesHeadline, metrics, 'en')).toBe('thread 48.5 µs, process 2.15 ms, process ÷ thread 44.3×');
  });

  it('gives the server clusters run each response size with handoff over relay and what the dispatcher still carried', () => {
    const bySize = [
      { responseSizeBytes: 1024, throughputRatio: 1.12, handoffBytesPerRequest: 0 },
      { responseSizeBytes: 262144, throughputRatio: 2.481, handoffBytesPerRequest: 0 },
    ];
    const text = renderHeadline(serverClustersHeadline, { bySize }, 'en');
    expect(text).toMatch(/^1(\.0)? KiB, handoff\/relay 1\.12×, dispatcher bytes\/req in handoff 0 B · 256(\.0)? KiB, handoff\/relay 2\.48×/);
    expect(renderHeadline(serverClustersHeadline, { bySize }, 'pt-BR')).toContain('handoff/relay 2,48×');
  });

  it('gives the clients-and-state policies’ failures and tail, and the code-migration paradigms’ bytes and time', () => {
    const policies = [{ policy: 'none', errors: 212, p99Ms: 1250 }, { policy: 'failover', errors: 0, p99Ms: 41.75 }];
    expect(renderHeadline(clientsStateHeadline, { policies }, 'en')).toBe('none: failed 212, p99 1.25 s · failover: failed 0, p99 41.8 ms');
    expect(renderHeadline(clientsStateHeadline, { policies }, 'pt-BR')).toBe('none: falhas 212, p99 1,25 s · failover: falhas 0, p99 41,8 ms');
    const paradigms = [{ paradigm: 'client-server', bytesTransferred: 3_407_872, wallTimeMs: 812 }, { paradigm: 'mobile-agent', bytesTransferred: 2560, wallTimeMs: 35.5 }];
    expect(renderHeadline(codeMigrationHeadline, { paradigms }, 'pt-BR')).toBe('cliente-servidor: 3,25 MiB, 812 ms · agente móvel: 2,5 KiB, 35,5 ms');
    expect(renderHeadline(clientsStateHeadline, {}, 'en')).toBeNull();
  });

  it('is declared in both languages (an engine without one falls back to its first table)', () => {
    for (const name of ['architectures', 'directory', 'superserver', 'threads-processes', 'out-of-band', 'vm-migration', 'server-clusters', 'clients-and-state', 'code-migration']) expect(findEngine(name)?.headline, name).toBeDefined();
    for (const name of engineNames()) {
      const headline = findEngine(name)!.headline;
      if (headline === undefined) continue;
      for (const field of headline!.values) expect(Object.keys(field.title).sort(), `${name} ${field.path}`).toEqual(['en', 'pt-BR']);
    }
  });
});
