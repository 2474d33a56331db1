import type { HeadlineSpec } from '../../../preload/api.ts';

/** Each migration's downtime and total time: the trade-off the strategies are compared on. */
export const vmMigrationHeadline: HeadlineSpec = {
  list: 'strategies',
  label: { path: 'name' },
  values: [
    { path: 'downtimeMs', title: { en: 'downtime', 'pt-BR': 'parada' }, format: { kind: 'duration', from: 'ms' } },
    { path: 'totalTimeMs', title: { en: 'total', 'pt-BR': 'total' }, format: { kind: 'duration', from: 'ms' } },
  ],
};
