import type { HeadlineSpec } from '../../../preload/api.ts';
import { methodTexts } from './outOfBandTables.ts';

/** Each way of cancelling an upload: how long from the cancel until the upload stopped. */
export const outOfBandHeadline: HeadlineSpec = {
  list: 'methods',
  label: { path: 'name', valueTexts: methodTexts },
  values: [{ path: 'cancelLatencyMs', title: { en: 'stops in', 'pt-BR': 'para em' }, format: { kind: 'duration', from: 'ms' } }],
};
