import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlagError } from '../../../main/cli/cliErrors.ts';
import { commandHelp, sharedFlags, usageOf } from '../../../main/cli/commandLine.ts';
import { commands } from '../../../main/cli/commandList.ts';
import { parseCommandLine, type CommandSyntax } from '../../../main/cli/optionParser.ts';
import { schema } from '../../../main/scenario/schema.ts';

const text = (en: string) => ({ en, 'pt-BR': en });

const syntax: CommandSyntax = {
  name: 'try',
  arguments: [{ name: 'FILE', help: 'a file' }],
  flags: [
    { name: 'port', short: 'p', node: schema.integer({ description: text('a port'), minimum: 1, maximum: 65_535, default: 111 }) },
    { name: 'wait', node: schema.duration({ description: text('how long'), minimumMs: 0, maximumMs: 60_000, default: '250ms' }) },
    { name: 'duration', short: 'd', bareNumberUnit: 's', node: schema.duration({ description: text('how long, wrk style'), minimumMs: 100, maximumMs: 600_000, default: '5s' }) },
    { name: 'memory', node: schema.size({ description: text('how much'), minimumBytes: 1024, default: '4KiB' }) },
    { name: 'mode', node: schema.enumeration({ description: text('which'), choices: ['fast', 'slow'] as const, default: 'fast' }) },
    { name: 'offset', node: schema.number({ description: text('a signed number'), minimum: -10, maximum: 10, default: 0 }) },
    { name: 'verbose', node: schema.boolean({ description: text('say more'), default: false }) },
    { name: 'out', required: true, node: schema.string({ description: text('where') }) },
    sharedFlags.set,
  ],
};

function problemsOf(argv: string[]): readonly string[] {
  try {
    parseCommandLine(syntax, argv);
  } catch (error) {
    if (error instanceof FlagError) return error.lines;
    throw error;
  }
  return [];
}

