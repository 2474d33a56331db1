import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { pinThisThread } from '../../main/platform/threadAffinity.ts';

/** The CPUs a thread of this process may run on, as /proc lists them. */
function cpusOf(threadId: number): string {
  return /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/self/task/${threadId}/status`, 'utf8'))![1]!;
}

describe.runIf(process.platform === 'linux')('pinning one thread to CPUs', () => {
  it('pins the calling thread only, as the fault path is pinned when PROCLAB_FAULT_PATH_CPUS is set', async () => {
    const moduleUrl = new URL('../../main/platform/threadAffinity.ts', import.meta.url).href;
    const code = `
      import { parentPort } from 'node:worker_threads';
      import { readlinkSync } from 'node:fs';
      const { pinToFaultPathCpus } = await import(${JSON.stringify(moduleUrl)});
      const pinned = pinToFaultPathCpus();
      parentPort.postMessage({ pinned, threadId: Number(readlinkSync('/proc/thread-self').split('/').pop()) });
      setTimeout(() => {}, 1000);
    `;
    const mainThreadId = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
    const cpusBefore = cpusOf(mainThreadId);
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { env: { ...process.env, PROCLAB_FAULT_PATH_CPUS: '0' } });
    try {
      const { pinned, threadId } = await new Promise<{ pinned: boolean; threadId: number }>((resolve) => worker.once('message', resolve));
      expect(pinned).toBe(true);
      expect(cpusOf(threadId)).toBe('0');
      expect(cpusOf(mainThreadId)).toBe(cpusBefore);
    } finally {
      await worker.terminate();
    }
  });

  it('refuses a CPU list that is not one, without running anything', () => {
    expect(pinThisThread('0; rm -rf /')).toBe(false);
    expect(pinThisThread('')).toBe(false);
  });
});
