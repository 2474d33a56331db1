import { architecturesScenarioSchema, type ArchitecturesScenario, type ServerScenario } from '../../../main/engines/architectures/architecturesScenario.ts';
import { parseScenario } from '../../../main/scenario/scenarioValidation.ts';

export interface ScenarioOverrides {
  servers: (Partial<ServerScenario> & Pick<ServerScenario, 'name' | 'architecture'>)[];
  workload?: Partial<ArchitecturesScenario['workload']>;
  load?: Partial<ArchitecturesScenario['load']>;
  sweep?: Partial<ArchitecturesScenario['sweep']>;
}

/** A scenario as the schema would read it: every field the test does not set takes its default. */
export function scenarioWith(overrides: ScenarioOverrides): ArchitecturesScenario {
  const parsed = parseScenario('servers: [{ name: x, architecture: iterative }]', architecturesScenarioSchema);
  if (!parsed.ok) throw new Error(`the defaults do not parse: ${JSON.stringify(parsed.diagnostics)}`);
  const defaults = parsed.value;
  const defaultServer = defaults.servers[0]!;
  return {
    servers: overrides.servers.map((server) => ({ ...defaultServer, ...server })),
    workload: { ...defaults.workload, ...overrides.workload },
    load: { ...defaults.load, ...overrides.load },
    sweep: { ...defaults.sweep, ...overrides.sweep },
  };
}
