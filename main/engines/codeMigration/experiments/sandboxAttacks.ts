// Hostile mobile agents sent from A to B. The engine does not take an agent's word for what it
// did: it plants canaries (a secret in B's private folder, a token in a world-readable file
// outside the grant, a listener only the engine knows), and after each attack checks that B is
// still alive, still serves a real request, and that its database is untouched.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { attackNames, type AttackName, type AttackTarget } from '../hostileAgents.ts';
import type { SandboxOutcome } from '../host/hostSandbox.ts';
import { generateOrders, topOrders } from '../orders.ts';
import { detectConfinement, type ConfinementMechanisms } from '../sandbox/confinement.ts';
import { linkShapeOf, type ExperimentContext } from './experimentContext.ts';

export interface AttackRow {
  attack: AttackName;
  blocked: boolean;
  reason: string;
  /** Which mechanism stopped it. */
  stoppedBy: string;
  hostKeptServing: boolean;
  cpuMs: number;
  peakResidentMiB: number;
}

export interface SandboxResult {
  attacks: AttackRow[];
  control: { worked: boolean; detail: string };
  confinement: { network: string; processNamespace: boolean; user: string; cpuRlimit: boolean; missing: string };
}

interface NativeReply {
  refused?: string;
  end: { kind: string; value?: unknown; error?: string; reason?: string };
  outcome: SandboxOutcome;
}

interface Attempt {
  what: string;
  outcome: string;
}

function listen(): Promise<{ server: Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve({ server, port: (server.address() as { port: number }).port, connections: () => connections }));
  });
}

function attemptsOf(reply: NativeReply): Attempt[] {
  const value = reply.end.value as { attempts?: Attempt[] } | undefined;
  return value?.attempts ?? [];
}

function summarise(attempts: readonly Attempt[]): string {
  return attempts.map((attempt) => `${attempt.what}: ${attempt.outcome}`).join('; ');
}

function stoppedByOf(reason: string, mechanisms: ConfinementMechanisms): string {
  if (/ERR_ACCESS_DENIED/.test(reason)) return 'Node permission model';
  if (/ENETUNREACH|EADDRNOTAVAIL|ENETDOWN/.test(reason)) return mechanisms.network === 'none' ? 'nothing' : 'network namespace';
  if (/CPU time/.test(reason)) return /RLIMIT/.test(reason) ? 'RLIMIT_CPU' : 'host CPU budget';
  if (/heap limit/.test(reason)) return 'V8 heap limit';
  if (/resident/.test(reason)) return 'host memory limit';
  return 'sandbox';
}

