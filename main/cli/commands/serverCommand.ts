import { architectureCharacteristics, architectureDescriptions, architectureNames, type ArchitectureName } from '../../engines/architectures/architectureCatalog.ts';
import { startServerWorker } from '../../engines/architectures/servers/serverWorker.ts';
import type { ServerStats } from '../../engines/architectures/servers/serverArchitecture.ts';
import type { ServiceTimeDistribution } from '../../workload/serviceTimes.ts';
import { calibrateComputation, type WorkloadKind } from '../../workload/workload.ts';
import { parseDurationMs, parseSizeBytes } from '../../scenario/units.ts';
import { UsageError, exitCodes } from '../cliErrors.ts';
import { integerOption, stringOption, type Command, type ParsedCommand } from '../commandLine.ts';

const workloadKinds: readonly WorkloadKind[] = ['io', 'blocking-io', 'cpu', 'file'];
const distributions: readonly ServiceTimeDistribution[] = ['constant', 'exponential', 'bimodal'];

function choice<Choice extends string>(parsed: ParsedCommand, name: string, choices: readonly Choice[], fallback: Choice): Choice {
  const text = stringOption(parsed, name) ?? fallback;
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, not "${text}"`);
  return text as Choice;
}

function quantity(parsed: ParsedCommand, name: string, fallback: string, parse: typeof parseDurationMs, maximum: number): number {
  const text = stringOption(parsed, name) ?? fallback;
  const result = parse(text);
  if (!result.ok) throw new UsageError(`--${name}: ${result.message}`);
  if (result.value > maximum) throw new UsageError(`--${name} is too large: ${text}`);
  return result.value;
}

function statsLine(stats: ServerStats): string {
  const started = stats.processesStarted !== undefined ? `, ${stats.processesStarted} processes started` : stats.threadsStarted !== undefined ? `, ${stats.threadsStarted} threads started` : '';
  return `${stats.requestsServed} requests served, ${stats.connections} connections open, ${stats.queueLength} waiting${started}`;
}

export const serverCommand: Command = {
  name: 'server',
  usage: `proclab server --arch NAME [--port 8080] [--workload io|blocking-io|cpu|file] [--service-time 20ms] [--distribution constant|exponential|bimodal] [--response-size 256B] [--workers 4]`,
  summary: 'Runs one of the lab’s HTTP servers on 127.0.0.1 in the foreground, to hit with curl, a browser, wrk or proclab load.',
  help: `--arch NAME              ${architectureNames.join(', ')}
--port P                 port on 127.0.0.1 (default 8080; 0 picks a free one)
--workload KIND          io: wait the service time the architecture's way (threads block, event
                         loops use a timer); blocking-io: a blocking wait everywhere (freezes an
                         event loop); cpu: real computation; file: serve real files (GET /files/N)
                         (default io)
--service-time T         mean service time per request (default 20ms)
--distribution D         constant, exponential or bimodal service times, same mean (default constant)
--response-size S        response body size, e.g. 256B or 64KiB (default 256B)
--workers N              pool size: threads (thread-pool, event-pool) or processes (prefork) (default 4)
--requests-per-connection N  close a connection after N responses (0: the architecture's default)
--stall-every T          freeze the server's main thread every T (default: never) ...
--stall-for T            ... for T each time (default 200ms): coordinated omission made visible
--seed N                 seed of the service-time draws (default 1)
Prints the server's counters every 5 s on stderr. Ctrl+C stops it (threads and child processes included).`,
  options: {
    arch: { type: 'string' },
    port: { type: 'string' },
    workload: { type: 'string' },
    'service-time': { type: 'string' },
    distribution: { type: 'string' },
    'response-size': { type: 'string' },
    workers: { type: 'string' },
    'requests-per-connection': { type: 'string' },
    'stall-every': { type: 'string' },
    'stall-for': { type: 'string' },
    seed: { type: 'string' },
  },
  async run(parsed) {
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"\nusage: ${this.usage}`);
    const archText = stringOption(parsed, 'arch');
    if (archText === undefined) throw new UsageError(`--arch NAME is required (${architectureNames.join(', ')})`);
    const architecture = choice<ArchitectureName>(parsed, 'arch', architectureNames, 'iterative');
    const kind = choice(parsed, 'workload', workloadKinds, 'io');
    const stallEveryMs = quantity(parsed, 'stall-every', '0ms', parseDurationMs, 60_000);
    const server = startServerWorker({
      architecture,
      workload: {
        kind,
        serviceTimeMs: quantity(parsed, 'service-time', '20ms', parseDurationMs, 10_000),
        distribution: choice(parsed, 'distribution', distributions, 'constant'),
        computeRoundsPerMs: kind === 'cpu' ? calibrateComputation() : undefined,
      },
      responseSizeBytes: quantity(parsed, 'response-size', '256B', parseSizeBytes, 64 * 1024 * 1024),
      port: integerOption(parsed, 'port', 0, 65_535) ?? 8080,
      workers: integerOption(parsed, 'workers', 1, 256) ?? 4,
      requestsPerConnection: integerOption(parsed, 'requests-per-connection', 0, 1_000_000) ?? 0,
      seed: integerOption(parsed, 'seed', 0, 0xffffffff) ?? 1,
      stall: stallEveryMs > 0 ? { everyMs: stallEveryMs, durationMs: quantity(parsed, 'stall-for', '200ms', parseDurationMs, 10_000) } : undefined,
      statsIntervalMs: 1000,
    });
    let port: number;
    try {
      port = await server.listening;
    } catch (error) {
      await server.stop();
      throw new UsageError(`the ${architecture} server could not start: ${(error as Error).message}`);
    }
    const traits = architectureCharacteristics[architecture];
    process.stdout.write(`${architecture} server listening on http://127.0.0.1:${port}/\n`);
    process.stderr.write(`${architectureDescriptions[architecture]}\n(${traits.model}: parallelism ${traits.parallelism}; ${traits.systemCalls} system calls; ${traits.dataSpace} data space)\nCtrl+C stops it.\n`);
    const report = setInterval(() => {
      if (server.latestStats !== undefined) process.stderr.write(`${new Date().toISOString()} ${statsLine(server.latestStats)}\n`);
    }, 5000);
    const outcome = await new Promise<'stopped' | Error>((resolve) => {
      process.once('SIGINT', () => resolve('stopped'));
      process.once('SIGTERM', () => resolve('stopped'));
      void server.failed.then((error) => resolve(error));
    });
    clearInterval(report);
    await server.stop();
    if (outcome instanceof Error) {
      process.stderr.write(`proclab: the server failed: ${outcome.message}\n`);
      return exitCodes.runFailed;
    }
    process.stderr.write(`stopped${server.latestStats === undefined ? '' : ` after ${statsLine(server.latestStats)}`}\n`);
    return exitCodes.ok;
  },
};
