import type { LocalizedText, TableSpec } from '../../../preload/api.ts';

const ms = { unit: 'ms', format: { kind: 'fixed', digits: 2 } } as const;
const bytes = { format: { kind: 'bytes' } } as const;
const count = { format: { kind: 'integer' } } as const;

/** The method names as the lecture lists them; the engine's longer description of each is in `description`, in English. */
export const methodTexts: Record<string, LocalizedText> = {
  'urgent-port': { en: '(a) urgent port', 'pt-BR': '(a) porta urgente' },
  'in-band-frame': { en: '(b) CANCEL in the stream', 'pt-BR': '(b) CANCEL no fluxo' },
  'client-close': { en: '(c) client closes (FIN)', 'pt-BR': '(c) o cliente fecha (FIN)' },
  'client-reset': { en: '(c) client resets (RST)', 'pt-BR': '(c) o cliente aborta (RST)' },
};

/** Why the upload handler stopped reading (uploadTrial.ts). */
const stopReasonTexts: Record<string, LocalizedText> = {
  'urgent-port': { en: 'CANCEL on the urgent port', 'pt-BR': 'CANCEL na porta urgente' },
  'in-band-frame': { en: 'CANCEL frame in the stream', 'pt-BR': 'quadro CANCEL no fluxo' },
  'client-closed': { en: 'the client closed (FIN)', 'pt-BR': 'o cliente fechou (FIN)' },
  'client-reset': { en: 'the connection was reset (RST)', 'pt-BR': 'a conexão foi abortada (RST)' },
  completed: { en: 'the upload had already ended', 'pt-BR': 'o envio já tinha terminado' },
  'not stopped': { en: 'not stopped', 'pt-BR': 'não parou' },
};

