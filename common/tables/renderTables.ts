import type { Language, RunMetrics, TableSpec } from '../../preload/api.ts';
import { otherValuesTable } from './otherValuesTable.ts';
import { renderTable } from './renderTable.ts';
import type { TableModel } from './tableModel.ts';

/**
 * A run's tables in one language: each declared table its metrics fill, in declared order, then
 * the metrics no table shows. What every face draws.
 */
export function renderTables(specs: readonly TableSpec[], metrics: RunMetrics | null, language: Language): TableModel[] {
  const declared = specs.map((spec) => renderTable(spec, metrics, language)).filter((table): table is TableModel => table !== null);
  const other = otherValuesTable(specs, metrics, language);
  return other === null ? declared : [...declared, other];
}
