import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { renderReportHtml } from '../../../main/report/reportDocument.ts';
import { runDataSha256 } from '../../../main/report/reportSha256.ts';
import { RunStore } from '../../../main/store/runStore.ts';
import { newRun, temporaryFolder } from './runFixtures.ts';

let folder: string;
let remove: () => void;

beforeEach(() => {
  ({ folder, remove } = temporaryFolder());
});

afterEach(() => remove());

// The hash printed in a report must be reproducible from the stored run at any later time.
it('gives a stored run the same SHA-256 every time it is read back', () => {
  const filePath = join(folder, 'runs.sqlite');
  const store = RunStore.open(filePath);
  store.createRun(newRun('run-1'));
  store.markRunning('run-1', '2025-01-01T10:00:01.000Z');
  for (let index = 0; index < 50; index++) {
    store.appendSample('run-1', { timeMs: index * 100 + 0.1, series: index % 2 === 0 ? 'a' : 'b', values: { throughputRps: index / 3, p99Ms: Math.PI * index } });
  }
  store.appendTimeline('run-1', { timeMs: 0.5, kind: 'started', message: 'go', data: { port: 40001, nested: { z: 1, a: [1, 2] } } });
  store.saveCheckResults('run-1', [{ checkId: 'c', title: { en: 'C', 'pt-BR': 'C' }, passed: true, detail: 'ok' }]);
  store.finishRun('run-1', { status: 'succeeded', finishedAt: '2025-01-01T10:00:06.000Z', durationMs: 5000, metrics: { servers: [], total: 1 / 7 } });
  const first = store.getRun('run-1')!;
  store.close();

  const reopened = RunStore.open(filePath);
  try {
    const second = reopened.getRun('run-1')!;
    expect(runDataSha256(second)).toBe(runDataSha256(first));
    const report = renderReportHtml({ run: second, labTitle: { en: 'Lab', 'pt-BR': 'Lab' }, charts: [], language: 'en' });
    expect(report.sha256).toBe(runDataSha256(first));
  } finally {
    reopened.close();
  }
});
