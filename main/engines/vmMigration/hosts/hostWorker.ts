// Worker entry: one host (source or destination). The engine sends it requests; it reports back.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { entryModulePath } from '../../../platform/moduleEntry.ts';
import { vmMigrationEntryModules } from '../vmMigrationEntryModules.ts';
import { GuestControl } from '../guest/guestControl.ts';
import { DestinationHost } from './destinationHost.ts';
import type { HostOptions, HostReport, HostRequest } from './hostMessages.ts';
import { NicService } from './nicService.ts';
import { LinkListener } from './sourceLink.ts';
import { SourceMigration } from './sourceMigration.ts';
import { createSourceUrgentShared, type UrgentReport, type UrgentRequest } from './urgentChannel.ts';
import type { UrgentChannelOptions } from './urgentChannelWorker.ts';

const options = workerData as HostOptions;
const report = (message: HostReport): void => parentPort?.postMessage(message);

async function startDestination(): Promise<void> {
  const host = new DestinationHost(options, report);
  const { nicPort } = await host.listen();
  parentPort?.on('message', (request: HostRequest) => {
    if (request.kind === 'connect') {
      host.connect(request.port);
    } else if (request.kind === 'close') {
      host.close();
      parentPort?.close();
    }
  });
  report({ kind: 'ready', nicPort, linkPort: 0, urgentPort: 0 });
}

async function startSource(): Promise<void> {
  const nic = options.nic === undefined ? undefined : new NicService(new GuestControl(options.control), options.nic);
  const nicPort = nic === undefined ? 0 : await nic.listen();
  nic?.startTransmitPump();
  const listener = new LinkListener();
  const linkPort = await listener.listen();
  const urgentShared = createSourceUrgentShared(options.memory.pageCount);
  const urgentOptions: UrgentChannelOptions = { memory: options.memory, shared: urgentShared, ...(options.faultTrace === undefined ? {} : { faultTrace: options.faultTrace }) };
  const urgentChannel = new Worker(entryModulePath(vmMigrationEntryModules.urgentChannel), { workerData: urgentOptions });
  const urgentPort = await new Promise<number>((resolve, reject) => {
    urgentChannel.once('message', (message: UrgentReport) => (message.kind === 'listening' ? resolve(message.port) : reject(new Error('the urgent channel did not start'))));
    urgentChannel.once('error', reject);
  });
  let migration: SourceMigration | undefined;
  parentPort?.on('message', (request: HostRequest) => {
    if (request.kind === 'migrate') {
      urgentChannel.postMessage({ kind: 'configure', skipZeroPages: request.options.skipZeroPages, latencyMs: request.options.shape.latencyMs, bandwidthBytesPerSecond: request.options.shape.bandwidthBytesPerSecond } satisfies UrgentRequest);
      migration = new SourceMigration(options, nic, listener, urgentShared, request.options, report);
      migration.run().then(
        (result) => report({ kind: 'migration-result', result }),
        (error: unknown) => report({ kind: 'host-error', message: error instanceof Error ? error.message : String(error) }),
      );
    } else if (request.kind === 'cut-link') {
      migration?.cutLink();
    } else if (request.kind === 'close') {
      nic?.close();
      listener.close();
      urgentChannel.postMessage({ kind: 'close' } satisfies UrgentRequest);
      void urgentChannel.terminate();
      parentPort?.close();
    }
  });
  report({ kind: 'ready', nicPort, linkPort, urgentPort });
}

(options.role === 'source' ? startSource() : startDestination()).catch((error: unknown) => {
  report({ kind: 'host-error', message: error instanceof Error ? error.message : String(error) });
});
