import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Koffi, MachineCode, NativeLibc } from './nativeLibc.ts';
import { firstToLastReadNs, pingPongBlockBytes, writePingPongBlock } from './pingPongBlock.ts';

/** What one bare creation does, from the creating call until the new thread or process is reaped. */
export type BareCreationKind = 'os-thread' | 'os-spawn' | 'os-fork';
/** Who passes the byte back: two threads of one process, two processes, or nobody (one thread, one pipe). */
export type PingPongKind = 'thread' | 'process' | 'none';

const closeOnExec = 0o2000000;
const sigkill = 9;
const mapShared = 0x01;
const mapAnonymous = 0x20;
const protectionReadWrite = 3;
/** Three blocks: the two sides of a ring and the single-thread baseline never overlap. */
const sharedBytes = 4096;

/** A small program that does nothing and exits 0; the first of these that exists is spawned. */
const trivialPrograms = ['/bin/true', '/usr/bin/true'];

export class BareMeasurementError extends Error {
  override readonly name = 'BareMeasurementError';
}

/**
 * The bare measurements, each one synchronous native calls from this thread: they run in a helper
 * process of their own (bareCostsHelper.ts), so blocking here stalls nothing the user sees, and a
 * native crash ends only the helper.
 */
export class BareMeasurements {
  readonly #koffi: Koffi;
  readonly #libc: NativeLibc;
  readonly #program: string;
  readonly #shared: unknown;
  readonly #sharedAddress: bigint;
  readonly #view: DataView;
  readonly #threadId = [0n];
  readonly #joinResult: unknown[] = [null];
  readonly #pid = [0];
  readonly #status = [0];
  readonly #oneByte = Buffer.from([0x2a]);
  readonly #openFds = new Set<number>();

  constructor(koffi: Koffi, libc: NativeLibc) {
    this.#koffi = koffi;
    this.#libc = libc;
    const program = trivialPrograms.find((path) => existsSync(path));
    if (program === undefined) throw new BareMeasurementError(`none of ${trivialPrograms.join(', ')} exists to be spawned`);
    this.#program = program;
    this.#shared = libc.mmap(null, sharedBytes, protectionReadWrite, mapShared | mapAnonymous, -1, 0);
    this.#sharedAddress = koffi.address(this.#shared);
    this.#view = new DataView(koffi.view(this.#shared, sharedBytes));
  }

  get program(): string {
    return this.#program;
  }

  get machineCode(): MachineCode | undefined {
    return 'echoLoop' in this.#libc.machineCode ? this.#libc.machineCode : undefined;
  }

  /** Which bare creations this machine can measure. */
  get creationKinds(): BareCreationKind[] {
    return this.machineCode === undefined ? ['os-thread', 'os-spawn'] : ['os-thread', 'os-spawn', 'os-fork'];
  }

  /** The CPU this thread runs on now. */
  currentCpu(): number {
    return this.#libc.schedGetcpu() as number;
  }

