import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Browser mode's per-launch secret, as Jupyter's: printed in the link the terminal shows, and
 * required of every page and every WebSocket. A check of Origin and Host keeps other web sites
 * out, but any local process can send those headers; only who can read proclab's terminal (or
 * was given the link) knows the token.
 */
export function createLaunchToken(): string {
  return randomBytes(24).toString('hex');
}

/** The cookie that carries the token after the link was opened once; per port, as ports share cookies. */
export function tokenCookieName(port: number): string {
  return `proclab-token-${port}`;
}

/** The `?token=` of a request's URL, if it has one (a URL that cannot be parsed has none). */
export function queryToken(request: IncomingMessage): string | undefined {
  try {
    return new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('token') ?? undefined;
  } catch {
    return undefined;
  }
}

/** The token a request carries: `?token=` in its URL, or else the launch cookie. */
export function requestToken(request: IncomingMessage, port: number): string | undefined {
  const query = queryToken(request);
  if (query !== undefined) return query;
  const name = tokenCookieName(port);
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return undefined;
}

/** Compares in constant time, so the token cannot be guessed one character at a time. */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const givenBytes = Buffer.from(given);
  const tokenBytes = Buffer.from(token);
  return givenBytes.length === tokenBytes.length && timingSafeEqual(givenBytes, tokenBytes);
}

/** What a page without the token gets instead of the app: where to find the link, in both languages. */
export const tokenRequiredPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>proclab: open the link printed in the terminal</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em}code{background:#eee;padding:0 .3em}</style></head>
<body>
<h1>Open the link printed in the terminal</h1>
<p>proclab's browser mode only answers pages opened from the link it printed when it started,
<code>http://127.0.0.1:PORT/?token=…</code>. Copy that whole line from the terminal where
<code>proclab serve</code> (or <code>npm start</code>) runs. A link from an earlier start no longer works.</p>
<h1 lang="pt-BR">Abra o link impresso no terminal</h1>
<p lang="pt-BR">O modo navegador do proclab só atende páginas abertas pelo link que ele imprimiu ao iniciar,
<code>http://127.0.0.1:PORTA/?token=…</code>. Copie essa linha inteira do terminal onde
<code>proclab serve</code> (ou <code>npm start</code>) está rodando. Um link de uma execução anterior não vale mais.</p>
</body></html>
`;
