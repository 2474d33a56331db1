import { readdirSync, readFileSync } from 'node:fs';

/** O_CLOEXEC in the octal `flags:` line of /proc/PID/fdinfo/FD (Linux). */
const closeOnExecFlag = 0o2000000;

/**
 * This process's descriptors above 2 that a program it starts would inherit: the ones without
 * close-on-exec. Node opens everything close-on-exec, so these came from whoever started proclab
 * (a shell's `3>file`, a test runner, an IDE); a handler must not get them, as it gets nothing
 * from inetd but its connection on 0, 1 and 2. Empty where /proc cannot tell.
 */
export function descriptorsWithoutCloseOnExec(): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc/self/fd');
  } catch {
    return [];
  }
  const inherited: number[] = [];
  for (const entry of entries) {
    const fd = Number(entry);
    if (!Number.isInteger(fd) || fd <= 2) continue;
    let info: string;
    try {
      info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
    } catch {
      continue; // the directory listing's own descriptor, closed by now
    }
    const flags = /^flags:\s*([0-7]+)/m.exec(info);
    if (flags !== null && (Number.parseInt(flags[1]!, 8) & closeOnExecFlag) === 0) inherited.push(fd);
  }
  return inherited;
}
