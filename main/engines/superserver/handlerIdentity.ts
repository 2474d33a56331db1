import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';

/**
 * Whom a service's handlers run as. inetd.conf's user field (`user`, `user:group` or `user.group`)
 * is applied as inetd applies it: only a superserver running as root can change to another user,
 * and then every handler of the service runs as that user and group. A superserver that is not
 * root runs handlers as its own user, and says once that the field is ignored.
 */
export type HandlerIdentity =
  /** Handlers run as proclab's own user: nothing to change. */
  | { kind: 'own' }
  /** proclab is root and the service names another user: handlers change to it. */
  | { kind: 'switch'; user: string; uid: number; gid: number }
  /** proclab is not root, so the configured user cannot be applied. */
  | { kind: 'ignored'; warning: string }
  /** The user or group does not exist: the service cannot be started. */
  | { kind: 'unknown'; problem: string };

interface AccountEntry {
  name: string;
  id: number;
  /** The primary group of a user. */
  groupId?: number;
}

function parseAccounts(text: string, withGroup: boolean): AccountEntry[] {
  const entries: AccountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 4 || fields[0] === '') continue;
    const entry: AccountEntry = { name: fields[0]!, id: Number(fields[2]) };
    if (withGroup) entry.groupId = Number(fields[3]);
    if (Number.isInteger(entry.id)) entries.push(entry);
  }
  return entries;
}

/** Looks a user or group up in /etc/passwd or /etc/group, then through NSS (`getent`) for one kept elsewhere. */
function lookUp(database: 'passwd' | 'group', name: string): AccountEntry | undefined {
  const withGroup = database === 'passwd';
  const matches = (entry: AccountEntry): boolean => entry.name === name || (/^\d+$/.test(name) && entry.id === Number(name));
  try {
    const found = parseAccounts(readFileSync(`/etc/${database}`, 'utf8'), withGroup).find(matches);
    if (found !== undefined) return found;
  } catch {
    // no such file here: ask NSS
  }
  const answer = spawnSync('getent', [database, name], { encoding: 'utf8', timeout: 5_000 });
  if (answer.status !== 0) return /^\d+$/.test(name) ? { name, id: Number(name), ...(withGroup ? { groupId: Number(name) } : {}) } : undefined;
  return parseAccounts(answer.stdout, withGroup).find(matches);
}

function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function ownUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? '');
  }
}

/** Whom the handlers of a service with this user field run as, here and now. */
export function handlerIdentity(userField: string, serviceKey: string): HandlerIdentity {
  let [userName = '', groupName] = userField.split(':', 2) as [string, string | undefined];
  if (!runningAsRoot()) {
    const own = ownUserName();
    const named = userField.split(/[:.]/, 1)[0]!;
    if ([userName, named].some((name) => name === own || (/^\d+$/.test(name) && Number(name) === process.getuid?.()))) return { kind: 'own' };
    return {
      kind: 'ignored',
      warning: `${serviceKey}: handlers run as ${own}, not as the configured user "${userField}": only a superserver running as root can change user`,
    };
  }
  let user = lookUp('passwd', userName);
  // The older spelling, `user.group`, for a name that is not a user with a dot in it.
  if (user === undefined && groupName === undefined && userName.includes('.')) {
    [userName = '', groupName] = userName.split('.', 2) as [string, string | undefined];
    user = lookUp('passwd', userName);
  }
  if (user === undefined) return { kind: 'unknown', problem: `${serviceKey}: there is no user "${userName}" on this system` };
  let gid = user.groupId ?? user.id;
  if (groupName !== undefined && groupName !== '') {
    const group = lookUp('group', groupName);
    if (group === undefined) return { kind: 'unknown', problem: `${serviceKey}: there is no group "${groupName}" on this system` };
    gid = group.id;
  }
  if (user.id === 0 && gid === 0) return { kind: 'own' };
  return { kind: 'switch', user: userField, uid: user.id, gid };
}
