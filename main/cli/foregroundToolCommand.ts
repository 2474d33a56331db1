// A daemon an engine runs in the foreground outside any scenario (see ForegroundToolCommand).
import { ToolInputError, type ForegroundToolCommand, type ToolTerminal } from '../engines/engineRegistry.ts';
import type { SchemaNode } from '../scenario/schema.ts';
import { exitCodes } from './cliErrors.ts';
import type { Command } from './commandLine.ts';
import type { CommandFlag } from './optionParser.ts';

/** The command's flags: one per field of its options schema, named as the field. */
function flagsOf(tool: ForegroundToolCommand): CommandFlag[] {
  return Object.entries(tool.options.fields as Record<string, SchemaNode>).map(([name, node]) => ({
    name,
    node,
    ...(tool.shortFlags?.[name] === undefined ? {} : { short: tool.shortFlags[name] }),
    ...(tool.valueNames?.[name] === undefined ? {} : { valueName: tool.valueNames[name] }),
    ...(tool.options.required?.includes(name) ? { required: true } : {}),
  }));
}

export function foregroundToolCommand(tool: ForegroundToolCommand): Command {
  return {
    name: tool.name,
    summary: tool.summary,
    flags: flagsOf(tool),
    ...(tool.notes === undefined ? {} : { notes: tool.notes }),
    async run(line) {
      const stop = new AbortController();
      const onStop = (): void => stop.abort();
      process.once('SIGINT', onStop);
      process.once('SIGTERM', onStop);
      const hangUps = new Set<() => void>();
      const terminal: ToolTerminal = {
        print: (text) => process.stdout.write(`${text}\n`),
        log: (text) => process.stderr.write(`${new Date().toISOString()} ${tool.name}: ${text}\n`),
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
        return (await tool.run(line.values as Record<string, unknown>, terminal)) ? exitCodes.ok : exitCodes.runFailed;
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
