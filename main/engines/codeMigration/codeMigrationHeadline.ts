import type { HeadlineSpec } from '../../../preload/api.ts';

/** Each paradigm's bytes over the network and wall time: what moving code instead of data buys. */
export const codeMigrationHeadline: HeadlineSpec = {
  list: 'paradigms',
  label: {
    path: 'paradigm',
    valueTexts: {
      'client-server': { en: 'client-server', 'pt-BR': 'cliente-servidor' },
      'remote-evaluation': { en: 'remote evaluation', 'pt-BR': 'avaliação remota' },
      'code-on-demand': { en: 'code on demand', 'pt-BR': 'código sob demanda' },
      'mobile-agent': { en: 'mobile agent', 'pt-BR': 'agente móvel' },
    },
  },
  values: [
    { path: 'bytesTransferred', title: { en: '', 'pt-BR': '' }, format: { kind: 'bytes' } },
    { path: 'wallTimeMs', title: { en: '', 'pt-BR': '' }, format: { kind: 'duration', from: 'ms' } },
  ],
};
