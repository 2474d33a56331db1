import { isAbsolute, resolve } from 'node:path';
import { isIP } from 'node:net';
import { isInternalService, type InternalServiceName } from './internalServices.ts';
import { findServiceByName, findServiceByPort, type TransportProtocol } from './wellKnownServices.ts';

/**
 * inetd.conf, one service per line, as inetd(8) reads it:
 *
 *   service socket-type protocol wait|nowait[.max] user server-path [argv0 args...]
 *
 * plus proclab's one extension, xinetd's limits for a service already configured:
 *
 *   limits service/protocol [instances=N] [per_source=N] [cps=RATE,WAIT_SECONDS] [only_from=ADDR[/BITS],...]
 *
 * `.max` keeps openbsd-inetd's meaning: at most that many handlers started in 60 s, else the
 * service is stopped for 10 minutes ("looping").
 */

export interface ConnectionRate {
  /** Most connections accepted within `windowMs`. */
  limit: number;
  windowMs: number;
  /** How long the service stays deactivated once the limit is passed. */
  pauseMs: number;
}

export interface ServiceLimits {
  /** Most handlers (or connections to an internal service) at once; xinetd's `instances`. */
  instances?: number;
  /** Most at once from one source address; xinetd's `per_source`. */
  perSource?: number;
  /** xinetd's `cps` (per second) or inetd's `.max` (per minute). */
  rate?: ConnectionRate;
  /** Source addresses or networks allowed; xinetd's `only_from` (everyone when absent). */
  onlyFrom?: string[];
}

export interface InetdEntry {
  /** `echo/tcp`: how limits lines and logs name the entry. */
  key: string;
  service: string;
  port: number;
  socketType: 'stream' | 'dgram';
  protocol: TransportProtocol;
  ipVersion: 4 | 6;
  wait: boolean;
  user: string;
  /** Set for `internal`; otherwise the handler runs `serverPath` with `argv`. */
  internal?: InternalServiceName;
  serverPath: string;
  argv: string[];
  limits: ServiceLimits;
  line: number;
}

export interface ConfigurationProblem {
  line: number;
  column: number;
  message: string;
}

export interface InetdConfiguration {
  entries: InetdEntry[];
  problems: ConfigurationProblem[];
}

export class InetdConfigurationError extends Error {
  override readonly name = 'InetdConfigurationError';
  readonly problems: ConfigurationProblem[];
  constructor(file: string, problems: ConfigurationProblem[]) {
    super(problems.map((problem) => `${file}:${problem.line}:${problem.column}: ${problem.message}`).join('\n'));
    this.problems = problems;
  }
}

interface Token {
  text: string;
  column: number;
}

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  for (const match of line.matchAll(/\S+/g)) tokens.push({ text: match[0], column: (match.index ?? 0) + 1 });
  return tokens;
}

const protocols: Record<string, { protocol: TransportProtocol; ipVersion: 4 | 6 }> = {
  tcp: { protocol: 'tcp', ipVersion: 4 },
  tcp4: { protocol: 'tcp', ipVersion: 4 },
  tcp6: { protocol: 'tcp', ipVersion: 6 },
  udp: { protocol: 'udp', ipVersion: 4 },
  udp4: { protocol: 'udp', ipVersion: 4 },
  udp6: { protocol: 'udp', ipVersion: 6 },
};

function positiveInteger(text: string): number | undefined {
  return /^\d{1,9}$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
}

function validAddressPattern(text: string): boolean {
  const [address = '', bits] = text.split('/');
  const version = isIP(address);
  if (version === 0) return false;
  if (bits === undefined) return true;
  const count = Number(bits);
  return /^\d+$/.test(bits) && count <= (version === 4 ? 32 : 128);
}

