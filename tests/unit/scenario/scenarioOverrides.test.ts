import { describe, expect, it } from 'vitest';
import { applyOverrides, parseOverride } from '../../../main/scenario/scenarioOverrides.ts';
import { parseDurationMs, parseSizeBytes } from '../../../main/scenario/units.ts';

describe('--set overrides', () => {
  it('parses path=value and refuses malformed paths', () => {
    expect(parseOverride('load.duration=2s')).toEqual({ path: 'load.duration', value: '2s' });
    expect(parseOverride('servers.1.workers=8')).toEqual({ path: 'servers.1.workers', value: '8' });
    expect(parseOverride('=2s')).toBeUndefined();
    expect(parseOverride('load..x=1')).toBeUndefined();
    expect(parseOverride('nothing')).toBeUndefined();
  });

  it('changes nested values, list items and keeps comments', () => {
    const text = '# servers\nservers:\n  - name: a\n    workers: 4\nload:\n  duration: 5s # long\n';
    const result = applyOverrides(text, [
      { path: 'load.duration', value: '2s' },
      { path: 'servers.0.workers', value: '8' },
      { path: 'load.connections', value: '32' },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.text).toContain('duration: 2s');
    expect(result.text).toContain('workers: 8');
    expect(result.text).toContain('connections: 32');
    expect(result.text).toContain('# servers');
  });

  it('says what is wrong with a path that does not fit', () => {
    const result = applyOverrides('load: 5\n', [{ path: 'load.duration', value: '2s' }]);
    expect(result).toEqual({ ok: false, message: '--set load.duration: load is not a mapping' });
  });

  it('adds a list item one past the end, and names the path of an index further out', () => {
    const text = 'servers:\n  - name: a\n  - name: b\n';
    expect(applyOverrides(text, [{ path: 'servers.2.name', value: 'c' }])).toEqual({ ok: true, text: 'servers:\n  - name: a\n  - name: b\n  - name: c\n' });
    expect(applyOverrides(text, [{ path: 'servers.99.name', value: 'x' }])).toEqual({ ok: false, message: '--set servers.99.name: servers has 2 items (servers.0 to servers.1); servers.2 adds one' });
    expect(applyOverrides('servers: []\n', [{ path: 'servers.5', value: 'x' }])).toEqual({ ok: false, message: '--set servers.5: servers has 0 items; servers.0 adds one' });
  });

  it('refuses a value that is not YAML on its own, with its path, and reads the rest as YAML', () => {
    expect(applyOverrides('engine: a\n', [{ path: 'engine', value: '*a' }])).toMatchObject({ ok: false, message: expect.stringMatching(/^--set engine: "\*a" is not a value \(an alias/) });
    expect(applyOverrides('engine: a\n', [{ path: 'engine', value: '{' }])).toMatchObject({ ok: false, message: expect.stringMatching(/^--set engine: "\{" is not a value/) });
    expect(applyOverrides('engine: a\n', [{ path: 'engine', value: '"*a"' }])).toEqual({ ok: true, text: 'engine: "*a"\n' });
    expect(applyOverrides('a: 1\n', [{ path: 'a', value: '' }])).toEqual({ ok: true, text: 'a: ""\n' });
    expect(applyOverrides('a: 1\n', [{ path: 'a', value: 'null' }])).toEqual({ ok: true, text: 'a: null\n' });
  });
});

describe('units', () => {
  it('reads durations and sizes', () => {
    expect(parseDurationMs('250ms')).toEqual({ ok: true, value: 250 });
    expect(parseDurationMs('1.5s')).toEqual({ ok: true, value: 1500 });
    expect(parseDurationMs('800us')).toEqual({ ok: true, value: 0.8 });
    expect(parseSizeBytes('64MiB')).toEqual({ ok: true, value: 64 * 1024 * 1024 });
    expect(parseSizeBytes('10kB')).toEqual({ ok: true, value: 10_000 });
    expect(parseSizeBytes('1.5B').ok).toBe(false);
    expect(parseDurationMs('5 fortnights').ok).toBe(false);
  });
});
