import type { ChartSpec } from '../../../preload/api.ts';

export const virtualizationCharts: readonly ChartSpec[] = [
  {
    id: 'technique-slowdown',
    kind: 'bars',
    title: { en: 'Slowdown against native, per program and technique (median of the rounds)', 'pt-BR': 'Lentidão em relação ao nativo, por programa e técnica (mediana das rodadas)' },
    list: 'techniques',
    labelKey: 'label',
    valuePath: 'slowdown',
    unit: '×',
    scale: 'log',
  },
  {
    id: 'technique-traps',
    kind: 'bars',
    title: { en: 'Traps per second, per program and technique', 'pt-BR': 'Interrupções (traps) por segundo, por programa e técnica' },
    list: 'techniques',
    labelKey: 'label',
    valuePath: 'trapsPerSecond',
    unit: { en: 'traps/s', 'pt-BR': 'traps/s' },
  },
  {
    id: 'interface-cost',
    kind: 'bars',
    title: { en: 'Cost of one crossing per interface, levels below included (median)', 'pt-BR': 'Custo de uma travessia por interface, níveis abaixo incluídos (mediana)' },
    list: 'interfaces',
    labelKey: 'level',
    valuePath: 'costNs',
    unit: 'ns',
  },
  {
    id: 'startup-time',
    kind: 'bars',
    title: { en: 'Start-up time per isolation unit (median)', 'pt-BR': 'Tempo de inicialização por unidade de isolamento (mediana)' },
    list: 'startup',
    labelKey: 'kind',
    valuePath: 'startMs',
    unit: 'ms',
  },
];
