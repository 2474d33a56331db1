import type { RunMetrics } from '../../../preload/api.ts';
import { EngineFailure, type Engine, type ScenarioProblem } from '../engine.ts';
import type { ServerSettings } from './clusterMessages.ts';
import { startCluster } from './clusterControl.ts';
import { dispatchPolicies } from './dispatchPolicy.ts';
import { runDns } from './dnsPhase.ts';
import { runScaling } from './scalingPhase.ts';
import { runFailover } from './failoverPhase.ts';
import { runModes } from './modesPhase.ts';
import { runPolicies } from './policiesPhase.ts';
import { serveCluster } from './serveCluster.ts';
import { serverClustersCharts } from './serverClustersCharts.ts';
import { serverClustersHeadline } from './serverClustersHeadline.ts';
import { defaultResponseSizes, defaultScalingCounts, serverClustersScenarioSchema, type ServerClustersScenario } from './serverClustersScenario.ts';
import { serverClustersTables } from './serverClustersTables.ts';

function sizesOf(scenario: ServerClustersScenario): number[] {
  return scenario.modes.responseSizes.length > 0 ? scenario.modes.responseSizes : defaultResponseSizes;
}

function scalingCountsOf(scenario: ServerClustersScenario): number[] {
  return scenario.scaling.servers.length > 0 ? scenario.scaling.servers : defaultScalingCounts.filter((count) => count <= scenario.servers);
}

function policiesOf(scenario: ServerClustersScenario): (typeof dispatchPolicies)[number][] {
  return scenario.policies.compare.length > 0 ? scenario.policies.compare : [...dispatchPolicies];
}

/**
 * The server clusters lab: a real three-tier cluster (a dispatcher process, application server
 * processes, a data server process with a SQLite file), each tier on its own loopback address.
 * Measures relay against handoff at each response size, then dispatch policies, then a server
 * failing under load.
 */
