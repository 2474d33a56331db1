import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valueAtPath } from '../../../common/charts/valueAtPath.ts';
import { otherValuesTable } from '../../../common/tables/otherValuesTable.ts';
import { renderTables } from '../../../common/tables/renderTables.ts';
import { engineNames, findEngine } from '../../../main/engines/engineRegistry.ts';
import { applyOverrides } from '../../../main/scenario/scenarioOverrides.ts';
import { LabService } from '../../../main/service/labService.ts';
import type { RunMetrics, TableField, TableSpec } from '../../../preload/api.ts';
import { runProclab } from '../cli/runProclab.ts';

// Small real runs of every lab, so the tables each engine declares are checked against what its
// engine really records: every declared value is found in some run, and nothing a run records
// is left to the table of undeclared values.

interface Case {
  labId: string;
  /** Overrides of the lab's default scenario, as `--set` takes them; or a whole scenario. */
  set?: Record<string, string>;
  scenario?: string | (() => string);
}

// A server already running that the architectures engine loads at its address (load.target), as `proclab load` does.
let runningServer: Server | undefined;

const cases: Case[] = [
  { labId: 'server-architectures', set: { 'load.duration': '300ms', 'load.warmup': '100ms', 'load.connections': '4', 'workload.serviceTime': '5ms' } },
  {
    labId: 'server-architectures',
    scenario: [
      'engine: architectures',
      'servers:',
      '  - name: threads',
      '    architecture: thread-per-request',
      '  - name: processes',
      '    architecture: process-per-request',
      'workload: { kind: io, serviceTime: 5ms }',
      'load: { mode: open, rate: 100, connections: 8, duration: 300ms, warmup: 100ms }',
      'sweep: { parameter: rate, values: [50, 100] }',
      '',
    ].join('\n'),
  },
  {
    // load.mode none, as `proclab server` runs it: servers that answer whoever connects.
    labId: 'server-architectures',
    scenario: 'engine: architectures\nservers:\n  - { name: prefork, architecture: prefork, workers: 2 }\n  - { name: threads, architecture: thread-per-request }\nload: { mode: none, duration: 300ms }\n',
  },
  {
    labId: 'server-architectures',
    scenario: () => `engine: architectures\nload: { target: 'http://127.0.0.1:${(runningServer!.address() as AddressInfo).port}/', connections: 2, duration: 300ms, warmup: 100ms }\n`,
  },
  { labId: 'directory', set: { observe: '900ms', state: 'soft' } },
  { labId: 'superserver', set: { 'comparison.requests': '4', 'comparison.interval': '10ms', 'burst.clients': '8', 'burst.spacing': '10ms', 'burst.hold': '200ms' } },
  { labId: 'threads-processes', set: { 'creation.repetitions': '3', 'roundTrip.roundTrips': '100', 'blocking.duration': '500ms', 'blocking.requestEvery': '200ms' } },
  { labId: 'out-of-band', set: { 'upload.size': '16MiB', repetitions: '1', cancelAfter: '200ms' } },
  {
    labId: 'clients-and-state',
    set: {
      'access.calls': '20',
      'idempotency.calls': '20',
      'idempotency.tableLifetime': '300ms',
      'policies.callsPerPhase': '10',
      'policies.crashOutage': '100ms',
      'policies.allDownOutage': '200ms',
      'stateDesigns.files': '2',
      'stateDesigns.streamSize': '128KiB',
      'stateDesigns.steady': '400ms',
      'stateDesigns.downtime': '100ms',
      'stateDesigns.after': '500ms',
      'stateDesigns.lease': '200ms',
      'inClass.downtime': '100ms',
    },
  },
  // Post-copy's push capped, so that its guest faults (the fault tables and the distribution have rows) however fast the machine.
  { labId: 'vm-migration', set: { 'guest.memory': '16MiB', 'guest.keys': '2000', 'clients.rate': '400', 'timing.warmup': '300ms', 'timing.after': '300ms', 'strategies.2.pushBandwidth': '20MB/s' } },
  {
    labId: 'code-migration',
    scenario: [
      'engine: code-migration',
      'paradigms: { records: [30, 3000], links: [{ bandwidth: 10Mbit, latency: 2ms }], repeats: 1 }',
      'mobility: { heap: 64KiB, rounds: 2, migrateAfter: 5ms }',
      'bindings: { accessesAfter: 2 }',
      'sandbox: { cpuBudget: 300ms }',
      '',
    ].join('\n'),
  },
  {
    labId: 'server-clusters',
    set: {
      servers: '2',
      'modes.responseSizes': '[1KiB, 64KiB]',
      'modes.rounds': '1',
      'modes.duration': '300ms',
      'modes.warmup': '100ms',
      'policies.compare': '[round-robin, content-aware]',
      'policies.requests': '60',
      'policies.serviceTime': '0ms',
      'failover.duration': '900ms',
      'failover.rate': '100',
      'dns.duration': '900ms',
      'scaling.duration': '300ms',
      'scaling.servers': '[1, 2]',
    },
  },
  // serve.mode relay, as `proclab cluster` runs it: the cluster answers whoever connects.
  { labId: 'server-clusters', set: { servers: '2', 'scaling.servers': '[1, 2]', 'serve.mode': 'relay', 'serve.duration': '300ms' } },
  { labId: 'virtualization', set: { iterations: '20000', rounds: '1', startupRepetitions: '1', consoleLines: '200' } },
];