  /**
   * Keeps this thread, and every thread and process it creates from now on, on one CPU: a new
   * thread then starts without waiting for another CPU to wake up (tens of µs in a virtual
   * machine), which would be scheduling latency, not the cost of creating it.
   */
  pinToCpu(cpu: number): void {
    const mask = new BigUint64Array([1n << BigInt(cpu % 64)]);
    if (this.#libc.schedSetaffinity(0, 8, mask) !== 0) throw new BareMeasurementError(`sched_setaffinity failed (errno ${this.#koffi.errno()})`);
  }

  /** Milliseconds to create one thread, create one process, or fork one copy of this one, and reap it. */
  createOnce(kind: BareCreationKind): number {
    if (kind === 'os-thread') return this.#threadOnce();
    if (kind === 'os-spawn') return this.#spawnOnce();
    return this.#forkOnce();
  }

  #threadOnce(): number {
    const libc = this.#libc;
    const startedAt = performance.now();
    const created = libc.pthreadCreate(this.#threadId, null, libc.trivialStartRoutine, null) as number;
    if (created !== 0) throw new BareMeasurementError(`pthread_create failed (error ${created})`);
    const joined = libc.pthreadJoin(this.#threadId[0], this.#joinResult) as number;
    const endedAt = performance.now();
    if (joined !== 0) throw new BareMeasurementError(`pthread_join failed (error ${joined})`);
    return endedAt - startedAt;
  }

  #spawnOnce(): number {
    const libc = this.#libc;
    const startedAt = performance.now();
    const spawned = libc.posixSpawn(this.#pid, this.#program, null, null, [this.#program, null], [null]) as number;
    if (spawned !== 0) throw new BareMeasurementError(`posix_spawn of ${this.#program} failed (error ${spawned})`);
    this.#reap(this.#pid[0]!, this.#program);
    return performance.now() - startedAt;
  }

  #forkOnce(): number {
    const machineCode = this.#requireMachineCode();
    writePingPongBlock(this.#view, 0, { readFd: -1, writeFd: -1, count: 0, parentPid: process.pid, cpu: undefined });
    const startedAt = performance.now();
    const pid = Number(machineCode.forkChild(this.#sharedAddress, 0));
    if (pid <= 0) throw new BareMeasurementError(`fork failed (error ${-pid})`);
    this.#reap(pid, 'the forked copy');
    return performance.now() - startedAt;
  }

  #reap(pid: number, what: string): void {
    const reaped = this.#libc.waitpid(pid, this.#status, 0) as number;
    if (reaped !== pid) throw new BareMeasurementError(`waitpid for ${what} failed (errno ${this.#koffi.errno()})`);
    if (this.#status[0] !== 0) throw new BareMeasurementError(`${what} did not exit with 0 (wait status ${this.#status[0]})`);
  }

  #requireMachineCode(): MachineCode {
    const machineCode = this.machineCode;
    if (machineCode === undefined) throw new BareMeasurementError('the native code for this measurement is not available here');
    return machineCode;
  }

  /**
   * Passes one byte back and forth `roundTrips` times through two pipes, both sides in native code
   * pinned to `cpu`: every pass wakes the other side, so on one CPU it is a context switch plus
   * one write and one read. With kind `none` one thread writes the byte into a pipe and reads it
   * back itself: the same system calls without any switch, the baseline to subtract.
   * Returns the nanoseconds of one pass (one hop), from the timestamps the native code took.
   */
  pingPong(kind: PingPongKind, roundTrips: number, cpu: number | undefined): number {
    const machineCode = this.#requireMachineCode();
    if (kind === 'none') return this.#pingPongAlone(machineCode, roundTrips * 2, cpu);
    const first = this.#pipe();
    const second = this.#pipe();
    const parentPid = process.pid;
    writePingPongBlock(this.#view, 0, { readFd: first[0], writeFd: second[1], count: roundTrips, parentPid, cpu });
    writePingPongBlock(this.#view, pingPongBlockBytes, { readFd: second[0], writeFd: first[1], count: roundTrips, parentPid, cpu });
    const blocks = [this.#sharedAddress, this.#sharedAddress + BigInt(pingPongBlockBytes)];
    try {
      if (kind === 'thread') this.#ringOfThreads(machineCode, blocks, first[1], roundTrips);
      else this.#ringOfProcesses(machineCode, blocks, first[1]);
    } finally {
      for (const fd of [...first, ...second]) this.#closeOnce(fd);
    }
    // Between the first side's first read and its last, roundTrips - 1 round trips: two hops each.
    return firstToLastReadNs(this.#view, 0) / (2 * (roundTrips - 1));
  }

  #pingPongAlone(machineCode: MachineCode, hops: number, cpu: number | undefined): number {
    const pipe = this.#pipe();
    writePingPongBlock(this.#view, 2 * pingPongBlockBytes, { readFd: pipe[0], writeFd: pipe[1], count: hops, parentPid: process.pid, cpu });
    try {
      const threadBlock = this.#sharedAddress + BigInt(2 * pingPongBlockBytes);
      this.#startThread(machineCode.echoLoop, threadBlock);
      const thread = this.#threadId[0]!;
      this.#inject(pipe[1]);
      this.#joinEcho(thread, hops);
    } finally {
      for (const fd of pipe) this.#closeOnce(fd);
    }
    return firstToLastReadNs(this.#view, 2 * pingPongBlockBytes) / (hops - 1);
  }

  #ringOfThreads(machineCode: MachineCode, blocks: bigint[], injectFd: number, roundTrips: number): void {
    this.#startThread(machineCode.echoLoop, blocks[0]!);
    const firstThread = this.#threadId[0]!;
    try {
      this.#startThread(machineCode.echoLoop, blocks[1]!);
    } catch (error) {
      // The first side waits for a byte that will never come: an end of file ends its loop.
      this.#closeOnce(injectFd);
      this.#libc.pthreadJoin(firstThread, this.#joinResult);
      throw error;
    }
    const secondThread = this.#threadId[0]!;
    this.#inject(injectFd);
    this.#joinEcho(firstThread, roundTrips);
    this.#joinEcho(secondThread, roundTrips);
  }

  #ringOfProcesses(machineCode: MachineCode, blocks: bigint[], injectFd: number): void {
    const firstChild = Number(machineCode.forkChild(blocks[0]!, 1));
    if (firstChild <= 0) throw new BareMeasurementError(`fork failed (error ${-firstChild})`);
    const secondChild = Number(machineCode.forkChild(blocks[1]!, 1));
    if (secondChild <= 0) {
      this.#libc.kill(firstChild, sigkill);
      this.#libc.waitpid(firstChild, this.#status, 0);
      throw new BareMeasurementError(`fork failed (error ${-secondChild})`);
    }
    this.#inject(injectFd);
    this.#reap(firstChild, 'the first ping-pong process');
    this.#reap(secondChild, 'the second ping-pong process');
  }

  #startThread(start: bigint, block: bigint): void {
    const created = this.#libc.pthreadCreate(this.#threadId, null, start, block) as number;
    if (created !== 0) throw new BareMeasurementError(`pthread_create failed (error ${created})`);
  }

  #joinEcho(thread: bigint, expectedHops: number): void {
    const joined = this.#libc.pthreadJoin(thread, this.#joinResult) as number;
    if (joined !== 0) throw new BareMeasurementError(`pthread_join failed (error ${joined})`);
    const hops = Number(this.#koffi.address(this.#joinResult[0]));
    if (hops !== expectedHops) throw new BareMeasurementError(`a ping-pong thread passed ${hops} bytes instead of ${expectedHops}`);
  }

  #inject(fd: number): void {
    if (this.#libc.write(fd, this.#oneByte, 1) !== 1) throw new BareMeasurementError(`write to a ping-pong pipe failed (errno ${this.#koffi.errno()})`);
  }

  #pipe(): [number, number] {
    const fds = [0, 0];
    if (this.#libc.pipe2(fds, closeOnExec) !== 0) throw new BareMeasurementError(`pipe2 failed (errno ${this.#koffi.errno()})`);
    this.#openFds.add(fds[0]!);
    this.#openFds.add(fds[1]!);
    return [fds[0]!, fds[1]!];
  }

  /** A number closed twice could close a descriptor someone else has opened since. */
  #closeOnce(fd: number): void {
    if (this.#openFds.delete(fd)) this.#libc.close(fd);
  }
}
