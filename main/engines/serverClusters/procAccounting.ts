// What the kernel says about a tier's process, read from /proc by pid from outside it: CPU time
// (all its threads), bytes it moved through read/write system calls, and which process holds the
// descriptor of each TCP connection.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Linux reports CPU time in ticks of 1/USER_HZ s; USER_HZ is 100 on every Linux build in use. */
const ticksPerSecond = 100;

export interface ProcessSnapshot {
  /**
   * CPU time of every thread, in microseconds: the sum of /proc/PID/task/TID/schedstat (the
   * scheduler's nanosecond count), or utime + stime of /proc/PID/stat (10 ms ticks) without it.
   */
  cpuUs: number;
  /** rchar and wchar of /proc/PID/io: bytes passed through read and write calls (sockets included). */
  bytesRead: number;
  bytesWritten: number;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Nanoseconds on a CPU of every thread of `pid` (threads that already ended are not counted). */
function scheduledNanoseconds(pid: number): number | undefined {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let total = 0;
  for (const thread of threads) {
    const text = readText(`/proc/${pid}/task/${thread}/schedstat`);
    const value = Number(text?.split(' ')[0]);
    if (text === undefined || !Number.isFinite(value)) return undefined;
    total += value;
  }
  return total;
}

export function snapshotProcess(pid: number): ProcessSnapshot {
  const scheduled = scheduledNanoseconds(pid);
  const stat = readText(`/proc/${pid}/stat`) ?? '';
  // Fields are counted from the last ')': the command name may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const io = readText(`/proc/${pid}/io`) ?? '';
  const ioField = (name: string): number => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? 0);
  const tickUs = Number.isFinite(ticks) ? (ticks * 1_000_000) / ticksPerSecond : 0;
  return { cpuUs: scheduled === undefined ? tickUs : scheduled / 1000, bytesRead: ioField('rchar'), bytesWritten: ioField('wchar') };
}

export function processDelta(before: ProcessSnapshot, after: ProcessSnapshot): ProcessSnapshot {
  return { cpuUs: after.cpuUs - before.cpuUs, bytesRead: after.bytesRead - before.bytesRead, bytesWritten: after.bytesWritten - before.bytesWritten };
}

/** `127.0.2.1` as /proc/net/tcp writes it on a little-endian machine: `0102007F`. */
export function procNetAddress(host: string): string {
  return host
    .split('.')
    .map((part) => Number(part).toString(16).toUpperCase().padStart(2, '0'))
    .reverse()
    .join('');
}

/** Socket inodes of established connections whose local end is host:port (the accepted side). */
export function establishedInodes(host: string, port: number, tcpTable = readText('/proc/net/tcp') ?? ''): number[] {
  const local = `${procNetAddress(host)}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const inodes: number[] = [];
  for (const line of tcpTable.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
    if (fields[1] === local && fields[3] === '01') inodes.push(Number(fields[9]));
  }
  return inodes.filter((inode) => inode > 0);
}

/** Socket inodes a process holds descriptors for. */
export function socketInodesOf(pid: number): Set<number> {
  const inodes = new Set<number>();
  let descriptors: string[] = [];
  try {
    descriptors = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const descriptor of descriptors) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${descriptor}`));
      if (match) inodes.add(Number(match[1]));
    } catch {
      // Closed between the listing and the read.
    }
  }
  return inodes;
}

export interface DescriptorHolders {
  /** Client connections open on the dispatcher's address at the moment of the look. */
  clientConnections: number;
  /** Of those, how many the dispatcher process holds a descriptor for. */
  heldByDispatcher: number;
  /** ...and how many an application server process holds. */
  heldByServers: number;
}

export function descriptorHolders(host: string, port: number, dispatcherPid: number, serverPids: readonly number[]): DescriptorHolders {
  // Connections come and go while the descriptors are read: count only those open both before
  // and after, which some process must have held throughout.
  const openBefore = new Set(establishedInodes(host, port));
  const dispatcher = socketInodesOf(dispatcherPid);
  const servers = serverPids.map(socketInodesOf);
  const connections = establishedInodes(host, port).filter((inode) => openBefore.has(inode));
  return {
    clientConnections: connections.length,
    heldByDispatcher: connections.filter((inode) => dispatcher.has(inode)).length,
    heldByServers: connections.filter((inode) => servers.some((held) => held.has(inode))).length,
  };
}
