// The load generator's side of HTTP/1.1: a per-connection state machine over the bytes a server
// sends back (status line, headers, a Content-Length body), so responses split across TCP
// segments, or several in one segment, come out whole and in order.

export interface HttpResponseHead {
  status: number;
  /** The server will close the connection after this response. */
  closeAfter: boolean;
}

export type ResponseParseResult = { responses: HttpResponseHead[]; error?: string };

type ResponseParserState = 'statusLine' | 'headers' | 'body' | 'failed';

const maximumHeadBytes = 64 * 1024;
const statusLinePattern = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/;

export class HttpResponseParser {
  private state: ResponseParserState = 'statusLine';
  private buffered: Buffer = Buffer.alloc(0);
  private status = 0;
  private version = '1';
  private contentLength: number | undefined;
  private connectionClose = false;
  private bodyRemaining = 0;
  private headBytes = 0;

  push(chunk: Buffer): ResponseParseResult {
    const responses: HttpResponseHead[] = [];
    if (this.state === 'failed') return { responses };
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    let offset = 0;
    while (offset < this.buffered.length) {
      if (this.state === 'body') {
        const taken = Math.min(this.bodyRemaining, this.buffered.length - offset);
        offset += taken;
        this.bodyRemaining -= taken;
        if (this.bodyRemaining > 0) break;
        responses.push(this.finishResponse());
        continue;
      }
      const lineEnd = this.buffered.indexOf(0x0a, offset);
      if (lineEnd === -1) break;
      this.headBytes += lineEnd + 1 - offset;
      if (this.headBytes > maximumHeadBytes) return this.fail(responses, 'response head too large');
      const contentEnd = lineEnd > offset && this.buffered[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd;
      const line = this.buffered.toString('latin1', offset, contentEnd);
      offset = lineEnd + 1;
      if (this.state === 'statusLine') {
        const match = statusLinePattern.exec(line);
        if (!match) return this.fail(responses, `malformed status line ${JSON.stringify(line.slice(0, 80))}`);
        this.version = match[1]!;
        this.status = Number(match[2]);
        this.state = 'headers';
        continue;
      }
      if (line !== '') {
        const colon = line.indexOf(':');
        if (colon <= 0) return this.fail(responses, 'malformed header line');
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (name === 'content-length') {
          if (!/^\d+$/.test(value)) return this.fail(responses, 'malformed Content-Length');
          this.contentLength = Number(value);
        } else if (name === 'connection') {
          this.connectionClose = value.toLowerCase().split(',').some((token) => token.trim() === 'close');
        } else if (name === 'transfer-encoding') {
          return this.fail(responses, 'chunked responses are not supported');
        }
        continue;
      }
      // End of the head. Without Content-Length only 1xx/204/304 are framed; anything else would
      // run to the end of the connection, which a request-per-response measurement cannot use.
      const bodyless = this.status < 200 || this.status === 204 || this.status === 304;
      if (this.contentLength === undefined && !bodyless) return this.fail(responses, 'response without Content-Length');
      this.bodyRemaining = bodyless ? 0 : this.contentLength!;
      if (this.bodyRemaining === 0) responses.push(this.finishResponse());
      else this.state = 'body';
    }
    this.buffered = offset >= this.buffered.length ? Buffer.alloc(0) : this.buffered.subarray(offset);
    return { responses };
  }

  /** Whether part of a response has arrived (the connection closing now cuts it). */
  get midResponse(): boolean {
    return this.state !== 'statusLine' || this.buffered.length > 0;
  }

  /** Forget any partial response (a new connection starts clean). */
  reset(): void {
    this.state = 'statusLine';
    this.buffered = Buffer.alloc(0);
    this.startNext();
  }

  private finishResponse(): HttpResponseHead {
    const response = { status: this.status, closeAfter: this.connectionClose || this.version === '0' };
    this.state = 'statusLine';
    this.startNext();
    return response;
  }

  private startNext(): void {
    this.status = 0;
    this.version = '1';
    this.contentLength = undefined;
    this.connectionClose = false;
    this.bodyRemaining = 0;
    this.headBytes = 0;
  }

  private fail(responses: HttpResponseHead[], reason: string): ResponseParseResult {
    this.state = 'failed';
    this.buffered = Buffer.alloc(0);
    return { responses, error: reason };
  }
}
