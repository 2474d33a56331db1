// Client middleware policies, each on the same workload: reads (GET x) against counter replicas,
// each replica behind its own link, in four phases — the primary's link slow, the primary
// crashed (SIGKILL) and restarted, every replica down for a while, the primary moved to another
// port (it leaves, registers its new address with the port mapper). Every policy gets fresh
// replicas and the same phases; the proxies count what reaches the servers (their load).
import { EngineFailure, type EngineContext } from '../../engine.ts';
import { pause, yieldToEventLoop } from '../../../toolkit/abortableWaits.ts';
import { latencySummary } from '../../../measure/latencySummary.ts';
import { noFaults, reliableLink, type FaultInjectingProxy } from '../../../network/faultInjectingProxy.ts';
import { PortmapDaemon } from '../../../protocols/oncRpc/portmapDaemon.ts';
import { portmapClient, type PortmapAddress } from '../../../protocols/oncRpc/portmapClient.ts';
import { ipProtocol } from '../../../protocols/oncRpc/portmapRegistry.ts';
import { generateClientStub } from '../../../protocols/oncRpc/rpcStub.ts';
import type { RpcChannel } from '../../../protocols/oncRpc/rpcChannel.ts';
import type { CounterService } from '../interfaces/counterInterface.ts';
import { createMiddleware, policyNames, type PolicyName } from '../middleware/clientPolicies.ts';
import type { PolicySettings } from '../clientsStateScenario.ts';
import { ServerProcess } from '../serverProcess.ts';
import { clientsStateEntryModules } from '../clientsStateEntryModules.ts';
import type { RunGuard } from '../runGuard.ts';
import { counterInterface, faultReport, loopbackHost, openChannel, openLink, roundTo, type LinkFaultReport } from './experimentTools.ts';

export const phaseNames = ['slow', 'crash', 'all-down', 'moved'] as const;
export type PhaseName = (typeof phaseNames)[number];

export interface PolicyRow {
  policy: PolicyName;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Requests that reached a server per read the application made. */
  serverLoad: number;
}

export interface PolicyPhaseRow {
  /** `policy/phase`, for checks: policyPhases[key=first-of-k/slow].p99Ms */
  key: string;
  policy: PolicyName;
  phase: PhaseName;
  /** 1–4, the phase's place in the run (the x of the per-phase chart). */
  phaseNumber: number;
  calls: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  answeredFromCache: number;
  /** Age of the oldest answer taken from the cache: how stale it was. */
  maxStalenessMs: number;
  serverLoad: number;
}

export interface PolicyResult {
  policies: PolicyRow[];
  policyPhases: PolicyPhaseRow[];
  faults: LinkFaultReport[];
}

interface Replica {
  index: number;
  server: ServerProcess;
  link: FaultInjectingProxy;
}

const counterProgram = () => counterInterface().programs.find((program) => program.name === 'COUNTER')!.number;

class ReplicaSet {
  readonly replicas: Replica[] = [];
  delivered = 0;
  private readonly context: EngineContext;
  private readonly guard: RunGuard;
  private readonly portmap: PortmapDaemon;
  private readonly policy: PolicyName;
  readonly retired: FaultInjectingProxy[] = [];

  constructor(context: EngineContext, guard: RunGuard, portmap: PortmapDaemon, policy: PolicyName) {
    this.context = context;
    this.guard = guard;
    this.portmap = portmap;
    this.policy = policy;
  }

  private startServer(index: number, port: number, advertisePort: number | undefined): Promise<ServerProcess> {
    return ServerProcess.start(this.context, this.guard, `replica ${index + 1} (${this.policy})`, clientsStateEntryModules.counterServer, {
      host: loopbackHost,
      port,
      ...(advertisePort === undefined ? {} : { portmap: { port: this.portmap.port, advertisePort } }),
    });
  }

  /** Starts a replica and its link; the primary (index 0) registers the link's address with the port mapper. */
  async add(index: number, moved = false): Promise<Replica> {
    // The link is opened first (upstream set once the server listens) so the primary can register its port.
    const link = await openLink(this.context, `replica-${index + 1}${moved ? ' (moved)' : ''}`, { host: loopbackHost, port: 1 }, reliableLink, (direction) => {
      if (direction === 'toServer') this.delivered += 1;
    });
    const server = await this.startServer(index, 0, index === 0 ? link.address.port : undefined);
    link.setUpstream({ host: loopbackHost, port: server.port });
    const replica = { index, server, link };
    this.replicas[index] = replica;
    return replica;
  }

  async crash(index: number): Promise<void> {
    await this.replicas[index]!.server.crash();
  }

