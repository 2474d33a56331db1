/** The port mapper's table (RFC 1833, version 2): (program, version, protocol) → port. */

export const portmapProgram = 100_000;
export const portmapVersion = 2;
export const ipProtocol = { tcp: 6, udp: 17 } as const;

export interface Mapping {
  program: number;
  version: number;
  /** IPPROTO_TCP (6) or IPPROTO_UDP (17). */
  protocol: number;
  port: number;
}

interface Registration extends Mapping {
  /** Soft state: when the registration lapses unless renewed; undefined = hard state (kept until UNSET). */
  expiresAtMs: number | undefined;
}

export type RegistryEvent =
  | { kind: 'set'; mapping: Mapping; renewed: boolean }
  | { kind: 'unset'; program: number; version: number; removed: number }
  | { kind: 'expired'; mapping: Mapping };

/** Most registrations the table holds, so a runaway client cannot grow it without bound. */
const maximumRegistrations = 4_096;

/**
 * Hard state (the RFC's behaviour): a mapping stays until UNSET, even when its server has died.
 * Soft state (`softStateMs`): a mapping lapses unless its server SETs it again in time; an
 * identical SET renews it, which the RFC would refuse as "already exists".
 */
export class PortmapRegistry {
  private readonly registrations: Registration[] = [];
  private readonly softStateMs: number | undefined;
  private readonly nowMs: () => number;
  private readonly onEvent: (event: RegistryEvent) => void;

  constructor(options: { softStateMs?: number; nowMs?: () => number; onEvent?: (event: RegistryEvent) => void } = {}) {
    this.softStateMs = options.softStateMs;
    this.nowMs = options.nowMs ?? (() => performance.now());
    this.onEvent = options.onEvent ?? (() => {});
  }

  /** The port mapper's own entries, never expiring: rpcinfo -p lists them first. */
  registerSelf(port: number): void {
    for (const protocol of [ipProtocol.tcp, ipProtocol.udp]) this.registrations.push({ program: portmapProgram, version: portmapVersion, protocol, port, expiresAtMs: undefined });
  }

  private find(mapping: Pick<Mapping, 'program' | 'version' | 'protocol'>): Registration | undefined {
    return this.registrations.find((entry) => entry.program === mapping.program && entry.version === mapping.version && entry.protocol === mapping.protocol);
  }

  /** PMAPPROC_SET: refuses when (program, version, protocol) is already mapped (unless a soft-state renewal). */
  set(mapping: Mapping): boolean {
    this.expire();
    const existing = this.find(mapping);
    const expiresAtMs = this.softStateMs === undefined ? undefined : this.nowMs() + this.softStateMs;
    if (existing !== undefined) {
      if (this.softStateMs === undefined || existing.port !== mapping.port || existing.program === portmapProgram) return false;
      existing.expiresAtMs = expiresAtMs;
      this.onEvent({ kind: 'set', mapping: { ...mapping }, renewed: true });
      return true;
    }
    if (this.registrations.length >= maximumRegistrations || mapping.port === 0) return false;
    this.registrations.push({ ...mapping, expiresAtMs });
    this.onEvent({ kind: 'set', mapping: { ...mapping }, renewed: false });
    return true;
  }

  /** PMAPPROC_UNSET: removes every protocol's mapping of (program, version); protocol and port are ignored. */
  unset(program: number, version: number): boolean {
    if (program === portmapProgram) return false;
    let removed = 0;
    for (let index = this.registrations.length - 1; index >= 0; index -= 1) {
      const entry = this.registrations[index]!;
      if (entry.program === program && entry.version === version) {
        this.registrations.splice(index, 1);
        removed += 1;
      }
    }
    if (removed > 0) this.onEvent({ kind: 'unset', program, version, removed });
    return removed > 0;
  }

  /** PMAPPROC_GETPORT: the port, or 0 when the program is not registered. */
  getPort(mapping: Pick<Mapping, 'program' | 'version' | 'protocol'>): number {
    this.expire();
    return this.find(mapping)?.port ?? 0;
  }

  /** PMAPPROC_DUMP */
  dump(): Mapping[] {
    this.expire();
    return this.registrations.map(({ program, version, protocol, port }) => ({ program, version, protocol, port }));
  }

  /** Drops soft-state registrations whose time is up; returns how many. */
  expire(): number {
    const now = this.nowMs();
    let expired = 0;
    for (let index = this.registrations.length - 1; index >= 0; index -= 1) {
      const entry = this.registrations[index]!;
      if (entry.expiresAtMs !== undefined && entry.expiresAtMs <= now) {
        this.registrations.splice(index, 1);
        expired += 1;
        this.onEvent({ kind: 'expired', mapping: { program: entry.program, version: entry.version, protocol: entry.protocol, port: entry.port } });
      }
    }
    return expired;
  }
}
