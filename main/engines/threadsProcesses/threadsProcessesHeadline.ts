import type { HeadlineSpec } from '../../../preload/api.ts';

/** The lecture's claim in one line: creating a process costs this many times a thread. */
export const threadsProcessesHeadline: HeadlineSpec = {
  record: 'creationCompared',
  values: [
    { path: 'threadP50Us', title: { en: 'thread', 'pt-BR': 'thread' }, format: { kind: 'duration', from: 'us' } },
    { path: 'processP50Us', title: { en: 'process', 'pt-BR': 'processo' }, format: { kind: 'duration', from: 'us' } },
    { path: 'processOverThread', title: { en: 'process ÷ thread', 'pt-BR': 'processo ÷ thread' }, unit: '×', format: { kind: 'fixed', digits: 1 } },
  ],
};
