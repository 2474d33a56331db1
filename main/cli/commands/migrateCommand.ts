import { exitCodes, UsageError } from '../cliErrors.ts';
import { integerOption, stringOption, type Command } from '../commandLine.ts';
import { parseDurationMs, parseSizeBytes } from '../../scenario/units.ts';
import { accessPatterns, workloadKinds, type AccessPattern, type WorkloadKind } from '../../engines/vmMigration/guest/guestWorkload.ts';
import { strategyNames, type StrategyName } from '../../engines/vmMigration/hosts/hostMessages.ts';
import { parseBandwidth } from '../../engines/vmMigration/linkShapeText.ts';
import { runMigrationSession } from '../../engines/vmMigration/migrationSession.ts';
import { failureKinds, type FailureKind, type MigrationMetrics, type MigrationSpec } from '../../engines/vmMigration/migrationSpec.ts';

function choice<Choice extends string>(value: string | undefined, choices: readonly Choice[], name: string, fallback: Choice): Choice {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, not "${value}"`);
  return value as Choice;
}

function size(value: string | undefined, name: string, fallback: number, minimum: number, maximum: number): number {
  if (value === undefined) return fallback;
  const parsed = parseSizeBytes(value);
  if (!parsed.ok) throw new UsageError(`--${name}: ${parsed.message}`);
  if (parsed.value < minimum || parsed.value > maximum) throw new UsageError(`--${name} must be from ${minimum} to ${maximum} bytes, not ${value}`);
  return parsed.value;
}

function duration(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  // Zero needs no unit: `--latency 0` is as clear as `--latency 0ms`.
  if (/^\s*0+(\.0+)?\s*$/.test(value)) return 0;
  const parsed = parseDurationMs(value);
  if (!parsed.ok) throw new UsageError(`--${name}: ${parsed.message}`);
  return parsed.value;
}

function describe(metrics: MigrationMetrics): string {
  const lines = [
    `${metrics.strategy} migration of a ${metrics.workload} guest (${metrics.guestPages} pages): ${metrics.outcome}${metrics.reason === '' ? '' : ` (${metrics.reason})`}`,
    `  total time      ${metrics.totalTimeMs.toFixed(1)} ms  (preparation ${metrics.preparationMs.toFixed(1)} ms, resume ${metrics.resumeMs.toFixed(1)} ms)`,
    `  downtime        ${metrics.downtimeMs.toFixed(2)} ms guest-seen${metrics.predictedDowntimeMs > 0 ? `, predicted ${metrics.predictedDowntimeMs.toFixed(2)} ms` : ''}${metrics.clientDowntimeMs > 0 ? `, ${metrics.clientDowntimeMs.toFixed(1)} ms without answers for clients` : ''}`,
    `  rounds          ${metrics.rounds}${metrics.switchReason === '' ? '' : ` — ${metrics.switchReason}`}`,
    ...metrics.roundStats.map((round) => `    round ${String(round.round).padStart(2)}: ${round.pagesSent} pages sent, ${round.pagesDirtied} dirtied, ${(round.bandwidthBytesPerSecond / 1e6).toFixed(0)} MB/s${round.throttlePercent > 0 ? `, guest throttled ${round.throttlePercent}%` : ''}`),
    `  transferred     ${metrics.pagesTransferred} pages, ${(metrics.bytesTransferred / 1e6).toFixed(1)} MB (${metrics.transferredOverMemory.toFixed(3)}× memory), ${metrics.zeroPagesSkipped} zero pages skipped`,
    `  faults          ${metrics.networkFaults} network, ${metrics.faultsOnPagesInFlight} on pages in flight, ${metrics.pagesPushed} pushed; wait p50 ${metrics.faultLatencyUs.p50} µs, p99 ${metrics.faultLatencyUs.p99} µs, max ${metrics.faultLatencyUs.max} µs; guest blocked ${metrics.faultBlocktimeMs.toFixed(1)} ms in all`,
    `  recovery to 90% ${metrics.recoveryTo90Ms < 0 ? 'not within the run' : `${metrics.recoveryTo90Ms.toFixed(0)} ms`}`,
    `  integrity       ${metrics.integrity}`,
  ];
  return lines.join('\n');
}

export const migrateCommand: Command = {
  name: 'migrate',
  usage: 'proclab migrate --strategy stop-copy|pre-copy|post-copy|hybrid --memory 256MiB --workload NAME [--bandwidth 1Gbit] [--latency 0.5ms] [--json]',
  summary: 'Live-migrates one running guest between two host threads over TCP on 127.0.0.1 and prints what the migration cost.',
  help: `--strategy S       stop-copy | pre-copy | post-copy | hybrid (default pre-copy)
--memory SIZE      guest memory, 1MiB to 1GiB (default 64MiB)
--workload NAME    kv-server | writer | scanner | idle (default writer)
--working-set SIZE writer: memory it writes to (default: a quarter of memory)
--dirty-rate N     writer: pages per second, 0 = as fast as it can (default 0)
--pattern P        writer: sequential | uniform | hot-cold (default uniform)
--bandwidth B      link bandwidth: 100Mbit, 1Gbit, 500MB/s or unlimited (default unlimited)
--latency D        one-way link latency, e.g. 0.5ms (default 0ms)
--max-rounds N     pre-copy: most rounds (default 30)
--downtime-limit D pre-copy: stop when the rest fits this downtime (default 5ms)
--auto-converge    pre-copy: throttle the guest when rounds stop shrinking
--no-pre-paging    post-copy: push pages in order, ignoring where the guest faults
--push-bandwidth B post-copy: cap on the background push, like --bandwidth (default unlimited);
                   pages that answer faults are not capped
--failure F        none | cut-link | kill-destination | kill-source (default none)
--failure-after D  when the failure happens after the migration starts (default 20ms)
--seed N           seed for the guest's memory contents and access pattern
--json             print one JSON object with the migration's metrics
Exit codes: 0 the migration completed with integrity "ok"; 1 it did not; 2 bad input.`,
  options: {
    strategy: { type: 'string' },
    memory: { type: 'string' },
    workload: { type: 'string' },
    'working-set': { type: 'string' },
    'dirty-rate': { type: 'string' },
    pattern: { type: 'string' },
    bandwidth: { type: 'string' },
    latency: { type: 'string' },
    'max-rounds': { type: 'string' },
    'downtime-limit': { type: 'string' },
    'auto-converge': { type: 'boolean' },
    'no-pre-paging': { type: 'boolean' },
    'push-bandwidth': { type: 'string' },
    failure: { type: 'string' },
    'failure-after': { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(parsed) {
    if (parsed.positionals.length > 0) throw new UsageError(`usage: ${this.usage}`);
    const strategy = choice<StrategyName>(stringOption(parsed, 'strategy'), strategyNames, 'strategy', 'pre-copy');
    const workload = choice<WorkloadKind>(stringOption(parsed, 'workload'), workloadKinds, 'workload', 'writer');
    const pattern = choice<AccessPattern>(stringOption(parsed, 'pattern'), accessPatterns, 'pattern', 'uniform');
    const failure = choice<FailureKind>(stringOption(parsed, 'failure'), failureKinds, 'failure', 'none');
    const memoryBytes = size(stringOption(parsed, 'memory'), 'memory', 64 * 1024 * 1024, 1024 * 1024, 1024 ** 3);
    const bandwidthText = stringOption(parsed, 'bandwidth') ?? 'unlimited';
    const bandwidth = parseBandwidth(bandwidthText);
    if (bandwidth === undefined) throw new UsageError(`--bandwidth must look like 100Mbit, 1Gbit, 500MB/s or unlimited, not "${bandwidthText}"`);
    const pushBandwidthText = stringOption(parsed, 'push-bandwidth') ?? 'unlimited';
    const pushBandwidth = parseBandwidth(pushBandwidthText);
    if (pushBandwidth === undefined) throw new UsageError(`--push-bandwidth must look like 100Mbit, 1Gbit, 500MB/s or unlimited, not "${pushBandwidthText}"`);
    const seed = integerOption(parsed, 'seed', 0, 0xffffffff) ?? Math.floor(Math.random() * 0xffffffff);
    const spec: MigrationSpec = {
      name: strategy,
      strategy,
      memoryBytes,
      pageSize: 4096,
      workload: {
        kind: workload,
        workingSetBytes: size(stringOption(parsed, 'working-set'), 'working-set', Math.floor(memoryBytes / 4), 4096, memoryBytes),
        dirtyPagesPerSecond: integerOption(parsed, 'dirty-rate', 0, 100_000_000) ?? 0,
        pattern,
        fillFraction: 1,
        keyCount: Math.min(10_000, Math.floor(memoryBytes / 512)),
      },
      shape: { bandwidthBytesPerSecond: bandwidth, latencyMs: duration(stringOption(parsed, 'latency'), 'latency', 0) },
      strategyOptions: {
        maximumRounds: integerOption(parsed, 'max-rounds', 1, 100) ?? 30,
        downtimeLimitMs: duration(stringOption(parsed, 'downtime-limit'), 'downtime-limit', 5),
        autoConverge: parsed.values['auto-converge'] === true,
        skipZeroPages: true,
        hybridRounds: 1,
        prePaging: parsed.values['no-pre-paging'] !== true,
        pushBandwidthBytesPerSecond: pushBandwidth,
        maximumMigrationMs: 600_000,
      },
      warmupMs: 500,
      afterMs: 500,
      clients: { connections: 4, requestsPerSecond: 1000, writeFraction: 0.2 },
      failure,
      failureAfterMs: duration(stringOption(parsed, 'failure-after'), 'failure-after', 20),
      seed,
    };
    const controller = new AbortController();
    const releases: (() => void | Promise<void>)[] = [];
    const cancel = (): void => {
      process.stderr.write('\nproclab: cancelling the migration…\n');
      controller.abort();
    };
    process.once('SIGINT', cancel);
    process.once('SIGTERM', cancel);
    let random = seed >>> 0 || 1;
    try {
      const metrics = await runMigrationSession(spec, {
        sample: () => undefined,
        event: (kind, message) => {
          if (parsed.values.json !== true && kind !== 'page-map') process.stderr.write(`${message}\n`);
        },
        log: (level, message) => {
          if (level === 'warn' || level === 'error') process.stderr.write(`${level}: ${message}\n`);
        },
        random: () => {
          random ^= random << 13;
          random ^= random >>> 17;
          random ^= random << 5;
          return (random >>> 0) / 0x100000000;
        },
        signal: controller.signal,
        defer: (_name, release) => releases.push(release),
      });
      if (parsed.values.json === true) process.stdout.write(`${JSON.stringify({ seed, ...metrics })}\n`);
      else process.stdout.write(`${describe(metrics)}\n`);
      return metrics.outcome === 'completed' && metrics.integrity === 'ok' ? exitCodes.ok : exitCodes.runFailed;
    } finally {
      process.off('SIGINT', cancel);
      process.off('SIGTERM', cancel);
      for (const release of releases.reverse()) await release();
    }
  },
};
