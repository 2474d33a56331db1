import { describe, expect, it } from 'vitest';
import { parseInetdConfiguration } from '../../../main/engines/superserver/inetdConfiguration.ts';
import { chargenLine, daytimeLine, timeBytes } from '../../../main/engines/superserver/internalServices.ts';
import { offsetPort, resolveServicePort } from '../../../main/engines/superserver/wellKnownServices.ts';

describe('inetd.conf', () => {
  it('reads named and numbered services, wait/nowait.max, internal and external handlers, and limits', () => {
    const { entries, problems } = parseInetdConfiguration(
      ['# comment', 'echo stream tcp nowait nobody internal', 'time dgram udp wait nobody internal', '9000 stream tcp nowait.40 nobody bin/rev rev -x', 'limits 9000/tcp instances=2 per_source=1 cps=5,10 only_from=127.0.0.1,10.0.0.0/8'].join('\n'),
      '/etc/lab',
    );
    expect(problems).toEqual([]);
    expect(entries.map((entry) => [entry.key, entry.port, entry.wait, entry.internal])).toEqual([
      ['echo/tcp', 7, false, 'echo'],
      ['time/udp', 37, true, 'time'],
      ['9000/tcp', 9000, false, undefined],
    ]);
    expect(entries[2]).toMatchObject({ serverPath: '/etc/lab/bin/rev', argv: ['rev', '-x'], line: 4 });
    expect(entries[2]!.limits).toEqual({ instances: 2, perSource: 1, rate: { limit: 5, windowMs: 1000, pauseMs: 10_000 }, onlyFrom: ['127.0.0.1', '10.0.0.0/8'] });
  });

  it('reports each problem with its line and column', () => {
    const { problems } = parseInetdConfiguration(
      ['echo stream udp nowait nobody internal', 'nosuch stream tcp nowait nobody internal', 'echo stream tcp sometimes nobody internal', 'http stream tcp nowait nobody internal', 'echo stream tcp', 'limits echo/udp instances=1', 'echo stream tcp nowait nobody internal', 'limits echo/tcp instances=0 colour=red'].join('\n'),
      '/',
    );
    expect(problems.map((problem) => [problem.line, problem.column])).toEqual([
      [1, 6],
      [2, 1],
      [3, 17],
      [4, 31],
      [5, 13],
      [6, 8],
      [8, 17],
      [8, 29],
    ]);
    expect(problems[0]!.message).toContain('stream does not go with protocol udp');
    expect(problems[3]!.message).toContain('not an internal service');
  });
});

describe('services table and RFC encodings', () => {
  it('names ports as /etc/services does, and moves them by an offset', () => {
    expect(resolveServicePort('echo', 'udp')).toBe(7);
    expect(resolveServicePort('sunrpc', 'tcp')).toBe(111);
    expect(resolveServicePort('portmapper', 'udp')).toBe(111);
    expect(offsetPort(7, 17_000)).toBe(17_007);
  });

  it('chargen lines are 72 characters plus CRLF, each starting one character later', () => {
    expect(chargenLine(0)).toBe(`${' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg'}\r\n`);
    expect(chargenLine(1).startsWith('!"#')).toBe(true);
    expect(chargenLine(95)).toBe(chargenLine(0));
  });

  it('time counts seconds since 1900 (RFC 868 example: 1970-01-01 is 2208988800)', () => {
    expect(timeBytes(new Date(0)).readUInt32BE(0)).toBe(2_208_988_800);
    expect(daytimeLine(new Date(Date.UTC(1982, 1, 22, 17, 37, 43)))).toBe('Monday, February 22, 1982 17:37:43-UTC\r\n');
  });
});
