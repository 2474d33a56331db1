// Tier 3's capacity is a real queue in the data server process: with one slot, queries sent at
// once are answered one query time apart; with as many slots as queries, together.
import { describe, expect, it } from 'vitest';
import { dataHost, startCluster } from '../../../main/engines/serverClusters/clusterControl.ts';
import type { ServerSettings } from '../../../main/engines/serverClusters/clusterMessages.ts';
import { DataClient } from '../../../main/engines/serverClusters/dataClient.ts';

const settings: ServerSettings = { responseSizeBytes: 1024, requestsPerConnection: 0, workload: { kind: 'io', serviceTimeMs: 0 }, cacheObjects: 0, objects: 16 };
// Long enough that the delivery jitter of a busy machine (a few ms) stays well inside the margins.
const queryTimeMs = 100;

/** When each of `count` queries sent at once was answered, in ms after sending, in answer order. */
async function answerTimes(concurrency: number, count: number): Promise<number[]> {
  const cluster = await startCluster({ servers: 1, objects: 16, dataTier: { concurrency, queryTimeMs }, port: 0, mode: 'relay', policy: 'round-robin', healthIntervalMs: 100, loadReportIntervalMs: 100, server: settings, seed: 1 });
  const client = new DataClient(dataHost, await cluster.data.ready);
  try {
    const sentAt = performance.now();
    const times = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        new Promise<number>((resolve, reject) =>
          client.query(`object-${index}`, (value, error) => (error !== undefined || value === undefined ? reject(error ?? new Error('no value')) : resolve(performance.now() - sentAt))),
        ),
      ),
    );
    return times.sort((left, right) => left - right);
  } finally {
    client.close();
    await cluster.stop();
  }
}

describe('the data tier', () => {
  it('queues queries beyond its concurrency in the data server process', async () => {
    const queued = await answerTimes(1, 4);
    // One slot: the fourth answer comes after four query times, the answers about one query time
    // apart (an answer delivered late to this process shortens the next gap by as much).
    expect(queued[3]!).toBeGreaterThanOrEqual(4 * queryTimeMs - 2);
    for (let index = 1; index < 4; index += 1) expect(queued[index]! - queued[index - 1]!).toBeGreaterThanOrEqual(0.7 * queryTimeMs);
    const together = await answerTimes(4, 4);
    expect(together[0]!).toBeGreaterThanOrEqual(queryTimeMs - 2);
    expect(together[3]! - together[0]!).toBeLessThan(queryTimeMs);
  }, 30_000);
});
