import type { WebSocket } from 'ws';
import { maxSocketMessageBytes, socketCloseCodes, type SocketCall, type SocketMessage } from '../../common/socketProtocol.ts';
import type { LabConnection } from '../service/labConnection.ts';
import type { LabService } from '../service/labService.ts';

/** Writes one line about a connection the server closed; the server itself keeps going. */
export type SessionLog = (line: string) => void;

/**
 * ws answers a broken frame with a close frame and then reports it as an error whose code names
 * the fault: a message too big (1009), text that is not UTF-8 (1007), anything else breaks the
 * protocol (1002). Other errors are the connection's own (a reset).
 */
function describeSocketError(error: Error & { code?: string }): { code: number | string; reason: string } {
  if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return { code: socketCloseCodes.messageTooBig, reason: `a message was larger than ${maxSocketMessageBytes / (1024 * 1024)} MiB` };
  if (error.code === 'WS_ERR_INVALID_UTF8') return { code: socketCloseCodes.invalidPayload, reason: 'a text message was not UTF-8' };
  if (error.code?.startsWith('WS_ERR_')) return { code: 1002, reason: `a broken frame (${error.message})` };
  return { code: error.code ?? 'error', reason: error.message };
}

/**
 * One page's WebSocket: JSON calls in, results and run events out. It only carries messages;
 * what a call means, and which runs the page watches, is the service connection's business.
 */
export class SocketSession {
  readonly #socket: WebSocket;
  readonly #connection: LabConnection;
  readonly #log: SessionLog;
  #refused = false;

  constructor(socket: WebSocket, service: LabService, log: SessionLog) {
    this.#socket = socket;
    this.#log = log;
    this.#connection = service.connect((watchId, event) => this.#send({ kind: 'event', watchId, event }));
  }

  start(): void {
    this.#socket.on('message', (data, isBinary) => {
      if (isBinary) return this.#refuse(socketCloseCodes.unsupportedData, 'calls are JSON text, not binary data');
      this.#handle(data.toString()).catch((error: unknown) => this.#refuse(socketCloseCodes.policyViolation, `a call failed: ${error instanceof Error ? error.message : String(error)}`));
    });
    // Without this listener a broken or oversized frame would be an uncaught error that ends
    // the whole server; ws has already answered it with a close frame carrying its code.
    this.#socket.on('error', (error: Error & { code?: string }) => {
      const { code, reason } = describeSocketError(error);
      this.#logClosed(code, reason);
    });
    this.#socket.on('close', () => this.#connection.close());
  }

  /** Closes this page's connection because of what it sent, and says so once. */
  #refuse(code: number, reason: string): void {
    this.#logClosed(code, reason);
    this.#socket.close(code, reason);
  }

  #logClosed(code: number | string, reason: string): void {
    if (this.#refused) return;
    this.#refused = true;
    this.#log(`proclab: closed a browser connection (${String(code)}): ${reason}`);
  }

  #send(message: SocketMessage): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  async #handle(text: string): Promise<void> {
    let call: Partial<SocketCall>;
    try {
      call = JSON.parse(text) as Partial<SocketCall>;
    } catch {
      return this.#refuse(socketCloseCodes.invalidPayload, 'a message was not JSON');
    }
    if (call === null || typeof call !== 'object' || typeof call.id !== 'number' || !Number.isSafeInteger(call.id)) {
      return this.#refuse(socketCloseCodes.policyViolation, 'a message was not a call with a numeric id');
    }
    const id = call.id;
    this.#send({ kind: 'result', id, result: await this.#connection.call(call.method, call.args ?? []) });
  }
}
