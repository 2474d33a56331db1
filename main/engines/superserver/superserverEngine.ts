import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { RunMetrics } from '../../../preload/api.ts';
import { entryModulePath } from '../../platform/moduleEntry.ts';
import { superserverEntryModules } from './superserverEntryModules.ts';
import { pause } from '../../toolkit/abortableWaits.ts';
import { EngineFailure, type Engine, type EngineContext } from '../engine.ts';
import { latencySummary } from '../../measure/latencySummary.ts';
import { probeFirstByte } from './firstByteProbe.ts';
import type { InetdEntry } from './inetdConfiguration.ts';
import { Superserver, describeSuperserverEvent } from './superserver.ts';
import { superserverCharts } from './superserverCharts.ts';
import { superserverTables } from './superserverTables.ts';
import { superserverScenarioSchema, type SuperserverScenario } from './superserverScenario.ts';

/** The lab's on-demand service is "port 9100" moved by an offset chosen so that the port is free. */
const labServicePort = 9100;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function onDemandEntry(scenario: SuperserverScenario): InetdEntry {
  const { instances, perSource, connectionsPerSecond, deactivation } = scenario.limits;
  return {
    key: `${labServicePort}/tcp`,
    service: String(labServicePort),
    port: labServicePort,
    socketType: 'stream',
    protocol: 'tcp',
    ipVersion: 4,
    wait: false,
    user: 'nobody',
    serverPath: process.execPath,
    argv: ['node', entryModulePath(superserverEntryModules.echoHandler)],
    limits: {
      instances: instances > 0 ? instances : undefined,
      perSource: perSource > 0 ? perSource : undefined,
      rate: connectionsPerSecond > 0 ? { limit: connectionsPerSecond, windowMs: 1_000, pauseMs: deactivation } : undefined,
    },
    line: 1,
  };
}

function startResidentServer(context: EngineContext): Promise<number> {
  const child: ChildProcess = fork(entryModulePath(superserverEntryModules.residentServer), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  context.defer('always-running server', () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new EngineFailure(`the always-running server exited (code ${code}) before listening`)));
  });
}

/**
 * The superserver lab: real handler processes started by proclab's inetd for every connection,
 * compared with an always-running server, and a burst under xinetd limits.
 */
export const superserverEngine: Engine<typeof superserverScenarioSchema> = {
  name: 'superserver',
  scenarioSchema: superserverScenarioSchema,
  charts: superserverCharts,
  tables: superserverTables,

  estimateDurationMs(scenario) {
    const comparison = scenario.comparison.requests * 2 * (scenario.comparison.interval + 60);
    const burst = scenario.burst.clients * scenario.burst.spacing + scenario.burst.hold + 1_000;
    return comparison + burst + 1_500;
  },

  async run(scenario, context): Promise<RunMetrics> {
    const refusals: Record<string, number> = {};
    let refusedTotal = 0;
    const superserver = new Superserver({
      portOffset: (await freePort()) - labServicePort,
      onEvent: (event) => {
        context.log('info', describeSuperserverEvent(event));
        if (event.kind === 'handler-started') context.event('handler-started', `handler ${event.pid} started for ${event.source}`, { pid: event.pid, running: event.running });
        else if (event.kind === 'handler-exited') context.event('handler-exited', `handler ${event.pid} exited`, { pid: event.pid, running: event.running });
        else if (event.kind === 'refused') {
          refusals[event.reason] = (refusals[event.reason] ?? 0) + 1;
          refusedTotal += 1;
          context.event('refused', describeSuperserverEvent(event), { reason: event.reason });
        } else if (event.kind === 'deactivated' || event.kind === 'reactivated') context.event(event.kind, describeSuperserverEvent(event));
        if (event.kind === 'handler-started' || event.kind === 'handler-exited') context.sample('handlers', { running: event.running });
      },
    });
    try {
      await superserver.start([onDemandEntry(scenario)]);
    } catch (error) {
      throw new EngineFailure(`the superserver could not listen: ${(error as Error).message}`);
    }
    context.defer('superserver', () => superserver.stop());
    const onDemandPort = superserver.portOf(`${labServicePort}/tcp`)!;
    const residentPort = await startResidentServer(context);
    context.log('info', `on-demand service on port ${onDemandPort}, always-running server on port ${residentPort}`);

    const latencies: Record<'on-demand' | 'always-running', number[]> = { 'on-demand': [], 'always-running': [] };
    const failures: Record<'on-demand' | 'always-running', number> = { 'on-demand': 0, 'always-running': 0 };
    const { requests, interval } = scenario.comparison;
    for (let index = 0; index < requests && !context.signal.aborted; index += 1) {
      // Alternating keeps both servers under the same conditions (load from other programs, CPU clock).
      for (const [mode, port] of [['on-demand', onDemandPort], ['always-running', residentPort]] as const) {
        const result = await probeFirstByte(port, scenario.timeout);
        if (result.firstByteMs === undefined) failures[mode] += 1;
        else {
          latencies[mode].push(result.firstByteMs);
          context.sample(mode, { firstByteMs: result.firstByteMs });
        }
      }
      context.progress({ fraction: (0.5 * (index + 1)) / requests, phase: 'first-byte comparison' });
      await pause(interval, context.signal);
    }

    const outcomes: Record<string, number> = {};
    const clients: Promise<void>[] = [];
    const sampler = setInterval(() => context.sample('superserver', { running: superserver.running(`${labServicePort}/tcp`), refused: refusedTotal }), 50);
    context.defer('instance sampler', () => clearInterval(sampler));
    for (let index = 0; index < scenario.burst.clients && !context.signal.aborted; index += 1) {
      clients.push(
        probeFirstByte(onDemandPort, scenario.timeout, scenario.burst.hold).then((result) => {
          outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
        }),
      );
      context.progress({ fraction: 0.5 + (0.5 * (index + 1)) / Math.max(1, scenario.burst.clients), phase: 'burst' });
      await pause(scenario.burst.spacing, context.signal);
    }
    await Promise.all(clients);
    // Let the held connections end and their handlers exit, so the plot returns to zero.
    const deadline = performance.now() + scenario.burst.hold + 2_000;
    while (superserver.running(`${labServicePort}/tcp`) > 0 && performance.now() < deadline && !context.signal.aborted) await pause(50, context.signal);
    clearInterval(sampler);
    context.sample('superserver', { running: superserver.running(`${labServicePort}/tcp`), refused: refusedTotal });
    if (!context.signal.aborted) context.progress({ fraction: 1, phase: 'done' });

    return {
      modes: (['on-demand', 'always-running'] as const).map((name) => ({ name, requests: latencies[name].length, failed: failures[name], firstByteMs: latencySummary(latencies[name]) })),
      burst: { clients: scenario.burst.clients, answered: outcomes.answered ?? 0, closed: outcomes.closed ?? 0, refusedByKernel: outcomes.refused ?? 0, timedOut: outcomes.timeout ?? 0 },
      refusals: { total: refusedTotal, instances: refusals.instances ?? 0, perSource: refusals.per_source ?? 0, rate: refusals.rate ?? 0, onlyFrom: refusals.only_from ?? 0 },
    };
  },
};
