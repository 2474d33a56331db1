// The run's metrics, in the shapes the lab's tables, charts, checks and `proclab run --json` read.
import type { RunMetrics } from '../../../preload/api.ts';
import { attachments, bindings } from './bindingTable.ts';
import type { ExperimentResults } from './codeMigrationEngine.ts';
import type { BindingRow } from './experiments/bindings.ts';
import type { ParadigmPoint } from './experiments/paradigmSweep.ts';

const flag = (value: boolean | undefined): number => (value === true ? 1 : 0);

/** The lecture's table, filled in: one row per binding, one cell per attachment, each with what was measured. */
function bindingGrid(rows: readonly BindingRow[]): Record<string, string>[] {
  return bindings.map((binding) => {
    const row: Record<string, string> = { binding };
    for (const attachment of attachments) {
      const entries = rows.filter((cell) => cell.binding === binding && cell.attachment === attachment);
      row[attachment] = entries.length === 0 ? '–' : entries.map((cell) => (cell.refused ? `${cell.action} ✗` : `${cell.action} ${cell.works ? '✓' : '✗'} ${cell.bytesMoved} B, ${cell.remoteCallsPerAccess}×, ${cell.latencyPerAccessMs} ms`)).join(' | ');
    }
    return row;
  });
}

export function codeMigrationMetrics(results: ExperimentResults): RunMetrics {
  const metrics: RunMetrics = {};
  const summary: Record<string, number> = {};
  const { paradigms, mobility, bindings: bindingResults, sandbox, heterogeneous } = results;
  if (paradigms !== undefined) {
    const pick = ({ paradigm, bytesTransferred, messages, wallTimeMs, resultCorrect, records, link }: ParadigmPoint) => ({ paradigm, bytesTransferred, messages, wallTimeMs, resultCorrect, records, link });
    metrics.paradigms = paradigms.headline.map(pick);
    metrics.paradigmSweep = paradigms.sweep;
    const firstLink = paradigms.sweep[0]?.link;
    metrics.paradigmBytes = paradigms.sweep.filter((point) => point.link === firstLink).map(({ paradigm, records, bytesTransferred }) => ({ paradigm, records, bytesTransferred }));
    metrics.paradigmCrossovers = paradigms.crossovers;
    metrics.paradigmMarkers = {
      bytes: paradigms.markers.filter((marker) => marker.chart === 'bytes').map(({ x, label }) => ({ x, label })),
      time: paradigms.markers.filter((marker) => marker.chart === 'time').map(({ x, label }) => ({ x, label })),
    };
    const headline = (name: string): ParadigmPoint | undefined => paradigms.headline.find((point) => point.paradigm === name);
    const clientServerBytes = headline('client-server')?.bytesTransferred ?? 0;
    summary.paradigmPoints = paradigms.sweep.length;
    summary.paradigmPointsCorrect = paradigms.sweep.filter((point) => point.resultCorrect).length;
    summary.remoteEvaluationBytesShare = clientServerBytes > 0 ? Number(((headline('remote-evaluation')?.bytesTransferred ?? 0) / clientServerBytes).toFixed(5)) : -1;
    summary.mobileAgentBytesShare = clientServerBytes > 0 ? Number(((headline('mobile-agent')?.bytesTransferred ?? 0) / clientServerBytes).toFixed(5)) : -1;
  }
  if (mobility !== undefined) {
    metrics.mobilityReference = { instructionCount: mobility.reference.instructionCount, checksum: mobility.reference.result[0] ?? 0, finalStateDigest: mobility.reference.finalStateDigest };
    metrics.weakMobility = mobility.weakMobility;
    metrics.strongMobility = mobility.strongMobility;
    summary.migratedResultEqual = flag(mobility.strongMobility.migrated.resultEqual);
    summary.pulledResultEqual = flag(mobility.strongMobility.pulled.resultEqual);
    summary.clonedResultEqual = flag(mobility.strongMobility.cloned.resultEqual);
    summary.weakResultsEqual = flag(mobility.weakMobility.pushed.resultEqual && mobility.weakMobility.pulled.resultEqual);
    summary.weakRestarted = flag(mobility.weakMobility.pushed.restarted && mobility.weakMobility.pulled.restarted);
    summary.strongResumedMidway = flag(mobility.strongMobility.migrated.instructionsBeforeMove > 0 && mobility.strongMobility.migrated.instructionsAfterMove > 0);
  }
  if (bindingResults !== undefined) {
    metrics.bindings = bindingResults.cells.map((cell) => ({ cell: `${cell.binding}/${cell.attachment}: ${cell.action}`, ...cell }));
    metrics.bindingTable = bindingGrid(bindingResults.cells);
    metrics.bindingProcessBytes = bindingResults.processBytes;
    summary.bindingCells = bindingResults.cells.length;
    summary.bindingCellsWorkedOrRefused = bindingResults.cells.filter((cell) => cell.works || cell.refused).length;
    summary.bindingCellsRefused = bindingResults.cells.filter((cell) => cell.refused).length;
    summary.bindingRecommendedCells = bindingResults.cells.filter((cell) => cell.recommended).length;
    summary.bindingRecommendedCellsWorking = bindingResults.cells.filter((cell) => cell.recommended && cell.works).length;
  }
  if (sandbox !== undefined) {
    metrics.sandbox = sandbox.attacks;
    metrics.sandboxControl = sandbox.control;
    metrics.confinement = sandbox.confinement;
    summary.attacks = sandbox.attacks.length;
    summary.attacksBlocked = sandbox.attacks.filter((attack) => attack.blocked).length;
    summary.attacksHostKeptServing = sandbox.attacks.filter((attack) => attack.hostKeptServing).length;
    summary.wellBehavedAgentWorked = flag(sandbox.control.worked);
  }
  if (heterogeneous !== undefined) {
    metrics.heterogeneous = heterogeneous;
    summary.nativeRefusedOnOtherPlatform = flag(heterogeneous.nativeOnOtherPlatform === 'refused');
    summary.abstractMachineRanOnOtherPlatform = flag(heterogeneous.abstractMachineOnOtherPlatform === 'ok');
  }
  metrics.summary = summary;
  return metrics;
}
