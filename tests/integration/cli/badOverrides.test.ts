// Every --set a user can get wrong is bad input: exit code 2, one message that names the path it
// is about, and never a stack trace — whatever YAML the value holds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProclab } from './runProclab.ts';

const directory = mkdtempSync(join(tmpdir(), 'proclab-set-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

// The server-architectures lab's default scenario has three servers.
const badOverrides: [override: string, message: RegExp][] = [
  ['engine=*a', /--set engine: "\*a" is not a value \(an alias/],
  ['load.duration=*missing', /--set load\.duration: "\*missing" is not a value/],
  ['servers.99.name=x', /--set servers\.99\.name: servers has 3 items \(servers\.0 to servers\.2\); servers\.3 adds one/],
  ['servers.0.0=x', /--set servers\.0\.0: servers\.0 is not a list/],
  ['nothing.0=x', /--set nothing\.0: nothing is not in the scenario/],
  ['load.duration.unit=s', /--set load\.duration\.unit: load\.duration is not a mapping/],
  ['load.duration=[1, 2', /--set load\.duration: "\[1, 2" is not a value \(Flow sequence/],
  ['load.duration={a: 1', /--set load\.duration: "\{a: 1" is not a value/],
  ['load.duration=!!int abc', /--set load\.duration: "!!int abc" is not a value/],
  ['load.duration=a: b: c', /--set load\.duration: "a: b: c" is not a value/],
  ['load.duration=5constructor', /load\.duration: unknown duration unit "constructor"/],
  ['servers.3.name=x', /servers\.3 is missing "architecture"/],
  ['__proto__.polluted=1', /unknown key "__proto__" in the scenario/],
  ['load..duration=1s', /--set takes path=value/],
  ['load.duration', /--set takes path=value/],
];

describe('a bad --set', () => {
  it.each(badOverrides)('%s exits 2 and says which path is wrong', async (override, message) => {
    for (const command of ['validate', 'run']) {
      const database = command === 'run' ? ['--db', join(directory, 'runs.sqlite')] : [];
      const result = await runProclab([command, 'server-architectures', '--set', override, ...database]);
      expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
    }
  });
});
