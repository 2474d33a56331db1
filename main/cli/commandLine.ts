import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cliErrors.ts';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Full help text after the usage line. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(parsed: ParsedCommand): Promise<number>;
}

export interface ParsedCommand {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export function parseCommand(command: Command, argv: string[]): ParsedCommand {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message.split('\n')[0] : String(error)}\nusage: ${command.usage}\n(see proclab ${command.name} --help)`);
  }
}

export function commandHelp(command: Command): string {
  return `usage: ${command.usage}\n\n${command.summary}\n\n${command.help.trim()}\n`;
}

export function stringOption(parsed: ParsedCommand, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function integerOption(parsed: ParsedCommand, name: string, minimum: number, maximum: number): number | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < minimum || value > maximum) throw new UsageError(`--${name} must be a whole number from ${minimum} to ${maximum}, not "${text}"`);
  return value;
}
