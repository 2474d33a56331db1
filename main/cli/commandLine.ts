import type { Language } from '../../preload/api.ts';
import { schema } from '../scenario/schema.ts';
import { argumentEntry, flagEntry, wrapParagraphs } from './flagHelp.ts';
import { valueName, type CommandFlag, type CommandLine, type CommandSyntax } from './optionParser.ts';

/** One `proclab` command: its flags and arguments (declared once: parsed, checked and described from that), and what it does. */
export interface Command extends CommandSyntax {
  readonly summary: string;
  /** Help after the flags: how the command behaves, its exit codes. */
  readonly notes?: string;
  /** The flags' entries in help, when the command writes them itself (a tool command shows its scenario's defaults). */
  helpEntries?(): string[];
  run(line: CommandLine): Promise<number>;
}

/** `proclab NAME ARGUMENTS --required VALUE [options]`. */
export function usageOf(command: CommandSyntax): string {
  const argumentsShown = (command.arguments ?? []).map((argument) => (argument.optional ? `[${argument.name}]` : argument.name) + (argument.repeatable ? '…' : ''));
  const required = command.flags.filter((flag) => flag.required).map((flag) => `--${flag.name} ${valueName(flag)}`);
  const options = command.flags.some((flag) => !flag.required) ? ['[options]'] : [];
  return ['proclab', command.name, ...argumentsShown, ...required, ...options].join(' ');
}

export function commandHelp(command: Command): string {
  const entries = [...(command.arguments ?? []).map(argumentEntry), ...(command.helpEntries?.() ?? command.flags.map((flag) => flagEntry(flag)))];
  const notes = command.notes === undefined ? '' : `\n\n${wrapParagraphs(command.notes)}`;
  return `usage: ${usageOf(command)}\n\n${wrapParagraphs(command.summary)}\n\n${entries.join('\n')}${notes}\n`;
}

/** Flags several commands share. */
export const sharedFlags = {
  seed: {
    name: 'seed',
    node: schema.integer({
      description: {
        en: 'Seed for everything random in the run; without it, a random one (printed in the result).',
        'pt-BR': 'Semente de tudo o que é aleatório na execução; sem ela, uma aleatória (mostrada no resultado).',
      },
      minimum: 0,
      maximum: 0xffffffff,
    }),
  },
  database: {
    name: 'db',
    valueName: 'FILE',
    node: schema.string({
      description: {
        en: 'The run database; by default ~/.proclab/runs.sqlite, or $PROCLAB_HOME/runs.sqlite.',
        'pt-BR': 'O banco de execuções; por padrão ~/.proclab/runs.sqlite, ou $PROCLAB_HOME/runs.sqlite.',
      },
      default: '',
    }),
  },
  student: {
    name: 'student',
    valueName: 'ID',
    help: 'Your student id (default: $PROCLAB_STUDENT_ID): the run records it, and a lab with variables gets your variant’s values before any --set.',
    node: schema.string({
      description: {
        en: 'Your student id (default: $PROCLAB_STUDENT_ID): the run records it, and a lab with variables gets your variant’s values before any --set.',
        'pt-BR': 'Sua matrícula (padrão: $PROCLAB_STUDENT_ID): a execução a registra, e um laboratório com variáveis recebe os valores da sua variante antes de qualquer --set.',
      },
    }),
  },
  json: {
    name: 'json',
    node: schema.boolean({ description: { en: 'Print the result as JSON on stdout.', 'pt-BR': 'Escreve o resultado como JSON na saída padrão.' }, default: false }),
  },
  set: {
    name: 'set',
    valueName: 'path=value',
    repeatable: true,
    node: schema.string({
      description: {
        en: 'Override a scenario value (repeatable): --set load.duration=2s --set servers.1.workers=8.',
        'pt-BR': 'Muda um valor do cenário (pode repetir): --set load.duration=2s --set servers.1.workers=8.',
      },
    }),
  },
  language: {
    name: 'language',
    node: schema.enumeration({
      description: { en: 'The language of the result tables and of the report.', 'pt-BR': 'O idioma das tabelas de resultado e do relatório.' },
      choices: ['en', 'pt-BR'] as const,
      default: 'en',
    }),
  },
} satisfies Record<string, CommandFlag>;

/** A checked value of a flag the parser owns. */
export function flagText(line: CommandLine, name: string): string {
  return line.values[name] as string;
}

export function languageOf(line: CommandLine): Language {
  return line.values.language as Language;
}
