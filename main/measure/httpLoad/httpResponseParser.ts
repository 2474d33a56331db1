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

/**
 * Whether a header line may be one the parser reads, from its first letter and its name's length:
 * Connection (c, 10), Content-Length (c, 14), Transfer-Encoding (t, 17). A possible one is then
 * read in full and compared by name. (RFC 9112 allows no space between a name and its colon.)
 */
function headerOfInterest(firstByte: number, nameLength: number): boolean {
  const lower = firstByte | 0x20;
  return (lower === 0x63 && (nameLength === 10 || nameLength === 14)) || (lower === 0x74 && nameLength === 17);
}

const digit = (byte: number | undefined): boolean => byte !== undefined && byte >= 0x30 && byte <= 0x39;

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
      // Only Content-Length, Connection and Transfer-Encoding matter here: other header lines are
      // skipped without making a string of them (this runs for every response of a load test).
      if (this.state === 'headers' && contentEnd > offset) {
        const colon = this.buffered.indexOf(0x3a, offset);
        if (colon <= offset || colon >= contentEnd) return this.fail(responses, 'malformed header line');
        if (!headerOfInterest(this.buffered[offset]!, colon - offset)) {
          offset = lineEnd + 1;
          continue;
        }
      }
      if (this.state === 'statusLine' && this.readStatusLine(offset, contentEnd)) {
        offset = lineEnd + 1;
        continue;
      }
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

  /**
   * The common status line, `HTTP/1.x NNN reason`, read from the bytes without making a string;
   * false leaves anything else to the general (and stricter) path.
   */
  private readStatusLine(start: number, end: number): boolean {
    const bytes = this.buffered;
    if (end - start < 12) return false;
    // "HTTP/1." then the minor version, a space, three digits, and a space or the end.
    if (bytes[start] !== 0x48 || bytes[start + 1] !== 0x54 || bytes[start + 2] !== 0x54 || bytes[start + 3] !== 0x50) return false;
    if (bytes[start + 4] !== 0x2f || bytes[start + 5] !== 0x31 || bytes[start + 6] !== 0x2e) return false;
    const minor = bytes[start + 7];
    if (minor !== 0x30 && minor !== 0x31) return false;
    if (bytes[start + 8] !== 0x20 || !digit(bytes[start + 9]) || !digit(bytes[start + 10]) || !digit(bytes[start + 11])) return false;
    if (end - start > 12 && bytes[start + 12] !== 0x20) return false;
    this.version = minor === 0x30 ? '0' : '1';
    this.status = (bytes[start + 9]! - 0x30) * 100 + (bytes[start + 10]! - 0x30) * 10 + (bytes[start + 11]! - 0x30);
    this.state = 'headers';
    return true;
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
