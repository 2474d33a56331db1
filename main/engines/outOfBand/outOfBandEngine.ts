import type { RunMetrics } from '../../../preload/api.ts';
import type { Engine } from '../engine.ts';
import { cancelMethods, type CancelMethod } from './cancelMethods.ts';
import { summarizeMethod } from './methodSummary.ts';
import { outOfBandCharts } from './outOfBandCharts.ts';
import { outOfBandTables } from './outOfBandTables.ts';
import { outOfBandHeadline } from './outOfBandHeadline.ts';
import { outOfBandScenarioSchema, type OutOfBandScenario } from './outOfBandScenario.ts';
import { probeUrgentData, type UrgentDataResult } from './urgentDataProbe.ts';
import { UploadServers } from './uploadServers.ts';
import { runUploadTrial, type TrialResult } from './uploadTrial.ts';

const methodSwitch: Record<CancelMethod, keyof OutOfBandScenario['methods']> = {
  'urgent-port': 'urgentPort',
  'in-band-frame': 'inBandFrame',
  'client-close': 'clientClose',
  'client-reset': 'clientReset',
};

function chosenMethods(scenario: OutOfBandScenario): CancelMethod[] {
  return cancelMethods.filter((method) => scenario.methods[methodSwitch[method]]);
}

/** Back-of-envelope: an upload runs until the cancel, then drains what is queued at the receive rate. */
function drainEstimateMs(scenario: OutOfBandScenario): number {
  const queued = Math.min(scenario.upload.size, scenario.upload.clientQueue + 16 * 1_048_576);
  return (queued / scenario.upload.receiveRate) * 1_000;
}

/**
 * The out-of-band lab: cancelling a huge upload through a separate urgent endpoint, in-band on the
 * same connection, or by just closing; and what happens to real TCP urgent data sent to Node.
 */
export const outOfBandEngine: Engine<typeof outOfBandScenarioSchema> = {
  name: 'out-of-band',
  scenarioSchema: outOfBandScenarioSchema,
  charts: outOfBandCharts,
  tables: outOfBandTables,
  headline: outOfBandHeadline,

  estimateDurationMs(scenario) {
    const uploads = chosenMethods(scenario).length * scenario.repetitions;
    const upload = Math.min(scenario.cancelAfter, (scenario.upload.size / scenario.upload.receiveRate) * 1_000);
    return uploads * (upload + drainEstimateMs(scenario) + 100) + (scenario.urgentData ? 500 : 0) + 500;
  },

  async run(scenario, context): Promise<RunMetrics> {
    const servers = new UploadServers({ receiveRate: scenario.upload.receiveRate, uploadNice: scenario.priorities.uploadHandler, urgentNice: scenario.priorities.urgentHandler });
    await servers.start(context);
    for (const [name, thread] of [['upload handler', servers.upload], ['urgent handler', servers.urgent]] as const) {
      context.log('info', `${name} thread listening on 127.0.0.1:${thread.port}, nice ${thread.nice}`);
      if (thread.niceError !== undefined) context.log('warn', `${name}: could not set the requested nice value (${thread.niceError}); it runs at nice ${thread.nice}`);
    }

    const methods = chosenMethods(scenario);
    const trials: TrialResult[] = [];
    const total = methods.length * scenario.repetitions;
    let uploadId = 0;
    // Methods take turns within each repetition, so a slow moment of the machine does not hit one method only.
    for (let repetition = 1; repetition <= scenario.repetitions && !context.signal.aborted; repetition += 1) {
      for (const method of methods) {
        if (context.signal.aborted) break;
        uploadId += 1;
        const trial = await runUploadTrial(method, repetition, uploadId, servers, scenario, context);
        trials.push(trial);
        if (trial.cancelled && !trial.stopped && !context.signal.aborted) context.log('warn', `upload ${uploadId} (${method}): the server had not stopped ${scenario.stopTimeout} ms after the cancel`);
        if (!trial.cancelled && trial.stopped) context.log('warn', `upload ${uploadId} (${method}) finished before the cancel time; make the upload bigger or cancel earlier`);
        context.progress({ fraction: (0.9 * trials.length) / Math.max(1, total), phase: `${method} #${repetition}` });
      }
    }

    let urgentData: UrgentDataResult | undefined;
    if (scenario.urgentData && !context.signal.aborted) {
      urgentData = await probeUrgentData(
        context.signal,
        (name, release) => context.defer(name, release),
        (pid) => context.event('urgent-client-started', `python3 MSG_OOB client started (pid ${pid})`, { pid }),
      );
      context.log(urgentData.python3 ? 'info' : 'warn', `MSG_OOB: ${urgentData.note}`);
      context.event('urgent-data', urgentData.note, { ...urgentData });
    }
    if (!context.signal.aborted) context.progress({ fraction: 1, phase: 'done' });

    return {
      upload: { size: scenario.upload.size, receiveRate: scenario.upload.receiveRate, clientQueue: scenario.upload.clientQueue, cancelAfterMs: scenario.cancelAfter },
      threads: {
        uploadHandler: { port: servers.upload.port, nice: servers.upload.nice },
        urgentHandler: { port: servers.urgent.port, nice: servers.urgent.nice },
        urgentHasHigherPriority: servers.urgent.nice < servers.upload.nice,
      },
      methods: methods.map((method) => summarizeMethod(method, trials)),
      trials,
      urgentData: urgentData ?? { note: context.signal.aborted ? 'the run was cancelled before the MSG_OOB demonstration' : 'the MSG_OOB demonstration was turned off in the scenario (urgentData: false)' },
    };
  },
};
