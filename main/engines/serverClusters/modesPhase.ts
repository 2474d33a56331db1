// Relay against handoff: the same closed-loop load through the dispatcher in each mode, one
// response size after another, in interleaved rounds. Kernel figures come from /proc from outside.
import { HdrHistogram } from '../../measure/hdrHistogram.ts';
import { runLoad } from '../../measure/httpLoad/runLoad.ts';
import { serverClustersEntryModules } from './serverClustersEntryModules.ts';
import type { LoadIntervalSample } from '../../measure/httpLoad/loadMessages.ts';
import type { EngineContext } from '../engine.ts';
import type { DispatchMode, ServerSettings } from './clusterMessages.ts';
import { dispatcherHost, type RunningCluster } from './clusterControl.ts';
import { descriptorHolders, processDelta, snapshotProcess, type DescriptorHolders } from './procAccounting.ts';
import { trafficDiagram, type TrafficDiagram } from './trafficDiagram.ts';

export interface LatencyMs {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface ModeResult {
  mode: DispatchMode;
  responseSizeBytes: number;
  throughputRps: number;
  latencyMs: LatencyMs;
  requests: number;
  errors: number;
  /** Bytes the dispatcher read from sockets per request (each is also written once, relayed). */
  dispatcherBytesPerRequest: number;
  /** The same per request, as the kernel counted the dispatcher's reads (/proc/PID/io rchar). */
  dispatcherKernelBytesPerRequest: number;
  dispatcherCpuUsPerRequest: number;
  /** The dispatcher's CPU time over the window's wall time: 1 is one core kept busy. */
  dispatcherCpuShare: number;
  /** Client connections open on the dispatcher's address halfway through the window, and who held them. */
  descriptors: DescriptorHolders;
}

export interface SizeComparison {
  responseSizeBytes: number;
  /** Handoff's dispatcher bytes per request over relay's. */
  bytesRatio: number;
  /** Handoff's throughput over relay's. */
  throughputRatio: number;
  relayBytesPerRequest: number;
  handoffBytesPerRequest: number;
  relayCpuUsPerRequest: number;
  handoffCpuUsPerRequest: number;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function latencyOf(histogram: HdrHistogram): LatencyMs {
  const ms = (microseconds: number): number => roundTo(microseconds / 1000, 3);
  return { p50: ms(histogram.percentile(50)), p90: ms(histogram.percentile(90)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
}

export interface ModesPlan {
  sizes: number[];
  /** Rounds per mode and size; each mode reports its median round. */
  rounds: number;
  connections: number;
  requestsPerConnection: number;
  durationMs: number;
  warmupMs: number;
  server: ServerSettings;
}

interface MeasuredMode {
  result: ModeResult;
  traffic: TrafficDiagram;
}

async function measureMode(cluster: RunningCluster, context: EngineContext, mode: DispatchMode, size: number, plan: ModesPlan): Promise<MeasuredMode> {
  await cluster.configure(mode, 'round-robin', { ...plan.server, responseSizeBytes: size, requestsPerConnection: plan.requestsPerConnection });
  await cluster.reset();
  const label = `${mode} ${size}`;
  const load = runLoad(
    serverClustersEntryModules.loadGenerator,
    { host: dispatcherHost, port: cluster.port, path: '/objects/1', mode: 'closed', connections: plan.connections, durationMs: plan.durationMs, warmupMs: plan.warmupMs, timeoutMs: 5_000 },
    (sample: LoadIntervalSample) => context.sample(`throughput ${label}`, { throughputRps: sample.throughputRps, latencyP99Ms: sample.latencyP99Ms }),
  );
  const abort = (): void => load.abort();
  context.signal.addEventListener('abort', abort);
  const pids = cluster.servers.map((server) => server.pid);
  let before = snapshotProcess(cluster.dispatcherPid);
  let statsBefore = await cluster.stats();
  let windowStartedAt = performance.now();
  let descriptors: DescriptorHolders = { clientConnections: 0, heldByDispatcher: 0, heldByServers: 0 };
  // The window starts after the warm-up: take the dispatcher's figures then, and look at who holds
  // the client connections halfway through it.
  const warmupTimer = setTimeout(() => {
    before = snapshotProcess(cluster.dispatcherPid);
    windowStartedAt = performance.now();
    void cluster.stats().then((stats) => (statsBefore = stats), () => undefined);
  }, plan.warmupMs);
  const lookTimer = setTimeout(() => (descriptors = descriptorHolders(dispatcherHost, cluster.port, cluster.dispatcherPid, pids)), plan.warmupMs + plan.durationMs / 2);
  try {
    const result = await load.result;
    const after = snapshotProcess(cluster.dispatcherPid);
    const windowMs = performance.now() - windowStartedAt;
    const [statsAfter, dataAfter] = await Promise.all([cluster.stats(), cluster.dataStats()]);
    const used = processDelta(before, after);
    const requests = Math.max(1, result.requests);
    const socketBytes = statsAfter.clientBytesIn + statsAfter.serverBytesIn - statsBefore.clientBytesIn - statsBefore.serverBytesIn;
    const measured: ModeResult = {
      mode,
      responseSizeBytes: size,
      throughputRps: roundTo(result.throughputRps, 1),
      latencyMs: latencyOf(HdrHistogram.fromSerialized(result.histogram)),
      requests: result.requests,
      errors: result.errors,
      dispatcherBytesPerRequest: roundTo(socketBytes / requests, 1),
      dispatcherKernelBytesPerRequest: roundTo(used.bytesRead / requests, 1),
      dispatcherCpuUsPerRequest: roundTo(used.cpuUs / requests, 2),
      dispatcherCpuShare: roundTo(used.cpuUs / 1000 / Math.max(1, windowMs), 3),
      descriptors,
    };
    // The diagram covers the whole load since the reset (warm-up included), counted by every tier.
    return { result: measured, traffic: trafficDiagram(mode, size, result.traffic, statsAfter, dataAfter) };
  } finally {
    clearTimeout(warmupTimer);
    clearTimeout(lookTimer);
    context.signal.removeEventListener('abort', abort);
  }
}

/** The round with the median throughput (the lower middle one of an even count), reported whole. */
export function medianRound(results: readonly ModeResult[]): ModeResult | undefined {
  const sorted = [...results].sort((left, right) => left.throughputRps - right.throughputRps);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export async function runModes(
  cluster: RunningCluster,
  context: EngineContext,
  plan: ModesPlan,
  announce: (phase: string) => void,
  onDone: () => void,
): Promise<{ modes: ModeResult[]; bySize: SizeComparison[]; traffic: TrafficDiagram[] }> {
  const modes: ModeResult[] = [];
  const bySize: SizeComparison[] = [];
  let traffic: TrafficDiagram[] = [];
  for (const [position, size] of plan.sizes.entries()) {
    const rounds: Record<DispatchMode, ModeResult[]> = { relay: [], handoff: [] };
    const diagrams = new Map<ModeResult, TrafficDiagram>();
    for (let round = 0; round < plan.rounds && !context.signal.aborted; round += 1) {
      // The two modes alternate which goes first, so a machine that gets busier during the run does not favour one.
      const order: DispatchMode[] = (position + round) % 2 === 0 ? ['relay', 'handoff'] : ['handoff', 'relay'];
      for (const mode of order) {
        if (context.signal.aborted) break;
        announce(`${mode}, ${size} B responses, round ${round + 1} of ${plan.rounds}`);
        const { result, traffic: diagram } = await measureMode(cluster, context, mode, size, plan);
        rounds[mode].push(result);
        diagrams.set(result, diagram);
        context.event('mode-measured', `${mode}, ${size} B, round ${round + 1}: ${result.throughputRps} req/s, ${result.dispatcherBytesPerRequest} B and ${result.dispatcherCpuUsPerRequest} µs of the dispatcher per request`, { mode, size, round });
        onDone();
      }
    }
    const measured: Partial<Record<DispatchMode, ModeResult>> = { relay: medianRound(rounds.relay), handoff: medianRound(rounds.handoff) };
    if (measured.relay !== undefined && measured.handoff !== undefined) {
      modes.push(measured.relay, measured.handoff);
      // The diagram of the largest response: where relaying and handing off differ the most.
      if (traffic.length === 0 || size >= traffic[0]!.responseSizeBytes) traffic = [diagrams.get(measured.relay)!, diagrams.get(measured.handoff)!];
      bySize.push({
        responseSizeBytes: size,
        bytesRatio: roundTo(measured.handoff.dispatcherBytesPerRequest / Math.max(1, measured.relay.dispatcherBytesPerRequest), 5),
        throughputRatio: roundTo(measured.handoff.throughputRps / Math.max(1, measured.relay.throughputRps), 3),
        relayBytesPerRequest: measured.relay.dispatcherBytesPerRequest,
        handoffBytesPerRequest: measured.handoff.dispatcherBytesPerRequest,
        relayCpuUsPerRequest: measured.relay.dispatcherCpuUsPerRequest,
        handoffCpuUsPerRequest: measured.handoff.dispatcherCpuUsPerRequest,
      });
    }
  }
  return { modes, bySize, traffic };
}
