import { describe, expect, it } from 'vitest';
import { HttpRequestParser, type HttpParseResult } from '../../../main/http/httpRequestParser.ts';

function feed(parser: HttpRequestParser, ...pieces: string[]): HttpParseResult {
  const all: HttpParseResult = { requests: [] };
  for (const piece of pieces) {
    const result = parser.push(Buffer.from(piece, 'latin1'));
    all.requests.push(...result.requests);
    if (result.error !== undefined) all.error = result.error;
  }
  return all;
}

const simpleGet = 'GET /hello?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: test\r\n\r\n';

describe('HttpRequestParser', () => {
  it('parses a request line and headers, keep-alive by default in HTTP/1.1', () => {
    const { requests, error } = feed(new HttpRequestParser(), simpleGet);
    expect(error).toBeUndefined();
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request).toMatchObject({ method: 'GET', target: '/hello?x=1', version: '1.1', bodyLength: 0, keepAlive: true });
    expect(request!.headers.get('host')).toBe('127.0.0.1:8080');
    expect(request!.headers.get('user-agent')).toBe('test');
  });

  it('keeps its place when bytes arrive one at a time', () => {
    const parser = new HttpRequestParser();
    const text = 'POST /submit HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello' + simpleGet;
    const result = feed(parser, ...text.split(''));
    expect(result.error).toBeUndefined();
    expect(result.requests.map((request) => [request.method, request.bodyLength])).toEqual([
      ['POST', 5],
      ['GET', 0],
    ]);
  });

  it('returns pipelined requests in order, holding back an incomplete one', () => {
    const parser = new HttpRequestParser();
    const first = parser.push(Buffer.from(simpleGet + simpleGet.replace('/hello?x=1', '/second') + 'GET /third HTTP/1.1\r\nHo', 'latin1'));
    expect(first.requests.map((request) => request.target)).toEqual(['/hello?x=1', '/second']);
    expect(parser.midRequest).toBe(true);
    const rest = parser.push(Buffer.from('st: a\r\n\r\n', 'latin1'));
    expect(rest.requests.map((request) => request.target)).toEqual(['/third']);
    expect(parser.midRequest).toBe(false);
  });

  it('reads a Content-Length body split across pieces and does not take it for a request', () => {
    const parser = new HttpRequestParser();
    const result = feed(parser, 'PUT /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nGET / HTT', 'P', simpleGet);
    expect(result.error).toBeUndefined();
    expect(result.requests.map((request) => [request.method, request.bodyLength])).toEqual([
      ['PUT', 10],
      ['GET', 0],
    ]);
  });

  it('honours Connection: close in HTTP/1.1 and Connection: keep-alive in HTTP/1.0', () => {
    const result = feed(
      new HttpRequestParser(),
      'GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n',
      'GET / HTTP/1.0\r\n\r\n',
      'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n',
    );
    expect(result.requests.map((request) => request.keepAlive)).toEqual([false, false, true]);
  });

  it('accepts bare LF line ends and empty lines before a request', () => {
    const result = feed(new HttpRequestParser(), '\r\n\nGET / HTTP/1.1\nHost: a\n\n');
    expect(result.error).toBeUndefined();
    expect(result.requests).toHaveLength(1);
  });

  it('joins repeated headers and lower-cases names', () => {
    const { requests } = feed(new HttpRequestParser(), 'GET / HTTP/1.1\r\nHOST: a\r\nAccept: text/html\r\naccept: */*\r\n\r\n');
    expect(requests[0]!.headers.get('accept')).toBe('text/html, */*');
  });

  for (const [what, text, status] of [
    ['a request line with two parts', 'GET /\r\n\r\n', 400],
    ['a request line with extra spaces', 'GET  / HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['a bad method', 'G(T / HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['a bad version', 'GET / HTTX/1.1\r\nHost: a\r\n\r\n', 400],
    ['HTTP/2 in text', 'GET / HTTP/2.0\r\nHost: a\r\n\r\n', 505],
    ['a header without colon', 'GET / HTTP/1.1\r\nHost a\r\n\r\n', 400],
    ['space before the colon', 'GET / HTTP/1.1\r\nHost : a\r\n\r\n', 400],
    ['folded header lines', 'GET / HTTP/1.1\r\nHost: a\r\n  b\r\n\r\n', 400],
    ['HTTP/1.1 without Host', 'GET / HTTP/1.1\r\n\r\n', 400],
    ['a non-numeric Content-Length', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n', 400],
    ['conflicting Content-Lengths', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', 400],
    ['a chunked body', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n', 501],
    ['a huge body', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 999999999\r\n\r\n', 413],
    ['an endless request line', `GET /${'a'.repeat(9000)}`, 414],
  ] as const) {
    it(`refuses ${what} with ${status}`, () => {
      const parser = new HttpRequestParser();
      const result = feed(parser, text);
      expect(result.requests).toHaveLength(0);
      expect(result.error?.status).toBe(status);
      // Once failed, the connection is done: later bytes are ignored.
      expect(feed(parser, simpleGet).requests).toHaveLength(0);
    });
  }

  it('answers the requests before a malformed one', () => {
    const result = feed(new HttpRequestParser(), simpleGet + 'BROKEN\r\n\r\n');
    expect(result.requests).toHaveLength(1);
    expect(result.error?.status).toBe(400);
  });

  it('accepts identical repeated Content-Length values', () => {
    const result = feed(new HttpRequestParser(), 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc');
    expect(result.error).toBeUndefined();
    expect(result.requests[0]!.bodyLength).toBe(3);
  });
});
