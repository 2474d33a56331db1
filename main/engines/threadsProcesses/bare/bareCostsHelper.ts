// Entry module of the helper process that measures threads and processes at the operating
// system's level: native calls through koffi, in a process of its own, so that native code which
// blocks or crashes stalls or ends only this helper, never the app.
import type { FromBareHelperMessage, MeasureBareCostsMessage, ToBareHelperMessage } from './bareCostsMessages.ts';
import { BareMeasurements, type PingPongKind } from './bareMeasurements.ts';
import { loadNativeLibc, NativeUnavailable } from './nativeLibc.ts';

const warmUpCreations = 3;
const creationRun = 10;
const prSetParentDeathSignal = 1;
const sigkill = 9;

const send = (message: FromBareHelperMessage): Promise<void> =>
  new Promise((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function measure(request: MeasureBareCostsMessage): Promise<void> {
  let measurements: BareMeasurements;
  try {
    const { koffi, libc } = await loadNativeLibc();
    // Killed with the app: the helper never outlives the process that started it.
    libc.prctl(prSetParentDeathSignal, sigkill, 0, 0, 0);
    if (process.ppid === 1) process.exit(0);
    measurements = new BareMeasurements(koffi, libc);
    measurements.pinToCpu(measurements.currentCpu());
    await send({
      kind: 'ready',
      library: libc.libraryName,
      program: measurements.program,
      creationKinds: measurements.creationKinds,
      ...('unavailable' in libc.machineCode ? { machineCodeUnavailable: libc.machineCode.unavailable } : {}),
      cpu: measurements.currentCpu(),
    });
  } catch (error) {
    await send({ kind: 'unavailable', reason: error instanceof NativeUnavailable ? error.message : `the native calls failed to start (${(error as Error).message})` });
    return;
  }
  const kinds = measurements.creationKinds;
  for (let round = 0; round < warmUpCreations; round += 1) for (const kind of kinds) measurements.createOnce(kind);
  // Interleaved in short runs of one kind, so a change of load on the machine touches every kind
  // alike, while most creations find the caches as the previous creation of their own kind left
  // them (as in a server that creates one per request); the cold first of each run shows in p99.
  for (let done = 0; done < request.creationRepetitions; done += creationRun) {
    const runLength = Math.min(creationRun, request.creationRepetitions - done);
    const durationsMs: Partial<Record<(typeof kinds)[number], number[]>> = {};
    for (const kind of kinds) durationsMs[kind] = Array.from({ length: runLength }, () => measurements.createOnce(kind));
    await send({ kind: 'creation-round', durationsMs });
    await yieldToEventLoop();
  }
  if (measurements.machineCode === undefined) return;
  // Both sides on the helper's CPU: each pass is then a real switch on one CPU, not a wake-up of
  // another CPU that may be idle or busy.
  const cpu = measurements.currentCpu();
  const pingPongKinds: PingPongKind[] = ['thread', 'process', 'none'];
  measurements.pingPong('thread', 100, cpu);
  for (let run = 0; run < request.pingPongRuns; run += 1) {
    for (const pingPong of pingPongKinds) {
      await send({ kind: 'ping-pong', pingPong, hopNs: measurements.pingPong(pingPong, request.pingPongRoundTrips, cpu) });
    }
    await yieldToEventLoop();
  }
}

process.on('message', (message: ToBareHelperMessage) => {
  if (message.kind !== 'measure') return;
  measure(message)
    .then(() => send({ kind: 'done' }))
    .catch((error: unknown) => send({ kind: 'failed', message: (error as Error).message }))
    .finally(() => process.disconnect());
});

// A parent that goes away (or cancels) closes the channel: never outlive it.
process.on('disconnect', () => process.exit(0));
