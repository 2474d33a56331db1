import { EngineFailure } from '../engine.ts';
import type { ArchitecturesScenario, ServerScenario } from './architecturesScenario.ts';
import { parseLoadTarget, type LoadTarget } from './loadTarget.ts';

export type SweepParameter = Exclude<ArchitecturesScenario['sweep']['parameter'], 'none'>;

/** What the x axis of a sweep measures. */
export const sweepUnits: Record<SweepParameter, string> = {
  connections: 'clients',
  rate: 'req/s offered',
  workers: 'workers',
  serviceTime: 'ms service time',
};

/** One server measured under one setting: the unit the engine runs, one after another. */
export interface MeasurementPoint {
  /** The server this point starts; undefined when the load goes to `target`. */
  server: ServerScenario | undefined;
  /** A server already running (load.target), loaded instead of one this run starts. */
  target?: LoadTarget;
  /** The scenario with the swept value applied. */
  scenario: ArchitecturesScenario;
  /** Names the point's time series: the server's name, plus the swept value. */
  seriesName: string;
  sweep?: { parameter: SweepParameter; value: number };
}

const wholeNumberParameters: readonly SweepParameter[] = ['connections', 'workers'];
const maximumOf: Record<SweepParameter, number> = { connections: 1000, rate: 100_000, workers: 64, serviceTime: 10_000 };

/** Checks a sweep's values; the schema cannot say that connections and workers are whole and at least 1. */
function checkSweep(parameter: SweepParameter, values: readonly number[]): void {
  if (values.length === 0) throw new EngineFailure(`sweep.parameter is ${parameter} but sweep.values is empty: list the values to measure`);
  for (const value of values) {
    const whole = wholeNumberParameters.includes(parameter);
    if ((whole && !Number.isInteger(value)) || (parameter !== 'serviceTime' && value < 1) || value > maximumOf[parameter]) {
      throw new EngineFailure(`sweep value ${value} is not a valid ${parameter} (${whole ? 'a whole number' : 'a number'} from ${parameter === 'serviceTime' ? 0 : 1} to ${maximumOf[parameter]})`);
    }
  }
}

function withValue(scenario: ArchitecturesScenario, server: ServerScenario | undefined, parameter: SweepParameter, value: number): { scenario: ArchitecturesScenario; server: ServerScenario | undefined } {
  switch (parameter) {
    case 'connections':
      return { server, scenario: { ...scenario, load: { ...scenario.load, connections: value } } };
    case 'rate':
      // A rate only means something to an open loop.
      return { server, scenario: { ...scenario, load: { ...scenario.load, mode: 'open', rate: value } } };
    case 'workers':
      return { server: server === undefined ? undefined : { ...server, workers: value }, scenario };
    case 'serviceTime':
      return { server, scenario: { ...scenario, workload: { ...scenario.workload, serviceTime: value } } };
  }
}

/** Every server once, or every server once per swept value (all values of a server in a row). */
export function measurementPlan(scenario: ArchitecturesScenario): MeasurementPoint[] {
  const { parameter, values } = scenario.sweep;
  const parsedTarget = scenario.load.target === '' ? undefined : parseLoadTarget(scenario.load.target);
  if (parsedTarget !== undefined && 'problem' in parsedTarget) throw new EngineFailure(parsedTarget.problem);
  const measured: { server: ServerScenario | undefined; name: string }[] =
    parsedTarget === undefined ? scenario.servers.map((server) => ({ server, name: server.name })) : [{ server: undefined, name: `port-${parsedTarget.port}` }];
  const target = parsedTarget === undefined ? {} : { target: parsedTarget };
  if (parameter === 'none') return measured.map(({ server, name }) => ({ server, ...target, scenario, seriesName: name }));
  checkSweep(parameter, values);
  return measured.flatMap(({ server, name }) =>
    values.map((value) => ({ ...withValue(scenario, server, parameter, value), ...target, seriesName: `${name} ${parameter}=${value}`, sweep: { parameter, value } })),
  );
}
