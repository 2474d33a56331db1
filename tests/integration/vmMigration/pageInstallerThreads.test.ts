// The destination host decides a migration is complete when every page is counted present, and
// then sends the checksums: a page another thread (the faulting guest) counts must already have its
// checksum in place, or a correct migration reports a differing page.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createGuestMemoryBuffers, pageChecksum } from '../../../main/engines/vmMigration/guest/guestMemory.ts';
import { createInstallerBuffers, PageInstaller } from '../../../main/engines/vmMigration/hosts/pageInstaller.ts';

const pageSize = 4096;
const pages = 1000;

const installerThread = `
  import { workerData } from 'node:worker_threads';
  const { PageInstaller } = await import(workerData.installerModule);
  const installer = new PageInstaller(workerData.memory, workerData.installerBuffers);
  for (let page = 0; page < ${pages}; page += 1) {
    const payload = Buffer.alloc(8 + ${pageSize});
    payload.writeUInt32LE(1, 0);
    payload.writeUInt32LE(page, 4);
    payload.fill((page % 250) + 1, 8);
    installer.installPages(payload);
    const until = performance.now() + 0.02;
    while (performance.now() < until) {}
  }
`;

describe('pages installed by another thread', () => {
  it('are counted present only once their checksums are in place', async () => {
    const memory = createGuestMemoryBuffers(pages * pageSize, pageSize, false);
    const installerBuffers = createInstallerBuffers(memory);
    const watcher = new PageInstaller(memory, installerBuffers);
    const expected = Array.from({ length: pages }, (_unused, page) => pageChecksum(new Int32Array(new Uint8Array(pageSize).fill((page % 250) + 1).buffer), 0, pageSize / 4));
    const installerModule = new URL('../../../main/engines/vmMigration/hosts/pageInstaller.ts', import.meta.url).href;
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(installerThread)}`), { workerData: { memory, installerBuffers, installerModule } });
    try {
      let stale = 0;
      let seen = 0;
      const giveUpAt = performance.now() + 20_000;
      // As the host's completion check does: read the count, then the checksums it covers.
      while (seen < pages && performance.now() < giveUpAt) {
        const count = watcher.presentCount;
        if (count > seen) {
          for (let page = seen; page < count; page += 1) if (watcher.checksums[page] !== expected[page]) stale += 1;
          seen = count;
        }
      }
      expect(seen).toBe(pages);
      expect(stale).toBe(0);
    } finally {
      await worker.terminate();
    }
  });
});
