import type { LocalizedText, TableColumn, TableSpec } from '../../../preload/api.ts';

const ms = { unit: 'ms', format: { kind: 'fixed', digits: 3 } } as const;
const microseconds = { unit: 'µs', format: { kind: 'fixed', digits: 2 } } as const;
const count = { format: { kind: 'integer' } } as const;
const text = { format: { kind: 'text' } } as const;
const never: Record<string, LocalizedText> = { '-1': { en: 'never within the run', 'pt-BR': 'nunca durante a execução' } };

const policyTexts: Record<string, LocalizedText> = {
  none: { en: 'none: one attempt, one server', 'pt-BR': 'none: uma tentativa, um servidor' },
  retry: { en: 'retry: again after a timeout, backing off', 'pt-BR': 'retry: de novo após o tempo limite, espaçando' },
  failover: { en: 'failover: the next replica', 'pt-BR': 'failover: a próxima réplica' },
  'first-of-k': { en: 'first-of-k: k replicas, first answer', 'pt-BR': 'first-of-k: k réplicas, primeira resposta' },
  cache: { en: 'cache: failover, then the last answer', 'pt-BR': 'cache: failover, e então a última resposta' },
  relocate: { en: 'relocate: ask the port mapper again', 'pt-BR': 'relocate: pergunta de novo ao port mapper' },
};
const phaseTexts: Record<string, LocalizedText> = {
  slow: { en: '1 the primary’s link is slow', 'pt-BR': '1 o enlace da primária está lento' },
  crash: { en: '2 the primary crashed, restarted', 'pt-BR': '2 a primária caiu e foi reiniciada' },
  'all-down': { en: '3 every replica down', 'pt-BR': '3 todas as réplicas fora do ar' },
  moved: { en: '4 the primary moved', 'pt-BR': '4 a primária mudou de lugar' },
};
const designTexts: Record<string, LocalizedText> = {
  stateless: { en: 'stateless (NFSv3-like)', 'pt-BR': 'stateless (como o NFSv3)' },
  stateful: { en: 'stateful (handles, callbacks)', 'pt-BR': 'stateful (descritores, callbacks)' },
  'soft-state': { en: 'soft state (leases)', 'pt-BR': 'soft state (leases)' },
};

const policy: TableColumn = { path: 'policy', title: { en: 'Policy', 'pt-BR': 'Política' }, label: true, valueTexts: policyTexts };
const design: TableColumn = { path: 'design', title: { en: 'Design', 'pt-BR': 'Projeto' }, label: true, valueTexts: designTexts };

