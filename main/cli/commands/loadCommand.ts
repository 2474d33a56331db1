import { detailedLatency, type DetailedLatency } from '../../engines/architectures/architecturesMetrics.ts';
import { runLoad } from '../../measure/httpLoad/runLoad.ts';
import type { ArrivalProcess, LoadIntervalSample, LoadOptions, LoadResult } from '../../measure/httpLoad/loadMessages.ts';
import { parseDurationMs } from '../../scenario/units.ts';
import { UsageError, exitCodes } from '../cliErrors.ts';
import { integerOption, stringOption, type Command, type ParsedCommand } from '../commandLine.ts';

/** Loopback only: proclab measures servers on this machine and never loads anyone else's. */
const loopbackHosts = new Set(['127.0.0.1', 'localhost']);

function parseTarget(text: string): { port: number; path: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`"${text}" is not a URL; try http://127.0.0.1:8080/`);
  }
  if (url.protocol !== 'http:') throw new UsageError(`only http:// URLs can be loaded, not ${url.protocol}`);
  if (!loopbackHosts.has(url.hostname)) throw new UsageError(`proclab load only loads servers on this machine (127.0.0.1), not ${url.hostname}`);
  const port = url.port === '' ? 80 : Number(url.port);
  return { port, path: `${url.pathname}${url.search}` };
}

function durationOption(parsed: ParsedCommand, name: string, fallback: string, minimumMs: number, maximumMs: number): number {
  const text = stringOption(parsed, name) ?? fallback;
  // A bare number is seconds, as wrk reads -d 10.
  const parse = parseDurationMs(/^\d+(\.\d+)?$/.test(text) ? `${text}s` : text);
  if (!parse.ok) throw new UsageError(`--${name}: ${parse.message}`);
  if (parse.value < minimumMs || parse.value > maximumMs) throw new UsageError(`--${name} must be from ${minimumMs} ms to ${maximumMs / 1000} s, not ${text}`);
  return parse.value;
}

function latencyLine(label: string, latencies: DetailedLatency): string {
  const cell = (value: number): string => `${value.toFixed(2)}ms`.padStart(11);
  return `  ${label.padEnd(30)}${cell(latencies.p50)}${cell(latencies.p90)}${cell(latencies.p99)}${cell(latencies.p999)}${cell(latencies.max)}${cell(latencies.mean)}`;
}

function describe(url: string, options: LoadOptions, result: LoadResult, timeline: readonly LoadIntervalSample[], showTimeline: boolean): string {
  const corrected = detailedLatency(result.histogram);
  const uncorrected = detailedLatency(result.uncorrectedHistogram);
  const open = result.mode === 'open';
  const lines = [
    `${(result.measuredMs / 1000).toFixed(2)} s measured @ ${url} (after ${options.warmupMs} ms of warm-up)`,
    open
      ? `  open loop: ${options.rateRps} req/s offered, ${options.arrival ?? 'constant'} arrivals, on ${options.connections} connections`
      : `  closed loop: ${options.connections} connections${options.thinkTimeMs ? `, ${options.thinkTimeMs} ms think time` : ''}`,
    `  ${'Latency'.padEnd(30)}${['p50', 'p90', 'p99', 'p99.9', 'max', 'mean'].map((title) => title.padStart(11)).join('')}`,
    latencyLine(open ? 'from intended send (corrected)' : 'from send', corrected),
  ];
  if (open) lines.push(latencyLine('from actual send (uncorrected)', uncorrected));
  const kinds = Object.entries(result.errorsByKind)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${kind} ${count}`);
  lines.push(`  ${result.requests} requests, ${result.errors} errors${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}${open && result.unfinished > 0 ? `, ${result.unfinished} unanswered at the end` : ''}`);
  if (showTimeline) {
    lines.push('  timeline (every 100 ms): elapsed s, req/s, p50 ms, p99 ms, errors');
    for (const sample of timeline) {
      lines.push(`    ${(sample.elapsedMs / 1000).toFixed(1).padStart(6)} ${sample.throughputRps.toFixed(0).padStart(8)} ${sample.latencyP50Ms.toFixed(2).padStart(9)} ${sample.latencyP99Ms.toFixed(2).padStart(9)} ${String(sample.errors).padStart(6)}`);
    }
  }
  lines.push(`Requests/sec: ${result.throughputRps.toFixed(2)}`);
  return `${lines.join('\n')}\n`;
}

export const loadCommand: Command = {
  name: 'load',
  usage: 'proclab load URL [-c N] [-d 5s] [-R RATE] [--arrival poisson|constant] [--think 0ms] [--warmup 500ms] [--timeout 5s] [--timeline] [--json]',
  summary: 'Loads an HTTP server on 127.0.0.1 like wrk (closed loop) or wrk2 (open loop with -R), and prints latency percentiles and throughput.',
  help: `URL               http://127.0.0.1:PORT/PATH (only this machine)
-c, --connections N  connections (default 10)
-d, --duration T     measured time, e.g. 5s or 500ms; a bare number is seconds (default 5s)
-R, --rate RATE      open loop: RATE requests per second, due whether or not the server keeps up;
                     latency is timed from each request's intended send time (no coordinated
                     omission) and shown beside the uncorrected figure. Without -R: closed loop,
                     each connection sends its next request when the previous one is answered.
