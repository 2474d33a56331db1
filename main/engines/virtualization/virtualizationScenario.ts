import { schema, type ValueOf } from '../../scenario/schema.ts';

export const guestProgramNames = ['cpu-bound', 'syscall-heavy', 'io-heavy', 'mode-probe'] as const;

export const virtualizationScenarioSchema = schema.object({
  description: {
    en: 'Runs guest programs on a guest machine with a privileged mode under interpretation, trap-and-emulate and binary translation, against the same loop run natively, follows one request (write a line to the console) through the four interfaces, and measures the start-up of a process, a container, a worker thread and a virtual machine.',
    'pt-BR': 'Executa programas convidados numa máquina convidada com modo privilegiado por interpretação, captura e emulação (trap-and-emulate) e tradução binária, comparados ao mesmo laço executado nativamente, acompanha um pedido (escrever uma linha no console) pelas quatro interfaces e mede a inicialização de um processo, um contêiner, uma thread de trabalho e uma máquina virtual.',
  },
  fields: {
    programs: schema.array({
      description: { en: 'The guest programs to run under every technique (empty: all four).', 'pt-BR': 'Os programas convidados a executar com cada técnica (vazio: os quatro).' },
      items: schema.enumeration({
        description: { en: 'A guest program.', 'pt-BR': 'Um programa convidado.' },
        choices: guestProgramNames,
        choiceDescriptions: {
          'cpu-bound': { en: 'Arithmetic only: no privileged instruction in its loop.', 'pt-BR': 'Só aritmética: nenhuma instrução privilegiada no laço.' },
          'syscall-heavy': { en: 'A system call (SYS) in every iteration.', 'pt-BR': 'Uma chamada de sistema (SYS) a cada iteração.' },
          'io-heavy': { en: 'A write to the disk port (OUT, privileged) in every iteration.', 'pt-BR': 'Uma escrita na porta do disco (OUT, privilegiada) a cada iteração.' },
          'mode-probe': { en: 'The guest kernel asks which mode it runs in (GETMODE, sensitive but not privileged), drops to user mode and asks again.', 'pt-BR': 'O núcleo convidado pergunta em que modo está (GETMODE, sensível mas não privilegiada), passa ao modo usuário e pergunta de novo.' },
        },
      }),
      maxItems: 4,
    }),
    iterations: schema.integer({
      description: { en: 'Loop iterations of each guest program (about ten guest instructions each).', 'pt-BR': 'Iterações do laço de cada programa convidado (cerca de dez instruções convidadas cada).' },
      minimum: 1_000,
      maximum: 50_000_000,
      default: 300_000,
    }),
    rounds: schema.integer({
      description: { en: 'How many times every program is measured under every technique, interleaved; the tables show medians.', 'pt-BR': 'Quantas vezes cada programa é medido com cada técnica, intercalando; as tabelas mostram medianas.' },
      minimum: 1,
      maximum: 20,
      default: 3,
    }),
    consoleLines: schema.integer({
      description: {
        en: 'Lines the console-line program writes with its library (puts → system call → privileged instructions → console device), in each pass that counts and times the four interfaces.',
        'pt-BR': 'Linhas que o programa console-line escreve com a sua biblioteca (puts → chamada de sistema → instruções privilegiadas → dispositivo de console), em cada passada que conta e cronometra as quatro interfaces.',
      },
      minimum: 100,
      maximum: 1_000_000,
      default: 2_000,
    }),
    startupRepetitions: schema.integer({
      description: { en: 'How many times each isolation unit is started; the tables show medians.', 'pt-BR': 'Quantas vezes cada unidade de isolamento é iniciada; as tabelas mostram medianas.' },
      minimum: 1,
      maximum: 50,
      default: 5,
    }),
  },
});

export type VirtualizationScenario = ValueOf<typeof virtualizationScenarioSchema>;
