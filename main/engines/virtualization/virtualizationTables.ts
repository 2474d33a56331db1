import type { TableSpec } from '../../../preload/api.ts';

const ms = { unit: 'ms', format: { kind: 'fixed', digits: 3 } } as const;
const count = { format: { kind: 'integer' } } as const;
const bytes = { format: { kind: 'bytes' } } as const;
const text = { format: { kind: 'text' } } as const;
const yesNo = { format: { kind: 'yesNo' } } as const;
const ratio = { format: { kind: 'fixed', digits: 2 } } as const;

export const virtualizationTables: readonly TableSpec[] = [
  {
    id: 'techniques',
    kind: 'list',
    title: { en: 'Guest programs under each technique (median of the rounds)', 'pt-BR': 'Programas convidados com cada técnica (mediana das rodadas)' },
    list: 'techniques',
    columns: [
      { path: 'label', title: { en: 'Program · technique', 'pt-BR': 'Programa · técnica' }, label: true },
      { path: 'program', title: { en: 'Program', 'pt-BR': 'Programa' }, ...text },
      {
        path: 'technique',
        title: { en: 'Technique', 'pt-BR': 'Técnica' },
        ...text,
        valueTexts: {
          interpretation: { en: 'interpretation', 'pt-BR': 'interpretação' },
          'trap-and-emulate': { en: 'trap-and-emulate', 'pt-BR': 'captura e emulação' },
          'binary-translation': { en: 'binary translation', 'pt-BR': 'tradução binária' },
          native: { en: 'native', 'pt-BR': 'nativo' },
        },
      },
      { path: 'instructionsPerSecond', title: { en: 'Guest instructions per second', 'pt-BR': 'Instruções convidadas por segundo' }, ...count },
      { path: 'slowdown', title: { en: 'Slowdown against native', 'pt-BR': 'Lentidão em relação ao nativo' }, unit: '×', ...ratio },
      { path: 'trapsPerSecond', title: { en: 'Traps per second (privileged instructions and system calls the VMM served)', 'pt-BR': 'Traps por segundo (instruções privilegiadas e chamadas de sistema atendidas pela VMM)' }, ...count },
      { path: 'vmmExitsPerSecond', title: { en: 'VMM exits per second (guest code left for the VMM)', 'pt-BR': 'Saídas para a VMM por segundo (o código convidado deu lugar à VMM)' }, ...count },
      { path: 'wrongModeReads', title: { en: 'Mode reads that saw the wrong mode', 'pt-BR': 'Leituras de modo que viram o modo errado' }, ...count },
      { path: 'timeToFirstInstructionMs', title: { en: 'Time to the first guest instruction', 'pt-BR': 'Tempo até a primeira instrução convidada' }, ...ms },
      { path: 'translationCacheBlocks', title: { en: 'Blocks in the translation cache', 'pt-BR': 'Blocos no cache de tradução' }, ...count },
      { path: 'translationHitRate', title: { en: 'Translation cache hit rate', 'pt-BR': 'Taxa de acerto do cache de tradução' }, format: { kind: 'fixed', digits: 4 } },
    ],
  },
  {
    id: 'startup',
    kind: 'list',
    title: { en: 'Start-up and memory per isolation unit (median)', 'pt-BR': 'Inicialização e memória por unidade de isolamento (mediana)' },
    list: 'startup',
    columns: [
      {
        path: 'kind',
        title: { en: 'Unit', 'pt-BR': 'Unidade' },
        label: true,
        valueTexts: {
          process: { en: 'process', 'pt-BR': 'processo' },
          container: { en: 'container', 'pt-BR': 'contêiner' },
          worker: { en: 'worker thread', 'pt-BR': 'thread de trabalho' },
          vm: { en: 'vm (thread booting the guest)', 'pt-BR': 'vm (thread que inicializa o convidado)' },
        },
      },
      { path: 'available', title: { en: 'Available here', 'pt-BR': 'Disponível aqui' }, ...yesNo },
      { path: 'startMs', title: { en: 'Start-up', 'pt-BR': 'Inicialização' }, ...ms },
      { path: 'memoryBytes', title: { en: 'Memory (resident, or heap)', 'pt-BR': 'Memória (residente, ou heap)' }, ...bytes },
      { path: 'note', title: { en: 'What it isolates', 'pt-BR': 'O que isola' }, ...text },
    ],
  },
  {
    id: 'interfaces',
    kind: 'list',
    title: {
      en: 'One request, write a line to the console, through the four interfaces (trap-and-emulate; costs are medians, each level timed in its own pass)',
      'pt-BR': 'Um pedido, escrever uma linha no console, pelas quatro interfaces (captura e emulação; custos são medianas, cada nível cronometrado numa passada própria)',
    },
    list: 'interfaces',
    columns: [
      {
        path: 'level',
        title: { en: 'Interface', 'pt-BR': 'Interface' },
        label: true,
        valueTexts: {
          'library-call': { en: 'library call (puts, the API, user mode)', 'pt-BR': 'chamada de biblioteca (puts, a API, modo usuário)' },
          'system-call': { en: 'system call (SYS into the guest kernel)', 'pt-BR': 'chamada de sistema (SYS para o núcleo convidado)' },
          'privileged-instruction': { en: 'privileged instruction (OUT, IN, SETMODE: a trap to the VMM)', 'pt-BR': 'instrução privilegiada (OUT, IN, SETMODE: uma captura para a VMM)' },
          device: { en: 'device (the console transfer, a write to the host)', 'pt-BR': 'dispositivo (a transferência do console, uma escrita no hospedeiro)' },
        },
      },
      { path: 'count', title: { en: 'Crossings', 'pt-BR': 'Travessias' }, ...count },
      { path: 'perRequest', title: { en: 'Per line written', 'pt-BR': 'Por linha escrita' }, ...ratio },
      { path: 'guestInstructionsPerCrossing', title: { en: 'Guest instructions inside one crossing', 'pt-BR': 'Instruções convidadas dentro de uma travessia' }, format: { kind: 'fixed', digits: 1 } },
      { path: 'bytesPerCrossing', title: { en: 'Bytes per crossing', 'pt-BR': 'Bytes por travessia' }, format: { kind: 'fixed', digits: 1 } },
      { path: 'costNs', title: { en: 'Cost of one crossing (levels below included)', 'pt-BR': 'Custo de uma travessia (níveis abaixo incluídos)' }, unit: 'ns', format: { kind: 'fixed', digits: 0 } },
      { path: 'totalMs', title: { en: 'Time of all crossings', 'pt-BR': 'Tempo de todas as travessias' }, ...ms },
    ],
  },
  {
    id: 'summary',
    kind: 'values',
    title: { en: 'What the checks compare', 'pt-BR': 'O que as verificações comparam' },
    record: 'summary',
    values: [
      { path: 'cpuBoundInterpretationIps', title: { en: 'cpu-bound, interpretation: instructions per second', 'pt-BR': 'cpu-bound, interpretação: instruções por segundo' }, ...count },
      { path: 'cpuBoundTranslationIps', title: { en: 'cpu-bound, binary translation: instructions per second', 'pt-BR': 'cpu-bound, tradução binária: instruções por segundo' }, ...count },
      { path: 'translationSpeedup', title: { en: 'Binary translation over interpretation (cpu-bound)', 'pt-BR': 'Tradução binária sobre interpretação (cpu-bound)' }, unit: '×', ...ratio },
      { path: 'cpuBoundTrapsPerSecond', title: { en: 'cpu-bound, trap-and-emulate: traps per second', 'pt-BR': 'cpu-bound, captura e emulação: traps por segundo' }, ...count },
      { path: 'ioHeavyTrapsPerSecond', title: { en: 'io-heavy, trap-and-emulate: traps per second', 'pt-BR': 'io-heavy, captura e emulação: traps por segundo' }, ...count },
      { path: 'trapAndEmulateWrongModeReads', title: { en: 'mode-probe, trap-and-emulate: wrong mode reads', 'pt-BR': 'mode-probe, captura e emulação: leituras do modo errado' }, ...count },
      { path: 'translationRightModeReads', title: { en: 'mode-probe, binary translation: every mode read right', 'pt-BR': 'mode-probe, tradução binária: toda leitura de modo certa' }, ...yesNo },
      { path: 'containerStartMs', title: { en: 'Container start-up', 'pt-BR': 'Inicialização do contêiner' }, ...ms },
      { path: 'vmStartMs', title: { en: 'vm start-up', 'pt-BR': 'Inicialização da vm' }, ...ms },
      { path: 'interfaceLines', title: { en: 'console-line: lines the program asked its library to write', 'pt-BR': 'console-line: linhas que o programa pediu à biblioteca para escrever' }, ...count },
      { path: 'interfaceLibraryCalls', title: { en: 'console-line: library calls', 'pt-BR': 'console-line: chamadas de biblioteca' }, ...count },
      { path: 'interfaceSystemCalls', title: { en: 'console-line: system calls', 'pt-BR': 'console-line: chamadas de sistema' }, ...count },
      { path: 'interfacePrivilegedInstructions', title: { en: 'console-line: privileged instructions (traps to the VMM)', 'pt-BR': 'console-line: instruções privilegiadas (capturas para a VMM)' }, ...count },
      { path: 'interfaceDeviceTransfers', title: { en: 'console-line: console device transfers', 'pt-BR': 'console-line: transferências do dispositivo de console' }, ...count },
      { path: 'interfaceRequestNs', title: { en: 'console-line: one line, nothing timed inside (median)', 'pt-BR': 'console-line: uma linha, nada cronometrado por dentro (mediana)' }, unit: 'ns', format: { kind: 'fixed', digits: 0 } },
      { path: 'interfaceClockPairNs', title: { en: 'Two clock readings (inside every crossing cost)', 'pt-BR': 'Duas leituras do relógio (dentro de todo custo de travessia)' }, unit: 'ns', format: { kind: 'fixed', digits: 0 } },
      { path: 'interfaceLinesWritten', title: { en: 'console-line: lines written in all passes', 'pt-BR': 'console-line: linhas escritas em todas as passadas' }, ...count },
      { path: 'interfaceLinesOnHost', title: { en: 'console-line: lines that reached the host file whole', 'pt-BR': 'console-line: linhas que chegaram inteiras ao arquivo do hospedeiro' }, ...count },
    ],
  },
];
