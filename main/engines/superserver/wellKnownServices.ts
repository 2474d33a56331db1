/**
 * The well-known services, as `/etc/services` lists them: a name is bound to a port and a
 * transport protocol. Every place in proclab that names a service (inetd.conf, the labs, the
 * port mapper) looks it up here, so "echo" means port 7 everywhere.
 */

export type TransportProtocol = 'tcp' | 'udp';

export interface WellKnownService {
  name: string;
  port: number;
  protocols: readonly TransportProtocol[];
  aliases: readonly string[];
  description: string;
  /** The RFC that defines the service, when there is one proclab follows. */
  rfc?: number;
}

const both: readonly TransportProtocol[] = ['tcp', 'udp'];

export const wellKnownServices: readonly WellKnownService[] = [
  { name: 'echo', port: 7, protocols: both, aliases: [], description: 'Echo: sends back what it receives', rfc: 862 },
  { name: 'discard', port: 9, protocols: both, aliases: ['sink', 'null'], description: 'Discard: throws away what it receives', rfc: 863 },
  { name: 'daytime', port: 13, protocols: both, aliases: [], description: 'Daytime: the date and time as one line of text', rfc: 867 },
  { name: 'qotd', port: 17, protocols: both, aliases: ['quote'], description: 'Quote of the day', rfc: 865 },
  { name: 'chargen', port: 19, protocols: both, aliases: ['ttytst', 'source'], description: 'Character generator', rfc: 864 },
  { name: 'ftp-data', port: 20, protocols: ['tcp'], aliases: [], description: 'File Transfer [Default Data]' },
  { name: 'ftp', port: 21, protocols: ['tcp'], aliases: [], description: 'File Transfer [Control]' },
  { name: 'ssh', port: 22, protocols: ['tcp'], aliases: [], description: 'Secure Shell' },
  { name: 'telnet', port: 23, protocols: ['tcp'], aliases: [], description: 'Telnet' },
  { name: 'smtp', port: 25, protocols: ['tcp'], aliases: ['mail'], description: 'Simple Mail Transfer' },
  { name: 'time', port: 37, protocols: both, aliases: ['timserver'], description: 'Time: seconds since 1900 as 32 bits', rfc: 868 },
  { name: 'login', port: 49, protocols: ['tcp'], aliases: ['tacacs'], description: 'Login Host Protocol' },
  { name: 'domain', port: 53, protocols: both, aliases: [], description: 'Domain Name System' },
  { name: 'http', port: 80, protocols: ['tcp'], aliases: ['www'], description: 'World Wide Web HTTP' },
  { name: 'sunrpc', port: 111, protocols: both, aliases: ['portmapper', 'rpcbind'], description: 'SUN RPC (portmapper)', rfc: 1833 },
  { name: 'courier', port: 530, protocols: ['tcp'], aliases: ['rpc'], description: 'Xerox RPC' },
];

/** The service with this name or alias that runs over `protocol`, or undefined. */
export function findServiceByName(name: string, protocol: TransportProtocol): WellKnownService | undefined {
  const wanted = name.toLowerCase();
  return wellKnownServices.find((service) => (service.name === wanted || service.aliases.includes(wanted)) && service.protocols.includes(protocol));
}

/** The service on `port` over `protocol`, or undefined. */
export function findServiceByPort(port: number, protocol: TransportProtocol): WellKnownService | undefined {
  return wellKnownServices.find((service) => service.port === port && service.protocols.includes(protocol));
}

/** The port a name or a number stands for (`echo` → 7, `7001` → 7001), or undefined. */
export function resolveServicePort(nameOrNumber: string, protocol: TransportProtocol): number | undefined {
  if (/^\d+$/.test(nameOrNumber)) {
    const port = Number(nameOrNumber);
    return port >= 1 && port <= 65535 ? port : undefined;
  }
  return findServiceByName(nameOrNumber, protocol)?.port;
}

/**
 * Well-known ports below 1024 need root. A port offset moves them into the unprivileged range
 * (offset 17000: echo 7 → 17007) so students run everything as themselves.
 */
export function offsetPort(port: number, portOffset: number): number {
  const moved = port + portOffset;
  if (moved < 1 || moved > 65535) throw new RangeError(`port ${port} + offset ${portOffset} = ${moved} is outside 1–65535`);
  return moved;
}
