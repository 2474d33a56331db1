// Ports for servers that are killed and started again on the same port. A port the kernel hands
// out for `listen(0)` comes from the ephemeral range, the same range it picks the local ports of
// outgoing connections from; while such a server is down, a client that keeps connecting to its
// port can be given that very port as its own local port, and on loopback the connection then
// connects to itself (TCP simultaneous open) and holds the port — the restart fails with
// EADDRINUSE. A port below the ephemeral range is never handed to an outgoing connection.
import { readFileSync } from 'node:fs';

/** Linux's default, where /proc does not say. */
const defaultEphemeralRange = { low: 32_768, high: 60_999 };
const lowestPort = 10_000;

export function ephemeralPortRange(): { low: number; high: number } {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low! > 0 && high! >= low!) return { low: low!, high: high! };
  } catch {
    // Not Linux, or /proc is not mounted.
  }
  return defaultEphemeralRange;
}

/** A port below the ephemeral range to try listening on (the caller retries another if it is taken). */
export function portBelowEphemeralRange(random: () => number = Math.random): number {
  const { low } = ephemeralPortRange();
  const highest = Math.max(lowestPort + 1_000, low - 1);
  return lowestPort + Math.floor(random() * (highest - lowestPort + 1));
}

export const isAddressInUse = (message: string): boolean => /EADDRINUSE/.test(message);
