import { schema } from '../scenario/schema.ts';
import { splitCommandLine, type OptionSpecs, type ParsedCommandLine } from './optionParser.ts';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Full help text after the usage line. */
  help(): string;
  options: OptionSpecs;
  run(parsed: ParsedCommand): Promise<number>;
}

export type ParsedCommand = ParsedCommandLine;

export function parseCommand(command: Command, argv: string[]): ParsedCommand {
  return splitCommandLine(argv, command.options, command.usage, command.name);
}

export function commandHelp(command: Command): string {
  return `usage: ${command.usage}\n\n${command.summary}\n\n${command.help().trim()}\n`;
}

export function textValue(parsed: ParsedCommand, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Flags several commands share, as schema nodes (the parser checks them like scenario values). */
export const sharedOptions = {
  seed: schema.integer({ description: 'Seed for everything random in the run (default: random; printed in the result).', minimum: 0, maximum: 0xffffffff }),
  db: schema.string({ description: 'The run database (default: ~/.proclab/runs.sqlite, or $PROCLAB_HOME/runs.sqlite).', default: '' }),
};