  /** Starts the replica again at the port it had (its old link still leads there). */
  async restart(index: number): Promise<void> {
    const replica = this.replicas[index]!;
    replica.server = await this.startServer(index, replica.server.port, index === 0 ? replica.link.address.port : undefined);
  }

  /** The primary moves: it leaves (unregistering), and comes back elsewhere behind a new link. */
  async move(): Promise<void> {
    const old = this.replicas[0]!;
    await old.server.leave();
    this.retired.push(old.link);
    await this.add(0, true);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica?.server.leave()));
  }
}

interface PhaseRecord {
  latencies: number[];
  errors: number;
  answeredFromCache: number;
  maxStalenessMs: number;
  delivered: number;
}

async function runPolicy(context: EngineContext, guard: RunGuard, settings: PolicySettings, portmap: PortmapDaemon, policy: PolicyName, onRead: () => void): Promise<{ phases: Record<PhaseName, PhaseRecord>; faults: LinkFaultReport[] }> {
  const replicas = new ReplicaSet(context, guard, portmap, policy);
  for (let index = 0; index < settings.replicas; index += 1) await replicas.add(index);
  const portmapAddress: PortmapAddress = { host: loopbackHost, port: portmap.port, transport: 'udp', timeoutMs: 200 };
  const lookUp = async () => {
    const port = await portmapClient.getPort(portmapAddress, { program: counterProgram(), version: 1, protocol: ipProtocol.tcp });
    return port === 0 ? undefined : { host: loopbackHost, port };
  };
  // relocate finds the primary through the port mapper; the others are given their replicas' addresses.
  const relocating = policy === 'relocate';
  const firstAddress = relocating ? await lookUp() : replicas.replicas[0]!.link.address;
  if (firstAddress === undefined) throw new Error('the primary is not registered with the port mapper');
  const channels: RpcChannel[] = [openChannel(context, firstAddress)];
  if (!relocating && policy !== 'none' && policy !== 'retry') for (const replica of replicas.replicas.slice(1)) channels.push(openChannel(context, replica.link.address));
  const middleware = createMiddleware(policy, {
    channels,
    retry: { timeoutMs: settings.timeout, retries: settings.retries, backoffMs: settings.backoff },
    firstOf: settings.firstOf,
    cacheable: (call) => call.procedure.name === 'GET',
    lookUp,
    signal: guard.signal,
  });
  const stub = generateClientStub<CounterService>(counterInterface(), 'COUNTER', 1, middleware.invoker, { credential: { stamp: 2, machineName: 'proclab-client', uid: 1000, gid: 1000 } });

  // One read before the phases opens the policy's connections and warms its servers, so the slow
  // phase's tail is the slow replica's and not the first connection's.
  await stub.methods.get('x').catch((error: unknown) => {
    if (!guard.cancelled) throw new EngineFailure(`${policy}: the first read, with every replica up, failed: ${error instanceof Error ? error.message : String(error)}`);
  });

  const phases = {} as Record<PhaseName, PhaseRecord>;
  let errors = 0;
  for (const phase of phaseNames) {
    if (guard.cancelled) break;
    const record: PhaseRecord = { latencies: [], errors: 0, answeredFromCache: 0, maxStalenessMs: 0, delivered: 0 };
    const deliveredBefore = replicas.delivered;
    const primaryLink = replicas.replicas[0]!.link;
    let background: Promise<void> = Promise.resolve();
    if (phase === 'slow') primaryLink.setFaults({ toServer: noFaults, toClient: { ...noFaults, delayShare: settings.slowShare, delayMs: settings.slowDelay } });
    if (phase === 'crash') {
      await replicas.crash(0);
      context.event('crashed', `${policy}: the primary (replica 1) was killed; back in ${settings.crashOutage} ms`);
      background = pause(settings.crashOutage, guard.signal).then(() => (guard.cancelled ? undefined : replicas.restart(0)));
    }
    if (phase === 'all-down') {
      await Promise.all(replicas.replicas.map((replica) => replicas.crash(replica.index)));
      context.event('crashed', `${policy}: every replica was killed; back in ${settings.allDownOutage} ms`);
      background = pause(settings.allDownOutage, guard.signal).then(async () => {
        if (!guard.cancelled) await Promise.all(replicas.replicas.map((replica) => replicas.restart(replica.index)));
      });
    }
    if (phase === 'moved') {
      await replicas.move();
      context.event('moved', `${policy}: the primary moved to port ${replicas.replicas[0]!.link.address.port} and registered it with the port mapper`);
    }
    // A failure in the background (a restart that did not come up) ends the run, it is not a read error.
    background = background.catch((error: unknown) => guard.fail(error instanceof EngineFailure ? error : new EngineFailure(`a replica did not come back: ${String(error)}`)));
    // Reads leave on a fixed schedule whatever the earlier ones are doing, and each is timed from
    // when it was due (as wrk2 does): a policy that stalls cannot hide its stall by sending less.
    const phaseStartedAt = performance.now();
    const reads: Promise<void>[] = [];
    for (let read = 0; read < settings.callsPerPhase && !guard.cancelled; read += 1) {
      const dueAt = phaseStartedAt + read * settings.interval;
      const wait = dueAt - performance.now();
      if (wait > 0) await pause(Math.ceil(wait), guard.signal);
      // Timers are whole milliseconds and may fire a little early: never send before the read is due.
      while (performance.now() < dueAt && !guard.cancelled) await yieldToEventLoop();
      const dueWallMs = Date.now() - Math.max(0, performance.now() - dueAt);
      reads.push(
        stub.methods.get('x').then(
          (reading) => {
            const latencyMs = performance.now() - dueAt;
            record.latencies.push(latencyMs);
            context.sample(policy, { readMs: latencyMs });
            // A server stamps its answer when it gives it; one stamped before the read was even
            // due came from the client's cache, and its age is how stale it was.
            if (reading.servedAtMs < dueWallMs - 1) {
              record.answeredFromCache += 1;
              record.maxStalenessMs = Math.max(record.maxStalenessMs, Date.now() - reading.servedAtMs);
            }
            onRead();
          },
          () => {
            record.errors += 1;
            errors += 1;
            context.sample(policy, { failedReads: errors });
            onRead();
          },
        ),
      );
    }
    await Promise.all(reads);
    await background;
    primaryLink.setFaults(reliableLink);
    record.delivered = replicas.delivered - deliveredBefore;
    phases[phase] = record;
  }
  guard.check();
  // Links no message crossed (replicas a policy never calls) are left out.
  const links = [...replicas.retired, ...replicas.replicas.map((replica) => replica.link)].filter((link) => link.counts().toServer.messages + link.counts().toClient.messages > 0);
  const faults = links.flatMap((link) => faultReport(link, `${policy}: ${link.name}`));
  for (const channel of channels) channel.close();
  await replicas.stopAll();
  return { phases, faults };
}

