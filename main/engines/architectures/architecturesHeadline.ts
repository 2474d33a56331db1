import type { HeadlineSpec } from '../../../preload/api.ts';

/** Each server's throughput and tail latency: what the lab's question compares. */
export const architecturesHeadline: HeadlineSpec = {
  list: 'measurements',
  label: { path: 'name' },
  values: [
    { path: 'throughputRps', title: { en: '', 'pt-BR': '' }, unit: 'req/s', format: { kind: 'integer' } },
    { path: 'latencyMs.p99', title: { en: 'p99', 'pt-BR': 'p99' }, format: { kind: 'duration', from: 'ms' } },
  ],
};
