// One sandbox as its host sees it: a confined child process (see confinement.ts) that the host
// starts ahead of need, hands one piece of received code, watches while it runs (CPU time and
// resident memory from /proc, every few milliseconds) and kills when it overruns its budget.
// Each sandbox runs one piece of code and is then thrown away: nothing one agent leaves behind
// can reach the next.
import { spawnSync } from 'node:child_process';
import { chownSync, closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { forkChildProcess, type SupervisedChild } from '../../../toolkit/supervisedChild.ts';
import { detectConfinement, sandboxCommand, type ConfinementMechanisms, type SandboxLimits } from '../sandbox/confinement.ts';
import type { FromSandbox, ToSandbox } from '../sandbox/sandboxMessages.ts';

export interface SandboxSettings {
  /** The sandbox entry module and the files it imports (granted for reading). */
  modulePath: string;
  moduleFiles: readonly string[];
  /** A folder of its own: `in/` it may read, `out/` it may write. */
  grantFolder: string;
  limits: SandboxLimits;
}

export interface SandboxOutcome {
  /** finished: it ended by itself; killed: the host stopped it (budget, memory, cancel); crashed: it died otherwise. */
  ended: 'finished' | 'killed' | 'crashed';
  reason: string;
  cpuMs: number;
  peakResidentBytes: number;
  exitCode: number | null;
  signal: string | null;
}

const watchIntervalMs = 5;
let clockTicksPerSecond: number | undefined;

function ticksPerSecond(): number {
  if (clockTicksPerSecond === undefined) {
    const result = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const value = Number(result.stdout?.trim());
    clockTicksPerSecond = Number.isFinite(value) && value > 0 ? value : 100;
  }
  return clockTicksPerSecond;
}

/** CPU time (user + system) of a process, in milliseconds; undefined once it is gone. */
function cpuTimeMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond();
  } catch {
    return undefined;
  }
}

function residentBytes(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  } catch {
    return undefined;
  }
}

