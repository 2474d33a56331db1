import type { HeadlineSpec } from '../../../preload/api.ts';

/**
 * At each response size, how much faster handoff ran than relay and how many bytes per request
 * the dispatcher still carried: the two numbers the relay-versus-handoff comparison is about.
 */
export const serverClustersHeadline: HeadlineSpec = {
  list: 'bySize',
  values: [
    { path: 'responseSizeBytes', title: { en: '', 'pt-BR': '' }, format: { kind: 'bytes' } },
    { path: 'throughputRatio', title: { en: 'handoff/relay', 'pt-BR': 'handoff/relay' }, unit: '×', format: { kind: 'fixed', digits: 2 } },
    { path: 'handoffBytesPerRequest', title: { en: 'dispatcher bytes/req in handoff', 'pt-BR': 'bytes do despachante/req no handoff' }, format: { kind: 'bytes' } },
  ],
};
