// A daemon an engine runs in the foreground outside any scenario (see ForegroundToolCommand).
import { ToolInputError, type ForegroundToolCommand, type ToolTerminal } from '../engines/toolCommand.ts';
import { exitCodes, UsageError } from './cliErrors.ts';
import type { Command } from './commandLine.ts';
import { optionSpecsOf, validateOptions } from './optionParser.ts';
import { optionsHelp, valueName } from './toolHelp.ts';
import type { SchemaNode } from '../scenario/schema.ts';

function usageOf(tool: ForegroundToolCommand): string {
  const required = (tool.options.required ?? []).map((name) => `--${name} ${tool.valueNames?.[name] ?? valueName((tool.options.fields as Record<string, SchemaNode>)[name]!)}`);
  return ['proclab', tool.name, ...required, '[options]'].join(' ');
}

export function foregroundToolCommand(tool: ForegroundToolCommand): Command {
  return {
    name: tool.name,
    usage: usageOf(tool),
    summary: tool.summary,
    help: () => `${optionsHelp(tool.options, tool.shortFlags, tool.valueNames)}${tool.notes === undefined ? '' : `\n\n${tool.notes.trim()}`}`,
    options: optionSpecsOf(tool.options.fields, tool.shortFlags),
    async run(parsed) {
      if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"\nusage: ${usageOf(tool)}`);
      const options = validateOptions(tool.name, tool.options, parsed.values);
      const stop = new AbortController();
      const onStop = (): void => stop.abort();
      process.once('SIGINT', onStop);
      process.once('SIGTERM', onStop);
      const hangUps = new Set<() => void>();
      const terminal: ToolTerminal = {
        print: (line) => process.stdout.write(`${line}\n`),
        log: (line) => process.stderr.write(`${new Date().toISOString()} ${tool.name}: ${line}\n`),
        stopped: stop.signal,
        onHangUp(listener) {
          process.on('SIGHUP', listener);
          hangUps.add(listener);
          return () => {
            process.off('SIGHUP', listener);
            hangUps.delete(listener);
          };
        },
      };
      try {
        return (await tool.run(options, terminal)) ? exitCodes.ok : exitCodes.runFailed;
      } catch (error) {
        if (!(error instanceof ToolInputError)) throw error;
        process.stderr.write(`${error.message}\n`);
        return exitCodes.badInput;
      } finally {
        process.off('SIGINT', onStop);
        process.off('SIGTERM', onStop);
        for (const listener of hangUps) process.off('SIGHUP', listener);
      }
    },
  };
}
