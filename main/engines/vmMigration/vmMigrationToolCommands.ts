// `proclab migrate`: one migration of the vm-migration scenario, its flags the scenario's values.
import type { RunMetrics } from '../../../preload/api.ts';
import type { ScenarioToolCommand } from '../toolCommand.ts';
import type { MigrationMetrics } from './migrationSpec.ts';

function describeMigration(metrics: MigrationMetrics): string {
  const lines = [
    `${metrics.strategy} migration of a ${metrics.workload} guest (${metrics.guestPages} pages): ${metrics.outcome}${metrics.reason === '' ? '' : ` (${metrics.reason})`}`,
    `  total time      ${metrics.totalTimeMs.toFixed(1)} ms  (preparation ${metrics.preparationMs.toFixed(1)} ms, resume ${metrics.resumeMs.toFixed(1)} ms)`,
    `  downtime        ${metrics.downtimeMs.toFixed(2)} ms guest-seen${metrics.predictedDowntimeMs > 0 ? `, predicted ${metrics.predictedDowntimeMs.toFixed(2)} ms` : ''}${metrics.clientDowntimeMs > 0 ? `, ${metrics.clientDowntimeMs.toFixed(1)} ms without answers for clients` : ''}`,
    `  rounds          ${metrics.rounds}${metrics.switchReason === '' ? '' : ` — ${metrics.switchReason}`}`,
    ...metrics.roundStats.map((round) => `    round ${String(round.round).padStart(2)}: ${round.pagesSent} pages sent, ${round.pagesDirtied} dirtied, ${(round.bandwidthBytesPerSecond / 1e6).toFixed(0)} MB/s${round.throttlePercent > 0 ? `, guest throttled ${round.throttlePercent}%` : ''}`),
    `  transferred     ${metrics.pagesTransferred} pages, ${(metrics.bytesTransferred / 1e6).toFixed(1)} MB (${metrics.transferredOverMemory.toFixed(3)}× memory), ${metrics.zeroPagesSkipped} zero pages skipped`,
    `  faults          ${metrics.networkFaults} network, ${metrics.faultsOnPagesInFlight} on pages in flight, ${metrics.pagesPushed} pushed; wait p50 ${metrics.faultLatencyUs.p50} µs, p99 ${metrics.faultLatencyUs.p99} µs, p99.9 ${metrics.faultLatencyUs.p999} µs, max ${metrics.faultLatencyUs.max} µs; guest blocked ${metrics.faultBlocktimeMs.toFixed(1)} ms in all`,
    `  recovery to 90% ${metrics.recoveryTo90Ms < 0 ? 'not within the run' : `${metrics.recoveryTo90Ms.toFixed(0)} ms`}`,
    `  integrity       ${metrics.integrity}`,
  ];
  return lines.join('\n');
}

const strategiesOf = (metrics: RunMetrics): MigrationMetrics[] => (Array.isArray(metrics.strategies) ? (metrics.strategies as MigrationMetrics[]) : []);

export const migrateToolCommand: ScenarioToolCommand = {
  kind: 'scenario',
  name: 'migrate',
  summary: 'Live-migrates one running guest between two host threads over TCP on 127.0.0.1 and prints what the migration cost.',
  baseScenario: 'engine: vm-migration\nstrategies:\n  - name: pre-copy\n    strategy: pre-copy\n',
  flags: [
    { name: 'strategy', path: 'strategies.0.strategy', alsoSets: ['strategies.0.name'] },
    { name: 'memory', path: 'guest.memory' },
    { name: 'page-size', path: 'guest.pageSize' },
    { name: 'workload', path: 'guest.workload' },
    { name: 'working-set', path: 'guest.workingSet' },
    { name: 'dirty-rate', path: 'guest.dirtyRate' },
    { name: 'pattern', path: 'guest.pattern' },
    { name: 'fill', path: 'guest.fill' },
    { name: 'keys', path: 'guest.keys' },
    { name: 'bandwidth', path: 'link.bandwidth', valueName: 'RATE' },
    { name: 'latency', path: 'link.latency', bareNumberUnit: 'ms' },
    { name: 'max-rounds', path: 'strategies.0.maxRounds' },
    { name: 'downtime-limit', path: 'strategies.0.downtimeLimit', bareNumberUnit: 'ms' },
    { name: 'auto-converge', path: 'strategies.0.autoConverge' },
    { name: 'hybrid-rounds', path: 'strategies.0.hybridRounds' },
    { name: 'no-pre-paging', path: 'strategies.0.prePaging', negates: true },
    { name: 'push-bandwidth', path: 'strategies.0.pushBandwidth', valueName: 'RATE' },
    { name: 'send-zero-pages', path: 'strategies.0.skipZeroPages', negates: true, help: 'Send all-zero pages in full, not as their page numbers only (as the scenario’s skipZeroPages: false).' },
    { name: 'connections', path: 'clients.connections' },
    { name: 'rate', path: 'clients.rate' },
    { name: 'write-fraction', path: 'clients.writeFraction' },
    { name: 'warmup', path: 'timing.warmup' },
    { name: 'after', path: 'timing.after' },
    { name: 'timeout', path: 'timing.timeout' },
    { name: 'failure', path: 'failure.kind' },
    { name: 'failure-after', path: 'failure.after', bareNumberUnit: 'ms' },
  ],
  quietEvents: ['page-map'],
  notes: 'To compare strategies side by side in one run, use proclab run vm-migration (the lab runs all four).',
  summarise: (run) => strategiesOf(run.metrics).map(describeMigration).join('\n\n'),
  succeeded: (metrics) => {
    const strategies = strategiesOf(metrics);
    return strategies.length > 0 && strategies.every((strategy) => strategy.outcome === 'completed' && strategy.integrity === 'ok');
  },
};
