import { protocol } from 'electron';
import { contentSecurityPolicy } from '../../common/contentSecurityPolicy.ts';
import { readStaticFile } from '../browser/staticFiles.ts';

export const appScheme = 'app';
export const appOrigin = 'app://proclab';

/**
 * Whether a URL belongs to the app's own pages. Compared by scheme and host: in the main process
 * (Node's URL), a custom scheme's `origin` is "null" even when Chromium treats it as standard.
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` && parsed.host === 'proclab';
  } catch {
    return false;
  }
}

/** Must run before the app is ready: app:// behaves like a secure, standard web origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer at app://proclab/ with the CSP as a header; nothing outside it. */
export function serveRenderer(rendererRoot: string): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'proclab') return new Response('not found', { status: 404 });
    const file = await readStaticFile(rendererRoot, url.pathname);
    if (file === undefined) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'content-type': file.contentType, 'content-security-policy': contentSecurityPolicy, 'x-content-type-options': 'nosniff' },
    });
  });
}
