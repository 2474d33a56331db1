import { ScenarioError, UsageError, exitCodes, formatDiagnostics } from './cliErrors.ts';
import { commandHelp, parseCommand, type Command } from './commandLine.ts';
import { debugLog } from '../platform/debugLog.ts';
import { exportCommand } from './commands/exportCommand.ts';
import { inetdCommand } from './commands/inetdCommand.ts';
import { listCommand } from './commands/listCommand.ts';
import { migrateCommand } from './commands/migrateCommand.ts';
import { loadCommand } from './commands/loadCommand.ts';
import { portmapCommand } from './commands/portmapCommand.ts';
import { runCommand } from './commands/runCommand.ts';
import { serveCommand } from './commands/serveCommand.ts';
import { serverCommand } from './commands/serverCommand.ts';
import { validateCommand } from './commands/validateCommand.ts';
import { verifyCommand } from './commands/verifyCommand.ts';
import { rerunCommand } from './commands/rerunCommand.ts';
import { gradeCommand } from './commands/gradeCommand.ts';
import { packCommand } from './commands/packCommand.ts';
import { importCommand } from './commands/importCommand.ts';
import { newLabCommand } from './commands/newLabCommand.ts';
import { proclabVersion } from '../platform/proclabVersion.ts';
import { LabContentError } from '../service/labFolders.ts';
import { ServiceError } from '../service/serviceError.ts';

const commands: readonly Command[] = [
  listCommand,
  validateCommand,
  runCommand,
  serveCommand,
  exportCommand,
  verifyCommand,
  rerunCommand,
  gradeCommand,
  packCommand,
  importCommand,
  newLabCommand,
  inetdCommand,
  portmapCommand,
  loadCommand,
  serverCommand,
  migrateCommand,
];

function overview(): string {
  return `proclab — a lab for processes and servers in distributed systems: real servers on 127.0.0.1, measured and plotted.

usage: proclab COMMAND [options]   (proclab COMMAND --help for a command's options)

${commands.map((command) => `  ${command.usage}\n      ${command.summary}`).join('\n')}

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
    const parsed = parseCommand(command, rest);
    if (parsed.values.help === true) {
      process.stdout.write(commandHelp(command));
      return exitCodes.ok;
    }
    return await command.run(parsed);
  } catch (error) {
    if (error instanceof ScenarioError) {
      process.stderr.write(`${formatDiagnostics(error.file, error.diagnostics)}\n`);
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
    if (error instanceof UsageError) {
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
