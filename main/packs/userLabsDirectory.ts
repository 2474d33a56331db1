import { join } from 'node:path';
import { proclabHome } from '../store/defaultDatabasePath.ts';

/** Where imported lab packs are installed: `$PROCLAB_HOME/labs`, or `~/.proclab/labs`. The desktop app uses its user-data folder instead. */
export function defaultUserLabsDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  return join(proclabHome(environment), 'labs');
}
