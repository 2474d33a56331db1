import { fork, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import type { RunMetrics } from '../../../preload/api.ts';
import { entryModulePath } from '../../platform/moduleEntry.ts';
import { directoryEntryModules } from './directoryEntryModules.ts';
import { pause } from '../../toolkit/abortableWaits.ts';
import { EngineFailure, type Engine, type EngineContext } from '../engine.ts';
import { latencySummary } from '../../measure/latencySummary.ts';
import { directoryCharts } from './directoryCharts.ts';
import { directoryTables } from './directoryTables.ts';
import { directoryScenarioSchema, type DirectoryScenario } from './directoryScenario.ts';
import { portmapClient, type PortmapAddress } from './portmapClient.ts';
import { PortmapDaemon } from './portmapDaemon.ts';
import { ipProtocol, portmapProgram } from './portmapRegistry.ts';

const firstProgram = 400_000;

interface LabServer {
  program: number;
  process: ChildProcess;
  fate: 'alive' | 'crashed' | 'left';
}

function startServer(context: EngineContext, daemonPort: number, program: number, renewEveryMs: number): Promise<LabServer> {
  const child = fork(entryModulePath(directoryEntryModules.server), [String(daemonPort), String(program), String(renewEveryMs)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  context.defer(`server ${program}`, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number; registered: boolean }) => {
      context.event('registered', `program ${program} registered port ${message.port}`, { program, port: message.port, registered: message.registered });
      resolve({ program, process: child, fate: 'alive' });
    });
    child.once('exit', (code) => reject(new EngineFailure(`server for program ${program} exited (code ${code}) before registering`)));
  });
}

type Outcome = 'answered' | 'stale' | 'notRegistered';

function connectAndRead(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => (socket.destroy(), resolve(false)), 1_000);
    socket.once('data', () => (clearTimeout(timer), socket.destroy(), resolve(true)));
    socket.once('error', () => (clearTimeout(timer), resolve(false)));
  });
}

/**
 * The directory lab: servers on ephemeral ports register with a real port mapper; clients ask it,
 * then connect. Hard state keeps a crashed server's entry for ever; soft state forgets it.
 */
export const directoryEngine: Engine<typeof directoryScenarioSchema> = {
  name: 'directory',
  scenarioSchema: directoryScenarioSchema,
  charts: directoryCharts,
  tables: directoryTables,

  estimateDurationMs(scenario) {
    return scenario.observe + scenario.servers * 300 + 1_000;
  },

  async run(scenario: DirectoryScenario, context): Promise<RunMetrics> {
    if (scenario.crash + scenario.leave > scenario.servers) throw new EngineFailure(`crash (${scenario.crash}) + leave (${scenario.leave}) is more than servers (${scenario.servers})`);
    const soft = scenario.state === 'soft';
    const daemon = new PortmapDaemon({
      port: 0,
      softStateMs: soft ? scenario.softState : undefined,
      onEvent: (event) => {
        if (event.kind === 'expired') context.event('expired', `registration of program ${event.mapping.program} expired (not renewed)`, { program: event.mapping.program });
        else if (event.kind === 'unset') context.event('unregistered', `program ${event.program} removed its registration`, { program: event.program });
      },
    });
    await daemon.start();
    context.defer('port mapper', () => daemon.stop());
    context.log('info', `port mapper on 127.0.0.1:${daemon.port} (tcp+udp), ${soft ? `soft state ${scenario.softState} ms` : 'hard state'}`);
    const address: PortmapAddress = { host: '127.0.0.1', port: daemon.port, transport: 'udp' };

    const servers: LabServer[] = [];
    for (let index = 0; index < scenario.servers && !context.signal.aborted; index += 1) {
      servers.push(await startServer(context, daemon.port, firstProgram + index, soft ? scenario.renewEvery : 0));
    }

    const lookupTimes: number[] = [];
    const outcomes: Record<Outcome, number> = { answered: 0, stale: 0, notRegistered: 0 };
    let staleAnswers = 0;
    let crashedAtMs: number | undefined;
    let forgottenAfterMs: number | undefined;
    const startedAt = context.now();
    const crashAt = startedAt + scenario.observe / 3;
    // Bounded by the observation time and by a count (one lookup per lookupEvery at most).
    const maximumLookups = Math.ceil(scenario.observe / scenario.lookupEvery) + 1;
    for (let lookup = 0; lookup < maximumLookups && context.now() - startedAt < scenario.observe && !context.signal.aborted; lookup += 1) {
      if (crashedAtMs === undefined && context.now() >= crashAt) {
        crashedAtMs = context.now();
        servers.slice(0, scenario.crash).forEach((server) => {
          server.process.kill('SIGKILL');
          server.fate = 'crashed';
          context.event('crashed', `server of program ${server.program} killed (SIGKILL): it could not unregister`, { program: server.program });
        });
        servers.slice(scenario.crash, scenario.crash + scenario.leave).forEach((server) => {
          server.process.kill('SIGTERM');
          server.fate = 'left';
          context.event('leaving', `server of program ${server.program} stopping cleanly (SIGTERM): it unregisters first`, { program: server.program });
        });
      }
      const server = servers[lookup % servers.length]!;
      const askedAt = performance.now();
      const port = await portmapClient.getPort(address, { program: server.program, version: 1, protocol: ipProtocol.tcp });
      const lookupMs = performance.now() - askedAt;
      lookupTimes.push(lookupMs);
      let outcome: Outcome = 'notRegistered';
      if (port !== 0) outcome = (await connectAndRead(port)) ? 'answered' : 'stale';
      outcomes[outcome] += 1;
      if (outcome === 'stale') staleAnswers += 1;
      const registrations = (await portmapClient.dump(address)).filter((mapping) => mapping.program !== portmapProgram).length;
      const crashedStillListed = crashedAtMs !== undefined && servers.some((candidate) => candidate.fate === 'crashed' && daemon.registry.getPort({ program: candidate.program, version: 1, protocol: ipProtocol.tcp }) !== 0);
      if (crashedAtMs !== undefined && scenario.crash > 0 && forgottenAfterMs === undefined && !crashedStillListed) forgottenAfterMs = context.now() - crashedAtMs;
      context.sample('directory', { registrations, staleAnswers, lookupMs });
      context.progress({ fraction: Math.min(1, (context.now() - startedAt) / scenario.observe), phase: crashedAtMs === undefined ? 'lookups' : 'lookups after the crash' });
      await pause(scenario.lookupEvery, context.signal);
    }
    if (!context.signal.aborted) context.progress({ fraction: 1, phase: 'done' });
    return {
      state: scenario.state,
      lookupMs: latencySummary(lookupTimes),
      lookups: lookupTimes.length,
      outcomes: (Object.keys(outcomes) as Outcome[]).map((name) => ({ name, count: outcomes[name] })),
      staleAnswers,
      // -1: the directory still listed a crashed server when the run ended (hard state does).
      crashedForgottenAfterMs: scenario.crash === 0 ? 0 : Math.round(forgottenAfterMs ?? -1),
      registrationsAtEnd: daemon.registry.dump().filter((mapping) => mapping.program !== portmapProgram).length,
    };
  },
};
