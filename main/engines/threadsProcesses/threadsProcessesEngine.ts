import type { RunMetrics } from '../../../preload/api.ts';
import type { Engine, EngineContext } from '../engine.ts';
import { serverDesigns, watchServerDesign, type BlockingMetrics } from './blockingExperiment.ts';
import { measureBareCosts } from './bare/bareCosts.ts';
import { compareCreation } from './creationComparison.ts';
import { measureCreation } from './creationCost.ts';
import { PartnerSet } from './partners/partner.ts';
import { measureRoundTrips } from './roundTrip.ts';
import { threadsProcessesCharts } from './threadsProcessesCharts.ts';
import { threadsProcessesTables } from './threadsProcessesTables.ts';
import { threadsProcessesHeadline } from './threadsProcessesHeadline.ts';
import { threadsProcessesScenarioSchema, type ThreadsProcessesScenario } from './threadsProcessesScenario.ts';

// Rough costs on a slow laptop, only for the progress bar and the runner's time limit.
const estimatedThreadCreationMs = 40;
const estimatedProcessCreationMs = 150;
const estimatedRoundTripMs = 0.15;
/** Four copies of the message per round trip, at about 1 GB/s. */
const estimatedRoundTripMsPerByte = 4e-6;
const estimatedPartnerStartMs = 300;
const estimatedServerStartMs = 500;
/** A bare thread, a spawned and a forked process per round; a ping-pong pass of a few µs. */
const estimatedBareRoundMs = 2;
const estimatedBareHopMs = 0.005;
const estimatedBareStartMs = 400;

function phaseEstimates(scenario: ThreadsProcessesScenario): { bare: number; creation: number; roundTrip: number; blocking: number } {
  const channels = scenario.roundTrip.sharedMemory ? 3 : 2;
  const bare = scenario.operatingSystem;
  return {
    bare: estimatedBareStartMs + bare.repetitions * estimatedBareRoundMs + bare.pingPongRuns * 3 * 2 * bare.pingPongRoundTrips * estimatedBareHopMs,
    creation: (scenario.creation.repetitions + 1) * (estimatedThreadCreationMs + estimatedProcessCreationMs),
    roundTrip: channels * (estimatedPartnerStartMs + (scenario.roundTrip.roundTrips + 100) * (estimatedRoundTripMs + scenario.roundTrip.messageSize * estimatedRoundTripMsPerByte)),
    blocking: serverDesigns.length * (scenario.blocking.duration + scenario.blocking.blockingCall + estimatedServerStartMs),
  };
}

/**
 * The threads vs processes lab: creates real tasks, worker threads and child processes, bounces
 * messages between them, and blocks an event loop, measuring each on this machine.
 */
export const threadsProcessesEngine: Engine<typeof threadsProcessesScenarioSchema> = {
  name: 'threads-processes',
  scenarioSchema: threadsProcessesScenarioSchema,
  charts: threadsProcessesCharts,
  tables: threadsProcessesTables,
  headline: threadsProcessesHeadline,

  estimateDurationMs(scenario: ThreadsProcessesScenario): number {
    const estimates = phaseEstimates(scenario);
    return estimates.bare + estimates.creation + estimates.roundTrip + estimates.blocking;
  },

  async run(scenario: ThreadsProcessesScenario, context: EngineContext): Promise<RunMetrics> {
    const estimates = phaseEstimates(scenario);
    const whole = estimates.bare + estimates.creation + estimates.roundTrip + estimates.blocking;
    const progressFrom = (before: number, weight: number, phase: string) => (fraction: number) =>
      context.progress({ fraction: (before + weight * fraction) / whole, phase });
    // Every thread and child still alive at the end (cancel, failure) is killed here.
    const partners = new PartnerSet();
    context.defer('worker threads and child processes', () => partners.killAll());

    const barePhase = 'bare OS threads and processes (native calls)';
    context.progress({ fraction: 0, phase: barePhase });
    const bare = await measureBareCosts(scenario.operatingSystem, context, progressFrom(0, estimates.bare, barePhase));

    const creationPhase = 'creating tasks, worker threads and child processes';
    const creation = context.signal.aborted
      ? []
      : await measureCreation(scenario.creation.repetitions, context, partners, progressFrom(estimates.bare, estimates.creation, creationPhase));

    const roundTrip = context.signal.aborted
      ? []
      : await measureRoundTrips(scenario.roundTrip, context, partners, progressFrom(estimates.bare + estimates.creation, estimates.roundTrip, 'message round trips'));

    const blocking: BlockingMetrics[] = [];
    for (const [position, design] of serverDesigns.entries()) {
      if (context.signal.aborted) break;
      const before = estimates.bare + estimates.creation + estimates.roundTrip + (position * estimates.blocking) / serverDesigns.length;
      const metrics = await watchServerDesign(
        design,
        scenario.blocking,
        context,
        progressFrom(before, estimates.blocking / serverDesigns.length, `blocking call: ${design}`),
      );
      if (metrics !== undefined) blocking.push(metrics);
    }

    // A cancel leaves at most the one thread or child being created or echoing: end it now rather
    // than at release, so a cancelled run has no process left by the time it returns.
    if (context.signal.aborted) await partners.killAll();
    else context.progress({ fraction: 1, phase: 'done' });
    const allCreation = [...creation, ...bare.creation];
    return {
      operatingSystem: bare.status,
      creation: allCreation,
      creationCompared: compareCreation(allCreation),
      contextSwitch: bare.contextSwitch,
      roundTrip,
      blocking,
    };
  },
};
