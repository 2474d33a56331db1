import { describe, expect, it } from 'vitest';
import { containerSupport, measureContainer, measureProcess, measureWorker } from '../../../main/measure/startup/startupCosts.ts';

describe('start-up costs', () => {
  it('starts a real process and a real worker thread and reads their memory', async () => {
    const process = await measureProcess();
    expect(process.available).toBe(true);
    expect(process.startMs).toBeGreaterThan(0);
    expect(process.memoryBytes).toBeGreaterThan(100 * 1024);
    const worker = await measureWorker();
    expect(worker.startMs).toBeGreaterThan(0);
    expect(worker.memoryBytes).toBeGreaterThan(100 * 1024);
  });

  it('starts a container in new namespaces, or says why this machine cannot', async () => {
    const support = containerSupport();
    const container = await measureContainer();
    expect(container.available).toBe(support.available);
    if (container.available) {
      expect(container.startMs).toBeGreaterThan(0);
      expect(container.memoryBytes).toBeGreaterThan(100 * 1024);
    } else expect(container.note).toMatch(/unshare/);
  });
});
