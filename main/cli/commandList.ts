import { declaredToolCommands } from '../engines/engineRegistry.ts';
import type { Command } from './commandLine.ts';
import { exportCommand } from './commands/exportCommand.ts';
import { handinCommand } from './commands/handinCommand.ts';
import { gradeCommand } from './commands/gradeCommand.ts';
import { historyCommand, runsCommand } from './commands/historyCommand.ts';
import { importCommand } from './commands/importCommand.ts';
import { listCommand } from './commands/listCommand.ts';
import { newLabCommand } from './commands/newLabCommand.ts';
import { packCommand } from './commands/packCommand.ts';
import { rerunCommand } from './commands/rerunCommand.ts';
import { runCommand } from './commands/runCommand.ts';
import { serveCommand } from './commands/serveCommand.ts';
import { validateCommand } from './commands/validateCommand.ts';
import { verifyCommand } from './commands/verifyCommand.ts';
import { foregroundToolCommand } from './foregroundToolCommand.ts';
import { scenarioToolCommand } from './scenarioToolCommand.ts';

/** proclab's own commands, then the tool commands each engine declares. */
export const commands: readonly Command[] = [
  listCommand,
  validateCommand,
  runCommand,
  historyCommand,
  runsCommand,
  serveCommand,
  exportCommand,
  handinCommand,
  verifyCommand,
  rerunCommand,
  gradeCommand,
  packCommand,
  importCommand,
  newLabCommand,
  ...declaredToolCommands().map(({ engine, command }) => (command.kind === 'scenario' ? scenarioToolCommand(command, engine) : foregroundToolCommand(command))),
];
