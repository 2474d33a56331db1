import type { Socket } from 'node:net';

/**
 * The small services inetd answers itself ("internal"), each exactly as its RFC says, over TCP
 * (a connected socket) and UDP (one datagram in, at most one out).
 */

export const internalServiceNames = ['echo', 'discard', 'chargen', 'qotd', 'daytime', 'time'] as const;
export type InternalServiceName = (typeof internalServiceNames)[number];

export function isInternalService(name: string): name is InternalServiceName {
  return (internalServiceNames as readonly string[]).includes(name);
}

/** RFC 868: the time protocol counts seconds from 1900-01-01 00:00 UTC; Unix counts from 1970. */
export const secondsFrom1900To1970 = 2_208_988_800;

/** RFC 864: lines of 72 characters from the 95 printable ASCII characters, each line starting one later. */
const chargenLineLength = 72;
const printableCharacters = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index)).join('');

export function chargenLine(lineIndex: number): string {
  const start = lineIndex % printableCharacters.length;
  const doubled = printableCharacters + printableCharacters;
  return `${doubled.slice(start, start + chargenLineLength)}\r\n`;
}

/** One full turn of the pattern: 95 lines, after which it repeats. */
const chargenCycle = Buffer.from(Array.from({ length: printableCharacters.length }, (_, index) => chargenLine(index)).join(''), 'latin1');

/** RFC 864 over UDP: "the data may be of any length between 0 and 512 characters"; six whole lines fit. */
export function chargenDatagram(datagramIndex: number): Buffer {
  const lines = Array.from({ length: 6 }, (_, index) => chargenLine(datagramIndex + index)).join('');
  return Buffer.from(lines, 'latin1');
}

const quotes = [
  'A distributed system is one in which the failure of a computer you did not even know existed can render your own computer unusable. (Leslie Lamport)',
  'There are only two hard problems in distributed systems: 2. exactly-once delivery, 1. guaranteed order of messages, 2. exactly-once delivery. (Mathias Verraes)',
  'The network is reliable. (the first fallacy of distributed computing)',
  'A server is a process implementing a specific service on behalf of a collection of clients. (Tanenbaum and van Steen)',
];

/** RFC 865: printable ASCII, CR and LF, less than 512 characters. */
export function quoteOfTheDay(now: Date): string {
  const dayNumber = Math.floor(now.getTime() / 86_400_000);
  return `${quotes[dayNumber % quotes.length]}\r\n`;
}

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** RFC 867 suggests "Weekday, Month Day, Year Time-Zone", one line; proclab gives it in UTC. */
export function daytimeLine(now: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const time = `${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}`;
  return `${weekdays[now.getUTCDay()]}, ${months[now.getUTCMonth()]} ${now.getUTCDate()}, ${now.getUTCFullYear()} ${time}-UTC\r\n`;
}

/** RFC 868: a 32-bit binary number, big-endian, of seconds since 1900 (wraps in 2036, as the RFC's does). */
export function timeBytes(now: Date): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE((Math.floor(now.getTime() / 1000) + secondsFrom1900To1970) >>> 0);
  return bytes;
}

/** Streams the chargen pattern until the client goes away, writing only as fast as it reads. */
function streamChargen(socket: Socket): void {
  let closed = false;
  socket.on('close', () => (closed = true));
  // What the client sends is discarded (RFC 864), but it must be read, or its window fills.
  socket.on('data', () => {});
  socket.resume();
  const writeMore = (): void => {
    // Bounded: at most 64 cycles (≈450 KB) per turn, then wait for the kernel to take them.
    for (let turn = 0; turn < 64 && !closed; turn += 1) {
      if (!socket.write(chargenCycle)) {
        socket.once('drain', writeMore);
        return;
      }
    }
    if (!closed) setImmediate(writeMore);
  };
  writeMore();
}

/** Serves one TCP connection with an internal service; the socket is closed when the service is done. */
export function serveInternalStream(name: InternalServiceName, socket: Socket, clock: () => Date = () => new Date()): void {
  // A client that resets the connection is normal for these services (chargen is ended that way).
  socket.on('error', () => socket.destroy());
  switch (name) {
    case 'echo':
      // Half-close aware: when the client stops sending, echo finishes and closes its side too.
      socket.pipe(socket);
      socket.resume();
      return;
    case 'discard':
      socket.on('data', () => {});
      socket.on('end', () => socket.end());
      socket.resume();
      return;
    case 'chargen':
      streamChargen(socket);
      return;
    case 'qotd':
      answerAndClose(socket, Buffer.from(quoteOfTheDay(clock()), 'latin1'));
      return;
    case 'daytime':
      answerAndClose(socket, Buffer.from(daytimeLine(clock()), 'latin1'));
      return;
    case 'time':
      answerAndClose(socket, timeBytes(clock()));
      return;
  }
}

/** How long a one-answer service waits for the client to close after the answer. */
const lingerAfterAnswerMs = 5_000;

/**
 * qotd, daytime and time send their answer and close (the RFCs: "the server closes the connection").
 * Input is read and ignored: unread input at close would turn the FIN into a reset that can
 * destroy the answer before the client reads it.
 */
function answerAndClose(socket: Socket, answer: Buffer): void {
  socket.on('data', () => {});
  socket.resume();
  socket.end(answer);
  const timer = setTimeout(() => socket.destroy(), lingerAfterAnswerMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/** The datagram an internal service sends back for one it received, or undefined for none (discard). */
export function answerInternalDatagram(name: InternalServiceName, request: Buffer, datagramIndex: number, clock: () => Date = () => new Date()): Buffer | undefined {
  switch (name) {
    case 'echo':
      return Buffer.from(request);
    case 'discard':
      return undefined;
    case 'chargen':
      return chargenDatagram(datagramIndex);
    case 'qotd':
      return Buffer.from(quoteOfTheDay(clock()), 'latin1');
    case 'daytime':
      return Buffer.from(daytimeLine(clock()), 'latin1');
    case 'time':
      return timeBytes(clock());
  }
}
