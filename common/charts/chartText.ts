import type { Language } from '../../preload/api.ts';

// The few words the charts print themselves; everything else comes localized from the lab.
export interface ChartWords {
  noData: string;
  timeAxis: string;
}

export const chartWords: Record<Language, ChartWords> = {
  en: { noData: 'no data yet', timeAxis: 'time (s)' },
  'pt-BR': { noData: 'sem dados ainda', timeAxis: 'tempo (s)' },
};