let directory: string;
let service: LabService;
const recorded: { labId: string; engine: string; runId: string; metrics: RunMetrics }[] = [];

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'proclab-tables-'));
  runningServer = createServer((_request, response) => response.end('hello\n'));
  await new Promise<void>((resolve) => runningServer!.listen(0, '127.0.0.1', resolve));
  service = new LabService({ databasePath: join(directory, 'runs.sqlite'), face: 'cli' });
  for (const testCase of cases) {
    const lab = service.catalog.get(testCase.labId)!;
    const overrides = Object.entries(testCase.set ?? {}).map(([path, value]) => ({ path, value }));
    const text = (typeof testCase.scenario === 'function' ? testCase.scenario() : testCase.scenario) ?? applyOverrides(lab.detail.defaultScenario, overrides);
    const scenarioText = typeof text === 'string' ? text : text.ok ? text.text : '';
    const started = await service.startRun({ labId: testCase.labId, scenarioText, seed: 11 });
    if (!started.ok) throw new Error(`${testCase.labId}: ${started.error.message}`);
    const finished = await service.whenFinished(started.value.runId)!;
    if (finished.status !== 'succeeded') throw new Error(`${testCase.labId}: ${finished.status} ${finished.error?.message ?? ''}`);
    recorded.push({ labId: testCase.labId, engine: lab.definition.engine, runId: started.value.runId, metrics: finished.metrics ?? {} });
  }
}, 300_000);

afterAll(async () => {
  await service?.close();
  await new Promise((resolve) => (runningServer === undefined ? resolve(undefined) : runningServer.close(resolve)));
  rmSync(directory, { recursive: true, force: true });
});

/** Where each declared value is read, as the rows of its table see it. */
function declaredValues(spec: TableSpec, metrics: RunMetrics): { field: TableField; found: boolean }[] {
  if (spec.kind === 'values') {
    const record = spec.record === '' ? metrics : valueAtPath(metrics, spec.record);
    return spec.values.map((field) => ({ field, found: valueAtPath(record, field.path) !== undefined }));
  }
  const outer = valueAtPath(metrics, spec.list);
  const outerRows = Array.isArray(outer) ? (outer as unknown[]) : [];
  const rows = spec.each === undefined ? outerRows.map((record) => ({ record, outer: record })) : outerRows.flatMap((record) => ((valueAtPath(record, spec.each!) as unknown[] | undefined) ?? []).map((item) => ({ record: item, outer: record })));
  return spec.columns.map((field) => ({ field, found: rows.some((row) => valueAtPath(field.fromOuter === true ? row.outer : row.record, field.path) !== undefined) }));
}

describe('every lab\'s declared tables, against real runs', () => {
  it.each(engineNames())('%s: every declared column reads a value its runs recorded', (engineName) => {
    const engine = findEngine(engineName)!;
    const runs = recorded.filter((run) => run.engine === engineName);
    expect(runs.length).toBeGreaterThan(0);
    const unfound: string[] = [];
    for (const spec of engine.tables) {
      for (const { field } of declaredValues(spec, {})) {
        if (!runs.some((run) => declaredValues(spec, run.metrics).find((value) => value.field === field)!.found)) unfound.push(`${spec.id}: ${field.path}`);
      }
    }
    expect(unfound).toEqual([]);
  });

  it.each(engineNames())('%s: leaves nothing its runs recorded to the table of other values', (engineName) => {
    const engine = findEngine(engineName)!;
    for (const run of recorded.filter((candidate) => candidate.engine === engineName)) {
      const other = otherValuesTable(engine.tables, run.metrics, 'en');
      expect(other?.rows.map((row) => row.key) ?? [], run.labId).toEqual([]);
    }
  });

  it('puts the same tables, headings and digits in the pt-BR report as the window draws', async () => {
    for (const run of recorded) {
      const lab = service.catalog.get(run.labId)!;
      const report = await service.exportReport(run.runId, 'pt-BR');
      expect(report.ok).toBe(true);
      if (!report.ok) return;
      const tables = renderTables(lab.detail.tables, run.metrics, 'pt-BR');
      expect(tables.length, run.labId).toBeGreaterThan(0);
      for (const table of tables) {
        expect(report.value.html, `${run.labId} ${table.id}`).toContain(`data-table-id="${table.id}"`);
        // A table too wide or too long for a printed page is drawn in parts: `Title (1/2)`.
        const caption = table.title.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        expect(report.value.html).toMatch(new RegExp(`<caption>${caption}( \\(\\d+/\\d+\\))?</caption>`));
      }
    }
    const architectures = (await service.exportReport(recorded[0]!.runId, 'pt-BR')) as { ok: true; value: { html: string } };
    expect(architectures.value.html).toContain('>Vazão (req/s)</th>');
    expect(architectures.value.html).toMatch(/data-column="throughputRps">\d+(\.\d{3})*,\d<\/td>/);
    const english = (await service.exportReport(recorded[0]!.runId, 'en')) as { ok: true; value: { html: string } };
    expect(english.value.html).toContain('>Throughput (req/s)</th>');
  });

  it('prints the tables as aligned text from proclab run, in the language asked for', async () => {
    const result = await runProclab(['run', 'directory', '--set', 'observe=600ms', '--language', 'pt-BR', '--db', join(directory, 'cli.sqlite')], { timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Consultas ao diretório');
    expect(result.stdout).toMatch(/^Tempo de consulta p50 \(ms\)\s+\d+,\d{3}$/m);
    expect(result.stdout).toMatch(/^Resultado\s+Consultas$/m);
    expect(result.stdout).not.toContain('"lookupMs"');
    const english = await runProclab(['run', 'directory', '--set', 'observe=600ms', '--db', join(directory, 'cli.sqlite')], { timeoutMs: 60_000 });
    expect(english.stdout).toMatch(/^Lookup time p50 \(ms\)\s+\d+\.\d{3}$/m);
    const bad = await runProclab(['run', 'directory', '--language', 'fr', '--db', join(directory, 'cli.sqlite')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--language must be one of en, pt-BR; got "fr"');
  });
});
