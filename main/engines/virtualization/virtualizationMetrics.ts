// The run's metrics, in the shapes the lab's tables, charts, checks and `proclab run --json` read.
import type { RunMetrics } from '../../../preload/api.ts';
import type { InterfaceMeasurement } from '../../abstractMachine/guestInterfaces.ts';
import type { TechniqueRow } from '../../abstractMachine/guestTechniques.ts';
import type { StartupRow } from '../../measure/startup/startupCosts.ts';

const find = (rows: readonly TechniqueRow[], program: string, technique: string): TechniqueRow | undefined => rows.find((row) => row.program === program && row.technique === technique);

/** The few numbers the lab's checks compare; a value is left out when its program was not run. */
function summaryOf(techniques: readonly TechniqueRow[], startup: readonly StartupRow[]): Record<string, number> {
  const summary: Record<string, number> = {};
  const interpreted = find(techniques, 'cpu-bound', 'interpretation');
  const translated = find(techniques, 'cpu-bound', 'binary-translation');
  if (interpreted !== undefined && translated !== undefined) {
    summary.cpuBoundInterpretationIps = interpreted.instructionsPerSecond;
    summary.cpuBoundTranslationIps = translated.instructionsPerSecond;
    summary.translationSpeedup = translated.instructionsPerSecond / interpreted.instructionsPerSecond;
  }
  const cpuTraps = find(techniques, 'cpu-bound', 'trap-and-emulate');
  const ioTraps = find(techniques, 'io-heavy', 'trap-and-emulate');
  if (cpuTraps !== undefined) summary.cpuBoundTrapsPerSecond = cpuTraps.trapsPerSecond;
  if (ioTraps !== undefined) summary.ioHeavyTrapsPerSecond = ioTraps.trapsPerSecond;
  const probeTrapped = find(techniques, 'mode-probe', 'trap-and-emulate');
  const probeTranslated = find(techniques, 'mode-probe', 'binary-translation');
  if (probeTrapped !== undefined && probeTranslated !== undefined) {
    summary.trapAndEmulateWrongModeReads = probeTrapped.wrongModeReads;
    summary.translationRightModeReads = probeTranslated.wrongModeReads === 0 ? 1 : 0;
  }
  const container = startup.find((row) => row.kind === 'container');
  const vm = startup.find((row) => row.kind === 'vm');
  if (container?.available === true && vm !== undefined) {
    summary.containerStartMs = container.startMs;
    summary.vmStartMs = vm.startMs;
  }
  return summary;
}

/** The console-line request followed through the four interfaces, and whether its lines reached the host. */
export interface InterfacesMeasured extends InterfaceMeasurement {
  linesWritten: number;
  linesOnHost: number;
}

function interfaceSummaryOf(interfaces: InterfacesMeasured): Record<string, number> {
  const count = (level: string): number => interfaces.rows.find((row) => row.level === level)?.count ?? 0;
  return {
    interfaceLines: interfaces.lines,
    interfaceLibraryCalls: count('library-call'),
    interfaceSystemCalls: count('system-call'),
    interfacePrivilegedInstructions: count('privileged-instruction'),
    interfaceDeviceTransfers: count('device'),
    interfaceRequestNs: interfaces.requestNs,
    interfaceClockPairNs: interfaces.clockPairNs,
    interfaceLinesWritten: interfaces.linesWritten,
    interfaceLinesOnHost: interfaces.linesOnHost,
  };
}

export function virtualizationMetrics(techniques: TechniqueRow[], startup: StartupRow[], interfaces: InterfacesMeasured): RunMetrics {
  return {
    techniques: techniques.map((row) => ({ ...row, label: `${row.program} · ${row.technique}` })),
    startup,
    interfaces: interfaces.rows.map((row) => ({ ...row })),
    summary: { ...summaryOf(techniques, startup), ...interfaceSummaryOf(interfaces) },
  };
}