export const outOfBandTables: readonly TableSpec[] = [
  {
    id: 'methods',
    kind: 'list',
    title: { en: 'Cancelling the upload, by method (medians over the uploads)', 'pt-BR': 'Cancelar o envio, por método (medianas dos envios)' },
    list: 'methods',
    // `description` says in English what the method's name says; `bytesInVainMiB` is bytesInVain in MiB.
    repeats: ['methods.*.description', 'methods.*.bytesInVainMiB'],
    columns: [
      { path: 'name', title: { en: 'Method', 'pt-BR': 'Método' }, label: true, valueTexts: methodTexts },
      { path: 'cancelLatencyMs', title: { en: 'Cancel to stop', 'pt-BR': 'Do cancelamento à parada' }, ...ms },
      { path: 'cancelLatencyMaxMs', title: { en: 'slowest', 'pt-BR': 'mais lento' }, ...ms },
      { path: 'acknowledgedMs', title: { en: 'Until acknowledged', 'pt-BR': 'Até a confirmação' }, ...ms },
      { path: 'urgentReadMs', title: { en: 'Until the urgent thread read it', 'pt-BR': 'Até a thread urgente ler' }, ...ms },
      { path: 'bytesInVain', title: { en: 'Received in vain', 'pt-BR': 'Recebido à toa' }, ...bytes },
      { path: 'bytesAheadOfCancel', title: { en: 'In flight ahead of the cancel', 'pt-BR': 'Em trânsito à frente do cancelamento' }, ...bytes },
      { path: 'stoppedBy', title: { en: 'Stopped by', 'pt-BR': 'Parou por' }, valueTexts: stopReasonTexts },
      { path: 'uploads', title: { en: 'Uploads', 'pt-BR': 'Envios' }, ...count },
      { path: 'stopped', title: { en: 'Stopped', 'pt-BR': 'Pararam' }, ...count },
    ],
  },
  {
    id: 'trials',
    kind: 'list',
    title: { en: 'Every upload', 'pt-BR': 'Cada envio' },
    list: 'trials',
    columns: [
      { path: 'method', title: { en: 'Method', 'pt-BR': 'Método' }, label: true, valueTexts: methodTexts },
      { path: 'repetition', title: { en: 'Upload', 'pt-BR': 'Envio' }, ...count },
      { path: 'uploadId', title: { en: 'Upload id', 'pt-BR': 'Id do envio' }, ...count },
      { path: 'cancelled', title: { en: 'Cancelled', 'pt-BR': 'Cancelado' }, format: { kind: 'yesNo' } },
      { path: 'stopped', title: { en: 'Stopped', 'pt-BR': 'Parou' }, format: { kind: 'yesNo' } },
      { path: 'stopReason', title: { en: 'Stopped by', 'pt-BR': 'Parou por' }, valueTexts: stopReasonTexts },
      { path: 'cancelLatencyMs', title: { en: 'Cancel to stop', 'pt-BR': 'Do cancelamento à parada' }, ...ms },
      { path: 'acknowledgedMs', title: { en: 'Until acknowledged', 'pt-BR': 'Até a confirmação' }, ...ms },
      { path: 'urgentReadMs', title: { en: 'Until the urgent thread read it', 'pt-BR': 'Até a thread urgente ler' }, ...ms },
      { path: 'receivedAtCancel', title: { en: 'Received at the cancel', 'pt-BR': 'Recebido no cancelamento' }, ...bytes },
      { path: 'receivedAtStop', title: { en: 'Received at the stop', 'pt-BR': 'Recebido na parada' }, ...bytes },
      { path: 'bytesInVain', title: { en: 'Received in vain', 'pt-BR': 'Recebido à toa' }, ...bytes },
      { path: 'bytesAheadOfCancel', title: { en: 'In flight ahead of the cancel', 'pt-BR': 'Em trânsito à frente do cancelamento' }, ...bytes },
      { path: 'queuedInClientAtCancel', title: { en: 'Queued in the client', 'pt-BR': 'Na fila do cliente' }, ...bytes },
    ],
  },
  {
    id: 'upload',
    kind: 'values',
    title: { en: 'The upload', 'pt-BR': 'O envio' },
    record: 'upload',
    values: [
      { path: 'size', title: { en: 'File size', 'pt-BR': 'Tamanho do arquivo' }, ...bytes },
      { path: 'receiveRate', title: { en: 'Handler reads at most', 'pt-BR': 'O tratador lê no máximo' }, format: { kind: 'bytesPerSecond' } },
      { path: 'clientQueue', title: { en: 'Client queue', 'pt-BR': 'Fila do cliente' }, ...bytes },
      { path: 'cancelAfterMs', title: { en: 'Cancelled after', 'pt-BR': 'Cancelado após' }, unit: 'ms', format: { kind: 'integer' } },
    ],
  },
  {
    id: 'threads',
    kind: 'values',
    title: { en: 'The two server threads', 'pt-BR': 'As duas threads do servidor' },
    record: 'threads',
    values: [
      { path: 'uploadHandler.port', title: { en: 'Upload handler port', 'pt-BR': 'Porta do tratador de envios' }, format: { kind: 'text' } },
      { path: 'uploadHandler.nice', title: { en: 'Upload handler nice value', 'pt-BR': 'Valor nice do tratador de envios' }, ...count },
      { path: 'urgentHandler.port', title: { en: 'Urgent handler port', 'pt-BR': 'Porta do tratador urgente' }, format: { kind: 'text' } },
      { path: 'urgentHandler.nice', title: { en: 'Urgent handler nice value', 'pt-BR': 'Valor nice do tratador urgente' }, ...count },
      { path: 'urgentHasHigherPriority', title: { en: 'Urgent thread has the higher priority', 'pt-BR': 'A thread urgente tem a prioridade maior' }, format: { kind: 'yesNo' } },
    ],
  },
  {
    id: 'urgent-data',
    kind: 'values',
    title: { en: 'TCP urgent data (MSG_OOB) to a Node server', 'pt-BR': 'Dados urgentes do TCP (MSG_OOB) para um servidor Node' },
    record: 'urgentData',
    values: [
      { path: 'python3', title: { en: 'python3 found', 'pt-BR': 'python3 encontrado' }, format: { kind: 'yesNo' } },
      { path: 'urgentBytesSent', title: { en: 'Urgent bytes sent', 'pt-BR': 'Bytes urgentes enviados' }, ...count },
      { path: 'receivedText', title: { en: 'What the server read', 'pt-BR': 'O que o servidor leu' }, format: { kind: 'text' } },
      { path: 'receivedBytes', title: { en: 'Bytes it read', 'pt-BR': 'Bytes lidos' }, ...count },
      { path: 'urgentByteInStream', title: { en: 'Urgent byte in the ordinary stream', 'pt-BR': 'Byte urgente no fluxo normal' }, format: { kind: 'yesNo' } },
      { path: 'note', title: { en: 'Note', 'pt-BR': 'Observação' }, format: { kind: 'text' } },
    ],
  },
];
