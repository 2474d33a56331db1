// The resource-binding table, executed: one process, one reference per cell, moved from A to B.
import { defaultCells, lectureActions, resourceDescriptions, type ResourceName } from '../bindingTable.ts';
import type { CellOutcome } from '../host/bindingsOnHost.ts';
import { linkShapeOf, round, type ExperimentContext } from './experimentContext.ts';

export interface BindingRow extends CellOutcome {
  /** The lecture's action for the cell, and its alternatives. */
  lecture: string;
  /** The action is the lecture's first choice for the cell. */
  recommended: boolean;
  what: string;
}

export interface BindingsResult {
  cells: BindingRow[];
  processBytes: number;
}

export async function runBindings(experiment: ExperimentContext): Promise<BindingsResult> {
  const { cluster, scenario, client } = experiment;
  const destination = experiment.dataHosts[0]!;
  cluster.setLinkShape(linkShapeOf(scenario.bindings.link));
  experiment.setPhase('binding table');
  await cluster.settle();
  const cells = scenario.bindings.cells.length > 0 ? scenario.bindings.cells : defaultCells();
  const outcome = await cluster.request<{ cells: CellOutcome[]; processBytes: number }>(client, 'bindingProcess', { to: destination, cells, accessesBefore: scenario.bindings.accessesBefore, accessesAfter: scenario.bindings.accessesAfter });
  return {
    processBytes: outcome.processBytes,
    cells: outcome.cells.map((cell) => {
      const choices = lectureActions[cell.binding][cell.attachment];
      return {
        ...cell,
        latencyPerAccessMs: round(cell.latencyPerAccessMs),
        remoteCallsPerAccess: round(cell.remoteCallsPerAccess),
        lecture: choices.length === 1 ? choices[0]! : `${choices[0]} (or ${choices.slice(1).join(', ')})`,
        recommended: choices[0] === cell.action,
        what: resourceDescriptions[cell.resource as ResourceName],
      };
    }),
  };
}
