import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

/** The nice value of a thread of this process, from /proc (field 19 of its stat line). */
function niceOf(threadId: number): number {
  const stat = readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe.runIf(process.platform === 'linux')('lowering one thread\'s priority', () => {
  it('sets the calling thread\'s nice value and reports what the kernel says, in a thread of its own', async () => {
    const moduleUrl = new URL('../../main/platform/threadPriority.ts', import.meta.url).href;
    const code = `
      import { parentPort } from 'node:worker_threads';
      const { setThisThreadNice, thisThreadNice } = await import(${JSON.stringify(moduleUrl)});
      const raised = setThisThreadNice(12);
      const refused = setThisThreadNice(-20);
      parentPort.postMessage({ raised, refused, after: thisThreadNice() });
    `;
    const mainThreadId = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
    const niceBefore = niceOf(mainThreadId);
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
    try {
      const answer = await new Promise<{ raised: { nice: number; error?: string }; refused: { nice: number; error?: string }; after: number }>((resolve) => worker.once('message', resolve));
      expect(answer.raised).toEqual({ nice: Math.max(niceBefore, 12) });
      if (process.getuid?.() === 0) expect(answer.refused).toEqual({ nice: -20 });
      else expect(answer.refused).toMatchObject({ nice: Math.max(niceBefore, 12), error: expect.any(String) });
      expect(niceOf(mainThreadId)).toBe(niceBefore);
    } finally {
      await worker.terminate();
    }
  });

  it('changes the calling thread\'s nice value and no other thread\'s', async () => {
    const moduleUrl = new URL('../../main/platform/threadPriority.ts', import.meta.url).href;
    const code = `
      import { parentPort } from 'node:worker_threads';
      import { readlinkSync } from 'node:fs';
      const { lowerThisThreadPriority } = await import(${JSON.stringify(moduleUrl)});
      const changed = lowerThisThreadPriority(7);
      parentPort.postMessage({ changed, threadId: Number(readlinkSync('/proc/thread-self').split('/').pop()) });
      setTimeout(() => {}, 1000);
    `;
    const mainThreadId = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
    const niceBefore = niceOf(mainThreadId);
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
    try {
      const { changed, threadId } = await new Promise<{ changed: boolean; threadId: number }>((resolve) => worker.once('message', resolve));
      expect(changed).toBe(true);
      expect(threadId).not.toBe(mainThreadId);
      expect(niceOf(threadId)).toBe(Math.max(niceBefore, 7));
      expect(niceOf(mainThreadId)).toBe(niceBefore);
    } finally {
      await worker.terminate();
    }
  });
});
