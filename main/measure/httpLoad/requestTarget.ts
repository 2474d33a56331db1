import type { LoadOptions } from './loadMessages.ts';
import type { LoadTarget } from './loadConnection.ts';

/** The one request every connection of a run sends, encoded once. */
export function loadTargetOf(options: LoadOptions): LoadTarget {
  const host = options.host ?? '127.0.0.1';
  const request = Buffer.from(
    `GET ${options.path ?? '/'} HTTP/1.1\r\nHost: ${host}:${options.port}\r\nUser-Agent: proclab-load\r\nAccept: */*\r\n\r\n`,
    'latin1',
  );
  return { host, port: options.port, request, timeoutMs: options.timeoutMs };
}

/** The count bound on a run: far above what 10 minutes on 127.0.0.1 reach, but finite. */
export const defaultMaximumRequests = 50_000_000;
