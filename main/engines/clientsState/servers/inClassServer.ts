// The lecture's two in-class servers, to crash and watch. "connection": a server that keeps a
// cursor for each TCP connection (NEXT answers the next item of the client's sequence), so the
// connection is the state. "last-page": a web server that maps each client's IP address to the
// page it visited last and sends it back to a client that comes to "/".
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { answerEngine, sayFailed, sayReady, serverConfig } from './serverEntry.ts';

export interface InClassServerConfig {
  kind: 'connection' | 'last-page';
  host: string;
  port: number;
}

const config = serverConfig<InClassServerConfig>();
const lastPageByAddress = new Map<string, string>();

function connectionServer(): ReturnType<typeof createTcpServer> {
  return createTcpServer({ noDelay: true }, (socket) => {
    let cursor = 0;
    let pending = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (text: string) => {
      pending += text;
      if (pending.length > 4096) return socket.destroy();
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line === 'NEXT') {
          cursor += 1;
          socket.write(`ITEM ${cursor}\n`);
        } else {
          socket.write('ERROR say NEXT\n');
        }
        newline = pending.indexOf('\n');
      }
    });
  });
}

function lastPageServer(): ReturnType<typeof createHttpServer> {
  return createHttpServer((request, response) => {
    const address = request.socket.remoteAddress ?? '';
    const path = (request.url ?? '/').slice(0, 200);
    let page: string;
    if (path === '/') page = lastPageByAddress.get(address) ?? '/welcome';
    else {
      page = path;
      lastPageByAddress.set(address, path);
    }
    response.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
    response.end(`${page}\n`);
  });
}

const server = config.kind === 'connection' ? connectionServer() : lastPageServer();
answerEngine({ stats: () => ({ addressesRemembered: lastPageByAddress.size }) });
server.on('error', sayFailed);
server.listen({ host: config.host, port: config.port }, () => sayReady((server.address() as { port: number }).port));
