// Strong mobility's pause with a 1 MiB heap over the unshaped local link: from the program's last
// instruction on host A to its first on host B — capturing the execution segment in A's sandbox,
// handing it to host A, sending it over TCP to host B, handing it to B's sandbox and resuming it.
// Real host processes and sandboxes (the engine's mobility experiment); the program runs long
// enough on A that its whole heap is in use when it moves. Beside it, in the same run, the bare
// reference: the same number of bytes sent once over a loopback TCP connection. Prints the p50
// pause (sender- and receiver-initiated), the p50 of each stage of it (stamped with CLOCK_MONOTONIC
// in every process it crosses) and the bar: at most 20 ms p50.
// Run: npx node tests/bench/codeMigration/strongMigrationPause.ts [rounds]
import { createServer, connect, type AddressInfo } from 'node:net';
import { codeMigrationEngine } from '../../../main/engines/codeMigration/codeMigrationEngine.ts';
import { codeMigrationScenarioSchema } from '../../../main/engines/codeMigration/codeMigrationScenario.ts';
import { parseScenario } from '../../../main/scenario/scenarioValidation.ts';
import { recordingContext } from '../../support/recordingContext.ts';

const rounds = Math.min(10, Math.max(1, Number(process.argv[2] ?? 3)));
const barMs = 20;
const parsed = parseScenario('experiments: [mobility]\nmobility: { heap: 1MiB, rounds: 40, migrateAfter: 400ms }\n', codeMigrationScenarioSchema);
if (!parsed.ok) throw new Error('bad scenario');

async function bareTcpMs(bytes: number): Promise<number> {
  const server = createServer((socket) => {
    let received = 0;
    socket.on('data', (chunk) => {
      received += chunk.length;
      if (received >= bytes) socket.end('k');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const payload = Buffer.alloc(bytes, 7);
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(payload));
    socket.on('data', () => resolve());
    socket.on('error', reject);
  });
  const elapsed = performance.now() - started;
  server.close();
  return elapsed;
}

const pauses: number[] = [];
const stages = new Map<string, number[]>();
const bare: number[] = [];
for (let round = 1; round <= rounds; round += 1) {
  const recorded = recordingContext();
  const metrics = (await codeMigrationEngine.run(parsed.value, recorded.context)) as { strongMobility: Record<string, { pauseMs: number; pauseStagesMs: Record<string, number | null>; executionSegmentBytes: number; resultEqual: boolean }> };
  await recorded.release();
  const { migrated, pulled } = metrics.strongMobility;
  if (!migrated!.resultEqual || !pulled!.resultEqual) throw new Error('a migrated program ended with another result');
  const tcpMs = await bareTcpMs(migrated!.executionSegmentBytes);
  pauses.push(migrated!.pauseMs, pulled!.pauseMs);
  for (const move of [migrated!, pulled!]) for (const [stage, ms] of Object.entries(move.pauseStagesMs)) stages.set(stage, [...(stages.get(stage) ?? []), ms ?? Number.NaN]);
  bare.push(tcpMs);
  console.log(`round ${round}: segment ${(migrated!.executionSegmentBytes / 1048576).toFixed(2)} MiB; pause pushed ${migrated!.pauseMs.toFixed(1)} ms, pulled ${pulled!.pauseMs.toFixed(1)} ms; the same bytes over bare loopback TCP ${tcpMs.toFixed(1)} ms`);
}
const p50 = (values: number[]): number => [...values].sort((first, second) => first - second)[values.length >> 1]!;
console.log(`p50 per stage (ms): ${[...stages].map(([stage, values]) => `${stage} ${p50(values).toFixed(2)}`).join(', ')}`);
console.log(`p50 pause ${p50(pauses).toFixed(1)} ms (bare TCP of the same bytes ${p50(bare).toFixed(1)} ms, ratio ${(p50(pauses) / p50(bare)).toFixed(1)}×); bar: at most ${barMs} ms — ${p50(pauses) <= barMs ? 'met' : 'NOT met'}`);
process.exitCode = p50(pauses) <= barMs ? 0 : 1;
