import type { LabService } from '../service/labService.ts';
import { UsageError } from './cliErrors.ts';

const fullRunId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const runIdStart = /^[0-9a-f-]{4,36}$/i;

/**
 * The run a student names by the start of its id (the 8 characters in a report's file name, or
 * what `proclab history` shows), as long as only one recorded run starts that way.
 */
export async function resolveRunId(service: LabService, given: string): Promise<string> {
  if (fullRunId.test(given)) return given.toLowerCase();
  if (!runIdStart.test(given)) throw new UsageError(`"${given}" is not a run id: give a run id, or at least its first 4 characters (see proclab history)`);
  const runs = await service.listRuns({});
  if (!runs.ok) throw new UsageError(runs.error.message);
  const prefix = given.toLowerCase();
  const matching = runs.value.filter((run) => run.runId.startsWith(prefix));
  if (matching.length === 1) return matching[0]!.runId;
  if (matching.length === 0) throw new UsageError(`no recorded run has an id starting with ${given} (see proclab history)`);
  throw new UsageError(`${matching.length} runs have an id starting with ${given}: ${matching.slice(0, 5).map((run) => run.runId).join(', ')}${matching.length > 5 ? ', …' : ''}; give more of it`);
}
