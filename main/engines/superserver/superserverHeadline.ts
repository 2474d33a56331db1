import type { HeadlineSpec } from '../../../preload/api.ts';

/** The price of starting a server on demand: time to the first byte, on demand against always running. */
export const superserverHeadline: HeadlineSpec = {
  list: 'modes',
  label: { path: 'name' },
  values: [
    { path: 'firstByteMs.p50', title: { en: 'first byte p50', 'pt-BR': 'primeiro byte p50' }, format: { kind: 'duration', from: 'ms' } },
    { path: 'failed', title: { en: 'failed', 'pt-BR': 'falharam' }, format: { kind: 'integer' } },
  ],
};
