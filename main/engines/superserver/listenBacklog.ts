import { readFileSync } from 'node:fs';

/**
 * Connections waiting in the kernel's accept queue of a listening TCP socket on this port, read
 * from /proc/net/tcp (LISTEN lines carry the queue length as rx_queue). This is how the
 * superserver sees a `wait` service become ready without accepting a connection itself; undefined
 * where /proc does not tell.
 */
export function pendingConnections(port: number, ipVersion: 4 | 6): number | undefined {
  let table: string;
  try {
    table = readFileSync(ipVersion === 6 ? '/proc/net/tcp6' : '/proc/net/tcp', 'utf8');
  } catch {
    return undefined;
  }
  const portSuffix = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const listenState = '0A';
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1]?.endsWith(portSuffix) && fields[3] === listenState) {
      return Number.parseInt(fields[4]?.split(':')[1] ?? '0', 16);
    }
  }
  return undefined;
}

/** Bytes of datagrams waiting on a bound UDP socket on this port, read from /proc/net/udp. */
export function pendingDatagramBytes(port: number, ipVersion: 4 | 6): number | undefined {
  let table: string;
  try {
    table = readFileSync(ipVersion === 6 ? '/proc/net/udp6' : '/proc/net/udp', 'utf8');
  } catch {
    return undefined;
  }
  const portSuffix = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1]?.endsWith(portSuffix)) return Number.parseInt(fields[4]?.split(':')[1] ?? '0', 16);
  }
  return undefined;
}
