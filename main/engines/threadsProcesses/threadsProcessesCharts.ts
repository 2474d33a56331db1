import type { ChartSpec } from '../../../preload/api.ts';

export const threadsProcessesCharts: readonly ChartSpec[] = [
  {
    id: 'tick-lateness',
    kind: 'timeSeries',
    title: { en: 'Tick lateness while requests block (per server design)', 'pt-BR': 'Atraso dos ticks enquanto requisições bloqueiam (por projeto de servidor)' },
    metric: 'tickLatenessMs',
    unit: 'ms',
  },
  {
    id: 'creation-each',
    kind: 'timeSeries',
    title: { en: 'Creation time of each task, thread and process', 'pt-BR': 'Tempo de criação de cada tarefa, thread e processo' },
    metric: 'creationUs',
    unit: 'µs',
  },
  {
    id: 'creation-p50',
    kind: 'bars',
    title: {
      en: 'Creation time (p50): Node.js and the bare OS (log scale)',
      'pt-BR': 'Tempo de criação (p50): Node.js e o SO puro (escala log)',
    },
    list: 'creation',
    labelKey: 'kind',
    valuePath: 'p50Us',
    unit: 'µs',
    scale: 'log',
  },
  {
    id: 'context-switch-hop',
    kind: 'bars',
    title: {
      en: 'A byte through a pipe (p50): threads, processes, no switch',
      'pt-BR': 'Um byte por um pipe (p50): threads, processos, sem troca',
    },
    list: 'contextSwitch',
    labelKey: 'kind',
    valuePath: 'hopP50Us',
    unit: 'µs',
  },
  {
    id: 'round-trip-p50',
    kind: 'bars',
    title: { en: 'Message round trip (p50)', 'pt-BR': 'Ida e volta de uma mensagem (p50)' },
    list: 'roundTrip',
    labelKey: 'channel',
    valuePath: 'p50Us',
    unit: 'µs',
  },
  {
    id: 'blocking-max-lateness',
    kind: 'bars',
    title: { en: 'Worst tick lateness (max) per server design', 'pt-BR': 'Pior atraso de tick (máximo) por projeto de servidor' },
    list: 'blocking',
    labelKey: 'design',
    valuePath: 'maxLatenessMs',
    unit: 'ms',
  },
];
