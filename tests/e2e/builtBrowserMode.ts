import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface RunningBrowserMode {
  url: string;
  output(): string;
  stop(): Promise<number | null>;
}

const builtCli = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');

/**
 * Starts browser mode from the built bundle (out/main/cli.js: the core exactly as the desktop app
 * bundles it, without the window) on 127.0.0.1: a free port, or the one given (to start it again
 * where a page already knows it). Its proclab folder (user labs) is the database's folder, so a
 * test never reads or writes the user's own.
 */
export function startBuiltBrowserMode(databasePath: string, port = 0): Promise<RunningBrowserMode> {
  if (!existsSync(builtCli)) throw new Error(`${builtCli} is missing: run npm run build first`);
  const child = spawn(process.execPath, [builtCli, 'serve', '--port', String(port), '--db', databasePath], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PROCLAB_HOME: dirname(databasePath) },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`browser mode did not start within 20 s:\n${output}`));
    }, 20_000);
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /proclab browser mode: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
          output: () => output,
          stop: async () => {
            child.kill('SIGINT');
            const stopTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            const code = await exited;
            clearTimeout(stopTimer);
            return code;
          },
        });
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited with ${code} before it started:\n${output}`));
    });
  });
}
