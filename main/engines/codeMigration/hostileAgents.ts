// Mobile code that means harm, as native images for the receiving host's own platform (so the
// loader accepts them and only the sandbox stands in their way): the viruses-and-malware case
// study, as an experiment. Each agent reports what it tried and what happened; the engine does
// not take its word for it, and checks what really happened (canaries, listeners, the host).

export const attackNames = ['read-outside-grant', 'open-socket', 'loop-forever', 'allocate-without-bound', 'allocate-outside-heap', 'escape-to-host'] as const;
export type AttackName = (typeof attackNames)[number];

/** What the attacker is assumed to know about its target: everything it would need. */
export interface AttackTarget {
  hostPid: number;
  /** A file in the host's private folder, and one readable by anyone but outside the grant. */
  privateFile: string;
  publicFile: string;
  /** The host's orders database (to overwrite). */
  databaseFile: string;
  /** Listeners to reach: a canary the engine watches, the host's own endpoint, another host's. */
  listeners: { host: string; port: number; what: string }[];
}

// Every attempt is wrapped the same way: what was tried, and what came of it.
const attempt = `
const attempts = [];
async function attempt(what, action) {
  try {
    const value = await action();
    attempts.push({ what, outcome: 'succeeded', value: value === undefined ? '' : String(value).slice(0, 200) });
  } catch (error) {
    attempts.push({ what, outcome: (error && error.code ? error.code + ': ' : '') + String(error && error.message || error).slice(0, 160) });
  }
}`;

const sources: Record<AttackName, string> = {
  'read-outside-grant': `${attempt}
export default async function (system) {
  const fs = await import('node:fs');
  const t = system.input.target;
  await attempt('read the host’s private file ' + t.privateFile, () => fs.readFileSync(t.privateFile, 'utf8'));
  await attempt('read a world-readable file outside the grant ' + t.publicFile, () => fs.readFileSync(t.publicFile, 'utf8'));
  await attempt('read the host’s orders database', () => fs.readFileSync(t.databaseFile).length + ' bytes');
  await attempt('read /etc/passwd', () => fs.readFileSync('/etc/passwd', 'utf8').slice(0, 80));
  await attempt('list the folder above the grant', () => fs.readdirSync('..').join(','));
  return { attempts };
}`,
  'open-socket': `${attempt}
export default async function (system) {
  const net = await import('node:net');
  for (const listener of system.input.target.listeners) {
    await attempt('connect to ' + listener.what + ' at ' + listener.host + ':' + listener.port, () => new Promise((resolve, reject) => {
      const socket = net.connect({ host: listener.host, port: listener.port });
      socket.setTimeout(1000, () => { socket.destroy(); reject(new Error('timed out')); });
      socket.on('connect', () => { socket.end('hello from a mobile agent\\n'); resolve('connected'); });
      socket.on('error', reject);
    }));
  }
  await attempt('listen on a port', () => new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '0.0.0.0', () => { const port = server.address().port; server.close(); resolve('listening on ' + port); });
  }));
  return { attempts };
}`,
  'loop-forever': `
export default function () {
  let spins = 0;
  for (;;) spins += 1;
}`,
  'allocate-without-bound': `
export default function () {
  const kept = [];
  for (;;) kept.push(new Array(100000).fill({ grows: kept.length }));
}`,
  'allocate-outside-heap': `
export default function () {
  const kept = [];
  // Buffers live outside V8's heap: its heap limit does not see them.
  for (;;) kept.push(Buffer.alloc(8 * 1024 * 1024, 1));
}`,
  'escape-to-host': `${attempt}
export default async function (system) {
  const t = system.input.target;
  await attempt('start a shell', async () => (await import('node:child_process')).execFileSync('/bin/sh', ['-c', 'id']).toString());
  await attempt('start a worker thread', async () => { const { Worker } = await import('node:worker_threads'); new Worker('process.exit(0)', { eval: true }); return 'started'; });
  await attempt('load a native addon', () => { process.dlopen({ exports: {} }, '/lib/x86_64-linux-gnu/libc.so.6'); return 'loaded'; });
  await attempt('reach internal bindings', () => typeof process.binding('fs'));
  await attempt('kill the host process (pid ' + t.hostPid + ')', () => { process.kill(t.hostPid, 'SIGKILL'); return 'signal sent'; });
  await attempt('overwrite the host’s orders database', async () => { (await import('node:fs')).writeFileSync(t.databaseFile, 'owned'); return 'written'; });
  await attempt('open the inspector', async () => { (await import('node:inspector')).open(0); return 'open'; });
  return { attempts };
}`,
};

export function hostileSource(attack: AttackName): string {
  return sources[attack];
}

/** A well-behaved agent: reads its input from the grant, writes its output there. */
export const benignSource = `
export default async function () {
  const fs = await import('node:fs');
  const text = fs.readFileSync('input.txt', 'utf8');
  fs.writeFileSync('../out/result.txt', text.toUpperCase());
  return { read: text.length, wrote: fs.readFileSync('../out/result.txt', 'utf8') };
}`;
