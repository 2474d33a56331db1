import type { RunMetrics } from '../../../preload/api.ts';
import { EngineFailure, type Engine, type EngineContext } from '../engine.ts';
import { HostCluster, type ClusterHostSpec } from './cluster/hostCluster.ts';
import { codeMigrationCharts } from './codeMigrationCharts.ts';
import { codeMigrationMetrics } from './codeMigrationMetrics.ts';
import { codeMigrationScenarioSchema, experimentNames, type CodeMigrationScenario, type ExperimentName } from './codeMigrationScenario.ts';
import { codeMigrationTables } from './codeMigrationTables.ts';
import { runBindings, type BindingsResult } from './experiments/bindings.ts';
import type { ExperimentContext } from './experiments/experimentContext.ts';
import { runHeterogeneous, type HeterogeneousResult } from './experiments/heterogeneous.ts';
import { runMobility, type MobilityResult } from './experiments/mobility.ts';
import { defaultLinks, defaultRecords, runParadigmSweep, type ParadigmsResult } from './experiments/paradigmSweep.ts';
import { codeMigrationHeadline } from './codeMigrationHeadline.ts';
import { runSandboxAttacks, type SandboxResult } from './experiments/sandboxAttacks.ts';
import { recordsPerHost } from './orders.ts';
import type { PlatformName } from './platforms.ts';

const defaultDataPlatforms: PlatformName[] = ['ppc64/big-endian', 'aarch64/little-endian', 'x86_64/little-endian'];
/** The client's own small orders database (the binding experiment's database bound by identifier). */
const clientOrders = 1_000;
const hostLetters = 'ABCDEFGH';

export interface ExperimentResults {
  mobility?: MobilityResult;
  paradigms?: ParadigmsResult;
  bindings?: BindingsResult;
  sandbox?: SandboxResult;
  heterogeneous?: HeterogeneousResult;
}

function experimentsOf(scenario: CodeMigrationScenario): ExperimentName[] {
  return scenario.experiments.length > 0 ? [...new Set(scenario.experiments)] : [...experimentNames];
}

function hostSpecs(scenario: CodeMigrationScenario): ClusterHostSpec[] {
  const dataPlatforms = scenario.hosts.data.length > 0 ? scenario.hosts.data : defaultDataPlatforms;
  const records = scenario.paradigms.records.length > 0 ? scenario.paradigms.records : defaultRecords;
  const perHost = recordsPerHost(Math.max(...records, 200 * dataPlatforms.length), dataPlatforms.length);
  return [
    { name: 'A', platform: scenario.hosts.client, dataIndex: 100, orders: clientOrders },
    ...dataPlatforms.map((platform, index) => ({ name: hostLetters[index + 1]!, platform, dataIndex: index, orders: perHost[index]! })),
    { name: hostLetters[dataPlatforms.length + 1]!, platform: scenario.hosts.codeServer, dataIndex: 101, orders: 0 },
  ];
}

/** Rough seconds per experiment on an ordinary laptop, for progress and the run's time limit. */
function estimateMs(scenario: CodeMigrationScenario): number {
  const experiments = experimentsOf(scenario);
  const records = scenario.paradigms.records.length > 0 ? scenario.paradigms.records : defaultRecords;
  const links = scenario.paradigms.links.length > 0 ? scenario.paradigms.links.length : defaultLinks.length;
  const paradigmPoints = records.length * links * scenario.paradigms.repeats * 4;
  const estimates: Record<ExperimentName, number> = {
    mobility: 6_000 + (scenario.mobility.heap / 1048576) * 2_000,
    paradigms: paradigmPoints * 500,
    bindings: 4_000,
    sandbox: 6 * (2_000 + scenario.sandbox.cpuBudget * 2),
    heterogeneous: 3_000,
  };
  return 5_000 + experiments.reduce((sum, name) => sum + estimates[name], 0);
}

/**
 * The code-migration lab: hosts as separate processes on 127.0.1.N with their own resources and
 * declared platforms, joined by shaped TCP links; weak and strong mobility, the paradigms, the
 * binding table, heterogeneity and sandboxed mobile code, each run for real between them.
 */
export const codeMigrationEngine: Engine<typeof codeMigrationScenarioSchema> = {
  name: 'code-migration',
  scenarioSchema: codeMigrationScenarioSchema,
  charts: codeMigrationCharts,
  tables: codeMigrationTables,
  headline: codeMigrationHeadline,

  estimateDurationMs: estimateMs,

  async run(scenario: CodeMigrationScenario, context: EngineContext): Promise<RunMetrics> {
    const specs = hostSpecs(scenario);
    const experiments = experimentsOf(scenario);
    let phase = 'starting the hosts';
    context.progress({ fraction: 0, phase });
    const cluster = await HostCluster.start(
      specs,
      {
        seed: context.seed,
        limits: { cpuBudgetMs: scenario.sandbox.cpuBudget, memoryLimitBytes: scenario.sandbox.memoryLimit, heapLimitBytes: scenario.sandbox.heapLimit },
        signal: context.signal,
        onHop: (hop) => context.event('hop', `${hop.from} → ${hop.to}: ${hop.kind}, ${hop.bytes} B`, { ...hop, phase }),
        onNote: (message) => context.log('warn', message),
      },
      (started) => context.defer('code-migration hosts, sandboxes and links', () => started.close()),
    ).catch((error: unknown) => {
      if (context.signal.aborted) return undefined;
      throw error instanceof EngineFailure ? error : new EngineFailure(`the hosts could not start: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (cluster === undefined) return {};
    for (const spec of specs) context.event('host', `host ${spec.name} on ${cluster.host(spec.name).address} (${spec.platform}), pid ${cluster.host(spec.name).pid}`, { host: spec.name, platform: spec.platform });
    const experiment: ExperimentContext = {
      cluster,
      context,
      scenario,
      client: specs[0]!.name,
      dataHosts: specs.slice(1, -1).map((spec) => spec.name),
      codeServer: specs[specs.length - 1]!.name,
      setPhase: (next) => (phase = next),
    };
    const results: ExperimentResults = {};
    const releases: (() => Promise<void>)[] = [];
    context.defer('sandbox experiment listeners', async () => {
      for (const release of releases) await release();
    });
    const weights = experiments.map((name) => (name === 'paradigms' ? 4 : 1));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let before = 0;
    try {
      for (const [index, name] of experiments.entries()) {
        if (context.signal.aborted) break;
        const share = weights[index]! / total;
        const progress = (fraction: number, detail: string): void => context.progress({ fraction: Math.min(1, before + fraction * share), phase: `${name}: ${detail}` });
        progress(0, 'starting');
        context.event('experiment', `${name}`, { experiment: name });
        switch (name) {
          case 'mobility':
            results.mobility = await runMobility(experiment, progress);
            break;
          case 'paradigms':
            results.paradigms = await runParadigmSweep(experiment, progress);
            break;
          case 'bindings':
            results.bindings = await runBindings(experiment);
            break;
          case 'sandbox':
            results.sandbox = await runSandboxAttacks(experiment, (release) => releases.push(release));
            break;
          case 'heterogeneous':
            results.heterogeneous = await runHeterogeneous(experiment);
            break;
        }
        before += share;
      }
    } catch (error) {
      if (context.signal.aborted) return codeMigrationMetrics(results);
      throw error instanceof EngineFailure ? error : new EngineFailure(error instanceof Error ? error.message : String(error));
    }
    if (!context.signal.aborted) context.progress({ fraction: 1, phase: 'done' });
    return codeMigrationMetrics(results);
  },
};
