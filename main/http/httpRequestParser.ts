// HTTP/1.1 request parsing as an explicit per-connection state machine. Bytes arrive in whatever
// pieces TCP delivers; the parser keeps its place (request line, headers, body) between pieces
// and hands back every complete request, so pipelined requests come out in order.

export interface HttpRequest {
  method: string;
  target: string;
  /** '1.0' or '1.1'. */
  version: string;
  /** Header names in lower case; repeated headers joined with ', '. */
  headers: Map<string, string>;
  bodyLength: number;
  /** Whether the connection stays open after the response (HTTP/1.1 default, `Connection: close` ends it). */
  keepAlive: boolean;
}

export interface HttpParseError {
  /** The status to answer with before closing the connection. */
  status: number;
  reason: string;
}

export interface HttpParseResult {
  requests: HttpRequest[];
  /** Set once the input is not HTTP we accept; the parser then ignores further input. */
  error?: HttpParseError;
}

type ParserState = 'requestLine' | 'headers' | 'body' | 'failed';

/** Request line and each header line: longer ones are refused rather than buffered forever. */
const maximumLineBytes = 8 * 1024;
const maximumHeaderCount = 100;
const maximumBodyBytes = 1024 * 1024;

const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const versionPattern = /^HTTP\/(\d)\.(\d)$/;
const lineFeed = 0x0a;

export class HttpRequestParser {
  private state: ParserState = 'requestLine';
  private buffered: Buffer = Buffer.alloc(0);
  private current: HttpRequest | undefined;
  private headerCount = 0;
  private bodyRemaining = 0;

  /** Feeds the next bytes from the connection; returns the requests they complete. */
  push(chunk: Buffer): HttpParseResult {
    const requests: HttpRequest[] = [];
    if (this.state === 'failed') return { requests };
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    let offset = 0;
    try {
      while (offset < this.buffered.length || this.state === 'body') {
        if (this.state === 'body') {
          const taken = Math.min(this.bodyRemaining, this.buffered.length - offset);
          offset += taken;
          this.bodyRemaining -= taken;
          if (this.bodyRemaining > 0) break;
          requests.push(this.current!);
          this.startNextRequest();
          continue;
        }
        const lineEnd = this.buffered.indexOf(lineFeed, offset);
        if (lineEnd === -1) {
          if (this.buffered.length - offset > maximumLineBytes) {
            throw this.failure(this.state === 'requestLine' ? 414 : 431, 'line too long');
          }
          break;
        }
        if (lineEnd - offset > maximumLineBytes) throw this.failure(this.state === 'requestLine' ? 414 : 431, 'line too long');
        // Lines end in CRLF; a bare LF is tolerated, as RFC 9112 section 2.2 allows.
        const contentEnd = lineEnd > offset && this.buffered[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd;
        const line = this.buffered.toString('latin1', offset, contentEnd);
        offset = lineEnd + 1;
        if (this.state === 'requestLine') this.readRequestLine(line);
        else if (this.readHeaderLine(line)) {
          const complete = this.finishHeaders();
          if (complete) {
            requests.push(this.current!);
            this.startNextRequest();
          }
        }
      }
    } catch (error) {
      if (!(error instanceof ParseFailure)) throw error;
      this.state = 'failed';
      this.buffered = Buffer.alloc(0);
      return { requests, error: { status: error.status, reason: error.message } };
    }
    this.buffered = offset >= this.buffered.length ? Buffer.alloc(0) : this.buffered.subarray(offset);
    return { requests };
  }

  /** Whether a request has started but not finished (the peer closing now loses it). */
  get midRequest(): boolean {
    return this.state === 'headers' || this.state === 'body' || this.buffered.length > 0;
  }

  private startNextRequest(): void {
    this.state = 'requestLine';
    this.current = undefined;
    this.headerCount = 0;
    this.bodyRemaining = 0;
  }

  private readRequestLine(line: string): void {
    // RFC 9112 section 2.2: ignore empty lines before a request line (some clients send a CRLF after a body).
    if (line === '') return;
    const parts = line.split(' ');
    if (parts.length !== 3) throw this.failure(400, 'malformed request line');
    const [method, target, versionText] = parts as [string, string, string];
    if (!tokenPattern.test(method)) throw this.failure(400, 'malformed method');
    if (target === '' || /[\x00-\x20\x7f]/.test(target)) throw this.failure(400, 'malformed request target');
    const version = versionPattern.exec(versionText);
    if (!version) throw this.failure(400, 'malformed HTTP version');
    if (version[1] !== '1') throw this.failure(505, 'only HTTP/1.x is supported');
    this.current = { method, target, version: `1.${version[2]}`, headers: new Map(), bodyLength: 0, keepAlive: false };
    this.state = 'headers';
  }

  /** Returns true on the empty line that ends the headers. */
  private readHeaderLine(line: string): boolean {
    if (line === '') return true;
    if (line.startsWith(' ') || line.startsWith('\t')) throw this.failure(400, 'obsolete header line folding');
    this.headerCount += 1;
    if (this.headerCount > maximumHeaderCount) throw this.failure(431, 'too many headers');
    const colon = line.indexOf(':');
    if (colon <= 0) throw this.failure(400, 'malformed header line');
    const name = line.slice(0, colon);
    if (!tokenPattern.test(name)) throw this.failure(400, 'malformed header name');
    const value = line.slice(colon + 1).trim();
    const key = name.toLowerCase();
    const headers = this.current!.headers;
    const previous = headers.get(key);
    headers.set(key, previous === undefined ? value : `${previous}, ${value}`);
    return false;
  }

  /** Decides framing and keep-alive; returns true when the request has no body left to read. */
  private finishHeaders(): boolean {
    const request = this.current!;
    if (request.version === '1.1' && !request.headers.has('host')) throw this.failure(400, 'HTTP/1.1 request without Host');
    if (request.headers.has('transfer-encoding')) throw this.failure(501, 'chunked request bodies are not supported');
    const lengthText = request.headers.get('content-length');
    if (lengthText !== undefined) {
      // Repeated identical values ("5, 5") are allowed by RFC 9110 section 8.6; differing ones are an attack.
      const values = new Set(lengthText.split(',').map((part) => part.trim()));
      if (values.size !== 1) throw this.failure(400, 'conflicting Content-Length');
      const only = [...values][0];
      if (only === undefined || !/^\d+$/.test(only)) throw this.failure(400, 'malformed Content-Length');
      const length = Number(only);
      if (length > maximumBodyBytes) throw this.failure(413, 'request body too large');
      request.bodyLength = length;
    }
    const connection = (request.headers.get('connection') ?? '').toLowerCase().split(',').map((part) => part.trim());
    request.keepAlive = request.version === '1.1' ? !connection.includes('close') : connection.includes('keep-alive');
    if (request.bodyLength === 0) return true;
    this.bodyRemaining = request.bodyLength;
    this.state = 'body';
    return false;
  }

  private failure(status: number, reason: string): ParseFailure {
    return new ParseFailure(status, reason);
  }
}

class ParseFailure extends Error {
  readonly status: number;
  constructor(status: number, reason: string) {
    super(reason);
    this.status = status;
  }
}
