import type { LocalizedText, TableColumn, TableSpec } from '../../../preload/api.ts';

const ms = { unit: 'ms', format: { kind: 'fixed', digits: 2 } } as const;
const server: TableColumn = { path: 'name', title: { en: 'Server', 'pt-BR': 'Servidor' }, label: true };

const loadModes: Record<string, LocalizedText> = {
  closed: { en: 'closed loop', 'pt-BR': 'malha fechada' },
  open: { en: 'open loop', 'pt-BR': 'malha aberta' },
};

const sweepParameters: Record<string, LocalizedText> = {
  connections: { en: 'connections', 'pt-BR': 'conexões' },
  rate: { en: 'rate', 'pt-BR': 'taxa' },
  workers: { en: 'workers', 'pt-BR': 'trabalhadores' },
  serviceTime: { en: 'service time', 'pt-BR': 'tempo de serviço' },
};

/** The lecture's words in the table of characteristics (architectureCatalog.ts), in Portuguese as the lecture has them. */
export const characteristicTexts: Record<string, LocalizedText> = Object.fromEntries(
  (
    [
      ['single-threaded', 'monothread'],
      ['multithreaded', 'multithread'],
      ['multiprocess', 'multiprocesso'],
      ['finite state machine', 'máquina de estados finitos'],
      ['finite state machine + multithreaded', 'máquina de estados finitos + multithread'],
      ['none', 'nenhum'],
      ['yes (up to the pool size)', 'sim (até o tamanho do pool)'],
      ['of waiting only (one core)', 'só das esperas (um núcleo)'],
      ['yes (unbounded)', 'sim (sem limite)'],
      ['yes (waiting: unbounded; computing: pool size)', 'sim (esperas: sem limite; computação: tamanho do pool)'],
      ['blocking', 'bloqueantes'],
      ['nonblocking', 'não bloqueantes'],
      ['nonblocking in the loop, blocking in the pool', 'não bloqueantes no laço, bloqueantes no pool'],
      ['single', 'único'],
      ['shared', 'compartilhado'],
      ['separate', 'separados'],
      ['one request at a time', 'uma requisição por vez'],
      ['workers requests at a time; the rest queue (bounded)', 'workers requisições por vez; as demais esperam numa fila (limitada)'],
      ['any number waiting; one computing', 'quantas forem esperando; uma computando'],
      ['one new thread per request (capped for safety)', 'uma thread nova por requisição (com um teto de segurança)'],
      ['one new process per connection (capped for safety)', 'um processo novo por conexão (com um teto de segurança)'],
      ['workers connections at a time; the rest wait unaccepted', 'workers conexões por vez; as demais esperam sem ser aceitas'],
      ['any number waiting; workers computing', 'quantas forem esperando; workers computando'],
    ] as const
  ).map(([en, portuguese]) => [en, { en, 'pt-BR': portuguese }]),
);


const cores = { unit: 'cores', format: { kind: 'fixed', digits: 2 } } as const;
const coresPt = (en: string, pt: string): LocalizedText => ({ en, 'pt-BR': pt });

