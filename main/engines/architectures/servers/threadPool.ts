import { Worker } from 'node:worker_threads';
import { entryModulePath } from '../../../platform/moduleEntry.ts';
import type { Workload } from '../workload/workload.ts';
import type { PoolJobDoneMessage, PoolJobMessage, PoolWorkerData } from './poolMessages.ts';

interface PoolThread {
  worker: Worker;
  /** The job it is working on, if any. */
  jobId: number | undefined;
}

/**
 * A fixed set of pre-spawned worker threads fed from one bounded FIFO queue. Each thread takes
 * one job at a time; a full queue refuses new jobs rather than growing without bound.
 */
export class ThreadPool {
  private readonly threads: PoolThread[] = [];
  private readonly queue: number[] = [];
  private readonly callbacks = new Map<number, () => void>();
  private readonly capacity: number;
  private nextJobId = 1;
  private closed = false;
  private readonly onFailure: (error: Error) => void;

  constructor(size: number, workload: Workload, capacity: number, onFailure: (error: Error) => void) {
    this.capacity = capacity;
    this.onFailure = onFailure;
    for (let index = 0; index < size; index += 1) {
      const worker = new Worker(entryModulePath('architecturesPoolWorker'), { workerData: { workload } satisfies PoolWorkerData });
      const thread: PoolThread = { worker, jobId: undefined };
      worker.on('message', (message: PoolJobDoneMessage) => this.finish(thread, message.jobId));
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

  /** Queues a job; false when the queue is full. */
  submit(onDone: () => void): boolean {
    if (this.closed) return false;
    const idle = this.threads.find((thread) => thread.jobId === undefined);
    const jobId = this.nextJobId;
    this.nextJobId += 1;
    if (idle === undefined && this.queue.length >= this.capacity) return false;
    this.callbacks.set(jobId, onDone);
    if (idle !== undefined) this.dispatch(idle, jobId);
    else this.queue.push(jobId);
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    this.callbacks.clear();
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private dispatch(thread: PoolThread, jobId: number): void {
    thread.jobId = jobId;
    thread.worker.postMessage({ jobId } satisfies PoolJobMessage);
  }

  private finish(thread: PoolThread, jobId: number): void {
    thread.jobId = undefined;
    const callback = this.callbacks.get(jobId);
    this.callbacks.delete(jobId);
    const next = this.queue.shift();
    if (next !== undefined) this.dispatch(thread, next);
    callback?.();
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.onFailure(error);
  }
}
