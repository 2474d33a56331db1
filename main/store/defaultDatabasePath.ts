import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where runs are kept: `$PROCLAB_HOME/runs.sqlite`, or `~/.proclab/runs.sqlite` when it is unset. */
export function defaultDatabasePath(environment: NodeJS.ProcessEnv = process.env): string {
  const proclabHome = environment['PROCLAB_HOME'];
  const folder = proclabHome !== undefined && proclabHome !== '' ? proclabHome : join(homedir(), '.proclab');
  return join(folder, 'runs.sqlite');
}