export const clientsStateTables: readonly TableSpec[] = [
  {
    id: 'access',
    kind: 'list',
    title: { en: 'The same client code on a local object and on the stub', 'pt-BR': 'O mesmo código cliente num objeto local e no stub' },
    list: 'access',
    columns: [
      {
        path: 'target',
        title: { en: 'Counter', 'pt-BR': 'Contador' },
        label: true,
        valueTexts: { local: { en: 'local object', 'pt-BR': 'objeto local' }, remote: { en: 'remote, through the stub', 'pt-BR': 'remoto, pelo stub' } },
      },
      { path: 'calls', title: { en: 'add() calls', 'pt-BR': 'Chamadas de add()' }, ...count },
      { path: 'p50Us', title: { en: 'add() p50', 'pt-BR': 'add() p50' }, ...microseconds },
      { path: 'p99Us', title: { en: 'add() p99', 'pt-BR': 'add() p99' }, ...microseconds },
      { path: 'finalValue', title: { en: 'get() at the end', 'pt-BR': 'get() no fim' }, ...count },
    ],
  },
  {
    id: 'marshalled-call',
    kind: 'list',
    title: { en: 'The bytes of one marshalled call: add("x", 1000)', 'pt-BR': 'Os bytes de uma chamada empacotada: add("x", 1000)' },
    list: 'marshalledCall.layout',
    columns: [
      { path: 'offset', title: { en: 'Offset', 'pt-BR': 'Posição' }, ...count },
      { path: 'length', title: { en: 'Bytes', 'pt-BR': 'Bytes' }, ...count },
      { path: 'field', title: { en: 'Field', 'pt-BR': 'Campo' }, label: true, ...text },
      { path: 'type', title: { en: 'XDR type', 'pt-BR': 'Tipo XDR' }, ...text },
      { path: 'value', title: { en: 'Value', 'pt-BR': 'Valor' }, ...text },
      { path: 'hex', title: { en: 'Hex', 'pt-BR': 'Hexadecimal' }, ...text },
    ],
  },
  {
    id: 'marshalled-summary',
    kind: 'values',
    title: { en: 'The call on the wire, its reply, and a version the server does not run', 'pt-BR': 'A chamada no fio, sua resposta, e uma versão que o servidor não executa' },
    record: '',
    values: [
      { path: 'marshalledCall.call', title: { en: 'Call', 'pt-BR': 'Chamada' }, ...text },
      { path: 'marshalledCall.bytes', title: { en: 'Call message', 'pt-BR': 'Mensagem da chamada' }, format: { kind: 'bytes' } },
      { path: 'marshalledCall.recordMarkHex', title: { en: 'TCP record mark before it (last fragment, length)', 'pt-BR': 'Marca de registro TCP antes dela (último fragmento, tamanho)' }, ...text },
      { path: 'marshalledCall.replyBytes', title: { en: 'Reply message', 'pt-BR': 'Mensagem de resposta' }, format: { kind: 'bytes' } },
      { path: 'marshalledCall.replyHex', title: { en: 'Reply (hex)', 'pt-BR': 'Resposta (hexadecimal)' }, ...text },
      { path: 'versionMismatch.clientVersion', title: { en: 'A client stub of version', 'pt-BR': 'Um stub cliente da versão' }, ...count },
      { path: 'versionMismatch.serverLowest', title: { en: 'was told the server runs from version', 'pt-BR': 'ouviu que o servidor roda da versão' }, ...count },
      { path: 'versionMismatch.serverHighest', title: { en: 'to version (PROG_MISMATCH)', 'pt-BR': 'até a versão (PROG_MISMATCH)' }, ...count },
    ],
  },
  {
    id: 'idempotency',
    kind: 'values',
    title: { en: 'add(x, 1000) under lost replies and retries', 'pt-BR': 'add(x, 1000) com respostas perdidas e retransmissões' },
    record: 'idempotency',
    values: [
      { path: 'withoutDuplicateTable.calls', title: { en: 'Calls the client made', 'pt-BR': 'Chamadas que o cliente fez' }, ...count },
      { path: 'withoutDuplicateTable.applied', title: { en: 'Without a duplicate table: ADD ran', 'pt-BR': 'Sem tabela de duplicados: ADD rodou' }, ...count },
      { path: 'withoutDuplicateTable.duplicates', title: { en: 'Without a duplicate table: extra runs', 'pt-BR': 'Sem tabela de duplicados: execuções a mais' }, ...count },
      { path: 'withDuplicateTable.calls', title: { en: 'Calls (with the table)', 'pt-BR': 'Chamadas (com a tabela)' }, ...count },
      { path: 'withDuplicateTable.applied', title: { en: 'With the table: ADD ran', 'pt-BR': 'Com a tabela: ADD rodou' }, ...count },
      { path: 'withDuplicateTable.duplicates', title: { en: 'With the table: extra runs', 'pt-BR': 'Com a tabela: execuções a mais' }, ...count },
      { path: 'withDuplicateTable.tableBytes', title: { en: 'The table at its largest', 'pt-BR': 'A tabela no seu maior tamanho' }, format: { kind: 'bytes' } },
    ],
  },
  {
    id: 'idempotency-details',
    kind: 'list',
    title: { en: 'What the client believes, and what the counter says', 'pt-BR': 'O que o cliente acredita, e o que o contador diz' },
    list: 'idempotencyDetails',
    repeats: ['idempotencyDetails.*.applied'],
    columns: [
      {
        path: 'table',
        title: { en: 'Duplicate table', 'pt-BR': 'Tabela de duplicados' },
        label: true,
        valueTexts: { without: { en: 'without', 'pt-BR': 'sem' }, with: { en: 'with', 'pt-BR': 'com' } },
      },
      { path: 'answered', title: { en: 'Calls answered', 'pt-BR': 'Chamadas respondidas' }, ...count },
      { path: 'failedCalls', title: { en: 'Calls out of retries', 'pt-BR': 'Chamadas sem mais tentativas' }, ...count },
      { path: 'retries', title: { en: 'Retries sent', 'pt-BR': 'Retransmissões enviadas' }, ...count },
      { path: 'valueClientExpects', title: { en: 'Value the client expects', 'pt-BR': 'Valor que o cliente espera' }, ...count },
      { path: 'counterValue', title: { en: 'Value get(x) returns', 'pt-BR': 'Valor que get(x) devolve' }, ...count },
    ],
  },
  {
    id: 'duplicate-table',
    kind: 'values',
    title: { en: 'The duplicate request table (soft state)', 'pt-BR': 'A tabela de pedidos duplicados (soft state)' },
    record: 'duplicateTable',
    values: [
      { path: 'lifetimeMs', title: { en: 'An entry lives', 'pt-BR': 'Uma entrada vive' }, unit: 'ms', ...count },
      { path: 'peakEntries', title: { en: 'Entries at most', 'pt-BR': 'Entradas, no máximo' }, ...count },
      { path: 'bytesPerEntry', title: { en: 'Bytes per entry (caller, xid, reply, expiry)', 'pt-BR': 'Bytes por entrada (cliente, xid, resposta, validade)' }, format: { kind: 'bytes' } },
      { path: 'answeredFromTable', title: { en: 'Retransmissions answered from the table', 'pt-BR': 'Retransmissões respondidas pela tabela' }, ...count },
      { path: 'whileInProgress', title: { en: '… of which arrived while the first was running', 'pt-BR': '… das quais chegaram enquanto a primeira rodava' }, ...count },
      { path: 'entriesAfterLifetime', title: { en: 'Entries one lifetime after the last call', 'pt-BR': 'Entradas um tempo de vida depois da última chamada' }, ...count },
      { path: 'lateRetryAppliedAgain', title: { en: 'A retry sent after that ran ADD again', 'pt-BR': 'Uma retransmissão depois disso rodou ADD de novo' }, format: { kind: 'yesNo' } },
    ],
  },
  {
    id: 'policies',
    kind: 'list',
    title: { en: 'Client middleware policies on the same reads', 'pt-BR': 'Políticas do middleware do cliente nas mesmas leituras' },
    list: 'policies',
    columns: [
      policy,
      { path: 'p50Ms', title: { en: 'Read p50', 'pt-BR': 'Leitura p50' }, ...ms },
      { path: 'p99Ms', title: { en: 'Read p99', 'pt-BR': 'Leitura p99' }, ...ms },
      { path: 'errors', title: { en: 'Failed reads', 'pt-BR': 'Leituras que falharam' }, ...count },
      { path: 'serverLoad', title: { en: 'Requests to servers per read', 'pt-BR': 'Pedidos aos servidores por leitura' }, format: { kind: 'fixed', digits: 2 } },
    ],
  },
  {
    id: 'policy-phases',
    kind: 'list',
    title: { en: 'Each policy in each phase', 'pt-BR': 'Cada política em cada fase' },
    list: 'policyPhases',
    repeats: ['policyPhases.*.key', 'policyPhases.*.phaseNumber'],
    columns: [
      policy,
      { path: 'phase', title: { en: 'Phase', 'pt-BR': 'Fase' }, valueTexts: phaseTexts },
      { path: 'calls', title: { en: 'Reads', 'pt-BR': 'Leituras' }, ...count },
      { path: 'errors', title: { en: 'Failed', 'pt-BR': 'Falharam' }, ...count },
      { path: 'p50Ms', title: { en: 'p50', 'pt-BR': 'p50' }, ...ms },
      { path: 'p99Ms', title: { en: 'p99', 'pt-BR': 'p99' }, ...ms },
      { path: 'answeredFromCache', title: { en: 'From the cache', 'pt-BR': 'Do cache' }, ...count },
      { path: 'maxStalenessMs', title: { en: 'Oldest cached answer', 'pt-BR': 'Resposta do cache mais velha' }, unit: 'ms', ...count },
      { path: 'serverLoad', title: { en: 'Requests per read', 'pt-BR': 'Pedidos por leitura' }, format: { kind: 'fixed', digits: 2 } },
    ],
  },
  {
    id: 'state-designs',
    kind: 'list',
    title: { en: 'One file service, three designs, one crash', 'pt-BR': 'Um serviço de arquivos, três projetos, uma queda' },
    list: 'stateDesigns',
    columns: [
      design,
      { path: 'throughputRps', title: { en: 'Reads per second (before the crash)', 'pt-BR': 'Leituras por segundo (antes da queda)' }, format: { kind: 'integer' } },
      { path: 'p99Ms', title: { en: 'Read p99 (before the crash)', 'pt-BR': 'Leitura p99 (antes da queda)' }, ...ms },
      { path: 'errorsAfterCrash', title: { en: 'Errors after the restart', 'pt-BR': 'Erros depois do reinício' }, ...count },
      { path: 'staleReads', title: { en: 'Stale reads', 'pt-BR': 'Leituras obsoletas' }, ...count },
      { path: 'recoveryMs', title: { en: 'Crash until reads and writes work', 'pt-BR': 'Da queda até leituras e escritas funcionarem' }, unit: 'ms', ...count, valueTexts: never },
    ],
  },
  {
    id: 'state-details',
    kind: 'list',
    title: { en: 'What each design did', 'pt-BR': 'O que cada projeto fez' },
    list: 'stateDetails',
    columns: [
      design,
      { path: 'readsBeforeCrash', title: { en: 'Reads before the crash', 'pt-BR': 'Leituras antes da queda' }, ...count },
      { path: 'p50Ms', title: { en: 'Read p50', 'pt-BR': 'Leitura p50' }, ...ms },
      { path: 'cacheHitShare', title: { en: 'From the client’s cache', 'pt-BR': 'Do cache do cliente' }, format: { kind: 'percent', digits: 1 } },
      { path: 'serverReads', title: { en: 'Reads the server did', 'pt-BR': 'Leituras que o servidor fez' }, ...count },
      { path: 'readAheadHits', title: { en: '… from its read-ahead', 'pt-BR': '… da sua leitura antecipada' }, ...count },
      { path: 'serverStateEntries', title: { en: 'Client state the server held', 'pt-BR': 'Estado de clientes no servidor' }, ...count },
      { path: 'callbacksSent', title: { en: 'Invalidations sent', 'pt-BR': 'Invalidações enviadas' }, ...count },
      { path: 'renewals', title: { en: 'Lease renewals', 'pt-BR': 'Renovações de lease' }, ...count },
      { path: 'errorsBeforeCrash', title: { en: 'Errors before the crash', 'pt-BR': 'Erros antes da queda' }, ...count },
      { path: 'errorsDuringOutage', title: { en: 'Errors while it was down', 'pt-BR': 'Erros enquanto estava fora' }, ...count },
      { path: 'writesRefusedInGrace', title: { en: 'Writes told to wait (grace)', 'pt-BR': 'Escritas mandadas esperar (carência)' }, ...count },
      { path: 'lastStaleReadAfterCrashMs', title: { en: 'Last stale read, after the crash', 'pt-BR': 'Última leitura obsoleta, após a queda' }, unit: 'ms', ...count, valueTexts: { '-1': { en: 'none', 'pt-BR': 'nenhuma' } } },
    ],
  },
  {
    id: 'in-class-connection',
    kind: 'values',
    title: { en: 'In class: a server whose state is the TCP connection', 'pt-BR': 'Em aula: um servidor cujo estado é a conexão TCP' },
    record: 'inClassConnection',
    values: [
      { path: 'itemsBeforeCrash', title: { en: 'Items the client had read (NEXT)', 'pt-BR': 'Itens que o cliente tinha lido (NEXT)' }, ...count },
      { path: 'clientNoticedCrashMs', title: { en: 'The client saw the connection close after', 'pt-BR': 'O cliente viu a conexão fechar após' }, ...ms },
      { path: 'firstItemAfterRestart', title: { en: 'First item after the restart', 'pt-BR': 'Primeiro item depois do reinício' }, ...count },
    ],
  },
  {
    id: 'in-class-last-page',
    kind: 'list',
    title: { en: 'In class: a web server that remembers each IP address’s last page', 'pt-BR': 'Em aula: um servidor web que lembra a última página de cada endereço IP' },
    list: 'inClassLastPage',
    columns: [
      { path: 'step', title: { en: 'Step', 'pt-BR': 'Passo' }, label: true, ...count },
      { path: 'client', title: { en: 'Client', 'pt-BR': 'Cliente' }, ...text },
      { path: 'clientAddress', title: { en: 'From address', 'pt-BR': 'Do endereço' }, ...text },
      { path: 'asked', title: { en: 'Asked for', 'pt-BR': 'Pediu' }, ...text },
      { path: 'answer', title: { en: 'Got', 'pt-BR': 'Recebeu' }, ...text },
      { path: 'afterCrash', title: { en: 'After the crash', 'pt-BR': 'Depois da queda' }, format: { kind: 'yesNo' } },
    ],
  },
  {
    id: 'injected-faults',
    kind: 'list',
    title: { en: 'What each link did to the messages (seeded)', 'pt-BR': 'O que cada enlace fez com as mensagens (com semente)' },
    list: 'injectedFaults',
    columns: [
      { path: 'link', title: { en: 'Link', 'pt-BR': 'Enlace' }, label: true, ...text },
      {
        path: 'direction',
        title: { en: 'Direction', 'pt-BR': 'Sentido' },
        valueTexts: { toServer: { en: 'to the server', 'pt-BR': 'para o servidor' }, toClient: { en: 'to the client', 'pt-BR': 'para o cliente' } },
      },
      { path: 'messages', title: { en: 'Messages', 'pt-BR': 'Mensagens' }, ...count },
      { path: 'forwarded', title: { en: 'Passed on', 'pt-BR': 'Repassadas' }, ...count },
      { path: 'lost', title: { en: 'Lost', 'pt-BR': 'Perdidas' }, ...count },
      { path: 'delayed', title: { en: 'Delayed', 'pt-BR': 'Atrasadas' }, ...count },
      { path: 'duplicated', title: { en: 'Duplicated', 'pt-BR': 'Duplicadas' }, ...count },
      { path: 'resets', title: { en: 'Resets', 'pt-BR': 'Resets' }, ...count },
    ],
  },
];
