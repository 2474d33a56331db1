/** Only this machine: proclab measures servers on it and never loads anyone else's. */
const loopbackHosts = new Set(['127.0.0.1', 'localhost']);

/** A server already running that a scenario's load goes to instead of servers it starts. */
export interface LoadTarget {
  url: string;
  port: number;
  /** The request target, path and query: `/files/3?x=1`. */
  path: string;
}

/** The target of `load.target`, or why it cannot be one. */
export function parseLoadTarget(text: string): LoadTarget | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `load.target must be an address like http://127.0.0.1:8080/, not "${text}"` };
  }
  if (url.protocol !== 'http:') return { problem: `load.target must be an http:// address (proclab loads HTTP/1.1 servers), not ${url.protocol}//` };
  if (!loopbackHosts.has(url.hostname)) return { problem: `load.target: proclab only loads servers on this machine (127.0.0.1), not ${url.hostname}` };
  return { url: url.href, port: url.port === '' ? 80 : Number(url.port), path: `${url.pathname}${url.search}` };
}