/** Where the machine's CPU went while each server was measured (read from /proc), and what the thread pool's gain was judged against. */
const cpuTables: TableSpec[] = [
  {
    id: 'cpu',
    kind: 'list',
    title: { en: 'CPU while each server was measured', 'pt-BR': 'CPU enquanto cada servidor era medido' },
    list: 'measurements',
    columns: [
      server,
      { path: 'cpu.effectiveParallelism', title: coresPt('Server used', 'Servidor usou'), ...cores },
      { path: 'cpu.coresLeft', title: coresPt('Cores left to it', 'Núcleos que sobraram para ele'), ...cores },
      { path: 'cpu.otherProcessesParallelism', title: coresPt('Other processes', 'Outros processos'), ...cores },
      { path: 'cpu.loadGeneratorParallelism', title: coresPt('Load generator', 'Gerador de carga'), ...cores },
      { path: 'cpu.appParallelism', title: coresPt('proclab itself', 'O próprio proclab'), ...cores },
      { path: 'cpu.idleCores', title: coresPt('Idle', 'Ociosos'), ...cores },
      { path: 'cpu.cpuMsPerRequest', title: coresPt('CPU per request', 'CPU por requisição'), ...ms },
      { path: 'cpu.cpuSeconds', title: coresPt('Server CPU time', 'Tempo de CPU do servidor'), unit: 's', format: { kind: 'fixed', digits: 2 } },
      { path: 'cpu.wallSeconds', title: coresPt('Wall time', 'Tempo de relógio'), unit: 's', format: { kind: 'fixed', digits: 2 } },
      { path: 'cpu.loadAverageAtStart', title: coresPt('Load average at its start', 'Carga média no início'), format: { kind: 'fixed', digits: 2 } },
    ],
  },
  {
    id: 'cpu-scaling',
    kind: 'list',
    title: { en: 'Throughput gain against the cores each server got', 'pt-BR': 'Ganho de vazão contra os núcleos que cada servidor teve' },
    list: 'cpuScaling',
    repeats: ['cpuScaling.*.architecture', 'cpuScaling.*.throughputRps', 'cpuScaling.*.effectiveParallelism', 'cpuScaling.*.coresLeft', 'cpuScaling.*.otherProcessesParallelism', 'cpuScaling.*.cpuMsPerRequest', 'cpuScaling.*.loadAverageAtStart', 'cpuScaling.*.sweepValue'],
    columns: [
      server,
      { path: 'throughputGain', title: coresPt('Throughput gain over iterative', 'Ganho de vazão sobre o iterativo'), unit: '×', format: { kind: 'fixed', digits: 2 } },
      { path: 'parallelismGain', title: coresPt('Parallelism gain over iterative', 'Ganho de paralelismo sobre o iterativo'), unit: '×', format: { kind: 'fixed', digits: 2 } },
    ],
  },
  {
    id: 'machine',
    kind: 'values',
    title: { en: 'The machine at the start', 'pt-BR': 'A máquina no início' },
    record: 'machine',
    values: [
      { path: 'cores', title: coresPt('Cores', 'Núcleos'), format: { kind: 'integer' } },
      { path: 'loadAverageAtStart', title: coresPt('Load average (1 min)', 'Carga média (1 min)'), format: { kind: 'fixed', digits: 2 } },
    ],
  },
];

