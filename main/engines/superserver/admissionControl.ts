import { BlockList, isIP } from 'node:net';
import type { ServiceLimits } from './inetdConfiguration.ts';

export type RefusalReason = 'only_from' | 'rate' | 'instances' | 'per_source' | 'queue_full';

export type AdmissionDecision = { admitted: true } | { admitted: false; reason: RefusalReason; detail: string; deactivate?: boolean };

/** `::ffff:127.0.0.1` is how a dual-stack socket shows an IPv4 peer; limits speak of 127.0.0.1. */
export function plainAddress(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function allowList(patterns: readonly string[]): BlockList {
  const list = new BlockList();
  for (const pattern of patterns) {
    const [address = '', bits] = pattern.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/**
 * xinetd's admission rules for one service, checked in xinetd's order for every new connection:
 * the source must be allowed (only_from), the connection rate must stay under cps (otherwise the
 * whole service is deactivated for a while), and the running handlers must stay under instances
 * and per_source. The caller refuses and logs whatever is not admitted.
 */
export class AdmissionControl {
  private limits: ServiceLimits;
  private allowed: BlockList | undefined;
  private readonly recentAcceptsMs: number[] = [];
  private readonly runningBySource = new Map<string, number>();
  private runningCount = 0;

  constructor(limits: ServiceLimits) {
    this.limits = limits;
    this.allowed = limits.onlyFrom ? allowList(limits.onlyFrom) : undefined;
  }

  /** A reload changes the limits; what is running keeps being counted. */
  updateLimits(limits: ServiceLimits): void {
    this.limits = limits;
    this.allowed = limits.onlyFrom ? allowList(limits.onlyFrom) : undefined;
  }

  get running(): number {
    return this.runningCount;
  }

  decide(source: string, nowMs: number): AdmissionDecision {
    if (this.allowed !== undefined && !this.allowed.check(source, isIP(source) === 6 ? 'ipv6' : 'ipv4')) {
      return { admitted: false, reason: 'only_from', detail: `${source} is not in only_from ${this.limits.onlyFrom!.join(',')}` };
    }
    const rate = this.limits.rate;
    if (rate !== undefined) {
      while (this.recentAcceptsMs.length > 0 && this.recentAcceptsMs[0]! <= nowMs - rate.windowMs) this.recentAcceptsMs.shift();
      this.recentAcceptsMs.push(nowMs);
      if (this.recentAcceptsMs.length > rate.limit) {
        this.recentAcceptsMs.length = 0;
        const window = rate.windowMs === 1_000 ? 'second' : `${rate.windowMs / 1000} s`;
        return { admitted: false, reason: 'rate', detail: `more than ${rate.limit} connections in one ${window}`, deactivate: true };
      }
    }
    if (this.limits.instances !== undefined && this.runningCount >= this.limits.instances) {
      return { admitted: false, reason: 'instances', detail: `${this.runningCount} running, instances = ${this.limits.instances}` };
    }
    const fromSource = this.runningBySource.get(source) ?? 0;
    if (this.limits.perSource !== undefined && fromSource >= this.limits.perSource) {
      return { admitted: false, reason: 'per_source', detail: `${fromSource} running for ${source}, per_source = ${this.limits.perSource}` };
    }
    return { admitted: true };
  }

  /** Counts an admitted connection until `release` is called (once) when its handler is done. */
  hold(source: string): () => void {
    this.runningCount += 1;
    this.runningBySource.set(source, (this.runningBySource.get(source) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.runningCount -= 1;
      const remaining = (this.runningBySource.get(source) ?? 1) - 1;
      if (remaining === 0) this.runningBySource.delete(source);
      else this.runningBySource.set(source, remaining);
    };
  }
}
