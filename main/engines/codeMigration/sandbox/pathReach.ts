// Why a user cannot reach a file: the first folder on its path that the user may not enter, or the
// file itself when the user may not read it. Used to say in words why a sandbox that runs as the
// user nobody could not start, instead of a bare exit code.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

function permissionText(mode: number): string {
  const bits = 'rwxrwxrwx';
  return [...bits].map((letter, index) => ((mode >> (8 - index)) & 1 ? letter : '-')).join('');
}

// The sandbox's user runs with the group of the same number and no other groups (setpriv
// --regid=N --clear-groups), so its group rights apply only where the group id is that number.
function allows(mode: number, ownerId: number, groupId: number, uid: number, right: number): boolean {
  if (ownerId === uid) return ((mode >> 6) & right) === right;
  if (groupId === uid) return ((mode >> 3) & right) === right;
  return (mode & right) === right;
}

/** A description of what stops `uid` reading `path` (`/root (drwx------, owner 0)`), or undefined when nothing visible does. */
export function unreachableFor(path: string, uid: number): string | undefined {
  const target = resolve(path);
  const folders: string[] = [];
  for (let folder = dirname(target); ; folder = dirname(folder)) {
    folders.unshift(folder);
    if (dirname(folder) === folder) break;
  }
  try {
    for (const folder of folders) {
      const stat = statSync(folder);
      if (!allows(stat.mode, stat.uid, stat.gid, uid, 0o1)) return `${folder} (d${permissionText(stat.mode)}, owner uid ${stat.uid}), on the way to ${target}`;
    }
    const stat = statSync(target);
    if (!allows(stat.mode, stat.uid, stat.gid, uid, 0o4)) return `${target} (${permissionText(stat.mode)}, owner uid ${stat.uid})`;
  } catch (error) {
    return `${target} (${(error as Error).message})`;
  }
  return undefined;
}
