import { bandwidthFromText, type LinkShape } from '../../../network/shapedRelay.ts';
import type { EngineContext } from '../../engine.ts';
import type { HostCluster } from '../cluster/hostCluster.ts';
import type { CodeMigrationScenario } from '../codeMigrationScenario.ts';

/** What every experiment gets: the running hosts, the run's context, the scenario and the hosts' roles. */
export interface ExperimentContext {
  cluster: HostCluster;
  context: EngineContext;
  scenario: CodeMigrationScenario;
  client: string;
  dataHosts: string[];
  codeServer: string;
  /** Which experiment the timeline's hops belong to now. */
  setPhase(phase: string): void;
}

export function linkShapeOf(link: { bandwidth: string; latency: number }): LinkShape {
  return { bandwidthBytesPerSecond: bandwidthFromText(link.bandwidth) ?? 0, latencyMs: link.latency };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((first, second) => first - second);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));
