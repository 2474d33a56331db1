import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { entryModulePath } from '../../platform/moduleEntry.ts';
import { outOfBandEntryModules } from './outOfBandEntryModules.ts';
import { within } from '../../toolkit/abortableWaits.ts';
import { startWorkerThread, type SupervisedChild } from '../../toolkit/supervisedChild.ts';
import { EngineFailure, type EngineContext } from '../engine.ts';
import type { ServerThreadMessage, UploadServerData, UrgentHandlerData } from './outOfBandMessages.ts';
import { createSharedUploadState } from './sharedUploadState.ts';

type StoppedMessage = Extract<ServerThreadMessage, { kind: 'stopped' }>;
type UrgentReceivedMessage = Extract<ServerThreadMessage, { kind: 'urgent-received' }>;

export interface UploadServersOptions {
  receiveRate: number;
  uploadNice: number;
  urgentNice: number;
}

export interface ServerThread {
  port: number;
  nice: number;
  niceError?: string;
}

/**
 * The server side of the lab: the upload handler and the urgent handler, each in its own thread
 * (its own event loop and its own kernel-scheduled thread, with its own nice value), sharing a
 * little memory for the cancel mark.
 */
export class UploadServers {
  readonly shared = createSharedUploadState();
  upload: ServerThread = { port: 0, nice: 0 };
  urgent: ServerThread = { port: 0, nice: 0 };
  private readonly workers: SupervisedChild<ServerThreadMessage, never, ServerThread>[] = [];
  private readonly stopped = new Map<number, StoppedMessage>();
  private readonly urgentReceived = new Map<number, UrgentReceivedMessage>();
  private readonly waiters = new Map<number, (message: StoppedMessage) => void>();

  private readonly options: UploadServersOptions;

  constructor(options: UploadServersOptions) {
    this.options = options;
  }

  async start(context: EngineContext): Promise<void> {
    const channel = new MessageChannel();
    context.defer('server threads', () => this.stop());
    const uploadData: UploadServerData = { shared: this.shared, receiveRate: this.options.receiveRate, nice: this.options.uploadNice, urgentPort: channel.port1 };
    const urgentData: UrgentHandlerData = { shared: this.shared, nice: this.options.urgentNice, uploadPort: channel.port2 };
    const [upload, urgent] = await Promise.all([
      this.startThread('uploadServer', uploadData, channel.port1, context),
      this.startThread('urgentHandler', urgentData, channel.port2, context),
    ]);
    this.upload = upload;
    this.urgent = urgent;
  }

  private startThread(name: keyof typeof outOfBandEntryModules, data: unknown, port: MessagePort, context: EngineContext): Promise<ServerThread> {
    const thread = startWorkerThread<ServerThreadMessage, never, ServerThread>(entryModulePath(outOfBandEntryModules[name]), {
      name: `the ${name} thread`,
      workerData: data,
      transferList: [port],
      readyFrom: (message) => (message.kind === 'listening' ? { port: message.port, nice: message.nice, niceError: message.niceError } : undefined),
    });
    this.workers.push(thread);
    thread.onMessage((message) => {
      if (message.kind === 'urgent-received') {
        this.urgentReceived.set(message.uploadId, message);
        context.event('urgent-received', `urgent handler read CANCEL for upload ${message.uploadId}`, { uploadId: message.uploadId });
      } else if (message.kind === 'stopped') {
        this.stopped.set(message.uploadId, message);
        this.waiters.get(message.uploadId)?.(message);
      }
    });
    return thread.ready.catch((error: Error) => {
      throw new EngineFailure(`the ${name} thread did not start listening: ${error.message}`);
    });
  }

  /** When the urgent handler read the cancel of this upload, if it did. */
  urgentReceivedAt(uploadId: number): number | undefined {
    return this.urgentReceived.get(uploadId)?.atMs;
  }

  /** Resolves when the upload handler stopped this upload, or with undefined after the time-out or on abort. */
  waitForStop(uploadId: number, timeoutMs: number, signal: AbortSignal): Promise<StoppedMessage | undefined> {
    const already = this.stopped.get(uploadId);
    if (already !== undefined) return Promise.resolve(already);
    const stopped = new Promise<StoppedMessage>((resolve) => this.waiters.set(uploadId, resolve));
    return within(stopped, timeoutMs, signal).finally(() => this.waiters.delete(uploadId));
  }

  async stop(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((worker) => worker.kill()));
  }
}
