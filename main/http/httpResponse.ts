// Responses are written whole, headers and body in one buffer, so a small response leaves in one
// TCP segment (the sockets also disable Nagle's algorithm).

const reasonPhrases: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  413: 'Content Too Large',
  414: 'URI Too Long',
  500: 'Internal Server Error',
  431: 'Request Header Fields Too Large',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'HTTP Version Not Supported',
};

export interface HttpResponse {
  status: number;
  body: Buffer;
  /** Keep the connection open after this response. */
  keepAlive: boolean;
  /** The `Keep-Alive` header's value (e.g. `timeout=1, max=3`), when the server limits reuse. */
  keepAliveParameters?: string;
  /** HEAD: announce the body's length but do not send it. */
  omitBody?: boolean;
  serverName: string;
}

export function encodeHttpResponse(response: HttpResponse): Buffer {
  const lines = [
    `HTTP/1.1 ${response.status} ${reasonPhrases[response.status] ?? 'Unknown'}`,
    `Server: ${response.serverName}`,
    'Content-Type: application/octet-stream',
    `Content-Length: ${response.body.length}`,
    `Connection: ${response.keepAlive ? 'keep-alive' : 'close'}`,
  ];
  if (response.keepAlive && response.keepAliveParameters !== undefined) lines.push(`Keep-Alive: ${response.keepAliveParameters}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return response.omitBody || response.body.length === 0 ? head : Buffer.concat([head, response.body]);
}

/** A short text body for error responses, so curl shows why. */
export function errorBody(reason: string): Buffer {
  return Buffer.from(`${reason}\n`, 'utf8');
}

/** The body every successful response carries: `size` bytes of printable text. */
export function responseBodyOfSize(size: number): Buffer {
  const pattern = Buffer.from('proclab architectures lab response body\n', 'latin1');
  const body = Buffer.alloc(size);
  for (let offset = 0; offset < size; offset += pattern.length) pattern.copy(body, offset, 0, Math.min(pattern.length, size - offset));
  return body;
}