--arrival KIND       open loop: poisson (random, default) or constant spacing
--think T            closed loop: pause after each answer (default 0ms)
--warmup T           load before measuring, left out of the figures (default 500ms)
--timeout T          a request unanswered this long is an error (default 5s)
--seed N             seed of the Poisson arrivals (default 1)
--timeline           also print the 100 ms timeline of throughput and latency
--json               print one JSON object instead (latencies in ms, the timeline included)
The load runs in its own worker thread. Ctrl+C stops early and prints what was measured.
Exit codes: 0 done (even with request errors); 1 the generator failed; 2 bad input.`,
  options: {
    connections: { type: 'string', short: 'c' },
    duration: { type: 'string', short: 'd' },
    rate: { type: 'string', short: 'R' },
    arrival: { type: 'string' },
    think: { type: 'string' },
    warmup: { type: 'string' },
    timeout: { type: 'string' },
    seed: { type: 'string' },
    timeline: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(parsed) {
    const url = parsed.positionals[0];
    if (url === undefined || parsed.positionals.length > 1) throw new UsageError(`usage: ${this.usage}`);
    const { port, path } = parseTarget(url);
    const rateText = stringOption(parsed, 'rate');
    const rateRps = rateText === undefined ? undefined : Number(rateText);
    if (rateRps !== undefined && !(Number.isFinite(rateRps) && rateRps > 0 && rateRps <= 1_000_000)) throw new UsageError(`--rate must be a number of requests per second above 0, not "${rateText}"`);
    const arrival = (stringOption(parsed, 'arrival') ?? 'poisson') as ArrivalProcess;
    if (arrival !== 'poisson' && arrival !== 'constant') throw new UsageError(`--arrival must be poisson or constant, not "${arrival}"`);
    const options: LoadOptions = {
      port,
      path,
      mode: rateRps === undefined ? 'closed' : 'open',
      connections: integerOption(parsed, 'connections', 1, 10_000) ?? 10,
      rateRps,
      arrival,
      thinkTimeMs: durationOption(parsed, 'think', '0ms', 0, 60_000),
      durationMs: durationOption(parsed, 'duration', '5s', 100, 3_600_000),
      warmupMs: durationOption(parsed, 'warmup', '500ms', 0, 600_000),
      timeoutMs: durationOption(parsed, 'timeout', '5s', 10, 600_000),
      seed: integerOption(parsed, 'seed', 0, 0xffffffff) ?? 1,
      sampleIntervalMs: 100,
    };
    const timeline: LoadIntervalSample[] = [];
    const load = runLoad(options, (sample) => timeline.push(sample));
    const stop = (): void => load.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let result: LoadResult;
    try {
      result = await load.result;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    if (parsed.values.json === true) {
      const { histogram, uncorrectedHistogram, ...totals } = result;
      process.stdout.write(
        `${JSON.stringify({ url, ...totals, connections: options.connections, latencyMs: detailedLatency(histogram), uncorrectedLatencyMs: detailedLatency(uncorrectedHistogram), timeline })}\n`,
      );
    } else {
      process.stdout.write(describe(url, options, result, timeline, parsed.values.timeline === true));
    }
    return exitCodes.ok;
  },
};