const summarise = (latencies: number[]) => {
  const summary = latencySummary(latencies);
  return { p50Ms: roundTo(summary.p50, 3), p99Ms: roundTo(summary.p99, 3) };
};

/** Runs every policy on the same phases; one port mapper serves them all. */
export async function runPolicies(context: EngineContext, guard: RunGuard, settings: PolicySettings, progress: (fraction: number, phase: string) => void): Promise<PolicyResult> {
  const portmap = new PortmapDaemon({ port: 0 });
  await portmap.start();
  context.defer('port mapper (policies)', () => portmap.stop());
  const result: PolicyResult = { policies: [], policyPhases: [], faults: [] };
  const readsPerPolicy = settings.callsPerPhase * phaseNames.length;
  for (const [policyIndex, policy] of policyNames.entries()) {
    if (guard.cancelled) break;
    let reads = 0;
    const { phases, faults } = await runPolicy(context, guard, settings, portmap, policy, () => {
      reads += 1;
      if (reads % 10 === 0) progress((policyIndex + reads / readsPerPolicy) / policyNames.length, `policies: ${policy}`);
    });
    const records = phaseNames.map((phase) => phases[phase]).filter((record) => record !== undefined);
    const calls = records.length * settings.callsPerPhase;
    result.policies.push({
      policy,
      ...summarise(records.flatMap((record) => record.latencies)),
      errors: records.reduce((sum, record) => sum + record.errors, 0),
      serverLoad: roundTo(records.reduce((sum, record) => sum + record.delivered, 0) / Math.max(1, calls), 3),
    });
    for (const phase of phaseNames) {
      const record = phases[phase];
      if (record === undefined) continue;
      result.policyPhases.push({
        key: `${policy}/${phase}`,
        policy,
        phase,
        phaseNumber: phaseNames.indexOf(phase) + 1,
        calls: settings.callsPerPhase,
        errors: record.errors,
        ...summarise(record.latencies),
        answeredFromCache: record.answeredFromCache,
        maxStalenessMs: Math.round(record.maxStalenessMs),
        serverLoad: roundTo(record.delivered / settings.callsPerPhase, 3),
      });
    }
    result.faults.push(...faults);
  }
  return result;
}
