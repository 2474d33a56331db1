// proclab's superserver against Debian's xinetd, the same `nowait` external service (/bin/cat as
// an echo) behind each on 127.0.0.1, on this machine. Each connection: connect, send a line, read
// it back, close, wait for the server's close (the handler's exit); one connection after another.
// Interleaved rounds (proclab, xinetd, proclab, ...), so a change of load on the machine touches
// both; prints each round, the medians, and proclab/xinetd against the bar.
// Run: npx node tests/bench/superserverVsXinetd.ts [rounds] [connections per round]
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './benchServers.ts';

const bar = 0.9;
const rounds = Math.min(20, Math.max(1, Number(process.argv[2] ?? 5)));
const connectionsPerRound = Math.min(2000, Math.max(10, Number(process.argv[3] ?? 200)));
const warmUpConnections = 20;
const connectionTimeoutMs = 5_000;
const startTimeoutMs = 15_000;
const xinetdPath = '/usr/sbin/xinetd';
const catPath = '/bin/cat';
const root = fileURLToPath(new URL('../..', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One echo over a fresh connection; resolves with the milliseconds until the server closed it. */
function oneConnection(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no echo and close from port ${port} within ${connectionTimeoutMs} ms`));
    }, connectionTimeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write('proclab bench\n'));
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received === 'proclab bench\n') socket.end();
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (received !== 'proclab bench\n') reject(new Error(`port ${port} echoed ${JSON.stringify(received)}`));
      else resolve(performance.now() - startedAt);
    });
  });
}

async function waitUntilServing(port: number, what: string, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} ended before it served (${child.exitCode ?? child.signalCode})`);
    try {
      await oneConnection(port);
      return;
    } catch (error) {
      if (performance.now() > deadline) throw new Error(`${what} did not serve port ${port} within ${startTimeoutMs / 1000} s: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

interface RoundResult {
  connectionsPerSecond: number;
  p50Ms: number;
}

async function round(port: number, connections: number): Promise<RoundResult> {
  const times: number[] = [];
  const startedAt = performance.now();
  for (let index = 0; index < connections; index += 1) times.push(await oneConnection(port));
  const seconds = (performance.now() - startedAt) / 1000;
  return { connectionsPerSecond: connections / seconds, p50Ms: median(times) };
}

async function endByPid(child: ChildProcess, what: string): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
  console.log(`${what} (pid ${child.pid}) ended`);
}

if (!existsSync(xinetdPath)) {
  console.log(`${xinetdPath} is not installed (apt-get install xinetd): nothing to compare with`);
  process.exit(1);
}

const folder = mkdtempSync(join(tmpdir(), 'proclab-superserver-bench-'));
const [proclabPort, xinetdPort] = [await freePort(), await freePort()];
const user = userInfo().username;
writeFileSync(join(folder, 'inetd.conf'), `${proclabPort} stream tcp nowait ${user} ${catPath} cat\n`);
writeFileSync(
  join(folder, 'xinetd.conf'),
  `defaults
{
  instances      = UNLIMITED
  per_source     = UNLIMITED
  cps            = 100000 1
  log_type       = FILE ${join(folder, 'xinetd.log')}
  log_on_success =
  log_on_failure =
}

service proclab-bench-echo
{
  type        = UNLISTED
  socket_type = stream
  protocol    = tcp
  port        = ${xinetdPort}
  bind        = 127.0.0.1
  wait        = no
  user        = ${user}
  server      = ${catPath}
}
`,
);

// Both started here as the processes they are (no npx in between), so each is ended by its own pid.
const proclab = spawn(process.execPath, [join(root, 'bin/proclab.js'), 'inetd', '--conf', join(folder, 'inetd.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
const xinetd = spawn(xinetdPath, ['-dontfork', '-f', join(folder, 'xinetd.conf'), '-pidfile', join(folder, 'xinetd.pid')], { stdio: ['ignore', 'ignore', 'pipe'] });
let proclabLog = '';
proclab.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
  proclabLog = (proclabLog + chunk).slice(-4000);
});
let xinetdLog = '';
xinetd.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
  xinetdLog = (xinetdLog + chunk).slice(-4000);
});

try {
  await waitUntilServing(proclabPort, 'proclab inetd', proclab);
  await waitUntilServing(xinetdPort, 'xinetd', xinetd);
  await round(proclabPort, warmUpConnections);
  await round(xinetdPort, warmUpConnections);
  console.log(`/bin/cat as a nowait echo, ${connectionsPerRound} sequential connections per round, ${rounds} interleaved rounds`);
  const proclabRates: number[] = [];
  const xinetdRates: number[] = [];
  for (let index = 1; index <= rounds; index += 1) {
    const ours = await round(proclabPort, connectionsPerRound);
    const theirs = await round(xinetdPort, connectionsPerRound);
    proclabRates.push(ours.connectionsPerSecond);
    xinetdRates.push(theirs.connectionsPerSecond);
    console.log(
      `round ${index}: proclab ${ours.connectionsPerSecond.toFixed(0)} conn/s (p50 ${ours.p50Ms.toFixed(2)} ms), ` +
        `xinetd ${theirs.connectionsPerSecond.toFixed(0)} conn/s (p50 ${theirs.p50Ms.toFixed(2)} ms), ratio ${(ours.connectionsPerSecond / theirs.connectionsPerSecond).toFixed(2)}`,
    );
  }
  const ratio = median(proclabRates) / median(xinetdRates);
  console.log(
    `median: proclab ${median(proclabRates).toFixed(0)} conn/s, xinetd ${median(xinetdRates).toFixed(0)} conn/s; ` +
      `proclab/xinetd ${ratio.toFixed(2)} (bar ≥ ${bar}): ${ratio >= bar ? 'met' : 'NOT met'}`,
  );
  process.exitCode = ratio >= bar ? 0 : 1;
} catch (error) {
  console.log(`bench failed: ${(error as Error).message}`);
  if (proclabLog.trim() !== '') console.log(`proclab inetd said:\n${proclabLog.trim()}`);
  if (xinetdLog.trim() !== '') console.log(`xinetd said:\n${xinetdLog.trim()}`);
  const log = join(folder, 'xinetd.log');
  if (existsSync(log)) console.log(`xinetd log:\n${readFileSync(log, 'utf8').slice(-2000)}`);
  process.exitCode = 1;
} finally {
  await endByPid(proclab, 'proclab inetd');
  await endByPid(xinetd, 'xinetd');
  rmSync(folder, { recursive: true, force: true });
}