/** With a PID namespace the process we start is unshare; the sandbox's Node is its child. */
function nodeProcessOf(launcherPid: number, mechanisms: ConfinementMechanisms): number | undefined {
  if (!mechanisms.processNamespace) return launcherPid;
  try {
    const children = readFileSync(`/proc/${launcherPid}/task/${launcherPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return children[0];
  } catch {
    return undefined;
  }
}

function heapLimitReached(stderrPath: string): boolean {
  try {
    return /heap limit|JavaScript heap out of memory|Fatal process out of memory/i.test(readFileSync(stderrPath, 'utf8').slice(-8192));
  } catch {
    return false;
  }
}

export class HostSandbox {
  readonly mechanisms: ConfinementMechanisms;
  readonly grantFolder: string;
  readonly limits: SandboxLimits;
  private readonly child: SupervisedChild<FromSandbox, ToSandbox, FromSandbox & { kind: 'ready' }>;
  private readonly stderrPath: string;
  private watcher: NodeJS.Timeout | undefined;
  private cpuAtHandOver = 0;
  private killedFor: string | undefined;
  peakResidentBytes = 0;
  cpuMs = 0;
  readonly outcome: Promise<SandboxOutcome>;

  constructor(settings: SandboxSettings) {
    this.mechanisms = detectConfinement(settings.moduleFiles);
    this.grantFolder = settings.grantFolder;
    this.limits = settings.limits;
    const input = join(settings.grantFolder, 'in');
    const output = join(settings.grantFolder, 'out');
    for (const folder of [settings.grantFolder, input, output]) {
      mkdirSync(folder, { recursive: true, mode: 0o755 });
      if (this.mechanisms.unprivilegedUser !== undefined) chownSync(folder, this.mechanisms.unprivilegedUser, this.mechanisms.unprivilegedUser);
    }
    this.stderrPath = join(settings.grantFolder, '..', `${settings.grantFolder.split('/').pop()}.stderr`);
    const stderr = openSync(this.stderrPath, 'w');
    const command = sandboxCommand(this.mechanisms, process.execPath, settings.moduleFiles, { read: [input, output], write: [output] }, settings.limits);
    try {
      this.child = forkChildProcess<FromSandbox, ToSandbox, FromSandbox & { kind: 'ready' }>(settings.modulePath, {
        name: 'the sandbox',
        readyFrom: (message) => (message.kind === 'ready' ? message : undefined),
        fork: {
          execPath: command.execPath,
          execArgv: command.execArgv,
          cwd: input,
          // Nothing of the host's environment (paths, tokens) reaches received code.
          env: { LANG: 'C', ...(process.versions.electron === undefined ? {} : { ELECTRON_RUN_AS_NODE: '1' }) },
          // Its own session: a signal to "its process group" reaches only itself.
          detached: true,
          serialization: 'advanced',
          stdio: ['ignore', 'ignore', stderr, 'ipc'],
        },
      });
    } finally {
      closeSync(stderr);
    }
    this.outcome = this.child.exited.then((exit) => {
      this.stopWatching();
      const heapLimit = heapLimitReached(this.stderrPath);
      const how = exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`;
      let ended: SandboxOutcome['ended'] = exit.code === 0 ? 'finished' : 'crashed';
      let reason = exit.code === 0 ? 'ended by itself' : `died (${how})`;
      if (this.killedFor !== undefined) {
        ended = 'killed';
        reason = this.killedFor;
      } else if (heapLimit) {
        ended = 'killed';
        reason = `V8 stopped it at its heap limit (--max-old-space-size=${Math.floor(this.limits.heapLimitBytes / 1048576)} MiB; ${how})`;
      } else if (exit.signal === 'SIGXCPU' || exit.signal === 'SIGKILL') {
        reason = `the kernel ended it at its CPU time limit (RLIMIT_CPU; ${how})`;
        ended = 'killed';
      }
      return { ended, reason, cpuMs: Math.round(this.cpuMs), peakResidentBytes: this.peakResidentBytes, exitCode: exit.code, signal: exit.signal };
    });
  }

  get ready(): Promise<FromSandbox & { kind: 'ready' }> {
    return this.child.ready;
  }

  get launcherPid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.child.hasExited;
  }

  send(message: ToSandbox): void {
    this.child.send(message);
  }

  onMessage(listener: (message: FromSandbox) => void): void {
    this.child.onMessage(listener);
  }

  /** Hands work over: from now on its CPU time and memory count against its budget. */
  startWatching(): void {
    const pid = this.child.pid === undefined ? undefined : nodeProcessOf(this.child.pid, this.mechanisms);
    if (pid === undefined) return;
    this.cpuAtHandOver = cpuTimeMs(pid) ?? 0;
    const check = (): void => {
      const cpu = cpuTimeMs(pid);
      const resident = residentBytes(pid);
      if (cpu === undefined || resident === undefined) return;
      this.cpuMs = cpu - this.cpuAtHandOver;
      this.peakResidentBytes = Math.max(this.peakResidentBytes, resident);
      if (this.cpuMs > this.limits.cpuBudgetMs) void this.kill(`its host killed it after ${Math.round(this.cpuMs)} ms of CPU time (budget ${this.limits.cpuBudgetMs} ms)`);
      else if (resident > this.limits.memoryLimitBytes) {
        void this.kill(`its host killed it at ${Math.round(resident / 1048576)} MiB resident (limit ${Math.round(this.limits.memoryLimitBytes / 1048576)} MiB)`);
      }
    };
    check();
    this.watcher = setInterval(check, watchIntervalMs);
  }

  private stopWatching(): void {
    if (this.watcher !== undefined) clearInterval(this.watcher);
    this.watcher = undefined;
  }

  /** Kills it (and anything in its session) and waits until it is gone. */
  async kill(reason = 'its host stopped it'): Promise<void> {
    if (!this.child.hasExited) this.killedFor ??= reason;
    this.stopWatching();
    const pid = this.child.pid;
    if (pid !== undefined && !this.child.hasExited) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Its session is already gone.
      }
    }
    await this.child.kill();
  }

  /** Removes its grant folder once it has ended. */
  async dispose(): Promise<void> {
    await this.kill('its host shut it down');
    rmSync(this.grantFolder, { recursive: true, force: true });
    rmSync(this.stderrPath, { force: true });
  }
}
