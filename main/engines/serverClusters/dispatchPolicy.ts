// How the first tier picks an application server for a connection. Pure: the dispatcher keeps
// the servers' state and asks this module, so each policy is tested without sockets.

export type DispatchPolicy = 'round-robin' | 'least-connections' | 'server-load' | 'service-type' | 'content-aware';

export const dispatchPolicies: readonly DispatchPolicy[] = ['round-robin', 'least-connections', 'server-load', 'service-type', 'content-aware'];

export interface ServerView {
  /** False while health checks (or a failed connect) say it is down. */
  up: boolean;
  /** Connections the dispatcher knows to be open on it. */
  activeConnections: number;
  /** The last load the server reported (requests in progress): as old as the report. */
  reportedLoad: number;
}

/** The path prefix that marks a request for the static group (service-type dispatch). */
export const staticPrefix = '/static/';

/** FNV-1a over the path: the same object always hashes to the same server. */
export function hashPath(path: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < path.length; index += 1) {
    hash ^= path.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Service type: the first half of the servers (at least one) serves `/static/…`, the rest every
 * other path; with one server it serves both.
 */
export function serviceGroupOf(path: string, serverCount: number): number[] {
  const all = Array.from({ length: serverCount }, (_, index) => index);
  if (serverCount < 2) return all;
  const staticCount = Math.max(1, Math.floor(serverCount / 2));
  return path.startsWith(staticPrefix) ? all.slice(0, staticCount) : all.slice(staticCount);
}

/** The object a path names, its last segment without a query: /static/7 and /objects/7 are one object. */
export function objectOf(path: string): string {
  const withoutQuery = path.split(/[?#]/, 1)[0] ?? '';
  return withoutQuery.slice(withoutQuery.lastIndexOf('/') + 1);
}

export class Dispatcher {
  private readonly policy: DispatchPolicy;
  private nextInTurn = 0;

  constructor(policy: DispatchPolicy) {
    this.policy = policy;
  }

  /** The chosen server's index, or undefined when every candidate is down. */
  choose(servers: readonly ServerView[], path: string): number | undefined {
    const candidates = this.policy === 'service-type' ? serviceGroupOf(path, servers.length) : servers.map((_, index) => index);
    const up = candidates.filter((index) => servers[index]!.up);
    if (up.length === 0) return undefined;
    switch (this.policy) {
      case 'round-robin':
      case 'service-type':
        return this.inTurn(up);
      case 'least-connections':
        return this.least(up, (index) => servers[index]!.activeConnections);
      case 'server-load':
        return this.least(up, (index) => servers[index]!.reportedLoad);
      case 'content-aware': {
        // The object's home server; if it is down, the next one up after it, so other objects keep theirs.
        const home = hashPath(objectOf(path)) % servers.length;
        for (let step = 0; step < servers.length; step += 1) {
          const index = (home + step) % servers.length;
          if (servers[index]!.up) return index;
        }
        return undefined;
      }
    }
  }

  private inTurn(up: readonly number[]): number {
    const chosen = up[this.nextInTurn % up.length]!;
    this.nextInTurn += 1;
    return chosen;
  }

  /** The lowest value; ties go round in turn, so equal servers share the work. */
  private least(up: readonly number[], valueOf: (index: number) => number): number {
    const lowest = Math.min(...up.map(valueOf));
    const tied = up.filter((index) => valueOf(index) === lowest);
    return this.inTurn(tied);
  }
}
