import type { HeadlineSpec } from '../../../preload/api.ts';

/** How fast a lookup is, and whether the directory gave answers that no longer hold. */
export const directoryHeadline: HeadlineSpec = {
  record: '',
  values: [
    { path: 'lookupMs.p50', title: { en: 'lookup p50', 'pt-BR': 'consulta p50' }, format: { kind: 'duration', from: 'ms' } },
    { path: 'lookupMs.p99', title: { en: 'p99', 'pt-BR': 'p99' }, format: { kind: 'duration', from: 'ms' } },
    { path: 'staleAnswers', title: { en: 'stale answers', 'pt-BR': 'respostas obsoletas' }, format: { kind: 'integer' } },
  ],
};
