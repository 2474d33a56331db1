// Runs the vm-migration lab and cancels it 400 ms in, a bounded number of times, and prints how long
// each run took from its cancel to its end; a run not ended within its limit is reported as stuck
// (run with PROCLAB_DEBUG_CANCEL=1 to see the session's last step on stderr).
// Usage: npx node scripts/reproduceVmMigrationCancel.ts [iterations=15] [limitMs=20000] [delaysMs=400]
// (delaysMs: a comma-separated list of cancel delays run in turn within each iteration, as 0,50,400)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabService } from '../main/service/labService.ts';

const iterations = Number(process.argv[2] ?? 15);
const limitMs = Number(process.argv[3] ?? 20_000);
const delaysMs = (process.argv[4] ?? '400').split(',').map(Number);
const scenario = `engine: vm-migration
guest:
  memory: 16MiB
  keys: 1000
timing:
  warmup: 200ms
  after: 200ms
  timeout: 20s
strategies:
  - name: pre-copy
    strategy: pre-copy
  - name: post-copy
    strategy: post-copy
clients:
  connections: 2
  rate: 200
`;

const directory = mkdtempSync(join(tmpdir(), 'proclab-vm-cancel-'));
const service = new LabService({ databasePath: join(directory, 'runs.sqlite'), face: 'cli' });
const lab = service.catalog.get('vm-migration')!;
const durations: number[] = [];
let stuck = 0;
for (let iteration = 1; iteration <= iterations; iteration += 1) for (const delayMs of delaysMs) {
  const started = service.startScenario(lab, scenario, 7);
  if (!started.ok) throw new Error(JSON.stringify(started));
  const { runId } = started.value;
  const finished = service.whenFinished(runId)!;
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const cancelledAt = performance.now();
  process.stderr.write(`--- iteration ${iteration} (${delayMs} ms): cancel at ${new Date().toISOString()}\n`);
  await service.cancelRun(runId);
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([finished, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), limitMs)))]);
  clearTimeout(timer);
  const tookMs = Math.round(performance.now() - cancelledAt);
  if (outcome === undefined) {
    stuck += 1;
    console.log(`iteration ${iteration}, cancel ${delayMs} ms in: STUCK, not ended ${limitMs} ms after its cancel (see the last trace line on stderr)`);
    await finished;
    console.log(`iteration ${iteration}: ended ${Math.round(performance.now() - cancelledAt)} ms after its cancel`);
  } else {
    durations.push(tookMs);
    console.log(`iteration ${iteration}, cancel ${delayMs} ms in: ${outcome.status} ${tookMs} ms after its cancel`);
  }
}
console.log(`${iterations} iterations, ${stuck} stuck, max cancel-to-end ${Math.max(...durations)} ms`);
await service.close();
rmSync(directory, { recursive: true, force: true });
