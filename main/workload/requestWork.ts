import { fileIndexFor, readServedFile, readServedFileBlocking } from './fileSet.ts';
import { seededRandom } from '../measure/seededRandom.ts';
import { drawServiceTimeMs } from './serviceTimes.ts';
import { blockThreadFor, computeFor, performBlockingWork, type Workload } from './workload.ts';

/**
 * Called when a request's work is done; a body replaces the server's usual response (a file), a
 * failure (a file that could not be read) is answered with 500.
 */
export type WorkDone = (body?: Buffer, failure?: string) => void;

/**
 * One thread's (or process's) way of doing requests' work: draws each request's service time
 * from its own seeded generator and does the work the way its architecture can.
 */
export class RequestWork {
  readonly workload: Workload;
  private readonly random: () => number;
  private requestNumber = 0;

  constructor(workload: Workload, seed: number) {
    this.workload = workload;
    this.random = seededRandom(seed);
  }

  /** This request's service time, drawn from the workload's distribution. */
  drawServiceTimeMs(): number {
    return drawServiceTimeMs(this.workload.serviceTimeMs, this.workload.distribution ?? 'constant', this.random);
  }

  /** The file a request for `target` gets (kind `file`). */
  fileIndex(target: string): number {
    this.requestNumber += 1;
    return fileIndexFor(target, this.requestNumber, this.workload.files?.length ?? 0);
  }

  /**
   * Does the whole request on this thread with blocking calls, as a thread or process of a
   * thread- or process-based server does: the thread can do nothing else meanwhile.
   */
  runBlocking(target: string, serviceTimeMs = this.drawServiceTimeMs()): Buffer | undefined {
    if (this.workload.kind === 'file') return readServedFileBlocking(this.workload.files ?? [], this.fileIndex(target));
    performBlockingWork(this.workload, serviceTimeMs);
    return undefined;
  }

  /**
   * Does the request on an event loop: waits (io, file) without blocking it; computes (cpu) or
   * makes a blocking call (blocking-io) on it, which stalls every other connection meanwhile.
   */
  runOnEventLoop(target: string, done: WorkDone): void {
    const { kind } = this.workload;
    if (kind === 'file') {
      readServedFile(this.workload.files ?? [], this.fileIndex(target)).then(
        (body) => done(body),
        (error: Error) => done(undefined, `cannot read the file: ${error.message}`),
      );
      return;
    }
    const serviceTimeMs = this.drawServiceTimeMs();
    if (kind === 'io') {
      if (serviceTimeMs > 0) setTimeout(() => done(), serviceTimeMs);
      else setImmediate(() => done());
      return;
    }
    if (kind === 'blocking-io') blockThreadFor(serviceTimeMs);
    else if (serviceTimeMs > 0) computeFor(serviceTimeMs, this.workload.computeRoundsPerMs);
    done();
  }
}
