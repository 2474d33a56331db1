// Sandboxes started ahead of need: starting a confined Node process takes tens of milliseconds,
// which would otherwise land in every measured migration. Each one serves one piece of code; the
// engine settles every host (one spare each, ready) before each measured step.
import { join } from 'node:path';
import type { SandboxLimits } from '../sandbox/confinement.ts';
import { HostSandbox } from './hostSandbox.ts';

export interface SandboxPoolSettings {
  modulePath: string;
  moduleFiles: readonly string[];
  /** Where the sandboxes' grant folders go (outside the host's private folder). */
  grantsRoot: string;
  hostName: string;
  limits: SandboxLimits;
  /** Told the launcher pid of every sandbox started (the engine keeps them, to be sure none outlives the run). */
  onStart?: (pid: number) => void;
}

export class SandboxPool {
  private readonly settings: SandboxPoolSettings;
  private spare: HostSandbox | undefined;
  private readonly live = new Set<HostSandbox>();
  private started = 0;
  private closed = false;

  constructor(settings: SandboxPoolSettings) {
    this.settings = settings;
  }

  private startOne(limits: SandboxLimits): HostSandbox {
    this.started += 1;
    const sandbox = new HostSandbox({
      modulePath: this.settings.modulePath,
      moduleFiles: this.settings.moduleFiles,
      grantFolder: join(this.settings.grantsRoot, `${this.settings.hostName}-${this.started}`),
      limits,
    });
    this.live.add(sandbox);
    if (sandbox.launcherPid !== undefined) this.settings.onStart?.(sandbox.launcherPid);
    void sandbox.outcome.then(() => this.live.delete(sandbox));
    sandbox.ready.catch(() => undefined);
    return sandbox;
  }

  /** Starts the spare if there is none, so the next `take` finds one ready. */
  warm(): void {
    if (!this.closed && (this.spare === undefined || this.spare.hasExited)) this.spare = this.startOne(this.settings.limits);
  }

  /** A ready sandbox of its own for one piece of code (with other limits, a fresh one). */
  async take(limits: SandboxLimits = this.settings.limits): Promise<HostSandbox> {
    if (this.closed) throw new Error(`host ${this.settings.hostName} is shutting down`);
    const sameLimits = JSON.stringify(limits) === JSON.stringify(this.settings.limits);
    let sandbox: HostSandbox;
    if (sameLimits && this.spare !== undefined && !this.spare.hasExited) {
      sandbox = this.spare;
      this.spare = undefined;
    } else sandbox = this.startOne(limits);
    // The next spare is started at the next settle, between measurements: starting a Node process
    // now would block this host's event loop for its fork and take a core from the code just
    // handed over, inside the time being measured.
    await sandbox.ready;
    return sandbox;
  }

  /** Waits until the spare is ready (before a measurement, so that starting it is not measured). */
  async settle(): Promise<void> {
    this.warm();
    await this.spare?.ready.catch(() => undefined);
  }

  /** Launcher pids of every sandbox still alive. */
  get livePids(): number[] {
    return [...this.live].map((sandbox) => sandbox.launcherPid).filter((pid): pid is number => pid !== undefined);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.live].map((sandbox) => sandbox.dispose()));
    this.spare = undefined;
  }
}
