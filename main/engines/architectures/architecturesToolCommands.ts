// `proclab load` and `proclab server`: the architectures scenario with one server and no load
// (in the foreground until Ctrl+C), or with a load on a server already running.
import type { RunMetrics } from '../../../preload/api.ts';
import type { ScenarioToolCommand } from '../toolCommand.ts';
import type { ServerMeasurement, DetailedLatency } from './architecturesMetrics.ts';
import type { ArchitecturesScenario } from './architecturesScenario.ts';
import { describeServerStats, type ServedMetrics } from './serveWithoutLoad.ts';

function latencyLine(label: string, latencies: DetailedLatency): string {
  const cell = (value: number): string => `${value.toFixed(2)}ms`.padStart(11);
  return `  ${label.padEnd(30)}${cell(latencies.p50)}${cell(latencies.p90)}${cell(latencies.p99)}${cell(latencies.p999)}${cell(latencies.max)}${cell(latencies.mean)}`;
}

const measurementsOf = (metrics: RunMetrics): ServerMeasurement[] => (Array.isArray(metrics.measurements) ? (metrics.measurements as ServerMeasurement[]) : []);

export const loadToolCommand: ScenarioToolCommand = {
  kind: 'scenario',
  name: 'load',
  summary: 'Loads an HTTP server on 127.0.0.1 like wrk (closed loop) or wrk2 (open loop with -R), and prints latency percentiles and throughput.',
  baseScenario: 'engine: architectures\nload:\n  mode: closed\n',
  argument: { name: 'URL', path: 'load.target', help: 'http://127.0.0.1:PORT/PATH of the server to load (only this machine)' },
  flags: [
    { name: 'connections', short: 'c', path: 'load.connections' },
    { name: 'duration', short: 'd', path: 'load.duration', bareNumberUnit: 's', help: 'Measured time, after the warm-up, e.g. 5s or 500ms; a bare number is seconds, as wrk reads it; 0: until Ctrl+C.' },
    {
      name: 'rate',
      short: 'R',
      path: 'load.rate',
      valueName: 'RATE',
      implies: { 'load.mode': 'open' },
      help: 'Open loop: requests per second, due whether or not the server keeps up; latency is timed from each request’s intended send time (no coordinated omission) and shown beside the uncorrected figure. Without -R: closed loop, each connection sends its next request when the previous one is answered.',
    },
    { name: 'arrival', path: 'load.arrival' },
    { name: 'think', path: 'load.thinkTime', bareNumberUnit: 's' },
    { name: 'warmup', path: 'load.warmup', bareNumberUnit: 's' },
    { name: 'timeout', path: 'load.timeout', bareNumberUnit: 's' },
  ],
  displayFlags: [
    {
      name: 'timeline',
      description: { en: 'Also print the 100 ms timeline of throughput and latency.', 'pt-BR': 'Também mostra a linha do tempo, a cada 100 ms, da vazão e da latência.' },
    },
  ],
  notes: 'The load runs in its own worker thread.',
  summarise(run) {
    const measured = measurementsOf(run.metrics)[0];
    if (measured === undefined) return 'nothing was measured';
    const open = measured.loadMode === 'open';
    const load = (run.scenario as Partial<ArchitecturesScenario>).load;
    const lines = [
      `${(measured.measuredMs / 1000).toFixed(2)} s measured @ ${String(run.metrics.target ?? measured.name)} (after ${load?.warmup ?? 0} ms of warm-up)`,
      open
        ? `  open loop: ${measured.offeredRps} req/s offered, ${load?.arrival ?? 'poisson'} arrivals, on ${load?.connections ?? '?'} connections`
        : `  closed loop: ${load?.connections ?? '?'} connections${load?.thinkTime ? `, ${load.thinkTime} ms think time` : ''}`,
      `  ${'Latency'.padEnd(30)}${['p50', 'p90', 'p99', 'p99.9', 'max', 'mean'].map((title) => title.padStart(11)).join('')}`,
      latencyLine(open ? 'from intended send (corrected)' : 'from send', measured.latencyMs),
    ];
    if (open) lines.push(latencyLine('from actual send (uncorrected)', measured.uncorrectedLatencyMs));
    const kinds = Object.entries(measured.errorsByKind)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${kind} ${count}`);
    lines.push(`  ${measured.requests} requests, ${measured.errors} errors${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}${open && measured.unfinished > 0 ? `, ${measured.unfinished} unanswered at the end` : ''}`);
    if (run.display.has('timeline')) {
      lines.push('  timeline (every 100 ms): s since the run started, req/s, p50 ms, p99 ms, errors');
      for (const sample of run.samples.filter((candidate) => candidate.series === measured.name)) {
        const { throughputRps = 0, latencyP50Ms, latencyP99Ms, errors = 0 } = sample.values;
        const cell = (value: number | undefined, width: number): string => (value === undefined ? '-' : value.toFixed(2)).padStart(width);
        lines.push(`    ${(sample.timeMs / 1000).toFixed(1).padStart(6)} ${throughputRps.toFixed(0).padStart(8)} ${cell(latencyP50Ms, 9)} ${cell(latencyP99Ms, 9)} ${String(errors).padStart(6)}`);
      }
    }
    lines.push(`Requests/sec: ${measured.throughputRps.toFixed(2)}`);
    return lines.join('\n');
  },
};

export const serverToolCommand: ScenarioToolCommand = {
  kind: 'scenario',
  name: 'server',
  summary: 'Runs one of the lab’s HTTP servers on 127.0.0.1 in the foreground, to hit with curl, a browser, wrk or proclab load.',
  baseScenario: 'engine: architectures\nservers:\n  - name: server\n    architecture: iterative\n    port: 8080\nload:\n  mode: none\n  duration: 0s\n',
  flags: [
    { name: 'arch', path: 'servers.0.architecture', alsoSets: ['servers.0.name'], required: true },
    { name: 'port', path: 'servers.0.port' },
    { name: 'workers', path: 'servers.0.workers' },
    { name: 'requests-per-connection', path: 'servers.0.requestsPerConnection' },
    { name: 'workload', path: 'workload.kind' },
    { name: 'service-time', path: 'workload.serviceTime' },
    { name: 'distribution', path: 'workload.distribution' },
    { name: 'response-size', path: 'workload.responseSize' },
    { name: 'stall-every', path: 'workload.stall.every' },
    { name: 'stall-for', path: 'workload.stall.duration' },
    { name: 'duration', path: 'load.duration', bareNumberUnit: 's', help: 'How long the server listens; 0: until Ctrl+C.' },
  ],
  notes: 'Prints the server’s counters every 5 s on stderr.',
  foreground: { readyEvent: 'server-listening' },
  summarise(run) {
    const served = (Array.isArray(run.metrics.served) ? (run.metrics.served as ServedMetrics[]) : [])[0];
    if (served === undefined) return 'the server did not start';
    return `${served.architecture} server on ${served.url} stopped after ${describeServerStats(served)} (${(served.servedMs / 1000).toFixed(1)} s)`;
  },
};
