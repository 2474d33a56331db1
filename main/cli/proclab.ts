import { ToolInputError } from '../engines/engineRegistry.ts';
import { debugLog } from '../platform/debugLog.ts';
import { proclabVersion } from '../platform/proclabVersion.ts';
import { LabContentError } from '../service/labFolders.ts';
import { ServiceError } from '../service/serviceError.ts';
import { FlagError, ScenarioError, UsageError, exitCodes, formatDiagnostics } from './cliErrors.ts';
import { commandHelp, usageOf } from './commandLine.ts';
import { commands } from './commandList.ts';
import { parseCommandLine } from './optionParser.ts';

function overview(): string {
  return `proclab — a lab for processes and servers in distributed systems: real servers on 127.0.0.1, measured and plotted.

usage: proclab COMMAND [options]   (proclab COMMAND --help for a command's options)

${commands.map((command) => `  ${usageOf(command)}\n      ${command.summary}`).join('\n')}

Exit codes: 0 ok; 1 a run failed; 2 bad input (scenario problems as file:line:col: message).
`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview());
    return name === undefined ? exitCodes.badInput : exitCodes.ok;
  }
  if (name === '--version') {
    process.stdout.write(`${proclabVersion()}\n`);
    return exitCodes.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  try {
    if (command === undefined) throw new UsageError(`unknown command "${name}"; see proclab --help`);
    const line = parseCommandLine(command, rest);
    if (line.help) {
      process.stdout.write(commandHelp(command));
      return exitCodes.ok;
    }
    return await command.run(line);
  } catch (error) {
    if (error instanceof ScenarioError) {
      process.stderr.write(`${formatDiagnostics(error.file, error.diagnostics)}\n`);
      return exitCodes.badInput;
    }
    if (error instanceof FlagError) {
      const usage = command === undefined || error.command !== command.name ? '' : `usage: ${usageOf(command)}   (proclab ${command.name} --help)\n`;
      process.stderr.write(`${error.lines.join('\n')}\n${usage}`);
      return exitCodes.badInput;
    }
    if (error instanceof LabContentError) {
      process.stderr.write(`${error.message}\n`);
      return exitCodes.badInput;
    }
    if (error instanceof ServiceError && error.code !== 'internal') {
      process.stderr.write(`proclab: ${error.message}\n`);
      return exitCodes.badInput;
    }
    if (error instanceof UsageError || error instanceof ToolInputError) {
      process.stderr.write(`proclab: ${error.message}\n`);
      return exitCodes.badInput;
    }
    process.stderr.write(`proclab: ${error instanceof Error ? error.message : String(error)}\n`);
    debugLog(error);
    return exitCodes.runFailed;
  }
}

process.exitCode = await main(process.argv.slice(2));
// Everything is closed by now; should a library keep a handle open, do not hang the terminal.
setTimeout(() => process.exit(), 2_000).unref();
