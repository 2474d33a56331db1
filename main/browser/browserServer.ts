import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { contentSecurityPolicy } from '../../common/contentSecurityPolicy.ts';
import { maxSocketMessageBytes, socketPath } from '../../common/socketProtocol.ts';
import type { LabService } from '../service/labService.ts';
import { SocketSession, type SessionLog } from './socketSession.ts';
import { readStaticFile, rendererDirectory } from './staticFiles.ts';

export interface BrowserServerOptions {
  service: LabService;
  /** 0 picks a free port. */
  port: number;
  rendererRoot?: string;
  /** Where a line about a refused page connection goes (default: stderr). */
  log?: SessionLog;
}

export interface BrowserServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/**
 * Browser mode: the built window served over http on 127.0.0.1, and the LabApi contract over a
 * WebSocket. Only pages served from this very address may connect (Host and Origin are checked,
 * which also defeats DNS rebinding).
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const root = options.rendererRoot ?? rendererDirectory();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let allowedHosts: string[] = [];
  const hostAllowed = (request: IncomingMessage): boolean => allowedHosts.includes(request.headers.host ?? '');

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (!hostAllowed(request)) {
      response.writeHead(421, { 'content-type': 'text/plain' }).end('proclab serves only http://127.0.0.1\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    void readStaticFile(root, request.url ?? '/').then((file) => {
      if (file === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      response.writeHead(200, {
        'content-type': file.contentType,
        'content-security-policy': contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      });
      response.end(request.method === 'HEAD' ? undefined : file.body);
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxSocketMessageBytes });
  server.on('upgrade', (request, socket, head) => {
    // Node hands an upgrading socket over without its error listener; a reset before ws takes
    // it (or after a refusal) must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    const origin = request.headers.origin;
    const path = (request.url ?? '').split('?')[0];
    if (path !== socketPath || !hostAllowed(request) || origin === undefined || !allowedHosts.some((host) => origin === `http://${host}`)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      new SocketSession(webSocket, options.service, log).start();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(`port ${options.port} on 127.0.0.1 is in use; choose another with --port (0 picks a free one)`) : error);
    });
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