export const serverClustersEngine: Engine<typeof serverClustersScenarioSchema> = {
  name: 'server-clusters',
  scenarioSchema: serverClustersScenarioSchema,
  charts: serverClustersCharts,
  tables: serverClustersTables,
  headline: serverClustersHeadline,

  checkScenario(scenario): ScenarioProblem[] {
    const problems: ScenarioProblem[] = [];
    scenario.scaling.servers.forEach((count, index) => {
      if (count > scenario.servers) problems.push({ path: `scaling.servers.${index}`, message: `${count} application servers are more than the cluster has (servers: ${scenario.servers})` });
      const previous = scenario.scaling.servers[index - 1];
      if (previous !== undefined && count <= previous) problems.push({ path: `scaling.servers.${index}`, message: `scaling.servers must be ascending: ${count} comes after ${previous}` });
    });
    return problems;
  },

  estimateDurationMs(scenario) {
    if (scenario.serve.mode !== 'none') return 3_000 + scenario.serve.duration;
    const modes = sizesOf(scenario).length * 2 * scenario.modes.rounds * (scenario.modes.duration + scenario.modes.warmup + 300);
    const policies = policiesOf(scenario).length * (800 + (scenario.policies.requests * (scenario.policies.serviceTime + 2)) / scenario.policies.concurrency);
    return 3_000 + modes + policies + (scenario.failover.enabled ? scenario.failover.duration + 1_500 : 0) + (scenario.dns.enabled ? scenario.dns.duration + 1_500 : 0) + (scenario.scaling.enabled ? scalingCountsOf(scenario).length * (scenario.scaling.duration + 600) : 0);
  },

  async run(scenario, context): Promise<RunMetrics> {
    const sizes = sizesOf(scenario);
    const policies = policiesOf(scenario);
    const serving = scenario.serve.mode !== 'none';
    const server: ServerSettings = {
      responseSizeBytes: serving ? scenario.serve.responseSize : sizes[0]!,
      requestsPerConnection: scenario.modes.requestsPerConnection,
      workload: { kind: 'io', serviceTimeMs: 0 },
      cacheObjects: scenario.cacheObjects,
      objects: scenario.objects,
    };
    context.progress({ fraction: 0, phase: 'starting the cluster' });
    let cluster;
    try {
      cluster = await startCluster(
        {
          servers: scenario.servers,
          objects: scenario.objects,
          dataTier: { concurrency: scenario.dataTier.concurrency, queryTimeMs: scenario.dataTier.queryTime },
          port: serving ? scenario.serve.port : 0,
          mode: scenario.serve.mode === 'handoff' ? 'handoff' : 'relay',
          policy: serving ? scenario.serve.policy : 'round-robin',
          healthIntervalMs: scenario.healthInterval,
          loadReportIntervalMs: scenario.loadReportInterval,
          server,
          seed: context.seed,
        },
        context.signal,
      );
    } catch (error) {
      if (context.signal.aborted) return {};
      throw new EngineFailure(`the cluster did not start: ${(error as Error).message}`);
    }
    const running = cluster;
    context.defer('cluster', () => running.stop());
    const topology = {
      dispatcher: { host: '127.0.2.1', port: running.port, pid: running.dispatcherPid },
      servers: running.servers.map((member) => ({ host: member.host, port: member.port, pid: member.pid })),
      data: { host: '127.0.2.100', pid: running.data.pid ?? 0 },
    };
    context.event('cluster-started', `dispatcher on 127.0.2.1:${running.port}, ${running.servers.length} application servers on ${running.servers.map((member) => member.host).join(', ')}, data server on 127.0.2.100`, topology);

    if (scenario.serve.mode !== 'none') {
      const served = await serveCluster(running, context, scenario.serve.mode, scenario.serve.policy, scenario.serve.duration);
      return { topology, served };
    }

    const steps = sizes.length * 2 * scenario.modes.rounds + policies.length + (scenario.failover.enabled ? 1 : 0) + (scenario.dns.enabled ? 1 : 0) + (scenario.scaling.enabled ? scalingCountsOf(scenario).length : 0);
    let done = 0;
    const announce = (phase: string): void => context.progress({ fraction: done / steps, phase });
    const onDone = (): void => {
      done += 1;
    };

    try {
      const modes = await runModes(
        running,
        context,
        { sizes, rounds: scenario.modes.rounds, connections: scenario.modes.connections, requestsPerConnection: scenario.modes.requestsPerConnection, durationMs: scenario.modes.duration, warmupMs: scenario.modes.warmup, server },
        announce,
        onDone,
      );
      const policyResults = await runPolicies(
        running,
        context,
        {
          policies,
          mode: scenario.policies.mode,
          requests: scenario.policies.requests,
          concurrency: scenario.policies.concurrency,
          objects: scenario.objects,
          server: { ...server, responseSizeBytes: 1024, requestsPerConnection: 1, workload: { kind: 'io', serviceTimeMs: scenario.policies.serviceTime, distribution: 'exponential' } },
          seed: context.seed,
        },
        announce,
        onDone,
      );
      const scaling =
        scenario.scaling.enabled && !context.signal.aborted
          ? await runScaling(
              running,
              context,
              {
                counts: scalingCountsOf(scenario),
                rateRps: scenario.scaling.rate,
                serviceTimeMs: scenario.scaling.serviceTime,
                durationMs: scenario.scaling.duration,
                server: { ...server, responseSizeBytes: 1024 },
                dataTier: { concurrency: scenario.dataTier.concurrency, queryTimeMs: scenario.dataTier.queryTime },
              },
              announce,
              onDone,
            )
          : undefined;
      let failover;
      if (scenario.failover.enabled && !context.signal.aborted) {
        announce('a server fails and comes back');
        failover = await runFailover(running, context, {
          mode: 'relay',
          rateRps: scenario.failover.rate,
          durationMs: scenario.failover.duration,
          healthIntervalMs: scenario.healthInterval,
          server: { ...server, responseSizeBytes: 1024 },
        });
        onDone();
      }
      let dns;
      if (scenario.dns.enabled && !context.signal.aborted) {
        announce('one name, several servers, clients that retry');
        dns = await runDns(running, context, { clients: scenario.dns.clients, durationMs: scenario.dns.duration, ttlSeconds: scenario.dns.ttl, server: { ...server, responseSizeBytes: 1024 } });
        onDone();
      }
      if (!context.signal.aborted) context.progress({ fraction: 1, phase: 'done' });
      return { topology, modes: modes.modes, bySize: modes.bySize, traffic: modes.traffic, policies: policyResults, ...(scaling === undefined ? {} : { scaling }), ...(failover === undefined ? {} : { failover }), ...(dns === undefined ? {} : { dns }) };
    } catch (error) {
      if (context.signal.aborted) return {};
      throw new EngineFailure(`the cluster run failed: ${(error as Error).message}`);
    }
  },
};
