import type { ChartSpec } from '../../../preload/api.ts';
import { methodTexts } from './outOfBandTables.ts';

export const outOfBandCharts: readonly ChartSpec[] = [
  { id: 'received', kind: 'timeSeries', title: { en: 'Bytes the server received, per upload', 'pt-BR': 'Bytes recebidos pelo servidor, por upload' }, metric: 'receivedMiB', unit: 'MiB' },
  { id: 'cancel-latency', kind: 'bars', title: { en: 'Time from cancel to the server stopping (median)', 'pt-BR': 'Tempo do cancelamento até o servidor parar (mediana)' }, list: 'methods', labelKey: 'name', valuePath: 'cancelLatencyMs', unit: 'ms', labelTexts: methodTexts },
  { id: 'bytes-in-vain', kind: 'bars', title: { en: 'Bytes received in vain after the cancel (median)', 'pt-BR': 'Bytes recebidos em vão após o cancelamento (mediana)' }, list: 'methods', labelKey: 'name', valuePath: 'bytesInVainMiB', unit: 'MiB', labelTexts: methodTexts },
];