/** Parses inetd.conf text; `directory` resolves relative server paths (inetd itself wants absolute ones). */
export function parseInetdConfiguration(text: string, directory: string): InetdConfiguration {
  const entries: InetdEntry[] = [];
  const problems: ConfigurationProblem[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, rawLine] of lines.entries()) {
    const lineNumber = index + 1;
    const line = rawLine.replace(/#.*$/, '');
    const tokens = tokenize(line);
    if (tokens.length === 0) continue;
    const problem = (token: Token | undefined, message: string) => problems.push({ line: lineNumber, column: token?.column ?? rawLine.length + 1, message });
    if (tokens[0]!.text === 'limits') {
      parseLimitsLine(tokens, entries, problem);
      continue;
    }
    if (tokens.length < 6) {
      problem(tokens[tokens.length - 1], `expected "service socket-type protocol wait|nowait user server-path [args]", found ${tokens.length} field(s)`);
      continue;
    }
    const [serviceToken, socketToken, protocolToken, waitToken, userToken, pathToken, ...argumentTokens] = tokens as [Token, Token, Token, Token, Token, Token, ...Token[]];
    const transport = protocols[protocolToken.text];
    if (transport === undefined) {
      problem(protocolToken, `unknown protocol "${protocolToken.text}"; use tcp, udp, tcp6 or udp6`);
      continue;
    }
    if (socketToken.text !== 'stream' && socketToken.text !== 'dgram') {
      problem(socketToken, `unknown socket type "${socketToken.text}"; use stream (tcp) or dgram (udp)`);
      continue;
    }
    if ((socketToken.text === 'stream') !== (transport.protocol === 'tcp')) {
      problem(socketToken, `socket type ${socketToken.text} does not go with protocol ${protocolToken.text} (stream is tcp, dgram is udp)`);
      continue;
    }
    let service = serviceToken.text;
    let port: number;
    if (/^\d+$/.test(service)) {
      port = Number(service);
      if (port < 1 || port > 65535) {
        problem(serviceToken, `port ${service} is outside 1–65535`);
        continue;
      }
      service = findServiceByPort(port, transport.protocol)?.name ?? service;
    } else {
      const known = findServiceByName(service, transport.protocol);
      if (known === undefined) {
        problem(serviceToken, `unknown service "${service}/${transport.protocol}"; name one from the services table or give a port number`);
        continue;
      }
      service = known.name;
      port = known.port;
    }
    const waitMatch = /^(wait|nowait)(?:\.(\d+))?$/.exec(waitToken.text);
    if (waitMatch === null) {
      problem(waitToken, `expected wait, nowait or nowait.MAX, found "${waitToken.text}"`);
      continue;
    }
    const limits: ServiceLimits = {};
    if (waitMatch[2] !== undefined) {
      const perMinute = positiveInteger(waitMatch[2]);
      if (perMinute === undefined) {
        problem(waitToken, `the .max of "${waitToken.text}" must be a whole number above 0`);
        continue;
      }
      limits.rate = { limit: perMinute, windowMs: 60_000, pauseMs: 600_000 };
    }
    const internal = pathToken.text === 'internal';
    if (internal && !isInternalService(service)) {
      problem(pathToken, `"${service}" is not an internal service; internal ones are echo, discard, chargen, qotd, daytime and time`);
      continue;
    }
    if (!internal && transport.protocol === 'udp' && waitMatch[1] !== 'wait') {
      problem(waitToken, 'an external dgram (udp) service must be "wait": its server gets the socket and reads the datagrams itself');
      continue;
    }
    const key = `${service}/${transport.protocol}${transport.ipVersion === 6 ? '6' : ''}`;
    if (entries.some((entry) => entry.key === key)) {
      problem(serviceToken, `${key} is configured twice`);
      continue;
    }
    const serverPath = internal ? 'internal' : isAbsolute(pathToken.text) ? pathToken.text : resolve(directory, pathToken.text);
    const argv = argumentTokens.map((token) => token.text);
    entries.push({
      key,
      service,
      port,
      socketType: socketToken.text,
      protocol: transport.protocol,
      ipVersion: transport.ipVersion,
      wait: waitMatch[1] === 'wait',
      user: userToken.text,
      internal: internal ? (service as InternalServiceName) : undefined,
      serverPath,
      argv: argv.length > 0 ? argv : [serverPath],
      limits,
      line: lineNumber,
    });
  }
  return { entries, problems };
}

function parseLimitsLine(tokens: Token[], entries: InetdEntry[], problem: (token: Token | undefined, message: string) => void): void {
  const target = tokens[1];
  const entry = entries.find((candidate) => candidate.key === target?.text);
  if (target === undefined || entry === undefined) {
    problem(target, `limits needs a service configured above it, as service/protocol (e.g. echo/tcp), found "${target?.text ?? ''}"`);
    return;
  }
  for (const token of tokens.slice(2)) {
    const [key = '', value = ''] = token.text.split('=', 2);
    if (key === 'instances' || key === 'per_source') {
      const count = positiveInteger(value);
      if (count === undefined) problem(token, `${key} must be a whole number above 0, found "${value}"`);
      else if (key === 'instances') entry.limits.instances = count;
      else entry.limits.perSource = count;
    } else if (key === 'cps') {
      const [rate, waitSeconds] = value.split(',').map(positiveInteger);
      if (rate === undefined || waitSeconds === undefined) problem(token, `cps needs RATE,WAIT_SECONDS (connections per second, seconds deactivated), found "${value}"`);
      else entry.limits.rate = { limit: rate, windowMs: 1_000, pauseMs: waitSeconds * 1_000 };
    } else if (key === 'only_from') {
      const patterns = value.split(',').filter((pattern) => pattern !== '');
      const invalid = patterns.find((pattern) => !validAddressPattern(pattern));
      if (patterns.length === 0 || invalid !== undefined) problem(token, `only_from needs addresses or networks like 127.0.0.1 or 10.0.0.0/8, found "${invalid ?? value}"`);
      else entry.limits.onlyFrom = patterns;
    } else {
      problem(token, `unknown limit "${key}"; use instances, per_source, cps or only_from`);
    }
  }
}
