import type { ChartUnit, Language } from '../../preload/api.ts';

// The few words the charts print themselves; everything else comes localized from the lab.
export interface ChartWords {
  noData: string;
  timeAxis: string;
  /** Legend entry of a model's dashed lines (xy charts). */
  model: string;
}

export const chartWords: Record<Language, ChartWords> = {
  en: { noData: 'no data yet', timeAxis: 'time (s)', model: 'model' },
  'pt-BR': { noData: 'sem dados ainda', timeAxis: 'tempo (s)', model: 'modelo' },
};

/** A declared unit as the reader's language writes it. */
export function chartUnitText(unit: ChartUnit, language: Language): string {
  return typeof unit === 'string' ? unit : (unit[language] ?? unit.en);
}
