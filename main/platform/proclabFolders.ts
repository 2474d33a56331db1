import { homedir } from 'node:os';
import { join } from 'node:path';

// Where proclab keeps its files on this machine when no face says otherwise (the desktop app uses
// its user-data folder instead).

/** proclab's own folder: `$PROCLAB_HOME`, or `~/.proclab` when it is unset. */
export function proclabHome(environment: NodeJS.ProcessEnv = process.env): string {
  const proclabHome = environment['PROCLAB_HOME'];
  return proclabHome !== undefined && proclabHome !== '' ? proclabHome : join(homedir(), '.proclab');
}

/** Where runs are kept: `$PROCLAB_HOME/runs.sqlite`, or `~/.proclab/runs.sqlite` when it is unset. */
export function defaultDatabasePath(environment: NodeJS.ProcessEnv = process.env): string {
  return join(proclabHome(environment), 'runs.sqlite');
}

/** Where imported lab packs are installed: `$PROCLAB_HOME/labs`, or `~/.proclab/labs`. */
export function defaultUserLabsDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  return join(proclabHome(environment), 'labs');
}