export async function runSandboxAttacks(experiment: ExperimentContext, register: (release: () => Promise<void>) => void): Promise<SandboxResult> {
  const { cluster, scenario, client, context } = experiment;
  const target = experiment.dataHosts[0]!;
  const targetHost = cluster.host(target);
  const clientHost = cluster.host(client);
  cluster.setLinkShape(linkShapeOf({ bandwidth: 'unlimited', latency: 0 }));
  const mechanisms = detectConfinement(cluster.sandboxFiles);
  const canary = await listen();
  register(() => new Promise((resolve) => canary.server.close(() => resolve())));
  const secret = randomBytes(12).toString('hex');
  const publicToken = randomBytes(12).toString('hex');
  const privateFile = join(cluster.runDirectory, 'hosts', target, 'secret.txt');
  const publicFile = join(cluster.runDirectory, 'public-canary.txt');
  writeFileSync(privateFile, `secret of ${target}: ${secret}\n`, { mode: 0o600 });
  writeFileSync(publicFile, `anyone may read this, but not received code: ${publicToken}\n`, { mode: 0o644 });
  const databaseFile = join(cluster.runDirectory, 'hosts', target, 'orders.sqlite');
  const databaseDigest = (): string => createHash('sha256').update(readFileSync(databaseFile)).digest('hex');
  const attackTarget: AttackTarget = {
    hostPid: targetHost.pid,
    privateFile,
    publicFile,
    databaseFile,
    listeners: [
      { host: '127.0.0.1', port: canary.port, what: 'a listener of the engine' },
      { host: targetHost.address, port: targetHost.endpointPort, what: `${target}'s own endpoint` },
      { host: clientHost.address, port: clientHost.endpointPort, what: `${client}'s endpoint` },
    ],
  };
  const ping = (host: string) => cluster.request<{ pid: number; orders: number; endpointConnections: number }>(host, 'ping', {}, 10_000).catch(() => undefined);
  const truth = topOrders(generateOrders(context.seed, 0, 50), 3);
  const stillServes = async (): Promise<boolean> => {
    const alive = await ping(target);
    if (alive === undefined || alive.pid !== targetHost.pid) return false;
    const answer = await cluster.request<{ result: number[] }>(client, 'evaluateAt', { to: target, records: 50, top: 3 }, 30_000).catch(() => undefined);
    return answer !== undefined && JSON.stringify(answer.result) === JSON.stringify(truth);
  };

  experiment.setPhase('sandbox: a well-behaved agent');
  await cluster.settle();
  const controlReply = await cluster.request<NativeReply>(client, 'shipNative', { to: target, program: { name: 'benign' }, platform: targetHost.platform });
  const controlValue = controlReply.end.value as { wrote?: string } | undefined;
  const control = { worked: controlReply.end.kind === 'nativeDone' && typeof controlValue?.wrote === 'string', detail: controlReply.end.kind === 'nativeDone' ? JSON.stringify(controlReply.end.value) : (controlReply.end.error ?? controlReply.outcome.reason) };

  const attacks: AttackRow[] = [];
  const chosen = scenario.sandbox.attacks.length > 0 ? scenario.sandbox.attacks : attackNames;
  for (const attack of chosen) {
    if (context.signal.aborted) break;
    experiment.setPhase(`sandbox: ${attack}`);
    await cluster.settle();
    const before = { canary: canary.connections(), target: await ping(target), client: await ping(client), database: databaseDigest() };
    const reply = await cluster.request<NativeReply>(client, 'shipNative', { to: target, program: { name: 'attack', attack, target: attackTarget }, platform: targetHost.platform }, 90_000);
    const after = { canary: canary.connections(), target: await ping(target), client: await ping(client) };
    const attempts = attemptsOf(reply);
    const succeeded = attempts.filter((attempt) => attempt.outcome === 'succeeded');
    let blocked: boolean;
    let reason: string;
    switch (attack) {
      case 'read-outside-grant': {
        const leaked = JSON.stringify(reply.end.value ?? '').includes(secret) || JSON.stringify(reply.end.value ?? '').includes(publicToken);
        blocked = !leaked && succeeded.length === 0 && reply.end.kind === 'nativeDone';
        reason = leaked ? `it read a canary: ${summarise(succeeded)}` : summarise(attempts);
        break;
      }
      case 'open-socket': {
        const reached = after.canary > before.canary || (after.target?.endpointConnections ?? 0) > (before.target?.endpointConnections ?? 0) || (after.client?.endpointConnections ?? 0) > (before.client?.endpointConnections ?? 0);
        const connected = succeeded.filter((attempt) => attempt.what.startsWith('connect'));
        blocked = !reached && connected.length === 0 && reply.end.kind === 'nativeDone';
        reason = reached ? `a connection reached a listener${mechanisms.network === 'none' ? ' (Node 24’s permission model has no network permission, and this machine gave the sandbox no network namespace)' : ''}: ${summarise(attempts)}` : summarise(attempts);
        break;
      }
      case 'escape-to-host': {
        const hostAlive = after.target !== undefined && after.target.pid === targetHost.pid;
        const databaseIntact = databaseDigest() === before.database;
        blocked = hostAlive && databaseIntact && succeeded.length === 0 && reply.end.kind === 'nativeDone';
        reason = `${hostAlive ? '' : 'the host died; '}${databaseIntact ? '' : 'the host’s database was changed; '}${summarise(attempts)}`;
        break;
      }
      default:
        blocked = reply.end.kind === 'stopped' && reply.outcome.ended === 'killed';
        reason = reply.outcome.reason;
    }
    const hostKeptServing = await stillServes();
    attacks.push({ attack, blocked, reason, stoppedBy: blocked ? stoppedByOf(reason, mechanisms) : 'nothing', hostKeptServing, cpuMs: reply.outcome.cpuMs, peakResidentMiB: Math.round(reply.outcome.peakResidentBytes / 1048576) });
    context.event('attack', `${attack}: ${blocked ? 'stopped' : 'NOT stopped'} — ${reason.slice(0, 300)}`, { attack, blocked, hostKeptServing });
  }
  return {
    attacks,
    control,
    confinement: {
      network: mechanisms.network,
      processNamespace: mechanisms.processNamespace,
      user: mechanisms.unprivilegedUser === undefined ? 'the host’s own' : `nobody (uid ${mechanisms.unprivilegedUser})`,
      cpuRlimit: mechanisms.cpuRlimit,
      missing: mechanisms.missing.length === 0 ? 'nothing' : mechanisms.missing.join('; '),
    },
  };
}