export const architecturesTables: readonly TableSpec[] = [
  {
    id: 'servers',
    kind: 'list',
    title: { en: 'Servers', 'pt-BR': 'Servidores' },
    list: 'measurements',
    // `servers` is the same summary in the shape scripts rely on; sweeps repeat it as points for the charts.
    repeats: ['servers', 'sweep', 'sweepPoints'],
    columns: [
      server,
      { path: 'architecture', title: { en: 'Architecture', 'pt-BR': 'Arquitetura' }, format: { kind: 'text' } },
      { path: 'throughputRps', title: { en: 'Throughput', 'pt-BR': 'Vazão' }, unit: 'req/s', format: { kind: 'fixed', digits: 1 } },
      { path: 'latencyMs.p50', title: { en: 'Latency p50', 'pt-BR': 'Latência p50' }, ...ms },
      { path: 'latencyMs.p90', title: { en: 'p90', 'pt-BR': 'p90' }, ...ms },
      { path: 'latencyMs.p99', title: { en: 'p99', 'pt-BR': 'p99' }, ...ms },
      { path: 'latencyMs.max', title: { en: 'max', 'pt-BR': 'máx.' }, ...ms },
      { path: 'requests', title: { en: 'Requests', 'pt-BR': 'Requisições' }, format: { kind: 'integer' } },
      { path: 'errors', title: { en: 'Errors', 'pt-BR': 'Erros' }, format: { kind: 'integer' } },
    ],
  },
  {
    id: 'load',
    kind: 'list',
    title: { en: 'Load and server', 'pt-BR': 'Carga e servidor' },
    list: 'measurements',
    columns: [
      server,
      { path: 'loadMode', title: { en: 'Load', 'pt-BR': 'Carga' }, valueTexts: loadModes },
      { path: 'offeredRps', title: { en: 'Offered rate', 'pt-BR': 'Taxa oferecida' }, unit: 'req/s', format: { kind: 'fixed', digits: 1 } },
      { path: 'measuredMs', title: { en: 'Measured for', 'pt-BR': 'Medido por' }, unit: 'ms', format: { kind: 'fixed', digits: 0 } },
      { path: 'unfinished', title: { en: 'Unanswered at the end', 'pt-BR': 'Sem resposta ao final' }, format: { kind: 'integer' } },
      { path: 'sweepParameter', title: { en: 'Swept parameter', 'pt-BR': 'Parâmetro variado' }, valueTexts: sweepParameters },
      { path: 'sweepValue', title: { en: 'Its value', 'pt-BR': 'Valor dele' } },
      { path: 'threadsStarted', title: { en: 'Threads started', 'pt-BR': 'Threads iniciadas' }, format: { kind: 'integer' } },
      { path: 'processesStarted', title: { en: 'Processes started', 'pt-BR': 'Processos iniciados' }, format: { kind: 'integer' } },
    ],
  },
  {
    id: 'latency-detail',
    kind: 'list',
    title: {
      en: 'Latency in detail: from the intended send time, and uncorrected (from the actual send)',
      'pt-BR': 'Latência em detalhe: desde o envio previsto, e sem correção (desde o envio real)',
    },
    list: 'measurements',
    columns: [
      server,
      { path: 'latencyMs.p999', title: { en: 'p99.9', 'pt-BR': 'p99,9' }, ...ms },
      { path: 'latencyMs.mean', title: { en: 'Mean', 'pt-BR': 'Média' }, ...ms },
      { path: 'latencyMs.count', title: { en: 'Answers', 'pt-BR': 'Respostas' }, format: { kind: 'integer' } },
      { path: 'uncorrectedLatencyMs.p50', title: { en: 'Uncorrected p50', 'pt-BR': 'p50 sem correção' }, ...ms },
      { path: 'uncorrectedLatencyMs.p90', title: { en: 'p90', 'pt-BR': 'p90' }, ...ms },
      { path: 'uncorrectedLatencyMs.p99', title: { en: 'p99', 'pt-BR': 'p99' }, ...ms },
      { path: 'uncorrectedLatencyMs.p999', title: { en: 'p99.9', 'pt-BR': 'p99,9' }, ...ms },
      { path: 'uncorrectedLatencyMs.max', title: { en: 'max', 'pt-BR': 'máx.' }, ...ms },
      { path: 'uncorrectedLatencyMs.mean', title: { en: 'Mean', 'pt-BR': 'Média' }, ...ms },
      { path: 'uncorrectedLatencyMs.count', title: { en: 'Answers', 'pt-BR': 'Respostas' }, format: { kind: 'integer' } },
    ],
  },
  {
    id: 'errors',
    kind: 'list',
    title: { en: 'Errors by kind', 'pt-BR': 'Erros por tipo' },
    list: 'measurements',
    columns: [
      server,
      { path: 'errorsByKind.timeout', title: { en: 'Timed out', 'pt-BR': 'Tempo esgotado' }, format: { kind: 'integer' } },
      { path: 'errorsByKind.connect', title: { en: 'Connection failed', 'pt-BR': 'Falha de conexão' }, format: { kind: 'integer' } },
      { path: 'errorsByKind.reset', title: { en: 'Connection reset', 'pt-BR': 'Conexão reiniciada' }, format: { kind: 'integer' } },
      { path: 'errorsByKind.status', title: { en: 'Error status', 'pt-BR': 'Status de erro' }, format: { kind: 'integer' } },
      { path: 'errorsByKind.protocol', title: { en: 'Malformed answer', 'pt-BR': 'Resposta malformada' }, format: { kind: 'integer' } },
    ],
  },
  {
    id: 'model',
    kind: 'list',
    title: { en: 'Queueing model for the same setting', 'pt-BR': 'Modelo de filas para a mesma configuração' },
    list: 'measurements',
    columns: [
      server,
      { path: 'model.model', title: { en: 'Model', 'pt-BR': 'Modelo' }, format: { kind: 'text' } },
      { path: 'model.servers', title: { en: 'Servers in the model', 'pt-BR': 'Servidores no modelo' }, valueTexts: { unbounded: { en: 'unbounded', 'pt-BR': 'sem limite' } } },
      { path: 'model.throughputRps', title: { en: 'Predicted throughput', 'pt-BR': 'Vazão prevista' }, unit: 'req/s', format: { kind: 'fixed', digits: 1 } },
      { path: 'model.latencyMeanMs', title: { en: 'Predicted mean latency', 'pt-BR': 'Latência média prevista' }, ...ms },
    ],
  },
  {
    id: 'characteristics',
    kind: 'list',
    title: { en: 'Characteristics of each architecture, with its best measurement', 'pt-BR': 'Características de cada arquitetura, com sua melhor medição' },
    list: 'characteristics',
    columns: [
      { path: 'architecture', title: { en: 'Architecture', 'pt-BR': 'Arquitetura' }, label: true },
      { path: 'model', title: { en: 'Model', 'pt-BR': 'Modelo' }, valueTexts: characteristicTexts },
      { path: 'parallelism', title: { en: 'Parallelism', 'pt-BR': 'Paralelismo' }, valueTexts: characteristicTexts },
      { path: 'systemCalls', title: { en: 'System calls', 'pt-BR': 'Chamadas de sistema' }, valueTexts: characteristicTexts },
      { path: 'dataSpace', title: { en: 'Data space', 'pt-BR': 'Espaço de dados' }, valueTexts: characteristicTexts },
      { path: 'concurrency', title: { en: 'Requests in service', 'pt-BR': 'Requisições em atendimento' }, valueTexts: characteristicTexts },
      { path: 'measuredAs', title: { en: 'Best measured as', 'pt-BR': 'Melhor medição' }, format: { kind: 'text' } },
      { path: 'throughputRps', title: { en: 'Throughput', 'pt-BR': 'Vazão' }, unit: 'req/s', format: { kind: 'fixed', digits: 1 } },
      { path: 'latencyP99Ms', title: { en: 'Latency p99', 'pt-BR': 'Latência p99' }, ...ms },
    ],
  },
  {
    // load.mode none (proclab server): what each server did for whoever connected.
    id: 'served',
    kind: 'list',
    title: { en: 'Servers without a load from proclab', 'pt-BR': 'Servidores sem carga do proclab' },
    list: 'served',
    columns: [
      server,
      { path: 'architecture', title: { en: 'Architecture', 'pt-BR': 'Arquitetura' }, format: { kind: 'text' } },
      { path: 'url', title: { en: 'Address', 'pt-BR': 'Endereço' }, format: { kind: 'text' } },
      { path: 'port', title: { en: 'Port', 'pt-BR': 'Porta' }, format: { kind: 'text' } },
      { path: 'servedMs', title: { en: 'Listened for', 'pt-BR': 'Escutou por' }, unit: 'ms', format: { kind: 'fixed', digits: 0 } },
      { path: 'requestsServed', title: { en: 'Requests served', 'pt-BR': 'Requisições atendidas' }, format: { kind: 'integer' } },
      { path: 'connections', title: { en: 'Connections open at the end', 'pt-BR': 'Conexões abertas ao final' }, format: { kind: 'integer' } },
      { path: 'queueLength', title: { en: 'Waiting at the end', 'pt-BR': 'Esperando ao final' }, format: { kind: 'integer' } },
      { path: 'threadsStarted', title: { en: 'Threads started', 'pt-BR': 'Threads iniciadas' }, format: { kind: 'integer' } },
      { path: 'processesStarted', title: { en: 'Processes started', 'pt-BR': 'Processos iniciados' }, format: { kind: 'integer' } },
    ],
  },
  {
    id: 'target',
    kind: 'values',
    title: { en: 'The server loaded', 'pt-BR': 'O servidor carregado' },
    record: '',
    values: [{ path: 'target', title: { en: 'Address (already running)', 'pt-BR': 'Endereço (já em execução)' }, format: { kind: 'text' } }],
  },
  ...cpuTables,
];
