// Start-up time and memory of the isolation units the virtualization lab compares: a process (a tiny
// native program), a container (the same program in new Linux pid, mount, network and UTS namespaces
// via unshare), and a worker thread. Start-up is spawn to exit for the process and the container (the
// program does nothing, so that is its start and teardown), creation to first message for the worker.
// Memory is the resident set of the running unit (VmRSS in /proc), or the worker's V8 heap.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export type StartupKind = 'process' | 'container' | 'worker' | 'vm';

export interface StartupRow {
  kind: StartupKind;
  startMs: number;
  memoryBytes: number;
  available: boolean;
  /** Why the kind is unavailable on this machine, or what it isolates. */
  note: string;
}

export const containerCommand = ['unshare', '--fork', '--pid', '--mount-proc', '--net', '--uts'] as const;

/** Whether this machine lets us create the namespaces (root, or unprivileged user namespaces). */
export function containerSupport(): { available: boolean; reason: string } {
  const probe = spawnSync(containerCommand[0], [...containerCommand.slice(1), 'true'], { timeout: 5000, encoding: 'utf8' });
  if (probe.error) return { available: false, reason: `unshare could not run: ${probe.error.message}` };
  if (probe.status !== 0) return { available: false, reason: `unshare refused to create namespaces: ${probe.stderr.trim() || `exit ${probe.status}`}` };
  return { available: true, reason: '' };
}

function timeSpawnToExit(command: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command[0]!, command.slice(1), { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command.join(' ')} exited with ${code}`))));
  });
}

function residentBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Resident memory of `cat` waiting on its stdin (and of unshare around it, for a container). */
function measureResident(command: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, [...command.slice(1)], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.once('error', reject);
    const deadline = Date.now() + 2000;
    const poll = (): void => {
      const pids = [child.pid!, ...childPids(child.pid!)];
      pids.push(...pids.slice(1).flatMap(childPids));
      const leaf = pids[pids.length - 1]!;
      // Right after exec cat is still loading (a few KiB resident); asleep, it waits on its stdin, fully loaded.
      if ((readFileSafe(`/proc/${leaf}/comm`) === 'cat' && processState(leaf) === 'S') || Date.now() > deadline) {
        const total = pids.reduce((sum, pid) => sum + residentBytes(pid), 0);
        child.once('exit', () => resolve(total));
        child.stdin!.end();
      } else setTimeout(poll, 2);
    };
    poll();
  });
}

/** The state letter of /proc/PID/stat (R running, S sleeping, …); the name in parentheses may hold spaces. */
function processState(pid: number): string {
  const stat = readFileSafe(`/proc/${pid}/stat`);
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

export async function measureProcess(): Promise<StartupRow> {
  const startMs = await timeSpawnToExit(['/bin/true']);
  return { kind: 'process', startMs, memoryBytes: await measureResident(['cat']), available: true, note: 'own address space; shares the file system, process ids and network' };
}

export async function measureContainer(): Promise<StartupRow> {
  const support = containerSupport();
  if (!support.available) return { kind: 'container', startMs: 0, memoryBytes: 0, available: false, note: support.reason };
  const startMs = await timeSpawnToExit([...containerCommand, '/bin/true']);
  const memoryBytes = await measureResident([...containerCommand, 'cat']);
  return { kind: 'container', startMs, memoryBytes, available: true, note: 'own process ids, mounts (/proc), network and host name; same kernel' };
}

export async function measureWorker(): Promise<StartupRow> {
  const started = performance.now();
  const worker = new Worker("const { parentPort } = require('node:worker_threads'); parentPort.on('message', () => {}); parentPort.postMessage(0);", { eval: true });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const startMs = performance.now() - started;
  const heap = await worker.getHeapStatistics();
  await worker.terminate();
  return { kind: 'worker', startMs, memoryBytes: heap.used_heap_size, available: true, note: 'own JavaScript heap; shares the process, its memory protection and everything the process sees' };
}