describe('the option parser', () => {
  it('reads each value as a scenario would (durations, sizes, choices, numbers) and fills the defaults', () => {
    const line = parseCommandLine(syntax, ['x.conf', '--out', 'o.html', '--wait', '1.5s', '--memory=64MiB', '-p', '8080', '--mode', 'slow', '--verbose']);
    expect(line.arguments).toEqual(['x.conf']);
    expect(line.values).toEqual({ port: 8080, wait: 1500, duration: 5000, memory: 64 * 1024 * 1024, mode: 'slow', offset: 0, verbose: true, out: 'o.html', set: [] });
    expect(line.given).toMatchObject({ port: '8080', wait: '1.5s', memory: '64MiB', verbose: true });
  });

  it('takes a negative number as a value, a bare number in the flag’s own unit, and a repeatable flag as a list', () => {
    const line = parseCommandLine(syntax, ['f', '--out', 'o', '--offset', '-2.5', '-d', '10', '--set', 'a=1', '--set', 'b.c=2s']);
    expect(line.values).toMatchObject({ offset: -2.5, duration: 10_000, set: ['a=1', 'b.c=2s'] });
  });

  it('says every problem with a value at once, each naming its flag, in the scenario’s words', () => {
    expect(problemsOf(['f', '--port', 'http', '--wait', '2 parsecs', '--memory', '1B', '--mode', 'medium', '--offset', '11', '--duration', '50ms'])).toEqual([
      'proclab try --port http: error: --port must be a whole number, not string "http"',
      'proclab try --wait 2 parsecs: error: --wait: unknown duration unit "parsecs" (use us, µs, ms, s, m, min, h)',
      'proclab try --duration 50ms: error: --duration must be at least 100ms',
      'proclab try --memory 1B: error: --memory must be at least 1KiB',
      'proclab try --mode medium: error: --mode must be one of fast, slow; got "medium"',
      'proclab try --offset 11: error: --offset must be at most 10',
      'proclab try: error: --out is required',
    ]);
    expect(problemsOf(['f', '--out', 'o', '--port', '1.5'])).toEqual(['proclab try --port 1.5: error: --port must be a whole number, not 1.5']);
  });

  it('refuses an unknown flag (with the flag it resembles), a missing value, a value to a flag that takes none, a flag given twice', () => {
    expect(problemsOf(['f', '--out', 'o', '--prot', '80'])).toEqual(['proclab try: error: unknown flag --prot (did you mean --port?)']);
    expect(problemsOf(['f', '--out', 'o', '--colour'])).toEqual(['proclab try: error: unknown flag --colour']);
    expect(problemsOf(['f', '--out', 'o', '-x'])).toEqual(['proclab try: error: unknown flag -x']);
    expect(problemsOf(['f', '--out', 'o', '--wait'])).toEqual(['proclab try: error: --wait needs a value (TIME)']);
    expect(problemsOf(['f', '--out', '--verbose'])).toEqual(['proclab try: error: --out needs a value (TEXT); --verbose is a flag']);
    expect(problemsOf(['f', '--out', 'o', '-p', '-d'])).toEqual(['proclab try: error: -p (--port) needs a value (N); -d is a flag']);
    expect(problemsOf(['f', '--out', 'o', '--verbose=yes'])).toEqual(['proclab try: error: --verbose takes no value; got "yes"']);
    expect(problemsOf(['f', '--out', 'o', '--port', '1', '-p', '2'])).toEqual(['proclab try: error: --port is given more than once']);
  });

  it('counts the arguments', () => {
    expect(problemsOf(['--out', 'o'])).toEqual(['proclab try: error: FILE is required']);
    expect(problemsOf(['a', 'b', '--out', 'o'])).toEqual(['proclab try: error: unexpected argument "b"']);
    // After "--" even a flag's shape is an argument.
    expect(parseCommandLine(syntax, ['--out', 'o', '--', '--port']).arguments).toEqual(['--port']);
  });

  it('answers --help before checking anything else', () => {
    expect(parseCommandLine(syntax, ['--help', '--port', 'http']).help).toBe(true);
    expect(parseCommandLine(syntax, ['-h']).help).toBe(true);
  });

  it('writes the usage and the help from the same declaration', () => {
    expect(usageOf(syntax)).toBe('proclab try FILE --out TEXT [options]');
    const help = commandHelp({ ...syntax, summary: 'Tries things.', run: async () => 0 });
    expect(help).toContain('-p, --port N              a port (1 to 65,535; default 111)');
    expect(help).toContain('--wait TIME               how long (0 to 60s; default 250ms)');
    expect(help).toContain('--mode fast|slow          which (one of fast, slow; default fast)');
    expect(help).toContain('--out TEXT                where (required)');
    expect(help).toContain('--set path=value ...');
  });
});

describe('every proclab command', () => {
  it('declares each flag once, with its help from the declaration, and answers --help', () => {
    expect(commands.map((command) => command.name)).toEqual(expect.arrayContaining(['list', 'validate', 'run', 'history', 'serve', 'export', 'migrate', 'load', 'server', 'inetd', 'portmap']));
    for (const command of commands) {
      const names = command.flags.map((flag) => flag.name);
      expect(new Set(names).size, `${command.name}: ${names.join(' ')}`).toBe(names.length);
      const shorts = command.flags.flatMap((flag) => (flag.short === undefined ? [] : [flag.short]));
      expect(new Set(shorts).size, command.name).toBe(shorts.length);
      expect(parseCommandLine(command, ['--help']).help).toBe(true);
      const help = commandHelp(command);
      for (const name of names) expect(help, `${command.name} --${name}`).toMatch(new RegExp(`(^|\\n|, )--${name}\\b`));
    }
  });

  it('reads its flags only through the option parser: no command parses a duration, a size or a choice of its own', () => {
    const root = join(import.meta.dirname, '..', '..', '..');
    const cliFiles = readdirSync(join(root, 'main', 'cli'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(root, 'main', 'cli', name));
    const readers = cliFiles
      .filter((file) => /\bparseArgs\b|parseDurationMs|parseSizeBytes|Number\.parseInt|Number\(.*values\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file).split('\\').join('/'));
    expect(readers).toEqual(['main/cli/optionParser.ts']);
  });
});
