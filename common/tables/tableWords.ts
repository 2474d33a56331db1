import type { Language } from '../../preload/api.ts';

/** The few words a table adds to what its engine declares. */
export interface TableWords {
  yes: string;
  no: string;
  metric: string;
  value: string;
  otherValues: string;
}

export const tableWords: Record<Language, TableWords> = {
  en: { yes: 'yes', no: 'no', metric: 'Metric', value: 'Value', otherValues: 'Other measured values' },
  'pt-BR': { yes: 'sim', no: 'não', metric: 'Métrica', value: 'Valor', otherValues: 'Outros valores medidos' },
};

/** Where a table shows a value nobody measured. */
export const missingValue = '—';
