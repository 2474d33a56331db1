import type { Socket } from 'node:net';

export interface TrafficCount {
  /** Bytes this process read from the sockets (the kernel's count for each socket handle). */
  bytesIn: number;
  bytesOut: number;
  /** Sockets that carried at least one byte since the last reset. */
  connections: number;
}

interface Tracked {
  readAtReset: number;
  writtenAtReset: number;
}

/**
 * Bytes a process moved through a set of its sockets, counted from each socket's own byte
 * counters (`bytesRead`, `bytesWritten`: what this process read from and wrote to the kernel),
 * including sockets still open when it is asked. A socket handed in by another process counts
 * only what crosses it here, not the bytes the other process read before passing it on.
 */
export class SocketTraffic {
  private readonly open = new Map<Socket, Tracked>();
  private closed: TrafficCount = { bytesIn: 0, bytesOut: 0, connections: 0 };

  add(socket: Socket): void {
    this.open.set(socket, { readAtReset: 0, writtenAtReset: 0 });
    socket.once('close', () => {
      const tracked = this.open.get(socket);
      if (tracked === undefined) return;
      this.open.delete(socket);
      const count = this.countOf(socket, tracked);
      this.closed = { bytesIn: this.closed.bytesIn + count.bytesIn, bytesOut: this.closed.bytesOut + count.bytesOut, connections: this.closed.connections + count.connections };
    });
  }

  snapshot(): TrafficCount {
    const total = { ...this.closed };
    for (const [socket, tracked] of this.open) {
      const count = this.countOf(socket, tracked);
      total.bytesIn += count.bytesIn;
      total.bytesOut += count.bytesOut;
      total.connections += count.connections;
    }
    return total;
  }

  /** From now on: sockets already open count only what they carry after this. */
  reset(): void {
    this.closed = { bytesIn: 0, bytesOut: 0, connections: 0 };
    for (const [socket, tracked] of this.open) {
      tracked.readAtReset = socket.bytesRead;
      tracked.writtenAtReset = socket.bytesWritten;
    }
  }

  private countOf(socket: Socket, tracked: Tracked): TrafficCount {
    const bytesIn = Math.max(0, socket.bytesRead - tracked.readAtReset);
    // bytesWritten includes bytes still queued in this process; they are on their way out.
    const bytesOut = Math.max(0, socket.bytesWritten - tracked.writtenAtReset);
    return { bytesIn, bytesOut, connections: bytesIn + bytesOut > 0 ? 1 : 0 };
  }
}
