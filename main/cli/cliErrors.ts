import type { Diagnostic } from '../../preload/api.ts';

/** Bad input: printed as it is on stderr, exit code 2, never a stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Bad scenario: one `file:line:col: message` line per diagnostic, exit code 2. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly file: string;
  readonly diagnostics: Diagnostic[];
  constructor(file: string, diagnostics: Diagnostic[]) {
    super(`${file} has ${diagnostics.length} problem(s)`);
    this.file = file;
    this.diagnostics = diagnostics;
  }
}

export function formatDiagnostics(file: string, diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((diagnostic) => `${file}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity}: ${diagnostic.message}`).join('\n');
}

export const exitCodes = { ok: 0, runFailed: 1, badInput: 2 } as const;

/** Bad flags: one line per problem, each naming its flag, exit code 2. */
export class FlagError extends Error {
  override readonly name = 'FlagError';
  readonly lines: readonly string[];
  /** The command whose flags they are, whose help the message points to. */
  readonly command: string | undefined;
  constructor(lines: readonly string[], command?: string) {
    super(lines.join('\n'));
    this.lines = lines;
    this.command = command;
  }
}
