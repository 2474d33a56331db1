// Reused buffers that bulk page frames are copied into before they go to the socket.
//
// Why copy at all: the kernel reads whatever a socket write hands it, and on some virtual machines
// (this project's test machines among them) the kernel's first read of each page of a process is
// several times slower than every later one: 0.45 GB/s against 2 GB/s over loopback, measured by
// tests/bench/vmMigration/bulkTransfer.ts. A migration sends most pages exactly once, so handing
// the kernel views of guest memory pays that first read for every page. Copying in user space
// (which reads guest memory at memory speed) into a few buffers the kernel has already read keeps
// the kernel on its fast path. A buffer goes back to the pool once its write has reached the kernel.

export class StagingBuffers {
  private readonly bufferBytes: number;
  private readonly free: Buffer[] = [];
  /** Buffers ever made: bounded by the sender's backlog limit divided by the buffer size, plus a few. */
  created = 0;

  constructor(bufferBytes: number) {
    this.bufferBytes = bufferBytes;
  }

  /** A buffer of at least `bytes` (a pooled one when it fits, else a one-off). */
  take(bytes: number): Buffer {
    if (bytes > this.bufferBytes) return Buffer.allocUnsafeSlow(bytes);
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    this.created += 1;
    return Buffer.allocUnsafeSlow(this.bufferBytes);
  }

  /** True when a pooled buffer is free (false: the next take makes a new one). */
  get hasFree(): boolean {
    return this.free.length > 0;
  }

  /** Returns a buffer taken from this pool, once nothing reads it any more. */
  give(buffer: Buffer): void {
    if (buffer.length === this.bufferBytes) this.free.push(buffer);
  }
}
