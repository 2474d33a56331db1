import { Worker } from 'node:worker_threads';
import { entryModulePath } from '../../../platform/moduleEntry.ts';
import { architecturesEntryModules } from '../architecturesEntryModules.ts';
import { serverThreadName } from '../cpu/threadNames.ts';
import type { Workload } from '../../../workload/workload.ts';
import type { PoolJobDoneMessage, PoolJobMessage, PoolWorkerData } from './poolMessages.ts';

interface PoolThread {
  worker: Worker;
  /** The job it is working on, if any. */
  jobId: number | undefined;
}

/** A job's outcome: the body to send instead of the usual one, or why it failed. */
export type PoolJobCallback = (body?: Buffer, failure?: string) => void;

interface QueuedJob {
  jobId: number;
  target: string;
}

/**
 * A fixed set of pre-spawned worker threads fed from one bounded FIFO queue. Each thread takes
 * one job at a time; a full queue refuses new jobs rather than growing without bound.
 */
export class ThreadPool {
  private readonly threads: PoolThread[] = [];
  private readonly queue: QueuedJob[] = [];
  private readonly callbacks = new Map<number, PoolJobCallback>();
  private readonly capacity: number;
  private nextJobId = 1;
  private closed = false;
  private readonly onFailure: (error: Error) => void;

  constructor(size: number, workload: Workload, capacity: number, seed: number, onFailure: (error: Error) => void) {
    this.capacity = capacity;
    this.onFailure = onFailure;
    for (let index = 0; index < size; index += 1) {
      const worker = new Worker(entryModulePath(architecturesEntryModules.poolWorker), {
        workerData: { workload, seed: seed + index + 1 } satisfies PoolWorkerData,
        name: `${serverThreadName}-pool`,
      });
      const thread: PoolThread = { worker, jobId: undefined };
      worker.on('message', (message: PoolJobDoneMessage) => this.finish(thread, message));
      worker.on('error', (error) => this.fail(new Error(`pool worker ${index + 1} failed: ${error.message}`)));
      worker.on('exit', (code) => this.fail(new Error(`pool worker ${index + 1} exited with code ${code}`)));
      this.threads.push(thread);
    }
  }

  /** Resolves once every thread has started, so the first requests do not pay for thread start-up. */
  async ready(): Promise<void> {
    await Promise.all(this.threads.map((thread) => new Promise<void>((resolve) => thread.worker.once('online', () => resolve()))));
  }

  /** Jobs waiting for a free thread. */
  get queueLength(): number {
    return this.queue.length;
  }

  /** Threads busy with a job. */
  get busyThreads(): number {
    return this.threads.filter((thread) => thread.jobId !== undefined).length;
  }

  /** Queues a job for the request `target`; false when the queue is full. */
  submit(target: string, onDone: PoolJobCallback): boolean {
    if (this.closed) return false;
    const idle = this.threads.find((thread) => thread.jobId === undefined);
    const jobId = this.nextJobId;
    this.nextJobId += 1;
    if (idle === undefined && this.queue.length >= this.capacity) return false;
    this.callbacks.set(jobId, onDone);
    if (idle !== undefined) this.dispatch(idle, { jobId, target });
    else this.queue.push({ jobId, target });
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    this.callbacks.clear();
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private dispatch(thread: PoolThread, job: QueuedJob): void {
    thread.jobId = job.jobId;
    thread.worker.postMessage({ jobId: job.jobId, target: job.target } satisfies PoolJobMessage);
  }

  private finish(thread: PoolThread, message: PoolJobDoneMessage): void {
    thread.jobId = undefined;
    const callback = this.callbacks.get(message.jobId);
    this.callbacks.delete(message.jobId);
    const next = this.queue.shift();
    if (next !== undefined) this.dispatch(thread, next);
    const body = message.body === undefined ? undefined : Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength);
    callback?.(body, message.failure);
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.onFailure(error);
  }
}
