import type { TableSpec } from '../../../preload/api.ts';

const integer = { format: { kind: 'integer' } } as const;
const ms = { unit: 'ms', format: { kind: 'fixed', digits: 3 } } as const;
const bytes = { format: { kind: 'bytes' } } as const;
const modeTexts = {
  relay: { en: 'relay (every byte through the dispatcher)', 'pt-BR': 'relay (todo byte pelo despachante)' },
  handoff: { en: 'handoff (the server answers directly)', 'pt-BR': 'handoff (o servidor responde direto)' },
};

export const serverClustersTables: readonly TableSpec[] = [
  {
    id: 'topology',
    kind: 'values',
    title: { en: 'The cluster: who ran where', 'pt-BR': 'O cluster: quem rodou onde' },
    record: 'topology',
    values: [
      { path: 'dispatcher.host', title: { en: 'Tier 1, dispatcher address', 'pt-BR': 'Camada 1, endereço do despachante' }, format: { kind: 'text' } },
      { path: 'dispatcher.port', title: { en: 'Dispatcher port', 'pt-BR': 'Porta do despachante' }, format: { kind: 'text' } },
      { path: 'dispatcher.pid', title: { en: 'Dispatcher process', 'pt-BR': 'Processo do despachante' }, format: { kind: 'text' } },
      { path: 'data.host', title: { en: 'Tier 3, data server address', 'pt-BR': 'Camada 3, endereço do servidor de dados' }, format: { kind: 'text' } },
      { path: 'data.pid', title: { en: 'Data server process', 'pt-BR': 'Processo do servidor de dados' }, format: { kind: 'text' } },
    ],
  },
  {
    id: 'servers',
    kind: 'list',
    title: { en: 'Tier 2, application servers', 'pt-BR': 'Camada 2, servidores de aplicação' },
    list: 'topology.servers',
    columns: [
      { path: 'host', title: { en: 'Address', 'pt-BR': 'Endereço' }, label: true, format: { kind: 'text' } },
      { path: 'port', title: { en: 'Port', 'pt-BR': 'Porta' }, format: { kind: 'text' } },
      { path: 'pid', title: { en: 'Process', 'pt-BR': 'Processo' }, format: { kind: 'text' } },
    ],
  },
  {
    id: 'modes',
    kind: 'list',
    title: { en: 'Relay and handoff on the same load', 'pt-BR': 'Relay e handoff com a mesma carga' },
    list: 'modes',
    columns: [
      { path: 'mode', title: { en: 'Mode', 'pt-BR': 'Modo' }, label: true, valueTexts: modeTexts },
      { path: 'responseSizeBytes', title: { en: 'Response', 'pt-BR': 'Resposta' }, ...bytes },
      { path: 'throughputRps', title: { en: 'Throughput', 'pt-BR': 'Vazão' }, unit: 'req/s', format: { kind: 'fixed', digits: 0 } },
      { path: 'latencyMs.p50', title: { en: 'Latency p50', 'pt-BR': 'Latência p50' }, ...ms },
      { path: 'latencyMs.p90', title: { en: 'p90', 'pt-BR': 'p90' }, ...ms },
      { path: 'latencyMs.p99', title: { en: 'p99', 'pt-BR': 'p99' }, ...ms },
      { path: 'latencyMs.max', title: { en: 'max', 'pt-BR': 'máx.' }, ...ms },
      { path: 'dispatcherBytesPerRequest', title: { en: 'Dispatcher bytes per request', 'pt-BR': 'Bytes do despachante por requisição' }, ...bytes },
      { path: 'dispatcherKernelBytesPerRequest', title: { en: 'Same, as the kernel counted (rchar)', 'pt-BR': 'O mesmo, contado pelo kernel (rchar)' }, ...bytes },
      { path: 'dispatcherCpuUsPerRequest', title: { en: 'Dispatcher CPU per request', 'pt-BR': 'CPU do despachante por requisição' }, unit: 'µs', format: { kind: 'fixed', digits: 1 } },
      { path: 'dispatcherCpuShare', title: { en: 'Dispatcher CPU (cores)', 'pt-BR': 'CPU do despachante (núcleos)' }, format: { kind: 'fixed', digits: 2 } },
      { path: 'requests', title: { en: 'Requests', 'pt-BR': 'Requisições' }, ...integer },
      { path: 'errors', title: { en: 'Errors', 'pt-BR': 'Erros' }, ...integer },
      { path: 'descriptors.clientConnections', title: { en: 'Client connections open', 'pt-BR': 'Conexões de clientes abertas' }, ...integer },
      { path: 'descriptors.heldByDispatcher', title: { en: 'held by the dispatcher', 'pt-BR': 'em posse do despachante' }, ...integer },
      { path: 'descriptors.heldByServers', title: { en: 'held by a server', 'pt-BR': 'em posse de um servidor' }, ...integer },
    ],
  },
  {
    id: 'by-size',
    kind: 'list',
    title: { en: 'Handoff against relay, per response size', 'pt-BR': 'Handoff contra relay, por tamanho de resposta' },
    list: 'bySize',
    repeats: ['bySize.*.relayBytesPerRequest', 'bySize.*.handoffBytesPerRequest', 'bySize.*.relayCpuUsPerRequest', 'bySize.*.handoffCpuUsPerRequest'],
    columns: [
      { path: 'responseSizeBytes', title: { en: 'Response', 'pt-BR': 'Resposta' }, label: true, ...bytes },
      { path: 'bytesRatio', title: { en: 'Dispatcher bytes, handoff / relay', 'pt-BR': 'Bytes do despachante, handoff / relay' }, format: { kind: 'percent', digits: 2 } },
      { path: 'throughputRatio', title: { en: 'Throughput, handoff / relay', 'pt-BR': 'Vazão, handoff / relay' }, unit: '×', format: { kind: 'fixed', digits: 2 } },
    ],
  },
  {
    id: 'policies',
    kind: 'list',
    title: { en: 'Dispatch policies on the same requests', 'pt-BR': 'Políticas de despacho com as mesmas requisições' },
    list: 'policies',
    columns: [
      { path: 'policy', title: { en: 'Policy', 'pt-BR': 'Política' }, label: true, format: { kind: 'text' } },
      { path: 'imbalance', title: { en: 'Imbalance (max / mean)', 'pt-BR': 'Desequilíbrio (máx. / média)' }, unit: '×', format: { kind: 'fixed', digits: 2 } },
      { path: 'cacheHitRate', title: { en: 'Cache hit rate', 'pt-BR': 'Taxa de acerto de cache' }, format: { kind: 'percent', digits: 1 } },
      { path: 'requests', title: { en: 'Answered', 'pt-BR': 'Respondidas' }, ...integer },
      { path: 'errors', title: { en: 'Errors', 'pt-BR': 'Erros' }, ...integer },
      { path: 'latencyMs.p50', title: { en: 'Latency p50', 'pt-BR': 'Latência p50' }, ...ms },
      { path: 'latencyMs.p90', title: { en: 'p90', 'pt-BR': 'p90' }, ...ms },
      { path: 'latencyMs.p99', title: { en: 'p99', 'pt-BR': 'p99' }, ...ms },
      { path: 'latencyMs.max', title: { en: 'max', 'pt-BR': 'máx.' }, ...ms },
    ],
  },
  {
    id: 'policy-servers',
    kind: 'list',
    title: { en: 'Each server under each policy', 'pt-BR': 'Cada servidor em cada política' },
    list: 'policies',
    each: 'servers',
    columns: [
      { path: 'policy', title: { en: 'Policy', 'pt-BR': 'Política' }, label: true, fromOuter: true, format: { kind: 'text' } },
      { path: 'server', title: { en: 'Server', 'pt-BR': 'Servidor' }, format: { kind: 'text' } },
      { path: 'requests', title: { en: 'Requests', 'pt-BR': 'Requisições' }, ...integer },
      { path: 'cacheHits', title: { en: 'Cache hits', 'pt-BR': 'Acertos de cache' }, ...integer },
      { path: 'cacheHitRate', title: { en: 'Hit rate', 'pt-BR': 'Taxa de acerto' }, format: { kind: 'percent', digits: 1 } },
      { path: 'utilisation', title: { en: 'Utilisation (CPU)', 'pt-BR': 'Utilização (CPU)' }, format: { kind: 'percent', digits: 1 } },
    ],
  },
  {
    id: 'failover',
    kind: 'values',
    title: { en: 'A server dies under load', 'pt-BR': 'Um servidor morre sob carga' },
    record: 'failover',
    values: [
      { path: 'mode', title: { en: 'Mode', 'pt-BR': 'Modo' }, valueTexts: modeTexts },
      { path: 'offeredRps', title: { en: 'Offered load', 'pt-BR': 'Carga oferecida' }, unit: 'req/s', ...integer },
      { path: 'requests', title: { en: 'Answered', 'pt-BR': 'Respondidas' }, ...integer },
      { path: 'failedRequests', title: { en: 'Failed requests', 'pt-BR': 'Requisições que falharam' }, ...integer },
      { path: 'failedAfterKill', title: { en: 'of which after the kill', 'pt-BR': 'das quais após a morte' }, ...integer },
      { path: 'detectionMs', title: { en: 'Kill to marked down', 'pt-BR': 'Da morte até marcado como fora' }, unit: 'ms', format: { kind: 'fixed', digits: 1 }, valueTexts: { '-1': { en: 'never', 'pt-BR': 'nunca' } } },
      { path: 'detectedBy', title: { en: 'Noticed by', 'pt-BR': 'Percebido por' }, format: { kind: 'text' } },
      { path: 'failuresEndedAfterMs', title: { en: 'Failures ended after the kill', 'pt-BR': 'Falhas terminaram após a morte' }, unit: 'ms', ...integer },
      { path: 'rejoinedAfterMs', title: { en: 'Restart to rejoined', 'pt-BR': 'Do reinício até voltar' }, unit: 'ms', format: { kind: 'fixed', digits: 1 }, valueTexts: { '-1': { en: 'not within the run', 'pt-BR': 'não durante a execução' } } },
      { path: 'healthIntervalMs', title: { en: 'Health-check interval', 'pt-BR': 'Intervalo da verificação de saúde' }, unit: 'ms', ...integer },
    ],
  },
];
