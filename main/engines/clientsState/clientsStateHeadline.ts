import type { HeadlineSpec } from '../../../preload/api.ts';

/** Each transparency policy's failed reads and tail latency: what a failure costs the client under it. */
export const clientsStateHeadline: HeadlineSpec = {
  list: 'policies',
  label: { path: 'policy' },
  values: [
    { path: 'errors', title: { en: 'failed', 'pt-BR': 'falhas' }, format: { kind: 'integer' } },
    { path: 'p99Ms', title: { en: 'p99', 'pt-BR': 'p99' }, format: { kind: 'duration', from: 'ms' } },
  ],
};
