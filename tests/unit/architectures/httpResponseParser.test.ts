import { describe, expect, it } from 'vitest';
import { HttpResponseParser } from '../../../main/measure/httpLoad/httpResponseParser.ts';
import { encodeHttpResponse } from '../../../main/http/httpResponse.ts';

const ok = (body: string, keepAlive = true): Buffer =>
  encodeHttpResponse({ status: 200, body: Buffer.from(body), keepAlive, serverName: 'test' });

describe('HttpResponseParser', () => {
  it('reads responses the servers write, whole or byte by byte', () => {
    const bytes = Buffer.concat([ok('hello'), ok(''), ok('bye', false)]);
    const whole = new HttpResponseParser().push(bytes);
    expect(whole.error).toBeUndefined();
    expect(whole.responses).toEqual([
      { status: 200, closeAfter: false },
      { status: 200, closeAfter: false },
      { status: 200, closeAfter: true },
    ]);
    const parser = new HttpResponseParser();
    const pieces = [...bytes].flatMap((byte) => parser.push(Buffer.from([byte])).responses);
    expect(pieces).toEqual(whole.responses);
  });

  it('reports error statuses and knows when a response is cut short', () => {
    const parser = new HttpResponseParser();
    const bytes = encodeHttpResponse({ status: 503, body: Buffer.from('full'), keepAlive: false, serverName: 'test' });
    expect(parser.push(bytes.subarray(0, bytes.length - 2)).responses).toEqual([]);
    expect(parser.midResponse).toBe(true);
    expect(parser.push(bytes.subarray(bytes.length - 2)).responses).toEqual([{ status: 503, closeAfter: true }]);
    expect(parser.midResponse).toBe(false);
  });

  it('refuses what it cannot frame', () => {
    expect(new HttpResponseParser().push(Buffer.from('garbage\r\n')).error).toMatch(/status line/);
    expect(new HttpResponseParser().push(Buffer.from('HTTP/1.1 200 OK\r\n\r\n')).error).toMatch(/Content-Length/);
    expect(new HttpResponseParser().push(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n')).responses).toHaveLength(1);
  });
});

describe('the response parser’s fast paths', () => {
  it('reads the status and the framing headers whatever their case, and skips the others', () => {
    const parser = new HttpResponseParser();
    const text =
      'HTTP/1.1 503 Service Unavailable\r\nServer: x\r\ncontent-type: a\r\nCONTENT-LENGTH: 3\r\nconnection: close\r\nX-Long-Header-Name-Here: y\r\n\r\nabc' +
      'HTTP/1.0 200\r\nContent-Length: 0\r\n\r\n';
    const result = parser.push(Buffer.from(text, 'latin1'));
    expect(result.error).toBeUndefined();
    expect(result.responses).toEqual([
      { status: 503, closeAfter: true },
      { status: 200, closeAfter: true },
    ]);
  });

  it('still refuses a malformed status line or a header line without a colon', () => {
    expect(new HttpResponseParser().push(Buffer.from('HTTP/1.1 20x OK\r\n\r\n')).error).toMatch(/malformed status line/);
    expect(new HttpResponseParser().push(Buffer.from('HTTP/1.1 200 OK\r\nServer x\r\n\r\n')).error).toMatch(/malformed header line/);
    expect(new HttpResponseParser().push(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n')).error).toMatch(/chunked/);
  });
});
